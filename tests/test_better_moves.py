"""The debrief's "Mieux" is really better (issue 13, change 8), checked with the engine rather than by label.

Every move the debrief recommends is played by the engine from the situation the learner was in, and the
engine then searches for a way to the ending the learner's own path reached (a witness of what their move
kept within reach): the recommended move must keep it within reach too. A move that ends the call
early (a message left, documentation sent) is never recommended when the learner's move kept the deal open.
"""

from __future__ import annotations

import heapq
from functools import cache
from itertools import count
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_properties import walk

from simulator.content.checks import successors
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, EngineError, Input, PriceInput, Session
from simulator.scoring import default_rubric, score
from simulator.scoring.prospects import RANK
from simulator.simulate import _abstraction, _distances_to, candidate_moves

ROOT = Path(__file__).resolve().parent.parent
NAMES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
BUDGET = 3000  # situations explored per move, at most: a guided search finds an ending in far fewer


@cache
def bundled(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def as_input(pairs) -> Input:
    d = dict(pairs)
    return ChoiceInput(d["choice"]) if "choice" in d else PriceInput(d["price"], d.get("counterpart"))


def _paths(scenario) -> dict[str, set[str]]:
    """The scenario's graph without the interrupts (a hang-up is one step from everywhere, so keeping them
    would make every state look next to a failure and the search would lose its sense of direction)."""
    cut = {a.next for a in scenario.spec.interrupts}
    explicit = {sid: {c.spec.next for c in st.choices} | {a.next for a in st.spec.auto}
                for sid, st in scenario.states.items()}
    return {sid: {n for n in nexts if n not in cut or n in explicit[sid]} for sid, nexts in successors(scenario).items()}


def reaches(session: Session, rank: int) -> bool:
    """Whether the engine, playing on from ``session``, can still end the interview at ``rank`` or better.
    A best-first search over the engine's real situations, nearest (on the scenario's graph) to such an
    ending first: the search plays the engine's moves, the graph only orders them."""
    scenario = session.scenario
    targets = {sid for sid, st in scenario.states.items() if st.is_end and RANK.get(st.outcome or "", -1) >= rank}
    dist = _distances_to(targets, _paths(scenario))
    key = _abstraction(scenario)
    tie = count()
    seen, heap = {key(session)}, [(dist.get(session.state, 10**6), 0, next(tie), session)]
    while heap and len(seen) < BUDGET:
        *_, here = heapq.heappop(heap)
        if here.outcome is not None:
            if RANK[here.outcome] >= rank:
                return True
            continue
        for move in candidate_moves(here):
            twin = here.fork()
            try:
                twin.step(move)
            except EngineError:
                continue
            k = key(twin)
            if k not in seen:
                seen.add(k)
                heapq.heappush(heap, (dist.get(twin.state, 10**6), -len(twin.turns), next(tie), twin))
    return False


def after(scenario, seed: int, inputs: list[Input], move: Input) -> Session:
    session = Session.replay(scenario, seed, inputs)
    session.step(move)
    return session


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 50), st.integers(0, 10**6))
def test_a_recommended_move_never_leads_to_a_worse_ending(name, seed, walk_seed):
    scenario = bundled(name)
    session = walk(scenario, seed, walk_seed)
    debrief = score(scenario, default_rubric(), session.turns)
    if session.outcome is None:
        return  # the walk reached no ending: nothing witnessed to compare with
    witnessed = RANK[session.outcome]  # an ending the engine really reached after each of the learner's moves
    inputs = [t.input for t in session.turns]
    advised = {(n.number, n.better.input) for n in debrief.turns if n.better is not None}
    advised |= {(p.better.turn, p.better.input) for p in debrief.priorities if p.better is not None}
    for number, pairs in sorted(advised):
        advised_session = after(scenario, seed, inputs[: number - 1], as_input(pairs))
        assert reaches(advised_session, witnessed), (
            f"{name} tour {number} : « Mieux » ne permet plus de finir en {session.outcome}, "
            f"ce que le parcours de l'apprenant a atteint")


def test_a_message_is_not_the_better_move_while_the_meeting_is_still_within_reach():
    """At the gatekeeper, a learner leaves a vague message. A useful message (reason and call-back time) is
    better worded, but it still ends the call on a call-back; asking when to reach the manager keeps the
    meeting within reach. The debrief advises the latter (before the check it quoted the useful message)."""
    scenario = bundled("banque-boulangerie")
    path = [ChoiceInput("se-presenter-verifier"), ChoiceInput("insister"), ChoiceInput("message-vague")]
    session = Session.replay(scenario, 0, path)
    assert session.turns[2].state == "barrage-message" and session.outcome is not None
    debrief = score(scenario, default_rubric(), session.turns)
    advised = [n.better.input for n in debrief.turns if n.number == 3 and n.better is not None]
    advised += [p.better.input for p in debrief.priorities if p.better is not None and p.better.turn == 3]
    assert advised and (("choice", "message-utile"),) not in advised
    for pairs in advised:
        assert after(scenario, 0, path[:2], as_input(pairs)).outcome is None  # the call goes on
