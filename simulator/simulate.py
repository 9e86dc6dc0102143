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

import heapq
import itertools
import random
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .content.expressions import tokenize
from .content.scenario import CompiledChoice, Scenario
from .content.yaml_source import gc_paused
from .engine.session import ChoiceInput, Input, PriceInput, Session

LOOP_LIMIT = 200

Policy = Callable[[Session, list[Input], random.Random, Counter], Input]
POLICIES: dict[str, Policy] = {}


class BatchScores(Protocol):
    """Where ``run_policy`` sends each finished session to be scored, and takes the marks from at the end, in the
    games' order (``scoring.batch``: in this process, or in another while this one plays on)."""

    def submit(self, session: Session) -> None: ...

    def collect(self) -> list[float]: ...

    def close(self) -> None: ...


class EachScored:
    """``BatchScores`` that scores each session with ``scorer`` as it ends, in this process."""

    def __init__(self, scorer: Callable[[Session], float]):
        self.scorer = scorer
        self.marks: list[float] = []

    def submit(self, session: Session) -> None:
        self.marks.append(self.scorer(session))

    def collect(self) -> list[float]:
        return self.marks

    def close(self) -> None:
        pass


def move_key(session: Session, move: Input) -> tuple:
    """Identifies a move in a state, for 'least used first' (cheap: no string formatting)."""
    if isinstance(move, ChoiceInput):
        return (session.state, move.choice)
    return (session.state, move.amount, move.counterpart)


def candidate_moves(session: Session) -> list[Input]:
    """What a player could do now: each offered choice (in the order shown), and a few typical offers in
    a negotiation."""
    moves: list[Input] = [ChoiceInput(c.id) for c in session.offered()]
    return moves + typical_offers(session)


