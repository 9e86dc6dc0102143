"""Invariants of the engine over generated scenarios and random walks (Hypothesis)."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from factories import generated
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content.loader import load_scenario, load_scenario_text
from simulator.content.spec import IntVariable
from simulator.engine.session import Session
from simulator.simulate import LOOP_LIMIT, candidate_moves

ROOT = Path(__file__).resolve().parent.parent


@cache
def scenario(n: int, branching: int, price: bool):
    return load_scenario_text(generated(n, branching, price))


@cache
def bundled(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


scenarios = st.one_of(
    st.builds(scenario, st.integers(3, 60), st.integers(1, 4), st.booleans()),
    st.sampled_from(sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))).map(bundled),
)


def random_walk(sc, seed: int, walk: int, max_turns: int = LOOP_LIMIT) -> Session:
    rng = random.Random(walk)
    s = Session.start(sc, seed)
    while not s.ended and len(s.turns) < max_turns:
        moves = candidate_moves(s)
        assert moves, f"stuck in {s.state} with no move"
        s.step(moves[rng.randrange(len(moves))])
    return s


@settings(max_examples=60, deadline=None)
@given(scenarios, st.integers(0, 2**31 - 1), st.integers(0, 10**6))
def test_random_walks_stay_in_bounds_and_end_or_hit_the_loop_limit(sc, seed, walk):
    s = random_walk(sc, seed, walk)
    assert s.ended or len(s.turns) == LOOP_LIMIT
    bounds = {k: v for k, v in sc.spec.variables.items() if isinstance(v, IntVariable)}
    for turn in s.turns:
        for name, var in bounds.items():
            assert var.min <= turn.after[name] <= var.max
        assert turn.next_state in sc.states
        assert turn.after["open_objections"] <= turn.after["raised_objections"]
    if s.negotiation and s.negotiation.final is not None:
        assert s.negotiation.final <= s.negotiation.price.client.reservation or \
            s.negotiation.final <= max(s.negotiation.counters or [0])


@settings(max_examples=40, deadline=None)
@given(scenarios, st.integers(0, 2**31 - 1), st.integers(0, 10**6))
def test_replaying_the_inputs_gives_identical_turns(sc, seed, walk):
    live = random_walk(sc, seed, walk, max_turns=60)
    again = Session.replay(sc, seed, live.inputs)
    assert repr(again.turns) == repr(live.turns)
    assert again.env == live.env and again.state == live.state


@settings(max_examples=40, deadline=None)
@given(scenarios, st.integers(0, 2**31 - 1), st.integers(0, 10**6), st.data())
def test_a_prefix_resumes_to_the_live_state_at_that_point(sc, seed, walk, data):
    rng = random.Random(walk)
    live = Session.start(sc, seed)
    snapshots = [(live.state, dict(live.env))]
    while not live.ended and len(live.turns) < 40:
        moves = candidate_moves(live)
        live.step(moves[rng.randrange(len(moves))])
        snapshots.append((live.state, dict(live.env)))
    k = data.draw(st.integers(0, len(live.turns)))
    resumed = Session.replay(sc, seed, live.inputs[:k])
    assert (resumed.state, resumed.env) == snapshots[k]
    # and going on from the resumed session gives the live session's next turns
    for inp in live.inputs[k:]:
        resumed.step(inp)
    assert repr(resumed.turns) == repr(live.turns)
