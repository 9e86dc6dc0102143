"""A loaded scenario: the validated spec plus everything compiled once (expressions, lines, indexes).

Immutable after loading; the engine reads it, never changes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from .diagnostics import Diagnostic
from .expressions import Compiled
from .spec import Choice, Outcome, ScenarioSpec, Speaker, State, Variant
from .yaml_source import SourceMap

Effect = Callable[[dict[str, Any]], None]
T = TypeVar("T")


def slot_maker(cls: type[T]) -> Callable[..., T]:
    """A fast constructor for a frozen, slotted dataclass: every field, in order, set straight into its slot.

    The generated ``__init__`` of a frozen dataclass goes through ``object.__setattr__`` field by field
    (and a call with keywords binds them first): 3.5 µs a ``CompiledChoice``, ~0.1 s of the 40,000 choices and
    states of a 10,000-state file; the slots' own setters take half of that. The object is the same, as
    immutable afterwards (no default, no ``__post_init__``: every field is given). (A function generated for the
    class with ``exec``, as dataclasses writes its ``__init__``, was 0.8 µs a choice faster: ~25 ms of a
    10,000-state load; not worth an ``exec`` in the package that reads authored content.)"""
    setters = tuple(getattr(cls, f.name).__set__ for f in fields(cls))  # type: ignore[arg-type]  # a dataclass
    new = object.__new__

    def make(*values: Any) -> T:
        obj = new(cls)
        for set_field, value in zip(setters, values, strict=True):
            set_field(obj, value)
        return obj

    return make


@dataclass(frozen=True, slots=True)
class LineSet:
    """Client line variants; each may carry a condition (mood-dependent lines)."""

    variants: tuple[tuple[str, Compiled | None], ...]
    plain: tuple[str, ...] = ()
    conditional: tuple[tuple[str, Compiled], ...] = ()
    # The line itself when there is nothing to decide (one variant, no condition, nothing to fill in), as
    # for most lines: the engine says it without a draw or a test.
    fixed: str | None = None

    @classmethod
    def of(cls, variants: tuple[tuple[str, Compiled | None], ...]) -> LineSet:
        """The line set of ``variants``, its fields set through the slots (``slot_maker``): the loader makes one
        for each state and each reply, 10,000 and more in a large file."""
        plain = tuple([text for text, cond in variants if cond is None])
        conditional = (tuple([(text, cond) for text, cond in variants if cond is not None])
                       if len(plain) < len(variants) else ())
        fixed = plain[0] if len(plain) == 1 and not conditional and "{" not in plain[0] else None
        return _new_line_set(variants, plain, conditional, fixed)

    def candidates(self, env: dict[str, Any]) -> Sequence[str]:
        """The lines the client may say now: conditional variants that hold win over the plain ones, which
        are the fallback (the last variant when nothing else applies). The caller draws one."""
        if self.conditional:
            holding: list[str] = []
            for text, cond in self.conditional:  # a plain loop: no list built when none holds
                if cond(env):
                    holding.append(text)
            if holding:
                return holding
            if not self.plain:
                return (self.variants[-1][0],)
        return self.plain

    @property
    def texts(self) -> list[str]:
        return [t for t, _ in self.variants]


_new_line_set = slot_maker(LineSet)
EMPTY_LINES = LineSet(())


@dataclass(frozen=True, slots=True)
class CompiledChoice:
    spec: Choice
    state: str
    event: str  # the trigger name in the compiled state machine
    condition: Compiled | None
    effects: tuple[Effect, ...]
    reply: LineSet
    acts: tuple[str, ...] = ()
    # Precomputed from the spec and the scenario's reactions, for the engine's hot path (a move is taken
    # thousands of times in a simulation): the act reactions then the choice's own effects, in that order.
    step_effects: tuple[Effect, ...] = ()
    discovers: frozenset[str] = frozenset()
    handles: frozenset[str] = frozenset()
    raises: tuple[str, ...] = ()
    once: bool = False
    templated: bool = False  # the learner's line quotes {deal_price}...
    id: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class CompiledAuto:
    condition: Compiled
    next: str
    reply: LineSet
    event: str


@dataclass(frozen=True, slots=True)
class CompiledState:
    id: str
    spec: State
    say: LineSet
    choices: tuple[CompiledChoice, ...]
    auto: tuple[CompiledAuto, ...]
    by_id: dict[str, CompiledChoice]
    # Copied from the spec once, read every turn by the engine
    phase: str = ""
    speaker: Speaker = "client"
    outcome: Outcome | None = None  # the ending's outcome when this state ends the session
    is_end: bool = False
    voices: tuple[str, ...] = ()  # objections put into words in this state


@dataclass(frozen=True, eq=False)  # identity hash: a compiled machine is cached per scenario
class Scenario:
    spec: ScenarioSpec
    source: SourceMap
    content_hash: str
    states: dict[str, CompiledState]
    initial_env: dict[str, Any]
    reactions: dict[str, tuple[Effect, ...]]
    interrupts: tuple[CompiledAuto, ...]
    objection_triggers: dict[str, Compiled]
    price_lines: dict[str, LineSet]
    warnings: list[Diagnostic] = field(default_factory=list)
    objections_at: dict[str, tuple[str, ...]] = field(default_factory=dict)  # state -> objections voiced there

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def start(self) -> str:
        return self.spec.start

    @property
    def file(self) -> str:
        return self.source.file

    def state(self, state_id: str) -> CompiledState:
        return self.states[state_id]

    def choice_ids(self) -> set[tuple[str, str]]:
        return {(s.id, c.id) for s in self.states.values() for c in s.choices}


def lines_of(value: str | list[str | Variant] | None) -> list[tuple[str, str | None]]:
    """Normalise the authored forms of client lines to (text, condition text) pairs."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(value, None)]
    out: list[tuple[str, str | None]] = []
    for item in value:
        if isinstance(item, str):
            out.append((item, None))
        else:
            out.append((item.text, item.if_))
    return out




# The loader makes one per choice and per state (see slot_maker): fields in their order above.
make_choice = slot_maker(CompiledChoice)
make_state = slot_maker(CompiledState)