def typical_offers(session: Session) -> list[Input]:
    """The offers ``candidate_moves`` puts after the options in a negotiation (none elsewhere)."""
    if session.outcome is not None or session.negotiation is None or session.current.spec.negotiation is None:
        return []
    rec = session.negotiation
    p = rec.price
    amounts = {p.list_price, p.target, p.floor, (p.target + p.floor) // 2}
    if rec.counters:
        amounts.add(rec.counters[-1])
    if rec.last_offer:
        amounts.add(rec.last_offer)
    moves: list[Input] = [PriceInput(amount) for amount in sorted(amounts, reverse=True)]
    for cp in p.counterparts:
        moves.append(PriceInput(p.target, cp.id))
        moves.append(PriceInput((p.target + p.floor) // 2, cp.id))
    return moves


def least_used_random(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
    counts = [usage[move_key(session, m)] for m in moves]
    fewest = min(counts)
    pool = [m for m, c in zip(moves, counts) if c == fewest]
    return pool[rng.randrange(len(pool))] if len(pool) > 1 else pool[0]


def least_used_move(session: Session, rng: random.Random, usage: Counter) -> Input | None:
    """``least_used_random(session, candidate_moves(session), rng, usage)`` (None: no move), cheaper: the options
    are put in the shown order (a SHA-256 each) only when several of them tie as the least used, since the
    order only decides which of the tied ones the generator's draw picks; and then only the drawn one is
    looked for (``Session.nth_shown``)."""
    state = session.state
    choices = session.choices()
    used = usage.get
    if session.negotiation is None or not (offers := typical_offers(session)):
        # no price on the table, the usual case: the least used options, in one pass
        tied: list[CompiledChoice] = []
        fewest = -1
        for c in choices:
            n = used((state, c.id), 0)
            if n == fewest:
                tied.append(c)
            elif n < fewest or fewest < 0:
                fewest, tied = n, [c]
        if len(tied) > 1:
            return ChoiceInput(session.nth_shown(tied, rng.randrange(len(tied))).id)
        return ChoiceInput(tied[0].id) if tied else None
    counts = [used((state, c.id), 0) for c in choices]
    offer_counts = [used(move_key(session, m), 0) for m in offers]
    fewest = min(counts + offer_counts)
    tied = [c for c, n in zip(choices, counts) if n == fewest]
    pool = [*(session.in_shown_order(tied) if len(tied) > 1 else tied), *(m for m, n in zip(offers, offer_counts)
                                                                          if n == fewest)]
    picked = pool[rng.randrange(len(pool))] if len(pool) > 1 else pool[0]
    return picked if isinstance(picked, PriceInput) else ChoiceInput(picked.id)


def uniform_random(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
    return moves[rng.randrange(len(moves))]


def _menu_or_price(session: Session, moves: list[Input]) -> list[Input]:
    """The options a menu-gamer picks from: the options shown; with none shown, the typical offers."""
    menu = [m for m in moves if isinstance(m, ChoiceInput)]
    return menu or moves


def first_shown(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
    """A learner who presses 1 every time (an answer key would let it pass)."""
    return _menu_or_price(session, moves)[0]


def last_shown(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
    """A learner who always takes the last option."""
    return _menu_or_price(session, moves)[-1]


def _by_length(session: Session, moves: list[Input], sign: int) -> Input:
    menu = _menu_or_price(session, moves)
    if not isinstance(menu[0], ChoiceInput):
        return menu[0]
    by_id = session.current.by_id
    # the shown order breaks ties, as it would for a learner scanning the menu
    return max(menu, key=lambda m: sign * len(session.option_text(by_id[m.choice])))  # type: ignore[union-attr]  # a menu holds ChoiceInputs only


def longest_shown(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
    """A learner who bets that the most complete-looking (longest) option is the right one."""
    return _by_length(session, moves, +1)


def shortest_shown(session: Session, moves: list[Input], rng: random.Random, usage: Counter) -> Input:
    """A learner who bets on the shortest option."""
    return _by_length(session, moves, -1)


POLICIES["random"] = least_used_random
POLICIES["uniform"] = uniform_random
POLICIES["first"] = first_shown
POLICIES["last"] = last_shown
POLICIES["longest"] = longest_shown
POLICIES["shortest"] = shortest_shown
GAMING_POLICIES = ("first", "last", "longest", "shortest")


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
    paths: Counter = field(default_factory=Counter)  # (inputs..., ending) played, with how many games

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
        out["paths"] = [{"inputs": list(p[:-1]), "ending": p[-1], "games": n} for p, n in self.paths.most_common(5)]
        out["distinct_paths"] = len(self.paths)
        return out


def _summary(values: list[float] | list[int]) -> dict[str, float]:
    if not values:
        return {}
    return {"min": round(min(values), 2), "median": round(statistics.median(values), 2),
            "mean": round(statistics.fmean(values), 2), "max": round(max(values), 2)}


def _inventory(scenario: Scenario) -> tuple[set[str], set[str]]:
    states = set(scenario.states)
    choices = {c.event for st in scenario.states.values() for c in st.choices}
    return states, choices


def run_policy(scenario: Scenario, policy: str = "random", n: int = 100, seed: int = 0,
               loop_limit: int = LOOP_LIMIT, scorer: Callable[[Session], float] | None = None,
               scores: BatchScores | None = None) -> RunReport:
    """``n`` seeded sessions played by ``policy`` (the seeds ``seed`` to ``seed + n - 1``), each scored by
    ``scorer`` when it ends, or sent to ``scores`` (whose marks are taken at the end, in order). The cyclic
    collector is paused meanwhile (``gc_paused``): sessions and the scoring memo make next to no reference cycles
    (a 10,000-session scored batch: ~1,500 objects found in cycles), but the collector rescanned the memo's
    growing tables over and over (~1 s of such a batch's 9)."""
    with gc_paused():
        try:
            if scores is None and scorer is not None:
                scores = EachScored(scorer)
            report = _run_policy(scenario, policy, n, seed, loop_limit, scores)
            if scores is not None:
                report.marks = scores.collect()
            return report
        finally:
            if scores is not None:
                scores.close()


def _run_policy(scenario: Scenario, policy: str, n: int, seed: int, loop_limit: int,
                scores: BatchScores | None) -> RunReport:
    choose = POLICIES[policy]
    report = RunReport(scenario.id, policy, n, seed)
    report.all_states, report.all_choices = _inventory(scenario)
    usage: Counter = Counter()
    # the default policy picks its move without ordering every menu (least_used_move: the same move)
    fast = choose is least_used_random
    taken: set[tuple[str, str]] = set()  # (state, choice): worded "state/choice" once, at the end
    reached = report.states_reached
    for i in range(n):
        run_seed = seed + i
        rng = random.Random(f"{policy}:{run_seed}")
        session = Session.start(scenario, run_seed)
        turns = session.turns
        path: list[str] = []  # the moves as _describe words them, for report.paths
        reached.add(session.state)
        try:
            while session.outcome is None and len(turns) < loop_limit:
                if fast:
                    move = least_used_move(session, rng, usage)
                else:
                    moves = candidate_moves(session)
                    move = choose(session, moves, rng, usage) if moves else None
                if move is None:
                    report.errors.append({"seed": run_seed, "error": f"aucun coup possible dans « {session.state} »",
                                          "path": [_describe(m) for m in session.inputs]})
                    break
                if type(move) is ChoiceInput:
                    usage[(session.state, move.choice)] += 1  # move_key, inlined
                    taken.add((session.state, move.choice))
                    path.append(move.choice)
                else:
                    usage[move_key(session, move)] += 1
                    path.append(_describe(move))
                reached.update(session.step(move).visited)
        except Exception as exc:  # noqa: BLE001 - a runtime error is a finding, reported with its seed
            report.errors.append({"seed": run_seed, "error": f"{type(exc).__name__}: {exc}",
                                  "path": [_describe(m) for m in session.inputs]})
            continue
        if not session.ended:
            report.loops.append(run_seed)
            report.outcomes["loop"] += 1
        else:
            report.outcomes[session.outcome or "?"] += 1
            if scores is not None:
                scores.submit(session)
        report.turns.append(len(turns))
        report.paths[(*path, session.state)] += 1
    report.choices_taken.update(f"{state}/{choice}" for state, choice in taken)
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
    random_walks: int = 0  # walks of the sweep that follows a search cut short by its bound

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "policy": "explore", "situations": self.situations,
            "truncated": self.truncated, "random_walks": self.random_walks,
            "states_reached": len(self.states_reached), "states_total": len(self.all_states),
            "states_never_reached": sorted(self.all_states - self.states_reached),
            "choices_never_taken": sorted(self.all_choices - self.choices_taken),
            "endings": dict(self.endings),
            "loops": self.loops[:10],
            "errors": self.errors[:20],
        }


def _condition_texts(scenario: Scenario) -> list[str]:
    spec = scenario.spec
    texts = [a.if_ for a in spec.interrupts] + [o.raise_when for o in spec.objections.values() if o.raise_when]
    for st in spec.states.values():
        texts += [c.if_ for c in st.choices if c.if_] + [a.if_ for a in st.auto]
        for value in [st.say, *(c.reply for c in st.choices)]:
            if isinstance(value, list):
                texts += [v.if_ for v in value if not isinstance(v, str) and v.if_]
    return texts


def _int_thresholds(scenario: Scenario) -> dict[str, tuple[int, ...]]:
    """For each integer the conditions read, the numbers it is compared with."""
    found: dict[str, set[int]] = {}
    ints = {k for k, v in scenario.initial_env.items() if isinstance(v, int) and not isinstance(v, bool)}
    for text in _condition_texts(scenario):
        tokens = tokenize(text)
        names = {t.text for t in tokens if t.kind == "name"} & ints
        numbers = {int(t.text) for t in tokens if t.kind == "num"}
        for name in names:
            found.setdefault(name, set()).update(numbers)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _abstraction(scenario: Scenario) -> Callable[[Session], tuple]:
    """Two situations are the same for exploration when every condition of the scenario reads them alike:
    integers are reduced to where they stand against the numbers they are compared with (patience 7 and 8
    are the same situation if the scenario only ever asks "patience <= 2")."""
    thresholds = _int_thresholds(scenario)
    ints = {k for k, v in scenario.initial_env.items() if isinstance(v, int) and not isinstance(v, bool)}

    def key(session: Session) -> tuple:
        parts = []
        for name, value in sorted(session.env.items()):
            if name in ints:
                if name in thresholds:
                    parts.append((name, tuple((value < c, value == c) for c in thresholds[name])))
                continue  # an integer no condition reads cannot change what happens
            parts.append((name, value))
        nego = None
        if session.negotiation is not None:
            n = session.negotiation
            nego = (tuple(n.counters), tuple(n.obtained), n.last_offer, n.final)
        return (session.state, tuple(parts), frozenset(session.used_once), frozenset(session.voiced), nego)

    return key


def _distances_to(targets: set[str], edges: dict[str, set[str]]) -> dict[str, int]:
    """How many moves each state is from the nearest target, on the scenario's graph."""
    reverse: dict[str, set[str]] = {}
    for a, bs in edges.items():
        for b in bs:
            reverse.setdefault(b, set()).add(a)
    dist = {t: 0 for t in targets}
    frontier = list(targets)
    while frontier:
        nxt = []
        for node in frontier:
            for prev in reverse.get(node, ()):
                if prev not in dist:
                    dist[prev] = dist[node] + 1
                    nxt.append(prev)
        frontier = nxt
    return dist


class _Guide:
    """Orders the situations to expand: a choice never taken first, then the situations nearest (on
    the scenario's graph) to a state not reached yet, then the least expanded states."""

    def __init__(self, scenario: Scenario, report: ExploreReport):
        from .content.checks import successors

        self.edges = successors(scenario)
        self.report = report
        self.expanded: Counter = Counter()
        self.refresh()

    def refresh(self) -> None:
        missing = self.report.all_states - self.report.states_reached
        self.missing = len(missing)
        self.dist = _distances_to(missing, self.edges) if missing else {}

    def priority(self, session: Session) -> tuple[int, int, int, int]:
        taken = self.report.choices_taken
        fresh = any(f"{session.state}/{c.id}" not in taken for c in session.choices())
        env = session.env
        # progress in the interview: needs found, objections dealt with, one-off moves made
        progress = len(env["discovered"]) + len(env["handled_objections"]) + len(session.used_once)
        return (0 if fresh else 1, self.dist.get(session.state, 10**6), -progress, self.expanded[session.state])


def explore(scenario: Scenario, max_situations: int = 20_000, loop_limit: int = LOOP_LIMIT) -> ExploreReport:
    """Walk the distinct situations of a scenario, the most promising first, until all are seen or the bound.

    A plain breadth-first walk drowns in the combinations of variables near the start and never reaches
    the end of a long scenario within its bound. So situations are merged when every condition of the
    scenario reads them alike (see ``_abstraction``), and the next one expanded is one that offers a
    choice never taken, else one nearest to a state not reached yet (see ``_Guide``)."""
    report = ExploreReport(scenario.id)
    report.all_states, report.all_choices = _inventory(scenario)
    root = Session.start(scenario, 0)
    situation = _abstraction(scenario)
    seen = {situation(root)}
    report.states_reached.add(root.state)
    guide = _Guide(scenario, report)
    order = itertools.count()
    heap: list[tuple[tuple[int, int, int, int], int, int, Session]] = [(guide.priority(root), 0, next(order), root)]
    while heap:
        _, _, _, session = heapq.heappop(heap)
        report.situations += 1
        guide.expanded[session.state] += 1
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
            except Exception as exc:  # noqa: BLE001 - a runtime error is a finding, reported with its path
                report.errors.append({"error": f"{type(exc).__name__}: {exc}",
                                      "path": [_describe(m) for m in session.inputs] + [_describe(move)]})
                continue
            if isinstance(move, ChoiceInput):
                report.choices_taken.add(f"{session.state}/{move.choice}")
            report.states_reached.update(child.turns[-1].visited)
            key = situation(child)
            if key in seen:
                continue
            if len(seen) >= max_situations:
                report.truncated = True
                continue
            seen.add(key)
            heapq.heappush(heap, (guide.priority(child), len(child.turns), next(order), child))
        if len(report.all_states - report.states_reached) != guide.missing:
            guide.refresh()  # a new state was reached: aim at the remaining ones
            heap = [(guide.priority(s), d, o, s) for _, d, o, s in heap]
            heapq.heapify(heap)
    if report.truncated and (report.all_states - report.states_reached or report.all_choices - report.choices_taken):
        _random_sweep(scenario, report, walks=max(100, max_situations // 10), loop_limit=loop_limit)
    return report


def _random_sweep(scenario: Scenario, report: ExploreReport, walks: int, loop_limit: int) -> None:
    """When the bounded search ran out before covering everything: seeded walks that head, most of the
    time, for the nearest state not reached or holding a choice not taken (on the scenario's graph),
    and otherwise take the least used move. They stop when everything is covered or the walks are spent."""
    from .content.checks import successors

    edges = successors(scenario)
    usage: Counter = Counter()

    def targets() -> set[str]:
        untaken = {key.split("/", 1)[0] for key in report.all_choices - report.choices_taken}
        return (report.all_states - report.states_reached) | untaken

    goal = targets()
    dist = _distances_to(goal, edges)
    for walk in range(walks):
        if not goal:
            break
        rng = random.Random(f"sweep:{walk}")
        session = Session.start(scenario, walk)
        report.random_walks += 1
        while not session.ended and len(session.turns) < loop_limit:
            moves = candidate_moves(session)
            if not moves:
                break
            if session.state in goal:
                untaken = [m for m in moves if isinstance(m, ChoiceInput)
                           and f"{session.state}/{m.choice}" not in report.choices_taken]
                move = untaken[0] if untaken else least_used_random(session, moves, rng, usage)
            elif rng.random() < 0.7:
                scored = [(dist.get(_static_next(session, m), 10**6), usage[move_key(session, m)], i)
                          for i, m in enumerate(moves)]
                move = moves[min(scored)[2]]
            else:
                move = least_used_random(session, moves, rng, usage)
            usage[move_key(session, move)] += 1
            if isinstance(move, ChoiceInput):
                report.choices_taken.add(f"{session.state}/{move.choice}")
            try:
                report.states_reached.update(session.step(move).visited)
            except Exception as exc:  # noqa: BLE001 - reported with its seed and path
                report.errors.append({"seed": walk, "error": f"{type(exc).__name__}: {exc}",
                                      "path": [_describe(m) for m in session.inputs] + [_describe(move)]})
                break
        if session.ended:
            report.endings[session.state] += 1
        if targets() != goal:
            goal = targets()
            dist = _distances_to(goal, edges)


def _static_next(session: Session, move: Input) -> str:
    """Where a move leads on the scenario's graph (a price offer stays in the negotiation state)."""
    if isinstance(move, ChoiceInput):
        return session.scenario.states[session.state].by_id[move.choice].spec.next
    return session.state
