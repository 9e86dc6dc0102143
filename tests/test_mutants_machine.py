"""The engine's firing tables, read off the ``transitions`` machine, on machines compiled afresh (issue 21).

``compile_machine`` and ``routes`` keep what they built per scenario and per machine: tests that reuse a cached
scenario never run them again, so mutation testing saw nothing of them. Here every test compiles its own.
What is checked: the tables say exactly what the library's transitions say (destination, our guards, in order);
they are read once per machine; an event that is not plain somewhere keeps the library's path everywhere while
the others keep their tables; a machine with any callback has no table at all; and the library's own path (every
event through ``trigger``) still reads our guards with the event's data.
"""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from factories import generated
from transitions import Machine

from simulator.content.loader import load_scenario_text
from simulator.engine.machine import _guard, compile_machine, routes
from simulator.engine.session import ChoiceInput, Session


def _fresh(price: bool = True):
    return load_scenario_text(generated(30, price=price))


def _expected(machine: Machine) -> dict:
    """The tables as the library's own transitions say them."""
    return {name: {source: tuple((t.dest or None, tuple(c.func.cond for c in t.conditions)) for t in ts)
                   for source, ts in event.transitions.items()}
            for name, event in machine.events.items()}


def test_the_tables_say_what_the_library_transitions_say_and_are_read_once():
    machine = compile_machine(_fresh())
    table = routes(machine)
    assert table == _expected(machine)
    assert any(conds for by_source in table.values() for found in by_source.values() for _, conds in found)
    assert routes(machine) is table  # kept: a session start does not read the machine again


def _small(**options) -> Machine:
    machine = Machine(model=None, states=["a", "b"], initial="a", auto_transitions=False, send_event=True,
                      ignore_invalid_triggers=False, **options)
    machine.add_transition("go", "a", "b", conditions=[_guard(lambda env: env["ok"])])
    machine.add_transition("stay", "a", None)
    return machine


def test_a_plain_machine_is_read_whole():
    machine = _small()
    table = routes(machine)
    assert set(table) == {"go", "stay"} and table["stay"] == {"a": ((None, ()),)}
    [(dest, (cond,))] = table["go"]["a"]
    assert dest == "b" and cond({"ok": True}) and not cond({"ok": False})


@pytest.mark.parametrize("options", [
    {"queued": True}, {"model_attribute": "status"}, {"before_state_change": "x"}, {"after_state_change": "x"},
    {"prepare_event": "x"}, {"finalize_event": "x"}, {"on_exception": "x"}, {"on_final": "x"},
], ids=lambda o: next(iter(o)))
def test_a_machine_with_a_callback_or_another_model_has_no_table(options):
    assert routes(_small(**options)) == {}


@pytest.mark.parametrize("state", [{"name": "b", "on_enter": "x"}, {"name": "b", "on_exit": "x"},
                                   {"name": "b", "final": True}], ids=["on_enter", "on_exit", "final"])
def test_a_state_with_a_callback_or_final_keeps_every_event_on_the_library(state):
    machine = Machine(model=None, states=["a", state], initial="a", auto_transitions=False, send_event=True)
    machine.add_transition("go", "a", "b")
    assert routes(machine) == {}


@pytest.mark.parametrize("extra", [{"before": "x"}, {"after": "x"}, {"prepare": "x"},
                                   {"conditions": [lambda event_data: True]},
                                   {"unless": [_guard(lambda env: False)]}],
                         ids=["before", "after", "prepare", "foreign condition", "unless"])
def test_an_event_not_plain_from_one_source_keeps_the_library_everywhere_the_others_keep_their_tables(extra):
    machine = _small()
    machine.add_transition("odd", "b", "a")  # plain from b...
    machine.add_transition("odd", "a", "b", **extra)  # ...but not from a
    table = routes(machine)
    assert "odd" not in table and set(table) == {"go", "stay"}


class _Model(SimpleNamespace):
    pass


def test_the_library_path_reads_our_guards_with_the_events_data():
    # the path every event takes when a machine has no table (and an event that cannot fire from here)
    scenario = _fresh()
    machine = compile_machine(scenario)
    guarded = [(name, source, t) for name, event in machine.events.items()
               for source, ts in event.transitions.items() for t in ts if t.conditions]
    assert guarded
    name, source, transition = guarded[0]
    cond = transition.conditions[0].func.cond
    session = Session.start(scenario, 0)
    for env in (dict(session.env), {**session.env, "patience": 0}):
        model = _Model(state=source, env=env)
        fired = machine.events[name].trigger(model)
        assert fired == bool(cond(env))
        assert model.state == ((transition.dest or source) if fired else source)


def test_sessions_on_a_fresh_machine_play_the_same_with_or_without_the_tables():
    scenario = _fresh()
    for seed in range(6):
        rng_fast, rng_slow = random.Random(seed), random.Random(seed)
        fast, slow = Session.start(scenario, seed), Session.start(scenario, seed)
        slow.routes = {}
        while not fast.ended and len(fast.turns) < 40:
            options = fast.choices()
            assert [c.id for c in options] == [c.id for c in slow.choices()]
            if not options:
                break
            pick = rng_fast.choice(options).id
            assert pick == rng_slow.choice(slow.choices()).id
            a, b = fast.step(ChoiceInput(pick)), slow.step(ChoiceInput(pick))
            assert (a.next_state, a.replies, a.acts) == (b.next_state, b.replies, b.acts)
        assert (fast.state, fast.env) == (slow.state, slow.env)
