"""The session journal: append-only JSON Lines, hash-chained, fsync'ed before the reply is shown.

Line 1 is a header (scenario id and content hash, seed, mode, learner, start time, negosim version);
then one line per learner input. Each line carries ``prev``, the SHA-256 of the previous line's bytes,
so a changed, removed or reordered line is detected. A session is a pure function of the header and
the inputs: resuming is replaying. A torn last line (crash mid-write) is dropped with a notice.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..engine.session import Input, input_from_dict

FORMAT = 1


class JournalError(Exception):
    """A journal that cannot be read or resumed; the message says why and where."""


def line_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _encode(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("negosim")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "0+source"


class Journal:
    """Writes one session's journal. Every append is flushed and fsync'ed before returning."""

    def __init__(self, path: Path, last_hash: str, count: int):
        self.path = path
        self.last_hash = last_hash
        self.count = count  # inputs written so far

    @classmethod
    def create(cls, folder: Path, header: dict[str, Any]) -> Journal:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{header.get('scenario_id', 'session')}-{secrets.token_hex(3)}.jsonl"
        path = folder / name
        record = {"type": "header", "format": FORMAT, "negosim": _version(), "started_at": now_iso(),
                  "prev": None, **header}
        raw = _encode(record)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        try:
            os.write(fd, raw + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(folder)
        return cls(path, line_hash(raw), 0)

    @classmethod
    def reopen(cls, path: Path) -> Journal:
        """Continue an existing journal; a torn last line is cut off first so the chain stays whole."""
        rec = read_journal(path)
        if rec.torn:
            with path.open("r+b") as fh:
                fh.truncate(rec.valid_bytes)
                fh.flush()
                os.fsync(fh.fileno())
        return cls(path, rec.last_hash, len(rec.inputs))

    def append(self, inp: Input, extra: dict[str, Any] | None = None) -> None:
        record = {"type": "input", "n": self.count + 1, "input": inp.as_dict(), "at": now_iso(),
                  "mono": round(time.monotonic(), 3), "prev": self.last_hash}
        if extra:
            record.update(extra)
        self._write(record)
        self.count += 1

    def append_record(self, record: dict[str, Any]) -> str:
        """Append a non-input record (end marker, seal, annotation); returns its hash."""
        return self._write({**record, "prev": self.last_hash})

    def _write(self, record: dict[str, Any]) -> str:
        raw = _encode(record)
        with self.path.open("ab") as fh:
            fh.write(raw + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.last_hash = line_hash(raw)
        return self.last_hash


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class JournalRecord:
    path: Path
    header: dict[str, Any]
    inputs: list[Input] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)  # every whole line, header first
    hashes: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    torn: bool = False
    valid_bytes: int = 0

    @property
    def last_hash(self) -> str:
        return self.hashes[-1]

    @property
    def ended(self) -> bool:
        return any(r.get("type") == "end" for r in self.records)

    @property
    def hints(self) -> list[tuple[int, str | None]]:
        """Each hint the learner asked for (``hint`` records): the turn it came before, the criterion it named."""
        return [(r["before_turn"], r.get("criterion") if isinstance(r.get("criterion"), str) else None)
                for r in self.records if r.get("type") == "hint" and isinstance(r.get("before_turn"), int)]


def hint_turns(hints: Iterable[tuple[int, str | None]]) -> list[int]:
    """What the scorer is given of the hints: the turn each came before."""
    return [before_turn for before_turn, _ in hints]


def read_journal(path: Path | str) -> JournalRecord:
    path = Path(path)
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise JournalError(f"{path} : journal illisible ({exc.strerror})") from None
    lines = blob.split(b"\n")
    # a file written completely ends with a newline, so the last piece is empty
    tail = lines.pop()
    rec: JournalRecord | None = None
    offset = 0
    prev: str | None = None
    for i, raw in enumerate(lines, 1):
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError
        except (ValueError, UnicodeDecodeError):
            if i == len(lines) and not tail:
                # the last complete-looking line is garbage: treat as torn
                return _torn(rec, path, offset, i)
            raise JournalError(f"{path}:{i} : ligne illisible, journal endommagé") from None
        if data.get("prev") != prev:
            raise JournalError(f"{path}:{i} : chaîne d'empreintes rompue (ligne modifiée, retirée ou déplacée)")
        h = line_hash(raw)
        if rec is None:
            if data.get("type") != "header":
                raise JournalError(f"{path}:1 : en-tête de journal manquant")
            rec = JournalRecord(path, data)
        elif data.get("type") == "input":
            try:
                rec.inputs.append(input_from_dict(data.get("input") or {}))
            except ValueError as exc:
                raise JournalError(f"{path}:{i} : {exc}") from None
            rec.times.append(str(data.get("at", "")))
        rec.records.append(data)
        rec.hashes.append(h)
        prev = h
        offset += len(raw) + 1
    if rec is None:
        raise JournalError(f"{path} : journal vide")
    rec.valid_bytes = offset
    if tail:
        rec.torn = True
        rec.notices.append(f"la dernière ligne du journal était incomplète (arrêt brutal ?) : reprise au tour "
                           f"{len(rec.inputs)}")
    return rec


def _torn(rec: JournalRecord | None, path: Path, offset: int, line: int) -> JournalRecord:
    if rec is None:
        raise JournalError(f"{path} : en-tête de journal illisible")
    rec.torn = True
    rec.valid_bytes = offset
    rec.notices.append(f"la ligne {line} du journal était incomplète (arrêt brutal ?) : reprise au tour {len(rec.inputs)}")
    return rec
