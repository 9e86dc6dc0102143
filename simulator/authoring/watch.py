"""Live preview: keep playing a scenario while its YAML file is being edited (as Inky does for ink).

UI-independent: the plain player and the terminal UI both drive a :class:`LiveScenario`.

    from simulator.authoring.watch import LiveScenario

    live = LiveScenario(path, seed=0)      # raises ContentError if the file does not load at all
    live.session                           # the engine Session in play (a new object after a reload)
    live.step(ChoiceInput("cap"))          # play through the live object: it remembers the inputs
    result = live.poll()                   # call about every 0.5 s; None when the file has not changed
    if result is not None:
        show(result.message())             # one French sentence; result.diagnostics: errors or warnings
        if result.ok:
            redraw(live.session)           # the new version, inputs replayed by choice id

In Textual, call ``poll()`` from ``set_interval(POLL_INTERVAL, ...)``; in a line-based player, between
reads (see ``simulator.authoring.live_plain``). ``poll()`` only compares the file's modification time,
size and inode (one ``stat`` call), so polling costs nothing and there is no busy loop.

On a change the file is loaded and checked again. When it has errors, the session goes on with the
previous version and the result carries the errors. When it loads, a new session on the new version
replays the learner's inputs so far, by choice id, up to the first one that no longer applies (a
choice removed, renamed, no longer offered, a price where none is accepted); the result says which,
and play resumes from there. The inputs are kept, so restoring a removed choice in a later save
replays the rest again. Previews are not recorded in the learner's journal.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..content.diagnostics import ContentError, Diagnostic
from ..content.loader import load_scenario
from ..content.scenario import Scenario
from ..content.typography import localise
from ..engine.session import ChoiceInput, EngineError, Input, PriceInput, Session, Turn
from ..i18n import nt, t

POLL_INTERVAL = 0.5  # seconds between two looks at the file

Signature = tuple[int, int, int]  # mtime_ns, size, inode


@dataclass(frozen=True)
class ReplayResult:
    session: Session
    replayed: int  # inputs replayed
    total: int  # inputs asked for
    dropped: Input | None = None  # the first input that no longer applies
    reason: str = ""  # why, in French

    @property
    def complete(self) -> bool:
        return self.dropped is None


@dataclass(frozen=True)
class ReloadResult:
    ok: bool  # the new version loaded and is now in play
    version: int  # how many versions were loaded so far (1 = the first)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # errors when not ok, warnings when ok
    replay: ReplayResult | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def message(self, lang: str = "fr") -> str:
        """What happened, in ``lang`` (the same words in the plain player and the terminal UI)."""
        if not self.ok:
            return nt("live.errors", len(self.errors), lang)
        rp = self.replay
        if rp is None or (rp.complete and rp.total == 0):
            return t("live.reloaded", lang, version=self.version)
        if rp.complete:
            return nt("live.replayed", rp.replayed, lang, version=self.version, replayed=rp.replayed)
        # the reason comes from the engine, in French: typeset it as the catalog's French is
        return nt("live.dropped", rp.replayed, lang, version=self.version, replayed=rp.replayed, total=rp.total,
                  turn=rp.replayed + 1, what=describe_input(rp.dropped), reason=localise(rp.reason, lang))


def describe_input(inp: Input | None) -> str:
    if isinstance(inp, ChoiceInput):
        return f"choix « {inp.choice} »"
    if isinstance(inp, PriceInput):
        return f"prix {inp.amount}" + (f" contre « {inp.counterpart} »" if inp.counterpart else "")
    return "?"


def replay_inputs(scenario: Scenario, seed: int, inputs: Sequence[Input]) -> ReplayResult:
    """A new session on ``scenario`` with as many of ``inputs`` as still apply, in order."""
    session = Session.start(scenario, seed)
    for n, inp in enumerate(inputs):
        reason = _why_not(session, inp)
        if reason is None:
            try:
                session.step(inp)
                continue
            except EngineError as exc:
                reason = str(exc)
        return ReplayResult(session, n, len(inputs), inp, reason)
    return ReplayResult(session, len(inputs), len(inputs))


def _why_not(session: Session, inp: Input) -> str | None:
    if session.ended:
        return f"la partie se termine maintenant avant ce tour (fin « {session.state} »)"
    state = session.current
    if isinstance(inp, ChoiceInput):
        if inp.choice not in state.by_id:
            return f"le choix « {inp.choice} » n'existe plus dans l'état « {state.id} »"
        if all(c.id != inp.choice for c in session.choices()):
            return f"le choix « {inp.choice} » n'est plus proposé à ce moment dans l'état « {state.id} » (condition ou once)"
        return None
    if not session.accepts_price:
        return f"l'état « {state.id} » n'accepte plus de proposition de prix"
    return None


def load_for_preview(path: Path) -> Scenario:
    """Load a scenario with every warning ``negosim validate`` gives (its hooks too), so that a preview
    shows the same warnings as the validation, at the first load and at each reload."""
    from ..content.checks import validate_hooks

    scenario = load_scenario(path)
    known = {(d.code, d.line, d.column, d.message) for d in scenario.warnings}
    scenario.warnings.extend(d for d in validate_hooks(scenario) if (d.code, d.line, d.column, d.message) not in known)
    return scenario


class LiveScenario:
    """A scenario file in play that follows the file's changes. See the module docstring."""

    def __init__(self, path: Path | str, seed: int = 0, *, load: Callable[[Path], Scenario] = load_for_preview,
                 stat: Callable[[Path], os.stat_result] = os.stat):
        self.path = Path(path)
        self.seed = seed
        self._load = load
        self._stat = stat
        self._signature = self._sign()
        self.scenario = load(self.path)  # a first version that does not load is the caller's error to show
        self._loaded_ok = True  # False while the file on disk has errors: fixing it back must be reported
        self.version = 1
        self.session = Session.start(self.scenario, seed)
        self._script: list[Input] = []  # what the learner played; survives a partial replay

    @property
    def warnings(self) -> list[Diagnostic]:
        return list(self.scenario.warnings)

    def step(self, inp: Input) -> Turn:
        turn = self.session.step(inp)
        self._script = list(self.session.inputs)
        return turn

    def restart(self) -> None:
        """Start again from the beginning of the current version (the learner's inputs are forgotten)."""
        self._script = []
        self.session = Session.start(self.scenario, self.seed)

    def changed(self) -> bool:
        sig = self._sign()
        return sig is not None and sig != self._signature

    def poll(self) -> ReloadResult | None:
        """Reload if the file changed since the last look; None when it did not (or is briefly missing)."""
        sig = self._sign()
        if sig is None or sig == self._signature:
            return None  # editors that save by renaming leave the file missing for an instant
        self._signature = sig
        return self.reload(only_if_different=True)

    def reload(self, only_if_different: bool = False) -> ReloadResult | None:
        """Load the file now, check it, and replay the inputs on it if it loads.

        With ``only_if_different``, a save that left the content as it was gives None."""
        try:
            scenario = self._load(self.path)
        except ContentError as exc:
            self._loaded_ok = False
            return ReloadResult(False, self.version, exc.diagnostics)
        if only_if_different and scenario.content_hash == self.scenario.content_hash and self._loaded_ok:
            return None
        self._loaded_ok = True
        self.scenario = scenario
        self.version += 1
        result = self.replay(self._script)
        return ReloadResult(True, self.version, list(scenario.warnings), result)

    def replay(self, inputs: Sequence[Input]) -> ReplayResult:
        """Put in play a new session of the current version with ``inputs`` replayed as far as they apply."""
        result = replay_inputs(self.scenario, self.seed, inputs)
        self.session = result.session
        self._script = list(inputs)  # kept whole: a later save may bring the missing choice back
        return result

    def _sign(self) -> Signature | None:
        try:
            st = self._stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)


