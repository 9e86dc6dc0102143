"""The session index (SQLite, stdlib): who played what, when, and how it ended — for history screens.

The journals are the source of truth; the index is derived from them and can be rebuilt at any time
(``store/rebuild.py``, ``negosim index rebuild``). So the index never stops a session: a write that
fails (full disk, read-only folder) is noted in ``errors`` and the journal still holds the turn; an
index found damaged is set aside (kept beside it) and rebuilt from the journals, and ``notices`` say so.

One connection per process and per index, kept open, in WAL mode with ``synchronous=NORMAL``: a turn's
update is one prepared ``UPDATE`` and a commit that does not wait for the disk (the journal's own fsync
is what makes the turn durable; a power cut can at worst cost the index its last updates, which a
rebuild restores). The sqlite3 module keeps each statement prepared for reuse on its connection.

Progress cache: the history's progress chart needs the newest finished sessions' criteria (up to
``PROGRESS_HORIZON`` JSON parses, the largest part of opening a long history). Its figures are kept per
learner in ``progress_cache`` once worked out, and SQLite triggers drop them when a row that counts for
them is written, by any writer; the table and its triggers are added to an existing index on connecting
(the sessions are untouched), and an index that cannot take them (read-only) is read without the cache.
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
# The progress chart's figures per learner, worked out once; the triggers drop a learner's figures whenever
# a row that counts for them changes, whoever writes (an older negosim too: triggers live in the file).
# Inserting is a BEFORE trigger: an INSERT OR REPLACE deletes the row it replaces without firing the DELETE
# trigger, so the replaced row's learner is looked up while it is still there.
# Added in one transaction, so the table never exists without its triggers.
_CACHE_SCHEMA = """
BEGIN;
CREATE TABLE IF NOT EXISTS progress_cache (
    learner TEXT NOT NULL,
    last INTEGER NOT NULL,
    horizon INTEGER NOT NULL,
    chart TEXT NOT NULL,
    PRIMARY KEY (learner, last, horizon)
);
CREATE TRIGGER IF NOT EXISTS progress_stale_on_insert_or_replace BEFORE INSERT ON sessions
BEGIN DELETE FROM progress_cache
      WHERE learner IN (NEW.learner, (SELECT learner FROM sessions WHERE journal = NEW.journal)); END;
CREATE TRIGGER IF NOT EXISTS progress_stale_on_update
AFTER UPDATE OF learner, started_at, outcome, mark, criteria ON sessions
BEGIN DELETE FROM progress_cache WHERE learner IN (OLD.learner, NEW.learner); END;
CREATE TRIGGER IF NOT EXISTS progress_stale_on_delete AFTER DELETE ON sessions
BEGIN DELETE FROM progress_cache WHERE learner = OLD.learner; END;
COMMIT;
"""

_COLUMNS = ("journal, learner, scenario_id, scenario_title, mode, started_at, updated_at, turns, outcome, mark, "
            "criteria")
_INSERT = f"INSERT OR REPLACE INTO sessions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_PROGRESS = "UPDATE sessions SET turns = ?, updated_at = ? WHERE journal = ?"
_END = "UPDATE sessions SET outcome = ?, mark = ?, criteria = ?, updated_at = ? WHERE journal = ?"
_CACHED = "SELECT chart FROM progress_cache WHERE learner = ? AND last = ? AND horizon = ?"
_KEEP = "INSERT OR REPLACE INTO progress_cache (learner, last, horizon, chart) VALUES (?, ?, ?, ?)"
_BUSY_MS = 5000  # how long a write waits for another process's lock (sqlite3.connect's timeout)
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
        self._cache = False  # the index has the progress cache (set on connecting)
        self._guard = threading.RLock()  # one connection, used from the UI thread and the index writer's

    # -- the connection
    def _connection(self) -> sqlite3.Connection:
        if self._con is None:
            con = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, check_same_thread=False)
            try:
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=NORMAL")
                con.executescript(_SCHEMA)  # once per process, not once per turn
            except BaseException:
                con.close()
                raise
            try:
                con.executescript(_CACHE_SCHEMA)
                self._cache = True
            except sqlite3.OperationalError:  # e.g. an older index in a read-only folder: read without the cache
                con.rollback()
                self._cache = False
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
        in any of them is left out of the chart. A learner's figures are kept in ``progress_cache`` once
        worked out (see ``Progress cache`` in the module's docstring), so an opening reads one row."""
        self._before_read()
        def work(con: sqlite3.Connection) -> tuple[list[float], dict[str, list[str]]]:
            if not (learner and self._cache):
                return _summarise(con, learner, last, horizon)
            row = con.execute(_CACHED, (learner, last, horizon)).fetchone()
            chart = _decode_chart(row[0]) if row else None
            if chart is None:
                chart = _summarise(con, learner, last, horizon)
                _keep_chart(con, learner, last, horizon, chart)
            return chart

        return self._run(work)

    def warm_progress(self, journal: Path, last: int = 30, horizon: int = PROGRESS_HORIZON) -> None:
        """Work out and keep the progress figures of ``journal``'s learner now (after a session ends, off
        the UI thread), so the next opening of the history finds them ready."""

        def work(con: sqlite3.Connection) -> None:
            row = con.execute("SELECT learner FROM sessions WHERE journal = ?", (str(journal),)).fetchone()
            if row is not None and self._cache and con.execute(_CACHED, (row[0], last, horizon)).fetchone() is None:
                _keep_chart(con, row[0], last, horizon, _summarise(con, row[0], last, horizon))

        try:
            self._run(work)
        except sqlite3.Error:  # only a cache: the next opening works the figures out itself
            pass

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


def _summarise(con: sqlite3.Connection, learner: str | None, last: int,
               horizon: int) -> tuple[list[float], dict[str, list[str]]]:
    """The progress figures worked out from the ``horizon`` newest finished sessions (one JSON parse each)."""
    where, args = _of_learner(learner)
    query = (f"SELECT mark, criteria FROM sessions WHERE {where} AND outcome IS NOT NULL "
             "AND outcome != 'abandoned' ORDER BY started_at DESC LIMIT ?")
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


def _keep_chart(con: sqlite3.Connection, learner: str, last: int, horizon: int,
                chart: tuple[list[float], dict[str, list[str]]]) -> None:
    """Store worked-out figures; never waits for another process's write lock (the cache can wait instead)."""
    try:
        con.execute("PRAGMA busy_timeout = 0")
        con.execute(_KEEP, (learner, last, horizon, json.dumps({"marks": chart[0], "levels": chart[1]})))
        con.commit()
    except sqlite3.OperationalError:  # busy, read-only or full: the figures are still right, only not kept
        con.rollback()
    finally:
        con.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")


def _decode_chart(text: str) -> tuple[list[float], dict[str, list[str]]] | None:
    """Figures read back from the cache, or None if the row is not what ``_keep_chart`` writes."""
    try:
        data = json.loads(text)
        marks, levels = data["marks"], data["levels"]
    except (ValueError, TypeError, KeyError):
        return None
    if not (isinstance(marks, list) and all(isinstance(m, int | float) for m in marks) and isinstance(levels, dict)
            and all(isinstance(s, list) and all(lv in LEVELS for lv in s) for s in levels.values())):
        return None
    return marks, levels


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
