"""A loaded scenario: the validated spec plus everything compiled once (expressions, lines, indexes).

Immutable after loading; the engine reads it, never changes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, cast

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
    states of a 10,000-state file; the slots' own setters take half of that. The setters are called one after
    the other in a function written for the class, as dataclasses writes its ``__init__`` (a loop over them
    costs twice as much: 2.0 against 1.2 µs a ``CompiledChoice``). The object is the same, as immutable
    afterwards (no default, no ``__post_init__``: every field is given, by position)."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]  # a dataclass
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace.update({f"set_{i}": getattr(cls, name).__set__ for i, name in enumerate(names)})
    values = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    set_{i}(obj, v{i})\n" for i in range(len(names)))
    # Only the class's own field count shapes this text: nothing read from a file reaches it. Unpacking
    # refuses too few or too many values (ValueError), as a loop with zip(strict=True) did.
    exec(f"def make(*values):\n    {values}, = values\n    obj = new(cls)\n{body}    return obj\n", namespace)
    return cast(Callable[..., T], namespace["make"])


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
        plain = tuple(t for t, c in variants if c is None)
        conditional = tuple((t, c) for t, c in variants if c is not None)
        fixed = plain[0] if len(plain) == 1 and not conditional and "{" not in plain[0] else None
        return cls(variants, plain, conditional, fixed)

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
