"""The marks of a simulated batch (``negosim simulate``), worked out beside the play on a spare core (issue 19).

The random policy plays its sessions one after the other (each move depends on how often the sessions before
played it), but a finished session is scored on its own. So with a spare core the batch is scored in a second
process while the first plays on: the player sends each chunk of finished games (seed and moves, a few bytes
each), the scorer replays them (the engine is deterministic: the same seed and moves give the same turns) and
grades them with a memo of its own kept for the whole batch, and the marks come back in the games' order. The
marks are exactly those of scoring in the same process (``tests/test_batch_scoring.py``); only the wall time
changes: the play and the scoring overlap.

Scoring in the same process stays the rule for small batches, one core, and systems without ``fork`` (the
compiled scenario holds closures: it is inherited by the scoring process, never pickled)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from ..content.scenario import Scenario
from ..engine.session import ChoiceInput, Input, PriceInput, Session, Turn
from ..simulate import BatchScores, EachScored
from .rubric import Rubric
from .scorer import ScoringMemo, marks

CHUNK = 50  # games sent at a time: little to pickle, a fine sharing out, and the last chunk soon scored
POOL_FROM = 1_000  # games: below this a second process costs more than it saves
QUEUE = 8  # chunks a scoring process may have waiting before the player scores one itself (4 to 64: the same time)

Move = str | tuple[Any, str | None]  # a ChoiceInput's choice id, or a PriceInput's (amount, counterpart)


class ScoresHere(EachScored):
    """The marks worked out in this process, as each session ends (one memo for the batch)."""

    def __init__(self, scenario: Scenario, rubric: Rubric):
        self.memo = ScoringMemo(scenario, rubric)
        super().__init__(self.mark_of)

    def mark_of(self, session: Session) -> float:
        memo = self.memo
        return marks(memo.scenario, memo.rubric, session.turns, memo=memo).mark


class ScoresAside:
    """The marks worked out in ``workers`` other processes, a chunk of games at a time, and in this one when they
    fall behind: a chunk finished while the scoring processes still have ``queue`` chunks to score is scored here,
    and when the play ends, the chunks no process has started yet are taken back and scored here too. So the load
    shares itself out whatever scoring costs against playing (about as much on the 1,000-state benchmark, ten
    times more on a bundled negotiation). A machine whose other cores are busy gains little or loses a little
    (README, Performance: 1.05-1.09 of one process on the benchmark with the other core busy): ``--jobs 0``."""

    def __init__(self, scenario: Scenario, rubric: Rubric, workers: int = 1, chunk: int = CHUNK,
                 queue: int | None = None):
        self.chunk, self.workers = chunk, workers
        # a scoring process scores with its own memo: the more of the batch it sees, the fewer situations it
        # grades twice over this one's, so it is given a few chunks ahead before this one helps
        self.queue = queue if queue is not None else QUEUE * workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                        initializer=_start_worker, initargs=(scenario, rubric))
        self.here = ScoresHere(scenario, rubric)
        self.pending: list[Session] = []
        self.chunks: list[Future[list[float]] | list[float]] = []  # in the games' order: sent aside, or marks
        # sent aside and not scored yet as far as we last looked: where in ``chunks``, and the games (to take back)
        self.waiting: list[tuple[int, Future[list[float]], list[Session]]] = []

    def submit(self, session: Session) -> None:
        self.pending.append(session)
        if len(self.pending) >= self.chunk:
            self._send()

    def collect(self) -> list[float]:
        self._send()
        # the last sent are the last a scoring process would reach: those not started are scored here meanwhile
        for index, future, games in reversed(self.waiting):
            if future.cancel():
                self.chunks[index] = self._here(games)
        return [mark for chunk in self.chunks for mark in (chunk if isinstance(chunk, list) else chunk.result())]

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)  # a failed play: the chunks not started are dropped

    def _send(self) -> None:
        games, self.pending = self.pending, []
        if not games:
            return
        self.waiting = [w for w in self.waiting if not w[1].done()]
        if len(self.waiting) >= self.queue:
            self.chunks.append(self._here(games))
            return
        future = self.pool.submit(_score_games, [(s.seed, [_compact(t.input) for t in s.turns]) for s in games])
        self.waiting.append((len(self.chunks), future, games))
        self.chunks.append(future)

    def _here(self, games: list[Session]) -> list[float]:
        return [self.here.mark_of(session) for session in games]


def batch_scores(scenario: Scenario, rubric: Rubric, games: int, jobs: int | None = None) -> BatchScores:
    """Where a batch of ``games`` is scored: by ``jobs`` processes beside the one that plays, which scores too when
    they fall behind (0: by the one that plays; None: ``default_jobs``). Scoring aside needs ``fork``: elsewhere it
    stays in the playing process."""
    if jobs is None:
        jobs = default_jobs(games)
    if jobs < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return ScoresHere(scenario, rubric)
    return ScoresAside(scenario, rubric, workers=jobs)


def default_jobs(games: int) -> int:
    """The scoring processes a batch of ``games`` gets by default: one per other core, up to 3, from ``POOL_FROM``
    games (none below: the player scores them)."""
    return min(usable_cores() - 1, 3) if games >= POOL_FROM else 0


def usable_cores() -> int:
    """The cores this process may use (a container's share where the system says it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _compact(inp: Input) -> Move:
    return inp.choice if type(inp) is ChoiceInput else (inp.amount, inp.counterpart)  # type: ignore[union-attr]


def _expand(move: Move) -> Input:
    return ChoiceInput(move) if isinstance(move, str) else PriceInput(*move)


# -- the scoring process
_MEMO: list[ScoringMemo] = []


PARENT_CHECK = 0.5  # seconds between two looks at whether the player is still there


def _start_worker(scenario: Scenario, rubric: Rubric) -> None:
    gc.disable()  # a batch makes next to no cycles, and the collector would rescan the memo's tables (run_policy)
    _MEMO[:] = [ScoringMemo(scenario, rubric)]
    threading.Thread(target=_leave_with, args=(os.getppid(),), daemon=True).start()


def _leave_with(player: int) -> None:
    """End this scoring process when the player is gone. A player killed outright (``kill``, a crashed terminal)
    does not shut its pool down, and a scoring process, waiting on a queue its siblings also hold open, would
    wait for ever."""
    while os.getppid() == player:
        time.sleep(PARENT_CHECK)
    os._exit(0)


def _score_games(games: list[tuple[int, list[Move]]]) -> list[float]:
    [memo] = _MEMO
    scenario, rubric = memo.scenario, memo.rubric
    return [marks(scenario, rubric, _replayed(scenario, seed, moves), memo=memo).mark for seed, moves in games]


def _replayed(scenario: Scenario, seed: int, moves: list[Move]) -> list[Turn]:
    """A game's turns, played again from its seed and moves: the same turns, lines and objections' order."""
    return Session.replay(scenario, seed, map(_expand, moves)).turns
