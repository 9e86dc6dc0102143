"""The outbox: statements wait in the data folder until the LRS has them, so none is lost while it is down.

One file per session (``xapi/outbox/<registration>.json``, written atomically and fsync'ed) holds its
statements, how many tries were made and when to try next. ``send_pending`` posts what is due: a file is
removed only once the LRS has answered 2xx; an LRS that is down or busy is retried later with a growing
delay; a batch the LRS refuses for good (invalid, a different statement under the same id) is moved to
``xapi/rejected/`` with the reason, for a trainer to read. Resending is harmless: ids are derived from the
journal and an LRS keeps one copy of identical statements.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..store.paths import data_dir
from .client import LrsClient, LrsError
from .config import XapiConfig, load_config

MAX_DELAY = 3600.0  # seconds between tries at most, however long the LRS has been down
_SENDING = threading.Lock()  # one sender per process; other processes' duplicates are harmless


def outbox_dir(root: Path | None = None) -> Path:
    return (root or data_dir()) / "xapi" / "outbox"


def rejected_dir(root: Path | None = None) -> Path:
    return (root or data_dir()) / "xapi" / "rejected"


def retry_delay(attempts: int) -> float:
    """10 s after the first failure, doubling up to an hour."""
    return min(MAX_DELAY, 10.0 * 2.0 ** max(0, attempts - 1))


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def enqueue(name: str, statements: list[dict[str, Any]], root: Path | None = None) -> Path:
    """Put a session's statements in the outbox (replacing an earlier batch of the same session)."""
    path = outbox_dir(root) / f"{name}.json"
    _write_atomic(path, {"statements": statements, "attempts": 0, "next_try": 0.0, "last_error": None})
    return path


def pending(root: Path | None = None) -> list[Path]:
    folder = outbox_dir(root)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


@dataclass
class SendReport:
    sent: int = 0  # batches the LRS accepted
    statements: int = 0
    waiting: int = 0  # batches left for a later try
    rejected: int = 0
    error: str | None = None  # the last failure, if any


def send_pending(config: XapiConfig, root: Path | None = None, now: Callable[[], float] = time.time,
                 force: bool = False) -> SendReport:
    """Post every batch that is due (all of them with ``force``). Stops at the first unreachable LRS."""
    report = SendReport()
    files = pending(root)
    if not config.sends:
        report.waiting = len(files)
        return report
    client = LrsClient(config)
    with _SENDING:
        for i, path in enumerate(files):
            try:
                batch = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                _reject(path, {"raw": path.read_bytes().decode("utf-8", "replace")}, f"fichier illisible : {exc}", root)
                report.rejected += 1
                continue
            if not force and batch.get("next_try", 0) > now():
                report.waiting += 1
                continue
            try:
                client.post(batch["statements"])
            except LrsError as exc:
                report.error = str(exc)
                if not exc.retry:
                    _reject(path, batch, str(exc), root)
                    report.rejected += 1
                    continue
                batch["attempts"] = int(batch.get("attempts", 0)) + 1
                batch["next_try"] = now() + retry_delay(batch["attempts"])
                batch["last_error"] = str(exc)
                _write_atomic(path, batch)
                report.waiting += len(files) - i
                if exc.status is None:  # unreachable: the others would fail the same way
                    break
                continue
            path.unlink()
            report.sent += 1
            report.statements += len(batch["statements"])
    return report


def _reject(path: Path, batch: dict[str, Any], reason: str, root: Path | None) -> None:
    _write_atomic(rejected_dir(root) / path.name, {**batch, "reason": reason})
    path.unlink(missing_ok=True)


def queue_finished(journal: Path | str, session: Any = None, debrief: Any = None,
                   config: XapiConfig | None = None, background: bool = True) -> Path | None:
    """What the players call when a session ends: its statements to the outbox, then a send in the background.

    ``session`` and ``debrief``: what the player already has (else the journal is replayed and graded).
    Does nothing when no LRS is configured. Never raises: the learner's session is already safe in its
    journal, and ``negosim export xapi`` can rebuild these statements at any time."""
    try:
        config = config or load_config()
        if not config.sends:
            return None
        from ..exam.graded import Graded, Grader
        from ..store.journal import read_journal
        from .statements import build_statements, registration

        if session is not None and debrief is not None:
            graded = Graded(Path(journal), read_journal(journal), session, debrief)
        else:
            graded = Grader().grade(journal)
        if graded.record is None:
            return None
        path = enqueue(registration(graded), build_statements(graded, config, seal_of(graded)))
    except Exception:  # noqa: BLE001 - sending records must never disturb the learner
        return None
    if background:
        threading.Thread(target=_send_quietly, args=(config,), name="negosim-xapi", daemon=True).start()
    return path


def _send_quietly(config: XapiConfig) -> None:
    try:
        send_pending(config)
    except Exception:  # noqa: BLE001 - a background sender has nowhere to report; the outbox keeps the batch
        pass


def seal_of(graded: Any, key: Any = None) -> dict[str, Any] | None:
    """An exam record's seal status for its statements (verified with ``key`` or the configured jury key)."""
    if graded.header.get("mode") != "exam":
        return None
    from ..exam.keys import JuryKeyError, load_public_key
    from ..exam.verify import verify_record

    if key is None:
        try:
            key = load_public_key()
        except JuryKeyError:
            key = None
    ver = verify_record(graded.path, key)
    return {"seal": ver.status, "signed": ver.signed, "key_id": ver.key_id}
