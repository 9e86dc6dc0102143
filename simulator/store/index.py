"""The session index (SQLite, stdlib): who played what, when, and how it ended — for history screens.

The journals are the source of truth; the index is derived from them and can be rebuilt at any time
(``store/rebuild.py``, ``negosim index rebuild``). So the index never stops a session: a write that
fails (full disk, read-only folder) is noted in ``errors`` and the journal still holds the turn; an
index found damaged is set aside (kept beside it) and rebuilt from the journals, and ``notices`` say so.

One connection per process and per index, kept open, in WAL mode with ``synchronous=NORMAL``: a turn's
update is one prepared ``UPDATE`` and a commit that does not wait for the disk (the journal's own fsync
is what makes the turn durable; a power cut can at worst cost the index its last updates, which a
rebuild restores). The sqlite3 module keeps each statement prepared for reuse on its connection.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from ..i18n.phrase import Authored, phrase
from .notice import Notice, as_field
from .paths import index_path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    journal TEXT PRIMARY KEY,
    learner TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    scenario_title TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT 'practice',
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    turns INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    mark REAL,
    criteria TEXT
);
CREATE INDEX IF NOT EXISTS sessions_by_learner ON sessions(learner, started_at);
CREATE INDEX IF NOT EXISTS sessions_by_scenario ON sessions(scenario_id, started_at);
"""

_COLUMNS = ("journal, learner, scenario_id, scenario_title, mode, started_at, updated_at, turns, outcome, mark, "
            "criteria")
_INSERT = f"INSERT OR REPLACE INTO sessions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_PROGRESS = "UPDATE sessions SET turns = ?, updated_at = ? WHERE journal = ?"
_END = "UPDATE sessions SET outcome = ?, mark = ?, criteria = ?, updated_at = ? WHERE journal = ?"
# SQLite's primary result codes for a file that is not (or no longer) a sound database
_DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

T = TypeVar("T")
LEVELS = ("non_acquis", "en_cours", "acquis")
PROGRESS_HORIZON = 1000  # finished sessions read at most for the progress chart


@dataclass(frozen=True)
class SessionRow:
    journal: str
    learner: str
    scenario_id: str
    scenario_title: str
    mode: str
    started_at: str
    updated_at: str
    turns: int
    outcome: str | None
    mark: float | None
    criteria: str | None  # JSON {criterion id: level}, for progress charts

    @property
    def finished(self) -> bool:
        return self.outcome is not None


