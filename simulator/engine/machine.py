"""Compile a scenario once into a ``transitions`` state machine shared by all its sessions.

Sessions are plain model objects that are never registered with the machine (``add_model`` binds a
method per event, which costs time in proportion to the scenario's size); events are fired with
``machine.events[name].trigger(session)``, which only needs the model's ``state`` attribute. So
starting a session costs the same for 10 states or 10,000.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from transitions import Machine

from ..content.scenario import Scenario

_CACHE: weakref.WeakKeyDictionary[Scenario, Machine] = weakref.WeakKeyDictionary()


def _guard(cond: Callable[[dict[str, Any]], Any]) -> Callable[[Any], bool]:
    return lambda event_data: bool(cond(event_data.model.env))


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
