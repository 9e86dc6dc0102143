"""Compile a scenario once into a ``transitions`` state machine shared by all its sessions.

Sessions are plain model objects that are never registered with the machine (``add_model`` binds a
method per event, which costs time in proportion to the scenario's size); events are fired with
``machine.events[name].trigger(session)``, which only needs the model's ``state`` attribute. So
starting a session costs the same for 10 states or 10,000.

The machine stays the definition of what fires where; ``routes`` reads it once into plain tables, so that a
session can fire an event without the library's per-trigger work (an ``EventData``, a partial, the state
objects looked up by name, logging calls: 40 % of a step). The tables are only made for what that
shortcut does exactly as ``trigger`` would: guards of ours, no callbacks anywhere; any other event (or a
state the event cannot fire from, which must raise as the library does) goes through ``trigger``.
tests/test_perf_engine_routes.py compares both on random sessions.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from transitions import Machine
from transitions.core import Condition, Transition

from ..content.scenario import Scenario

_CACHE: weakref.WeakKeyDictionary[Scenario, Machine] = weakref.WeakKeyDictionary()
_ROUTES: weakref.WeakKeyDictionary[Machine, Routes] = weakref.WeakKeyDictionary()

Env = dict[str, Any]
# event -> source state -> the event's transitions from it, in the machine's order: (destination, None for an
# internal transition; the conditions on the session's variables, all of which must hold)
Routes = dict[str, dict[str, tuple[tuple[str | None, tuple[Callable[[Env], Any], ...]], ...]]]


class _Guard:
    """A transition's condition: an authored condition read on the session's variables (``cond``, which the
    fast path calls directly) wrapped as the callback ``transitions`` calls with its event data."""

    __slots__ = ("cond",)

    def __init__(self, cond: Callable[[Env], Any]):
        self.cond = cond

    def __call__(self, event_data: Any) -> bool:
        return bool(self.cond(event_data.model.env))


def _guard(cond: Callable[[Env], Any]) -> _Guard:
    return _Guard(cond)


def divert_event(objection: str) -> str:
    return f"*/objection/{objection}"


def offer_event(state: str) -> str:
    return f"{state}/offer"


def accept_event(state: str) -> str:
    return f"{state}/accept"


def walkaway_event(state: str) -> str:
    return f"{state}/walkaway"


def compile_machine(scenario: Scenario) -> Machine:
    cached = _CACHE.get(scenario)
    if cached is not None:
        return cached
    machine = Machine(model=None, states=list(scenario.states), initial=scenario.start,
                      auto_transitions=False, send_event=True, ignore_invalid_triggers=False)
    live = [sid for sid, st in scenario.states.items() if not st.is_end]
    for sid, st in scenario.states.items():
        for ch in st.choices:
            conditions: list[str | Callable[..., bool | None]] = [_guard(ch.condition)] if ch.condition else []
            machine.add_transition(ch.event, sid, ch.spec.next, conditions=conditions)
        for auto in st.auto:
            machine.add_transition(auto.event, sid, auto.next, conditions=[_guard(auto.condition)])
        if st.spec.negotiation is not None:
            machine.add_transition(offer_event(sid), sid, None)  # internal: the client counters
            machine.add_transition(accept_event(sid), sid, st.spec.negotiation.accept)
            machine.add_transition(walkaway_event(sid), sid, st.spec.negotiation.walkaway)
    # Interrupts and objections can fire from any state still in play.
    for interrupt in scenario.interrupts:
        machine.add_transition(interrupt.event, live, interrupt.next,  # type: ignore[arg-type]  # list[str] is a list of sources; the stubs' list is invariant
                               conditions=[_guard(interrupt.condition)])
    for oid, objection in scenario.spec.objections.items():
        machine.add_transition(divert_event(oid), live, objection.state)  # type: ignore[arg-type]  # as above
    _CACHE[scenario] = machine
    return machine


def routes(machine: Machine) -> Routes:
    """The plain tables of ``machine``'s events (see the module's docstring), read once per machine."""
    cached = _ROUTES.get(machine)
    if cached is not None:
        return cached
    table: Routes = {}
    if not _machine_has_callbacks(machine):
        for name, event in machine.events.items():
            by_source: dict[str, tuple[tuple[str | None, tuple[Callable[[Env], Any], ...]], ...]] = {}
            for source, transitions in event.transitions.items():
                plain = [_plain(t) for t in transitions]
                if any(p is None for p in plain):
                    by_source = {}
                    break  # this event keeps the library's path everywhere
                by_source[source] = tuple(p for p in plain if p is not None)
            if by_source:
                table[name] = by_source
    _ROUTES[machine] = table
    return table


def _machine_has_callbacks(machine: Machine) -> bool:
    hooks = (machine.before_state_change, machine.after_state_change, machine.prepare_event,
             machine.finalize_event, machine.on_exception, machine.on_final)
    return (any(hooks) or machine.has_queue or machine.model_attribute != "state"
            or any(st.on_enter or st.on_exit or st.final for st in machine.states.values()))


def _plain(transition: Transition) -> tuple[str | None, tuple[Callable[[Env], Any], ...]] | None:
    """(destination, conditions) when firing ``transition`` is only checking our guards and setting the
    state (None otherwise)."""
    if transition.prepare or transition.before or transition.after:
        return None
    conds: list[Callable[[Env], Any]] = []
    for c in transition.conditions:
        if type(c) is not Condition or not isinstance(c.func, _Guard) or c.target is not True:
            return None
        conds.append(c.func.cond)
    return (transition.dest or None), tuple(conds)
