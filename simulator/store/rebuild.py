"""Rebuild the session index from the journals (the journals are the record; the index is derived).

Used by ``negosim index rebuild`` and automatically when the index is found damaged. The new index is
written to a temporary file and then put in place, so a rebuild stopped half-way leaves the old one;
the old one, when kept, is renamed ``index.sqlite3.damaged-STAMP`` beside it. Journals are only read
(never repaired here): one that cannot be read is listed and skipped, the others are indexed.
A finished session's mark is graded again from its journal (scenarios loaded once per file).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.diagnostics import ContentError
from ..content.scenario import Scenario
from .index import _INSERT, _SCHEMA, stamp
from .journal import JournalError, JournalRecord, hint_turns, read_journal
from .paths import journals_dir
from .recorder import grade, replay, scenario_for


@dataclass
class RebuildReport:
    sessions: int = 0
    finished: int = 0
    unreadable: list[JournalError] = field(default_factory=list)  # the journals skipped, each with why
    ungraded: int = 0  # finished sessions whose scenario could not be found or replayed: indexed without a mark
    old_index: Path | None = None

    def summary(self, lang: str | None = "fr") -> str:
        """What the rebuild found, in ``lang``, each count agreeing with its noun."""
        from ..i18n import nt, t

        parts = [nt("cli.rebuild.sessions", self.sessions, lang,
                    finished=nt("cli.rebuild.finished", self.finished, lang))]
        if self.ungraded:
            parts.append(nt("cli.rebuild.ungraded", self.ungraded, lang))
        if self.unreadable:
            parts.append(nt("cli.rebuild.unreadable", len(self.unreadable), lang))
        text = t("cli.rebuild.separator", lang).join(parts)
        if self.old_index is not None:
            text = t("cli.rebuild.old_index", lang, summary=text, path=self.old_index)
        return text


def index_row(record: JournalRecord, scenarios: dict[Any, Scenario | None],
              report: RebuildReport) -> tuple[object, ...]:
    """The index row a journal stands for (what ``RecordedSession`` would have written)."""
    header = record.header
    end = next((r for r in reversed(record.records) if r.get("type") == "end"), None)
    outcome = str(end.get("outcome") or "abandoned") if end is not None else None
    if outcome is not None and any(r.get("type") == "superseded" for r in record.records):
        outcome = "abandoned"  # its last move was taken back: the branch it names holds the attempt (store/branches.py)
    updated = str(record.records[-1].get("at") or header.get("started_at") or "")
    mark = criteria = None
    if outcome is not None:
        report.finished += 1
        if outcome != "abandoned":
            mark, criteria = _grade(record, outcome, scenarios, report)
    return (str(record.path), str(header.get("learner") or ""), str(header.get("scenario_id") or ""),
            str(header.get("scenario_title") or ""), str(header.get("mode") or "practice"),
            str(header.get("started_at") or ""), updated, len(record.inputs), outcome, mark, criteria)


def _grade(record: JournalRecord, outcome: str, scenarios: dict[Any, Scenario | None],
           report: RebuildReport) -> tuple[float | None, str | None]:
    header = record.header
    key = (header.get("scenario_path"), header.get("scenario_id"), header.get("scenario_hash"))
    if key not in scenarios:
        try:
            scenarios[key] = scenario_for(header)
        except (JournalError, ContentError, OSError):
            scenarios[key] = None
    scenario = scenarios[key]
    try:
        if scenario is None:
            raise JournalError("scénario introuvable")
        session, _ = replay(record, scenario=scenario)
        _, mark, criteria = grade(session, outcome, hint_turns(record.hints))
    except (JournalError, ContentError, ValueError):
        report.ungraded += 1
        return None, None
    return mark, criteria


def rebuild_index(path: Path, journals: Path | None = None, keep_old: str | None = "damaged") -> RebuildReport:
    """Write a fresh index at ``path`` from every journal in ``journals`` (default: the sessions folder).

    ``keep_old``: the old index is renamed ``index.sqlite3.<keep_old>-STAMP`` (None: replaced)."""
    folder = journals or journals_dir()
    report = RebuildReport()
    scenarios: dict[Any, Scenario | None] = {}
    rows = []
    for journal in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        try:
            record = read_journal(journal, salvage=True)  # read only: a damaged journal is repaired on resume
        except JournalError as exc:
            report.unreadable.append(exc)
            continue
        rows.append(index_row(record, scenarios, report))
    report.sessions = len(rows)
    tmp = path.with_name(f"{path.name}.rebuild-{os.getpid()}")
    _remove(tmp)
    try:
        with closing(sqlite3.connect(tmp)) as con:
            con.executescript(_SCHEMA)
            con.executemany(_INSERT, rows)
            con.commit()
            con.execute("PRAGMA journal_mode=WAL")
    except BaseException:
        for suffix in ("", "-journal", "-wal", "-shm"):  # a half-built index must not eat a full disk's space
            _remove(tmp.with_name(tmp.name + suffix))
        raise
    old = path.with_name(f"{path.name}.{keep_old}-{stamp()}") if keep_old and path.exists() else None
    for suffix in ("", "-wal", "-shm"):  # the old database's companions would be read as the new one's
        side = path.with_name(path.name + suffix)
        if old is not None and side.exists():
            os.replace(side, old.with_name(old.name + suffix))
        elif suffix:
            _remove(side)
    report.old_index = old
    os.replace(tmp, path)
    return report


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