# ---------------------------------------------------------------- the inspector (shared by both previews)

def inspect_lines(session: Session) -> list[str]:
    """What an author wants to see while testing: where the session is and every value its rules read."""
    spec = session.scenario.spec
    env = session.env
    state = session.current
    out = [f"État : {state.id} (phase {state.phase}" + (f", fin {session.outcome}" if session.ended else "") + ")"
           + f" · tour {len(session.turns)}"]

    def show(value: object) -> str:
        if isinstance(value, frozenset):
            return "{" + ", ".join(sorted(value)) + "}" if value else "∅"
        if isinstance(value, bool):
            return "oui" if value else "non"
        return str(value)

    for name, var in spec.variables.items():
        label = f" ({var.label})" if var.label else ""
        bounds = f" [{var.min}..{var.max}]" if hasattr(var, "min") else ""
        out.append(f"  {name}{label} = {show(env.get(name))}{bounds}")
    needs = [n.id for n in spec.persona.client.needs]
    if needs:
        found = env["discovered"]
        out.append(f"  besoins découverts : {show(found)} sur {len(needs)}"
                   + (f" (reste : {', '.join(n for n in needs if n not in found)})" if len(found) < len(needs) else ""))
    if spec.objections:
        out.append(f"  objections ouvertes : {show(env['open_objections'])} · traitées : "
                   f"{show(env['handled_objections'])}")
    record = session.negotiation
    if record is not None and (record.offers or state.spec.negotiation is not None):
        p = spec.price
        offers = ", ".join(str(o.amount) + (f"→{o.counter}" if o.counter is not None else "") for o in record.offers)
        out.append(f"  prix : catalogue {p.list_price}, objectif {p.target}, plancher {p.floor} · offres "
                   f"(vous→client) : {offers or 'aucune'} · concessions {env['concessions']} "
                   f"(sans contrepartie {env['concessions_without_counterpart']}) · contreparties obtenues : "
                   f"{', '.join(record.obtained) or 'aucune'}")
    offered = [c.id for c in session.choices()]
    hidden = [c.id for c in state.choices if c.id not in offered]
    if offered or hidden:
        out.append(f"  choix proposés : {', '.join(offered) or 'aucun'}"
                   + (f" · non proposés maintenant : {', '.join(hidden)}" if hidden else ""))
    return out


