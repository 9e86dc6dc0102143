"""The session index, written off the UI thread (no Textual here).

The journal is the record: ``RecordedSession.step`` appends and fsyncs it before the reply is shown,
whatever index it is given. The index is derived from the journals (it can be rebuilt), so its
per-turn update (one prepared statement on the index's kept WAL connection) is queued to one worker
thread, in order, so the reply never waits for SQLite. Reads (history, best marks) first wait for the
queue to drain. A write that fails is kept in ``errors`` (the journals still hold it).
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .index import SessionIndex


class BackgroundIndex(SessionIndex):
    def __init__(self, path: Path | None = None):
        super().__init__(path)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="negosim-index")
        self._pending: list[Future[None]] = []
        atexit.register(self.flush)

    def _queue(self, fn: Callable[..., None], *args: object) -> None:
        self._pending.append(self._pool.submit(fn, *args))

    def record_start(self, journal: Path, learner: str, scenario_id: str, title: str, mode: str, at: str) -> None:
        self._queue(super().record_start, journal, learner, scenario_id, title, mode, at)

    def record_progress(self, journal: Path, turns: int, at: str) -> None:
        self._queue(super().record_progress, journal, turns, at)

    def record_end(self, journal: Path, outcome: str, mark: float | None, criteria_json: str | None, at: str) -> None:
        self._queue(super().record_end, journal, outcome, mark, criteria_json, at)
        self._queue(self.warm_progress, journal)  # the history's chart is ready when it next opens

    def flush(self) -> None:
        """Wait until every queued write is in the database; failures are kept in ``errors``."""
        pending, self._pending = self._pending, []
        for future in pending:
            exc = future.exception()
            if exc is not None:
                self.errors.append(f"{type(exc).__name__}: {exc}")

    def _before_read(self) -> None:
        self.flush()
