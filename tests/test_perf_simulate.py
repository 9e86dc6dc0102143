"""The simulator's cheaper move choice gives the same sessions as before (issue 19).

``negosim simulate``'s default policy (least used first, ties drawn by the generator) used to put every menu in
the order the learner sees it, a SHA-256 per option, and then pick among the least used moves. It now orders only
the tied options (``simulate.least_used_move``), and ``Session.in_shown_order`` hashes the key's shared prefix
once. These properties hold the new code to the old definitions: the shown order against the SHA-256 of
``"{seed}:order:{turn count}:{state}:{choice id}"`` written out here, the move and the generator's state against
``least_used_random`` over ``candidate_moves``, and whole batch reports against the same batch played through
the general policy loop.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from functools import cache

from factories import generated
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_properties import BUNDLED, bundled

from simulator.content.loader import load_scenario_text
from simulator.engine.session import Session
from simulator.simulate import (
    POLICIES,
    candidate_moves,
    least_used_move,
    least_used_random,
    move_key,
    run_policy,
)

PIN = {"first": 0, None: 1, "last": 2}


@cache
def _generated(price: bool):
    return load_scenario_text(generated(60, price=price))


SCENARIOS = st.one_of(st.sampled_from(BUNDLED).map(bundled), st.booleans().map(_generated))


def shown_order_by_definition(session: Session) -> list[str]:
    """The menu's order as it is defined (and shown to learners, replayed by exams): pin, then SHA-256."""
    key = f"{session.seed}:order:{len(session.turns)}:{session.state}:"
    return [c.id for c in sorted(session.choices(), key=lambda c: (PIN[c.spec.order],
                                                                  hashlib.sha256((key + c.id).encode()).digest()))]


@settings(max_examples=40, deadline=None)
@given(SCENARIOS, st.integers(0, 10**9), st.integers(0, 10**6))
def test_the_menu_order_is_the_sha256_definition(scenario, seed, walk_seed):
    session = Session.start(scenario, seed)
    rng = random.Random(walk_seed)
    while not session.ended and len(session.turns) < 30:
        assert [c.id for c in session.offered()] == shown_order_by_definition(session)
        # any subset of the options keeps their relative order
        subset = [c for c in session.choices() if rng.random() < 0.5]
        shown = [c.id for c in session.in_shown_order(subset)]
        assert shown == [cid for cid in shown_order_by_definition(session) if cid in {c.id for c in subset}]
        # the simulator's draw among tied options looks for the k-th of them in that order, without the list
        assert [session.nth_shown(subset, k).id for k in range(len(subset))] == shown
        moves = candidate_moves(session)
        session.step(moves[rng.randrange(len(moves))])


@settings(max_examples=40, deadline=None)
@given(SCENARIOS, st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 3))
def test_least_used_move_is_least_used_random_over_the_shown_moves(scenario, seed, walk_seed, spread):
    """Same move, same draws from the generator, whatever the counts (``spread`` 0: every move tied)."""
    session = Session.start(scenario, seed)
    walk = random.Random(walk_seed)
    fast_rng, slow_rng = random.Random(seed), random.Random(seed)
    usage: Counter = Counter()
    while not session.ended and len(session.turns) < 30:
        moves = candidate_moves(session)
        for m in moves:  # counts drawn at random: ties among some, all or none of the moves
            usage[move_key(session, m)] = walk.randrange(spread + 1)
        expected = least_used_random(session, moves, slow_rng, usage)
        assert least_used_move(session, fast_rng, usage) == expected
        assert fast_rng.getstate() == slow_rng.getstate()
        session.step(expected)
    if session.ended:
        assert least_used_move(session, fast_rng, usage) is None  # nothing to play: the caller reports it


def _general_loop(session, moves, rng, usage):
    """The default policy, but not the same function: run_policy takes its general path (candidate_moves)."""
    return least_used_random(session, moves, rng, usage)


def test_batches_are_the_same_through_the_general_loop(monkeypatch):
    batches = [(_generated(False), 300), (_generated(True), 150)] + [(bundled(n), 40) for n in BUNDLED]
    fast = [run_policy(sc, "random", runs, seed=5, loop_limit=60, scorer=lambda s: float(len(s.turns)))
            for sc, runs in batches]
    # the same policy name (it seeds the generators), another function: run_policy takes its general path
    monkeypatch.setitem(POLICIES, "random", _general_loop)
    slow = [run_policy(sc, "random", runs, seed=5, loop_limit=60, scorer=lambda s: float(len(s.turns)))
            for sc, runs in batches]
    for (scenario, _), f, s in zip(batches, fast, slow):
        assert f == s, scenario.id
        assert f.choices_taken and f.paths and f.marks  # something was played and recorded
