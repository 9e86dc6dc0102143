"""``best`` and ``worst`` policies for ``negosim simulate``: they make the scorer's discrimination measurable.

Both look at every move on offer, play it on a copy of the session, and grade it with the rubric exactly
as the scorer does; ``best`` then takes the highest-graded move, ``worst`` the lowest. To avoid walking
into a dead end (a graded move that ends the session too early), each candidate is valued by its own
grade plus the best (or worst) grade reachable in a few more moves: a bounded search over the scenario
graph (``DEPTH`` moves ahead, at most ``BUDGET`` moves tried per decision).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

from ..engine.session import EngineError, Input, Session, Turn
from .context import History
from .rubric import Rubric, default_rubric
from .scorer import Grader

DEPTH = 3
BUDGET = 3000
_OUTCOME_BONUS = {"success": 3, "partial": 1, "failure": -3}


def _history(session: Session) -> History:
    h = History()
    for turn in session.turns:
        h = h.after(turn)
    return h


def _candidates(session: Session) -> list[Input]:
    from ..simulate import candidate_moves

    return candidate_moves(session)


class _Search:
    def __init__(self, grader: Grader, sign: int):
        self.grader = grader
        self.sign = sign  # +1 maximise, -1 minimise
        self.tried = 0

    def value(self, session: Session, turn: Turn, history: History) -> int:
        grade = self.grader.grade(session.scenario, turn, history)
        points = sum(p for fired in grade.values() for _, p in fired)
        if turn.outcome is not None and self.sign > 0:
            points += _OUTCOME_BONUS.get(turn.outcome, 0)  # the best player also aims at a good ending
        return self.sign * points

    def explore(self, session: Session, history: History, depth: int) -> int:
        """Best signed value reachable from ``session`` in ``depth`` moves (0 when it cannot move)."""
        if depth == 0 or session.ended or self.tried >= BUDGET:
            return 0
        best: int | None = None
        for move in _candidates(session):
            scored = self.play(session, move, history)
            if scored is None:
                continue
            child, turn, value = scored
            total = value + self.explore(child, history.after(turn), depth - 1)
            best = total if best is None else max(best, total)
        return best or 0

    def play(self, session: Session, move: Input, history: History) -> tuple[Session, Turn, int] | None:
        self.tried += 1
        child = session.fork()
        try:
            turn = child.step(move)
        except EngineError:
            return None
        return child, turn, self.value(session, turn, history)


def _make(sign: int, rubric: Callable[[], Rubric] = default_rubric):
    graders: dict[int, Grader] = {}

    def policy(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
        key = id(session.scenario)
        grader = graders.get(key)
        if grader is None:
            grader = graders[key] = Grader.for_blocks(rubric(), session.scenario.spec.blocks)
        search = _Search(grader, sign)
        history = _history(session)
        ranked: list[tuple[int, int, int, Input]] = []
        for move in moves:
            scored = search.play(session, move, history)
            if scored is None:
                continue
            child, turn, value = scored
            ahead = search.explore(child, history.after(turn), DEPTH - 1)
            # ties: the move's own grade first, then a random but seeded order among equals
            ranked.append((value + ahead, value, rng.randrange(1 << 30), move))
        if not ranked:
            return moves[0]
        ranked.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
        return ranked[0][3]

    return policy


best_policy = _make(+1)
worst_policy = _make(-1)


def register() -> None:
    from ..simulate import POLICIES

    POLICIES.setdefault("best", best_policy)
    POLICIES.setdefault("worst", worst_policy)


register()
