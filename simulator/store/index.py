"""The session index (SQLite, stdlib): who played what, when, and how it ended — for history screens.

The journals are the source of truth; the index is derived from them and can be rebuilt at any time.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

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


class SessionIndex:
    def __init__(self, path: Path | None = None):
        self.path = path or index_path()

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=5)
        con.executescript(_SCHEMA)
        return con

    def record_start(self, journal: Path, learner: str, scenario_id: str, title: str, mode: str, at: str) -> None:
        with closing(self._connect()) as con, con:
            con.execute("INSERT OR REPLACE INTO sessions (journal, learner, scenario_id, scenario_title, mode, "
                        "started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (str(journal), learner, scenario_id, title, mode, at, at))

    def record_progress(self, journal: Path, turns: int, at: str) -> None:
        with closing(self._connect()) as con, con:
            con.execute("UPDATE sessions SET turns = ?, updated_at = ? WHERE journal = ?", (turns, at, str(journal)))

    def record_end(self, journal: Path, outcome: str, mark: float | None, criteria_json: str | None, at: str) -> None:
        with closing(self._connect()) as con, con:
            con.execute("UPDATE sessions SET outcome = ?, mark = ?, criteria = ?, updated_at = ? WHERE journal = ?",
                        (outcome, mark, criteria_json, at, str(journal)))

    def sessions(self, learner: str | None = None, scenario_id: str | None = None) -> list[SessionRow]:
        query = "SELECT journal, learner, scenario_id, scenario_title, mode, started_at, updated_at, turns, outcome, " \
                "mark, criteria FROM sessions"
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
        with closing(self._connect()) as con:
            return [SessionRow(*row) for row in con.execute(query, args)]

    def best_marks(self, learner: str | None = None) -> dict[str, float]:
        """Best mark per scenario (for the library screen)."""
        out: dict[str, float] = {}
        for row in self.sessions(learner):
            if row.mark is not None and row.mark > out.get(row.scenario_id, -1):
                out[row.scenario_id] = row.mark
        return out