def is_damaged(exc: sqlite3.Error) -> bool:
    """Whether an SQLite error means the file itself is damaged (rather than busy, full or read-only)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGED_CODES
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def describe_sqlite_error(exc: sqlite3.Error) -> str:
    """What went wrong with the index: a :class:`Notice` (French text, shown in the user's language)."""
    text = str(exc).lower()
    if "full" in text:
        return Notice(phrase("err.index.full"))
    if "readonly" in text or "read-only" in text:
        return Notice(phrase("err.index.read_only"))
    if "unable to open" in text:
        return Notice(phrase("err.index.cannot_open"))
    if "locked" in text or "busy" in text:
        return Notice(phrase("err.index.busy"))
    if is_damaged(exc):
        return Notice(phrase("err.index.damaged"))
    return Notice(phrase("err.index.sqlite", error=str(exc)))


class SessionIndex:
    def __init__(self, path: Path | None = None, *, journals: Path | None = None, rebuild: bool = True):
        self.path = path or index_path()
        self.journals = journals  # the journals to rebuild from (default: the data dir's sessions folder)
        self.rebuild_when_damaged = rebuild
        self.errors: list[str] = []  # writes that failed (the journals still hold what they said)
        self.notices: list[str] = []  # what was repaired, for the learner
        self._con: sqlite3.Connection | None = None
        self._guard = threading.RLock()  # one connection, used from the UI thread and the index writer's

    # -- the connection
    def _connection(self) -> sqlite3.Connection:
        if self._con is None:
            con = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            try:
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=NORMAL")
                con.executescript(_SCHEMA)  # once per process, not once per turn
            except BaseException:
                con.close()
                raise
            self._con = con
        return self._con

    def close(self) -> None:
        with self._guard:
            if self._con is not None:
                self._con.close()
                self._con = None

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the connection; a damaged index is set aside and rebuilt, then ``work`` is retried."""
        with self._guard:
            try:
                return work(self._connection())
            except sqlite3.DatabaseError as exc:
                if not (self.rebuild_when_damaged and is_damaged(exc)):
                    raise
                self.repair(reason=describe_sqlite_error(exc))
                return work(self._connection())

    def repair(self, reason: str) -> None:
        """Keep the damaged index beside it and rebuild it from the journals (``store/rebuild.py``)."""
        from .rebuild import rebuild_index

        with self._guard:
            self.close()
            report = rebuild_index(self.path, self.journals, keep_old="damaged")
            self.notices.append(Notice(phrase("err.index.rebuilt", reason=as_field(reason),
                                              summary=Authored(report.summary("fr"), report.summary("en")))))

    def _write(self, sql: str, args: tuple[object, ...]) -> None:
        def work(con: sqlite3.Connection) -> None:
            con.execute(sql, args)
            con.commit()

        try:
            self._run(work)
        except sqlite3.Error as exc:  # the journal has it; `negosim index rebuild` puts it back in the index
            self.errors.append(Notice(phrase("err.index.not_updated", reason=as_field(describe_sqlite_error(exc)))))

    # -- writes (one prepared statement each)
    def record_start(self, journal: Path, learner: str, scenario_id: str, title: str, mode: str, at: str) -> None:
        self._write(_INSERT, (str(journal), learner, scenario_id, title, mode, at, at, 0, None, None, None))

    def record_progress(self, journal: Path, turns: int, at: str) -> None:
        self._write(_PROGRESS, (turns, at, str(journal)))

    def record_end(self, journal: Path, outcome: str, mark: float | None, criteria_json: str | None, at: str) -> None:
        self._write(_END, (outcome, mark, criteria_json, at, str(journal)))

    def put_row(self, row: tuple[object, ...]) -> None:
        """Write a whole row (columns in ``SessionRow`` order), e.g. one read back from its journal."""
        self._write(_INSERT, row)

    # -- reads
    def sessions(self, learner: str | None = None, scenario_id: str | None = None) -> list[SessionRow]:
        self._before_read()
        query = f"SELECT {_COLUMNS} FROM sessions"
        where, args = [], []
        if learner:
            where.append("learner = ?")
            args.append(learner)
        if scenario_id:
            where.append("scenario_id = ?")
            args.append(scenario_id)
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY started_at DESC"
        return self._run(lambda con: [SessionRow(*row) for row in con.execute(query, args)])

    def page(self, learner: str | None, offset: int, limit: int, abandoned: bool = False) -> list[SessionRow]:
        """One page of a learner's sessions, newest first (the history screen's table, a page at a time)."""
        self._before_read()
        where, args = _of_learner(learner)
        if not abandoned:
            where += " AND (outcome IS NULL OR outcome != 'abandoned')"
        query = f"SELECT {_COLUMNS} FROM sessions WHERE {where} ORDER BY started_at DESC LIMIT ? OFFSET ?"
        return self._run(lambda con: [SessionRow(*row) for row in con.execute(query, (*args, limit, offset))])

    def progress(self, learner: str | None, last: int = 30,
                 horizon: int = PROGRESS_HORIZON) -> tuple[list[float], dict[str, list[str]]]:
        """The last ``last`` marks and levels per criterion of the finished (not abandoned) sessions, oldest
        first: what the history's progress chart shows. Only the newest ``horizon`` finished sessions are
        read (by the by-learner index), so the work does not grow with the history; a criterion not graded
        in any of them is left out of the chart."""
        self._before_read()
        where, args = _of_learner(learner)
        query = (f"SELECT mark, criteria FROM sessions WHERE {where} AND outcome IS NOT NULL "
                 "AND outcome != 'abandoned' ORDER BY started_at DESC LIMIT ?")

        def work(con: sqlite3.Connection) -> tuple[list[float], dict[str, list[str]]]:
            marks: list[float] = []
            levels: dict[str, list[str]] = {}
            for mark, criteria in con.execute(query, (*args, horizon)):  # stepped lazily by SQLite
                if mark is not None and len(marks) < last:
                    marks.append(mark)
                for cid, level in _levels(criteria):
                    series = levels.setdefault(cid, [])
                    if len(series) < last:
                        series.append(level)
            return marks[::-1], {cid: series[::-1] for cid, series in levels.items()}

        return self._run(work)

    def _before_read(self) -> None:
        """Reads see every write made before them (the background writer waits for its queue here)."""

    def best_marks(self, learner: str | None = None) -> dict[str, float]:
        """Best mark per scenario (for the library screen)."""
        out: dict[str, float] = {}
        for row in self.sessions(learner):
            if row.mark is not None and row.mark > out.get(row.scenario_id, -1):
                out[row.scenario_id] = row.mark
        return out


def _of_learner(learner: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause for one learner (or all): written out, so SQLite can use the by-learner index."""
    return ("learner = ?", (learner,)) if learner else ("1", ())


def _levels(criteria: str | None) -> list[tuple[str, str]]:
    """The (criterion, level) pairs of a row's criteria JSON; anything unreadable counts as none."""
    try:
        data = json.loads(criteria) if criteria else {}
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    return [(cid, level) for cid, level in data.items() if level in LEVELS]


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
