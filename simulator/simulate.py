"""Batch simulation of a scenario: ChoiceScript's randomtest and quicktest, for trainers and for us.

- ``random``: N seeded playthroughs; among the moves offered, the least used so far is taken first
  (ties broken by the RNG), so rare branches get visited. A loop limit flags cycles; every failure
  comes with the seed that reproduces it.
- ``explore``: a bounded breadth-first walk over every distinct situation (state, variables, used
  choices, price record), reporting the states and choices never reached and any runtime error with
  the path that led to it.
Other policies (``best``, ``worst``) register themselves from the scoring package.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .content.scenario import Scenario
from .engine.session import ChoiceInput, EngineError, Input, PriceInput, Session

LOOP_LIMIT = 200

Policy = Callable[[Session, list[Input], random.Random, Counter], Input]
POLICIES: dict[str, Policy] = {}


def move_key(session: Session, move: Input) -> tuple:
    """Identifies a move in a state, for 'least used first' (cheap: no string formatting)."""
    if isinstance(move, ChoiceInput):
        return (session.state, move.choice)
    return (session.state, move.amount, move.counterpart)


def candidate_moves(session: Session) -> list[Input]:
    """What a player could do now: each offered choice, and a few typical offers in a negotiation."""
    moves: list[Input] = [ChoiceInput(c.id) for c in session.choices()]
    if session.accepts_price and session.negotiation is not None:
        rec = session.negotiation
        p = rec.price
        amounts = {p.list_price, p.target, p.floor, (p.target + p.floor) // 2}
        if rec.counters:
            amounts.add(rec.counters[-1])
        if rec.last_offer:
            amounts.add(rec.last_offer)
        for amount in sorted(amounts, reverse=True):
            moves.append(PriceInput(amount))
        for cp in p.counterparts:
            moves.append(PriceInput(p.target, cp.id))
            moves.append(PriceInput((p.target + p.floor) // 2, cp.id))
    return moves


def least_used_random(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
    counts = [usage[move_key(session, m)] for m in moves]
    fewest = min(counts)
    pool = [m for m, c in zip(moves, counts) if c == fewest]
    return pool[rng.randrange(len(pool))] if len(pool) > 1 else pool[0]


def uniform_random(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
    return moves[rng.randrange(len(moves))]


POLICIES["random"] = least_used_random
POLICIES["uniform"] = uniform_random


@dataclass
class RunReport:
    scenario: str
    policy: str
    runs: int
    seed: int
    outcomes: Counter = field(default_factory=Counter)
    turns: list[int] = field(default_factory=list)
    marks: list[float] = field(default_factory=list)
    states_reached: set[str] = field(default_factory=set)
    choices_taken: set[str] = field(default_factory=set)
    loops: list[int] = field(default_factory=list)  # seeds that hit the loop limit
    errors: list[dict[str, Any]] = field(default_factory=list)
    all_states: set[str] = field(default_factory=set)
    all_choices: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scenario": self.scenario, "policy": self.policy, "runs": self.runs, "seed": self.seed,
            "outcomes": dict(self.outcomes),
            "turns": _summary(self.turns),
            "states_never_reached": sorted(self.all_states - self.states_reached),
            "choices_never_taken": sorted(self.all_choices - self.choices_taken),
            "loops": {"count": len(self.loops), "seeds": self.loops[:10]},
            "errors": self.errors[:20],
        }
        if self.marks:
            out["marks"] = _summary(self.marks)
        return out


def _summary(values: list[float] | list[int]) -> dict[str, float]:
    if not values:
        return {}
    return {"min": min(values), "median": statistics.median(values), "mean": round(statistics.fmean(values), 2),
            "max": max(values)}


def _inventory(scenario: Scenario) -> tuple[set[str], set[str]]:
    states = set(scenario.states)
    choices = {c.event for st in scenario.states.values() for c in st.choices}
    return states, choices


def run_policy(scenario: Scenario, policy: str = "random", n: int = 100, seed: int = 0,
               loop_limit: int = LOOP_LIMIT, scorer: Callable[[Session], float] | None = None) -> RunReport:
    choose = POLICIES[policy]
    report = RunReport(scenario.id, policy, n, seed)
    report.all_states, report.all_choices = _inventory(scenario)
    usage: Counter = Counter()
    for i in range(n):
        run_seed = seed + i
        rng = random.Random(f"{policy}:{run_seed}")
        session = Session.start(scenario, run_seed)
        report.states_reached.add(session.state)
        try:
            while not session.ended and len(session.turns) < loop_limit:
                moves = candidate_moves(session)
                if not moves:
                    report.errors.append({"seed": run_seed, "error": f"aucun coup possible dans « {session.state} »",
                                          "path": [_describe(m) for m in session.inputs]})
                    break
                move = choose(session, moves, rng, usage)
                usage[move_key(session, move)] += 1
                if isinstance(move, ChoiceInput):
                    report.choices_taken.add(f"{session.state}/{move.choice}")
                report.states_reached.update(session.step(move).visited)
        except Exception as exc:  # noqa: BLE001 - a runtime error is a finding, reported with its seed
            report.errors.append({"seed": run_seed, "error": f"{type(exc).__name__}: {exc}",
                                  "path": [_describe(m) for m in session.inputs]})
            continue
        if not session.ended:
            report.loops.append(run_seed)
            report.outcomes["loop"] += 1
        else:
            report.outcomes[session.outcome or "?"] += 1
            if scorer is not None:
                report.marks.append(scorer(session))
        report.turns.append(len(session.turns))
    return report


def _describe(move: Input) -> str:
    if isinstance(move, ChoiceInput):
        return move.choice
    return f"prix {move.amount}" + (f" + {move.counterpart}" if move.counterpart else "")


@dataclass
class ExploreReport:
    scenario: str
    situations: int = 0
    truncated: bool = False
    states_reached: set[str] = field(default_factory=set)
    choices_taken: set[str] = field(default_factory=set)
    endings: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    loops: list[list[str]] = field(default_factory=list)
    all_states: set[str] = field(default_factory=set)
    all_choices: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "policy": "explore", "situations": self.situations,
            "truncated": self.truncated,
            "states_reached": len(self.states_reached), "states_total": len(self.all_states),
            "states_never_reached": sorted(self.all_states - self.states_reached),
            "choices_never_taken": sorted(self.all_choices - self.choices_taken),
            "endings": dict(self.endings),
            "loops": self.loops[:10],
            "errors": self.errors[:20],
        }


def _situation(session: Session) -> tuple:
    env = tuple(sorted((k, v) for k, v in session.env.items() if k != "turn"))
    nego = None
    if session.negotiation is not None:
        n = session.negotiation
        nego = (tuple(n.counters), tuple(n.obtained), n.last_offer, n.final)
    return (session.state, env, frozenset(session.used_once), nego)


def explore(scenario: Scenario, max_situations: int = 20_000, loop_limit: int = LOOP_LIMIT) -> ExploreReport:
    report = ExploreReport(scenario.id)
    report.all_states, report.all_choices = _inventory(scenario)
    root = Session.start(scenario, 0)
    seen = {_situation(root)}
    queue: deque[Session] = deque([root])
    report.states_reached.add(root.state)
    while queue:
        session = queue.popleft()
        report.situations += 1
        if session.ended:
            report.endings[session.state] += 1
            continue
        if len(session.turns) >= loop_limit:
            report.loops.append([_describe(m) for m in session.inputs])
            continue
        for move in candidate_moves(session):
            child = session.fork()
            try:
                child.step(move)
            except EngineError as exc:
                report.errors.append({"error": str(exc), "path": [_describe(m) for m in child.inputs] + [_describe(move)]})
                continue
            except Exception as exc:  # noqa: BLE001 - report, with the path that reached it
                report.errors.append({"error": f"{type(exc).__name__}: {exc}",
                                      "path": [_describe(m) for m in session.inputs] + [_describe(move)]})
                continue
            if isinstance(move, ChoiceInput):
                report.choices_taken.add(f"{session.state}/{move.choice}")
            report.states_reached.update(child.turns[-1].visited)
            key = _situation(child)
            if key in seen:
                continue
            if len(seen) >= max_situations:
                report.truncated = True
                continue
            seen.add(key)
            queue.append(child)
    return report
