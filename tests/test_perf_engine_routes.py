"""The engine's fast path fires events exactly as the ``transitions`` library does (issue 19).

``machine.routes`` reads the compiled machine into plain tables and ``Session._fire`` uses them instead of
``machine.events[name].trigger(session)``. The library stays the definition: these properties play the same
random sessions both ways (a session given no tables goes through ``trigger`` for every event) and require
the same turns, byte for byte; and fire single events, every kind of them, from random situations
(end states and states the event cannot fire from included), requiring the same result, state or error.
"""

from __future__ import annotations

import dataclasses
import random
from functools import cache

import pytest
from factories import generated
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_properties import BUNDLED, bundled
from transitions import Machine

from simulator.content.loader import load_scenario_text
from simulator.engine.machine import compile_machine, routes
from simulator.engine.session import ChoiceInput, EngineError, Session
from simulator.scoring.scorer import offered_moves


@cache
def _generated(price: bool):
    return load_scenario_text(generated(60, price=price))


SCENARIOS = st.one_of(st.sampled_from(BUNDLED).map(bundled), st.booleans().map(_generated))


def _library_only(session: Session) -> Session:
    session.routes = {}  # no tables: every event through ``transitions``' own trigger
    return session


def _step(session: Session, move) -> object:
    try:
        return session.step(move)
    except EngineError as err:
        return ("refused", err.key)


@settings(max_examples=40, deadline=None)
@given(SCENARIOS, st.integers(0, 10**6), st.integers(0, 10**6))
def test_sessions_play_the_same_turns_with_or_without_the_tables(scenario, seed, walk_seed):
    fast = Session.start(scenario, seed)
    slow = _library_only(Session.start(scenario, seed))
    assert fast.routes  # the bundled and generated machines are all read into tables
    rng = random.Random(walk_seed)
    while not fast.ended and len(fast.turns) < 40:
        moves = offered_moves(fast)
        assert moves == offered_moves(slow)
        move = moves[rng.randrange(len(moves))]
        if rng.random() < 0.15:  # a fork played on for a while must not disturb the session it came from
            twin, slow_twin = fast.fork(), slow.fork()
            for _ in range(3):
                if twin.ended:
                    break
                twin_move = rng.choice(offered_moves(twin))
                assert _step(twin, twin_move) == _step(slow_twin, twin_move)
        assert _step(fast, move) == _step(slow, move)
        assert (fast.state, fast.env, fast.outcome, fast.used_once, fast.voiced) == (
            slow.state, slow.env, slow.outcome, slow.used_once, slow.voiced)
    assert fast.turns == slow.turns
    # each turn's ``before`` is the variables as they were: a later step never changed them
    replayed = Session.replay(scenario, seed, fast.inputs)
    assert [(t.before, t.after) for t in replayed.turns] == [(t.before, t.after) for t in fast.turns]


@settings(max_examples=30, deadline=None)
@given(SCENARIOS, st.integers(0, 10**6), st.integers(0, 10**6))
def test_a_muted_probe_plays_the_same_move_without_its_lines(scenario, seed, walk_seed):
    """The scoring memo tries the moves on offer on muted forks (no client line drawn): every field of the
    turn but its lines, and the session after it, are those of the same move played in full."""
    session = Session.start(scenario, seed)
    rng = random.Random(walk_seed)
    while not session.ended and len(session.turns) < 30:
        moves = offered_moves(session)
        for move in moves:
            loud = session.fork()
            session.mute = True
            muted = session.fork()
            session.mute = False
            played, probed = _step(loud, move), _step(muted, move)
            if isinstance(played, tuple):
                assert probed == played
                continue
            assert dataclasses.replace(probed, replies=played.replies) == played
            assert muted._rng is session._rng  # nothing drawn: no generator seeded or copied
            assert (muted.state, muted.env, muted.outcome, muted.used_once, muted.voiced, muted.negotiation) == (
                loud.state, loud.env, loud.outcome, loud.used_once, loud.voiced, loud.negotiation)
        session.step(moves[rng.randrange(len(moves))])


def _fire_by_library(session: Session, event: str) -> object:
    try:
        return ("fired", bool(session.machine.events[event].trigger(session)), session.state)
    except Exception as err:  # noqa: BLE001 - the library's error (MachineError) must be the fast path's too
        return ("error", type(err), str(err))


def _fire_fast(session: Session, event: str) -> object:
    try:
        return ("fired", session._fire(event), session.state)
    except Exception as err:  # noqa: BLE001 - compared with the library's
        return ("error", type(err), str(err))


@settings(max_examples=60, deadline=None)
@given(SCENARIOS, st.integers(0, 10**6), st.data())
def test_one_event_fires_the_same_from_any_situation(scenario, walk_seed, data):
    # a situation reached by playing (realistic variables), then any state and any event of the machine
    session = Session.start(scenario, 0)
    rng = random.Random(walk_seed)
    for _ in range(rng.randrange(12)):
        if session.ended:
            break
        moves = offered_moves(session)
        _step(session, moves[rng.randrange(len(moves))])
    machine = compile_machine(scenario)
    events = sorted(machine.events)
    for _ in range(8):
        state = data.draw(st.sampled_from(sorted(scenario.states)), label="state")
        event = data.draw(st.sampled_from(events), label="event")
        env = dict(session.env)
        if "patience" in env and data.draw(st.booleans(), label="patience at 0"):
            env["patience"] = 0  # the interrupts' usual guard
        fast, slow = session.fork(), _library_only(session.fork())
        fast.state = slow.state = state
        fast.env, slow.env = env, dict(env)
        assert _fire_fast(fast, event) == _fire_by_library(slow, event), (state, event)


def test_a_machine_with_callbacks_keeps_the_library_path():
    """Tables are only read where firing is checking our guards and setting the state: a callback anywhere
    (here on entering a state) keeps every event on ``trigger``, which runs it."""
    scenario = _generated(False)
    machine = compile_machine(scenario)
    assert routes(machine)
    entered: list[str] = []
    watched = Machine(model=None, states=list(scenario.states), initial=scenario.start, auto_transitions=False,
                      send_event=True, after_state_change=[lambda event_data: entered.append(event_data.state.name)])
    for name, event in machine.events.items():
        for source, transitions in event.transitions.items():
            for t in transitions:
                watched.add_transition(name, source, t.dest, conditions=[c.func for c in t.conditions])
    assert routes(watched) == {}
    session = Session.start(scenario, 0)
    session.machine, session.routes = watched, routes(watched)
    first = session.current.choices[0]
    turn = session.step(ChoiceInput(first.id))
    assert entered == [first.spec.next] == [turn.next_state]  # the callback ran: the library fired the event


@pytest.mark.parametrize("price", [False, True])
def test_every_event_of_a_generated_machine_is_read_into_the_tables(price):
    machine = compile_machine(_generated(price))
    table = routes(machine)
    assert set(table) == set(machine.events)
    for name, event in machine.events.items():
        assert {s: len(ts) for s, ts in event.transitions.items()} == {s: len(r) for s, r in table[name].items()}
