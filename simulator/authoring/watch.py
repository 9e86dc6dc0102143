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
from ..engine.session import ChoiceInput, EngineError, Input, PriceInput, Session, Turn

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

    def message(self) -> str:
        if not self.ok:
            n = len(self.errors)
            return (f"Le fichier modifié contient {n} erreur(s) : la partie continue sur la version précédente. "
                    "Corrigez puis enregistrez.")
        rp = self.replay
        assert rp is not None
        head = f"Scénario rechargé (version {self.version})"
        if rp.complete:
            if rp.total == 0:
                return head + "."
            return head + f" : {rp.replayed} tour(s) rejoué(s)."
        what = describe_input(rp.dropped)
        return (head + f" : {rp.replayed} tour(s) rejoué(s) sur {rp.total} ; le tour {rp.replayed + 1} ({what}) ne "
                f"s'applique plus : {rp.reason}. La partie reprend après le tour {rp.replayed}.")


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


class LiveScenario:
    """A scenario file in play that follows the file's changes. See the module docstring."""

    def __init__(self, path: Path | str, seed: int = 0, *, load: Callable[[Path], Scenario] = load_scenario,
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