def path_to_state(scenario: Scenario, target: str, seed: int = 0, limit: int = 20_000) -> list[Input] | None:
    """The shortest list of choices that brings a session to ``target`` (to start the preview there), or None."""
    from collections import deque

    start = Session.start(scenario, seed)
    if start.state == target:
        return []
    seen = {(start.state, tuple(sorted((k, str(v)) for k, v in start.env.items() if k != "turn")))}
    todo = deque([start])
    while todo and len(seen) < limit:
        session = todo.popleft()
        for choice in session.choices():
            nxt = session.fork()
            try:
                nxt.step(ChoiceInput(choice.id))
            except EngineError:
                continue
            if nxt.state == target:
                return list(nxt.inputs)
            key = (nxt.state, tuple(sorted((k, str(v)) for k, v in nxt.env.items() if k != "turn")))
            if key not in seen and not nxt.ended:
                seen.add(key)
                todo.append(nxt)
    return None


def policy_inputs(scenario: Scenario, policy: str = "best", seed: int = 0) -> list[Input]:
    """The inputs ``negosim simulate --policy best`` (or worst) plays on this scenario, to replay them."""
    import random
    from collections import Counter

    from .. import simulate as sim

    try:
        import simulator.scoring.policies  # noqa: F401 - registers best / worst
    except ImportError:
        pass
    choose = sim.POLICIES[policy]
    session = Session.start(scenario, seed)
    rng = random.Random(f"{policy}:{seed}")
    usage: Counter = Counter()
    while not session.ended and len(session.turns) < sim.LOOP_LIMIT:
        moves = sim.candidate_moves(session)
        if not moves:
            break
        move = choose(session, moves, rng, usage)
        usage[sim.move_key(session, move)] += 1
        session.step(move)
    return list(session.inputs)
