"""``best`` and ``worst`` policies for ``negosim simulate``: they make the scorer's discrimination measurable.

Both try every move on offer on a copy of the session and value it the way the scorer will: per criterion,
the points the move earns against the best *rival* move (``scorer._grade_turn``). A move's **regret** is
the weighted sum over criteria of what it leaves on the table (0 for a move no rival beats, negative for a
fault or a missed opportunity); its points break ties. ``best`` takes the move with the least regret,
``worst`` the one with the most; each candidate is valued with a bounded look-ahead over the scenario
graph (``DEPTH`` moves, at most ``BUDGET`` moves tried per decision) so that neither walks blindly into a
dead end. Valuing by regret rather than by raw points keeps ``best`` from farming points with detours
(a gift that reopens an objection is a fault, however many CRAC points follow). An ending reached is valued
as the scorer values it: the part of the objective it misses (rubric section ``objective``), times the
objective's weight, counts as regret — a deal conceded under target is not the best path, however clean
each concession was.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ..engine.session import EngineError, Input, Session, Turn
from .context import History
from .rubric import Rubric, default_rubric
from .scorer import Grade, Grader, offer_value, total

DEPTH = 3
BUDGET = 3000
REGRET_WEIGHT = 100  # a point of regret outweighs any number of extra points
_OUTCOME_BONUS = {"success": 3, "partial": 1, "failure": -3}
# The objective's shortfall at an ending, per unit of its weight, in points of regret: a whole objective
# missed weighs like several points missed on every criterion (its weight is half the block's criteria).
ENDING_POINTS = 5
_WORST_ENDING = {"success": 0, "partial": 2, "failure": 5}


def _history(session: Session) -> History:
    h = History()
    for turn in session.turns:
        h = h.after(turn)
    return h


def _candidates(session: Session) -> list[Input]:
    from ..simulate import candidate_moves

    return candidate_moves(session)


def regrets(grader: Grader, grades: list[Grade]) -> list[int]:
    """For each of the moves a state offers (their grades), the weighted points it leaves to a rival.

    A rival of move i on criterion c is a move no worse than i on every *other* criterion; i's regret on c
    is what the best such rival earns on c beyond i's points (criteria where every move earns the same
    offer no opportunity and count nothing)."""
    ids = [c.id for c in grader.criteria]
    weight = [c.weight for c in grader.criteria]
    full = [[total(g, c) for c in ids] for g in grades]
    value = [[offer_value(g, c) for c in ids] for g in grades]
    opportunities = [k for k in range(len(ids)) if len({f[k] for f in full}) > 1]
    out = []
    for i, mine in enumerate(value):
        # One pass over the moves instead of one per criterion: a move worse than i on no criterion is a
        # rival on every criterion, worse on exactly one it is a rival on that one only, worse on two on none.
        bound = [0] * len(ids)
        for theirs in value:
            worse = -1
            for k, v in enumerate(theirs):
                if v < mine[k]:
                    if worse >= 0:
                        break
                    worse = k
            else:
                for k in (opportunities if worse < 0 else (worse,)):
                    bound[k] = max(bound[k], theirs[k])
        out.append(sum(weight[k] * min(0, full[i][k] - bound[k]) for k in opportunities))
    return out


class _Search:
    def __init__(self, grader: Grader, sign: int, ending_regret: dict[str, float] | None = None):
        self.grader = grader
        self.sign = sign  # +1 best, -1 worst
        self.tried = 0
        self.ending_regret = ending_regret or {}  # outcome -> regret (<= 0) of ending there

    def children(self, session: Session, history: History) -> list[tuple[Input, Session, Turn, int]]:
        """Every move on offer, played on a copy, with its value for this policy."""
        played: list[tuple[Input, Session, Turn, Grade]] = []
        for move in _candidates(session):
            if self.tried >= BUDGET and played:
                break
            self.tried += 1
            child = session.fork()
            try:
                turn = child.step(move)
            except EngineError:
                continue
            played.append((move, child, turn, self.grader.grade(session.scenario, turn, history)))
        out = []
        for (move, child, turn, grade), regret in zip(played, regrets(self.grader, [p[3] for p in played])):
            points = sum(p for fired in grade.values() for _, p in fired)
            value = self.sign * (REGRET_WEIGHT * regret + points)
            if turn.outcome is not None:
                if self.sign > 0:
                    # the best player aims at the objective as the scorer weighs it, then at a good ending
                    value += REGRET_WEIGHT * round(self.ending_regret.get(turn.outcome, 0)) + _OUTCOME_BONUS.get(turn.outcome, 0)
                else:
                    # the worst player heads for a bad ending rather than piling up faults in a loop forever
                    value += REGRET_WEIGHT * _WORST_ENDING.get(turn.outcome, 0)
            out.append((move, child, turn, value))
        return out

    def ahead(self, session: Session, history: History, depth: int) -> int:
        """Best value reachable from ``session`` in ``depth`` more moves (0 when it cannot move)."""
        if depth == 0 or session.ended or self.tried >= BUDGET:
            return 0
        values = [value + self.ahead(child, history.after(turn), depth - 1)
                  for _, child, turn, value in self.children(session, history)]
        return max(values, default=0)


def ending_regrets(rubric: Rubric, blocks: Sequence[str]) -> dict[str, float]:
    """Regret of each ending: the part of the objective it misses, times the objective's weight and ENDING_POINTS."""
    objective = rubric.spec.objective
    if objective is None:
        return {}
    weight = sum(rubric.objective_weight(b) for b in blocks)
    return {name: -ENDING_POINTS * weight * (1 - getattr(objective.outcomes, name).ratio)
            for name in ("success", "partial", "failure")}


def _make(sign: int, rubric: Callable[[], Rubric] = default_rubric
          ) -> Callable[[Session, list[Input], random.Random, Counter[Any]], Input]:
    graders: dict[int, tuple[Grader, dict[str, float]]] = {}

    def policy(session: Session, moves: list[Input], rng: random.Random, usage: Counter[Any]) -> Input:
        key = id(session.scenario)
        if key not in graders:
            blocks = list(session.scenario.spec.blocks)
            graders[key] = (Grader.for_blocks(rubric(), blocks), ending_regrets(rubric(), blocks))
        grader, endings = graders[key]
        search = _Search(grader, sign, endings)
        history = _history(session)
        ranked = []
        played = Counter((t.state, t.input) for t in session.turns)
        for move, child, turn, value in search.children(session, history):
            ahead = search.ahead(child, history.after(turn), DEPTH - 1)
            if sign < 0 and played[(session.state, move)] >= 2:
                # some scenarios let a fault loop forever (the client never hangs up): the worst player does
                # not repeat itself endlessly, it moves on, so that its session ends and can be scored
                value -= REGRET_WEIGHT * 1000
            # ties: the move's own value first, then a random but seeded order among equals
            ranked.append((value + ahead, value, rng.randrange(1 << 30), move))
        if not ranked:
            return moves[0]
        return max(ranked, key=lambda r: (r[0], r[1], r[2]))[3]

    return policy


best_policy = _make(+1)
worst_policy = _make(-1)


def register() -> None:
    from ..simulate import POLICIES

    POLICIES.setdefault("best", best_policy)
    POLICIES.setdefault("worst", worst_policy)


register()
