"""Live preview in the plain player: ``negosim play FILE --watch --plain``.

The learner's lines are read on a helper thread; the main thread waits for them with a timeout and,
between two looks, asks the :class:`~simulator.authoring.watch.LiveScenario` whether the file changed.
Every change to the session happens on the main thread. A reload is reported at once, and the
choices of the new version are shown again. When the game ends, the preview keeps watching: save the
file to replay, « r » to restart, « q » to quit.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ..content.diagnostics import ContentError
from ..engine.session import Input, Session, Turn
from ..i18n import nt
from ..player.plain import PlainIO, PlainPlayer, stream_io
from .watch import (
    POLL_INTERVAL,
    LiveScenario,
    ReloadResult,
    describe_input,
    inspect_lines,
    path_to_state,
    policy_inputs,
)

RELOAD_LINE = "\x00reload"  # what read_line returns when the choices must be shown again
MAIN_PROMPT = "> "


class PreviewSession:
    """Stands in for RecordedSession in the plain player: a preview is not written to the journal."""

    def __init__(self, live: LiveScenario):
        self.live = live
        self.notices: list[str] = []
        self.path = None

    @property
    def session(self) -> Session:
        return self.live.session

    def step(self, inp: Input) -> Turn:
        return self.live.step(inp)

    def record_hint(self, criterion: str | None) -> None:
        """A preview keeps nothing: the author sees the hint, nothing is written."""


PREVIEW_HELP = ("Aperçu : « v » inspecteur (état, variables, objections, prix) ; « aller ÉTAT » repartir d'un état ; "
                "« meilleur » (ou « pire ») rejouer le parcours de negosim simulate --policy best (worst).")


class PreviewPlayer(PlainPlayer):
    def parse(self, line: str, choices: list) -> Input | str | None:
        if line == RELOAD_LINE:
            return None  # the loop shows the (new) choices again
        low = line.strip().lower()
        if low in ("v", "inspecteur", "inspect", "vars", "variables"):
            for text in inspect_lines(self.rec.session):
                self.say(text)
            return None
        words = line.split()
        if words and words[0].lower() in ("aller", "goto", "go") :
            self.goto(words[1] if len(words) > 1 else "")
            return None
        if low in ("meilleur", "best", "pire", "worst"):
            self.play_policy("best" if low in ("meilleur", "best") else "worst")
            return None
        return super().parse(line, choices)

    def goto(self, target: str) -> None:
        """Start again and play the shortest way to ``target``: its line and choices are shown."""
        from ..content.diagnostics import did_you_mean

        live = self.rec.live
        if target not in live.scenario.states:
            self.para(f"✗ état inconnu « {target} » — {did_you_mean(target, live.scenario.states)}")
            return
        inputs = path_to_state(live.scenario, target, live.seed)
        if inputs is None:
            self.para(f"✗ aucun chemin de choix ne mène à « {target} » depuis le départ (voir negosim graph)")
            return
        live.replay(inputs)
        shown = " → ".join(describe_input(i).split("« ")[-1].rstrip(" »") for i in inputs) or "(départ)"
        self.para(f"Repart de « {target} » par : {shown}")
        self._show_now()

    def play_policy(self, policy: str) -> None:
        live = self.rec.live
        try:
            inputs = policy_inputs(live.scenario, policy, live.seed)
        except KeyError:
            self.para("✗ la politique best / worst demande la grille de notation (simulator.scoring)")
            return
        live.replay(inputs)
        shown = " → ".join(describe_input(i).replace("choix ", "").strip("« »") for i in inputs)
        self.para(f"Parcours « {policy} » de negosim simulate : {shown} ⇒ {live.session.state}")
        self._show_now()

    def _show_now(self) -> None:
        session = self.rec.session
        self.show_replies(session.turns[-1].replies if session.turns else session.opening)

    def suspend(self) -> int:
        self.para("Aperçu terminé (les aperçus ne sont pas enregistrés).")
        return 0


class WatchingReader:
    """``read_line`` for PlainIO that keeps an eye on the scenario file while the learner thinks."""

    def __init__(self, live: LiveScenario, read_line: Callable[[str], str | None], show_prompt: Callable[[str], None],
                 on_reload: Callable[[ReloadResult], None], interval: float = POLL_INTERVAL):
        self.live = live
        self._read = read_line
        self._show_prompt = show_prompt
        self._on_reload = on_reload
        self.interval = interval
        self._prompts: queue.Queue[str] = queue.Queue()
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._waiting = False  # a prompt is out and its answer not yet taken
        self._eof = False
        self._thread = threading.Thread(target=self._reader, name="negosim-stdin", daemon=True)
        self._thread.start()

    def _reader(self) -> None:
        while True:
            prompt = self._prompts.get()
            line = self._read(prompt)
            self._lines.put(line)
            if line is None:
                return

    def _check(self) -> bool:
        result = self.live.poll()
        if result is None:
            return False
        self._on_reload(result)
        return True

    def read_line(self, prompt: str) -> str | None:
        if self._eof:
            return None
        watching = prompt == MAIN_PROMPT  # sub-prompts (price, counterpart) are answered on the version shown
        if watching and self._check():
            return RELOAD_LINE
        if self._waiting:
            self._show_prompt(prompt)  # the helper thread's prompt scrolled away under the reload report
        else:
            self._prompts.put(prompt)
            self._waiting = True
        while True:
            try:
                line = self._lines.get(timeout=self.interval)
            except queue.Empty:
                if watching and self._check():
                    return RELOAD_LINE
                continue
            self._waiting = False
            self._eof = line is None
            return line


def run_plain_watch(live: LiveScenario, inp: IO[str], out: IO[str], *, interactive: bool, lang: str = "fr",
                    interval: float = POLL_INTERVAL) -> int:
    base = stream_io(inp, out, interactive)
    rec = PreviewSession(live)
    player = PreviewPlayer(rec, base, lang=lang)  # type: ignore[arg-type]  # duck-typed RecordedSession
    playing = [True]

    def on_reload(result: ReloadResult) -> None:
        player.say("")
        player.para(("⟳ " if result.ok else "✗ ") + result.message(lang))
        for d in result.diagnostics[:12]:
            player.say("  " + d.render())
        if len(result.diagnostics) > 12:
            player.say("  " + nt("live.more", len(result.diagnostics) - 12, lang, path=live.path))
        session = live.session
        if result.ok and playing[0] and not session.ended:
            player.show_replies(session.turns[-1].replies if session.turns else session.opening)

    def show_prompt(prompt: str) -> None:
        out.write(prompt)
        out.flush()

    reader = WatchingReader(live, base.read_line, show_prompt, on_reload, interval)
    player.io = PlainIO(reader.read_line, base.write)
    player.para(f"Aperçu en direct de {live.path} : enregistrez le fichier pour recharger le scénario.")
    player.para(PREVIEW_HELP)
    for d in live.warnings:
        player.say("  " + d.render())
    resumed = False
    while True:
        playing[0] = True
        player.run(resumed=resumed)
        if not live.session.ended:
            return 0  # the learner quit or input ended
        playing[0] = False
        player.say("")
        player.para("Aperçu : enregistrez le fichier pour rejouer la partie sur la nouvelle version, "
                    "« r » pour recommencer, « q » pour quitter.")
        while True:
            line = player.io.read_line(MAIN_PROMPT)
            if line is None or line.strip().lower() in ("q", "quit", "quitter"):
                return 0
            if line == RELOAD_LINE and not live.session.ended:
                resumed = True
                break
            if line.strip().lower() in ("r", "recommencer", "restart"):
                live.restart()
                resumed = False
                break


def open_live(path: Path, seed: int, write: Callable[[str], None], sleep: Callable[[float], None] = time.sleep,
              attempts: int | None = None) -> LiveScenario | None:
    """The first version that loads: while the file has errors, show them and wait for the next save."""
    shown: tuple[int, int] | None = None
    tried = 0
    while attempts is None or tried < attempts:
        try:
            sig = path.stat()
            key = (sig.st_mtime_ns, sig.st_size)
        except OSError:
            key = None
        if key != shown:
            tried += 1
            try:
                return LiveScenario(path, seed)
            except ContentError as exc:
                for d in exc.diagnostics:
                    write(d.render())
                write(f"En attente d'une version sans erreur de {path} (enregistrez-la ; Ctrl+C pour quitter)…")
                shown = key
        sleep(POLL_INTERVAL)
    return None


def play_watch(scenario: str | None, *, seed: int | None, lang: str | None, plain: bool) -> int:
    """``negosim play SCENARIO --watch``: the terminal UI's live preview (``simulator/tui/live.py``), or with
    ``--plain`` (or without Textual) the line-by-line player above. ``lang``: the one the user asked for, if
    any (the UI then falls back on its saved setting, the plain player on the environment)."""
    from ..content.bundled import DEFAULT_SCENARIO
    from ..content.library import resolve_scenario

    try:
        path = resolve_scenario(scenario or DEFAULT_SCENARIO)
    except ContentError as exc:
        for d in exc.diagnostics:
            print(d.render(), file=sys.stderr)
        return 1
    if not plain:
        try:
            from ..tui.app import run_app
        except ImportError:  # Textual missing: the plain player works everywhere
            pass
        else:
            return run_app(lang=lang, scenario=str(path), seed=seed, watch=True) or 0
    live = open_live(path, seed or 0, lambda text: print(text, file=sys.stderr, flush=True))
    if live is None:
        return 1
    from ..lang import detect_lang

    return run_plain_watch(live, sys.stdin, sys.stdout, interactive=sys.stdin.isatty(), lang=detect_lang(lang))
