"""Live preview in the terminal UI: ``negosim play FILE --watch`` while an author edits the YAML.

The conversation screen is the learner's :class:`~simulator.tui.screens.play.PlayScreen`, driven by a
:class:`~simulator.authoring.watch.LiveScenario` instead of a recorded session (a preview is never
journaled). The screen looks at the file every ``POLL_INTERVAL`` seconds (one ``stat``). On a save
that loads, the conversation is redrawn from the new session, whose inputs were replayed by choice id;
on a save with errors, play goes on with the previous version and a panel above the choices lists
the errors with their file:line:col. When the game ends the screen stays: a save replays the game on
the new version (which may no longer end there), « r » restarts, Échap quits.

A first version that does not load at all shows :class:`LiveWaitScreen`, which lists its errors and
opens the preview as soon as a save loads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..authoring.watch import POLL_INTERVAL, LiveScenario, ReloadResult, inspect_lines, path_to_state, policy_inputs
from ..content.diagnostics import ContentError, Diagnostic
from ..engine.session import ChoiceInput, Input, PriceInput, Session, Turn
from ..i18n import get_lang, nt, t
from .bindings import localise_bindings
from .screens.play import PlayScreen
from .widgets.footer import Footer
from .widgets.transcript import Transcript

if TYPE_CHECKING:
    from textual.app import App

MAX_DIAGNOSTICS = 6  # lines of errors shown above the choices; the rest is one « negosim validate » away

Note = tuple[str, list[Diagnostic], bool]  # message, diagnostics, whether they are errors


class PreviewRecording:
    """What PlayScreen drives in place of a RecordedSession: the live scenario, with nothing written to disk."""

    header: dict[str, Any] = {"mode": "practice"}
    path = None
    notices: tuple[str, ...] = ()
    index = None

    def __init__(self, live: LiveScenario):
        self.live = live

    @property
    def session(self) -> Session:
        return self.live.session  # a new object after each reload

    def step(self, inp: Input) -> Turn:
        return self.live.step(inp)

    def record_hint(self, criterion: str | None) -> None:
        """A preview keeps nothing: the author sees the hint, nothing is written."""


def describe_input(inp: Input | None) -> str:
    if isinstance(inp, ChoiceInput):
        return t("live.input.choice", choice=inp.choice)
    if isinstance(inp, PriceInput):
        if inp.counterpart:
            return t("live.input.price_with", amount=inp.amount, counterpart=inp.counterpart)
        return t("live.input.price", amount=inp.amount)
    return "?"


def reload_message(result: ReloadResult) -> str:
    return result.message(get_lang())


def diagnostics_text(diagnostics: Sequence[Diagnostic], path: Path, title: str | None = None) -> Text:
    """Diagnostics as ``negosim validate`` prints them (file:line:col), the first few, then where to see all."""
    out = Text()
    if title:
        out.append("\n" + title)
    diagnostics = sorted(diagnostics, key=lambda d: d.severity != "error")  # errors first, in file order
    for d in diagnostics[:MAX_DIAGNOSTICS]:
        style = "bold" if d.severity == "error" else ""
        out.append("\n" + d.render(), style=style)  # a Text: « [NS101] » is not read as markup
    if len(diagnostics) > MAX_DIAGNOSTICS:
        out.append("\n" + nt("live.more", len(diagnostics) - MAX_DIAGNOSTICS, path=path), style="dim")
    return out


def preview_title(title: str) -> Static:
    return Static(Text.assemble((title, "bold"), "  ·  ", ("⟳ " + t("mode.preview"), "bold")),
                  classes="title-bar live-preview", id="play-title", markup=False)


class LivePlayScreen(PlayScreen):
    """The conversation screen on a scenario file that follows the file's saves."""

    CSS_PATH = ["play.tcss", "live.tcss"]
    BINDINGS = [Binding("r", "restart", "restart", id="negosim.restart"),
                Binding("v", "inspect", "inspect", show=False, id="negosim.inspect"),
                Binding("m", "best_path", "best_path", show=False, id="negosim.best_path"),
                Binding("g", "goto", "goto", show=False, id="negosim.goto")]

    def __init__(self, live: LiveScenario):
        super().__init__(PreviewRecording(live), mode="practice")  # type: ignore[arg-type]  # duck-typed recording
        self.live = live
        self.last_result: ReloadResult | None = None
        # what the status panel says, worded when drawn (a language switch redraws it)
        self._note: Callable[[], Note] = lambda: (t("live.watching", path=live.path), live.warnings, False)
        self._timer: Any = None

    # -- layout: the play screen's, with the preview's header and a status panel above the choices
    def compose_title(self) -> ComposeResult:
        yield preview_title(self.text(self.scenario.title))

    def compose_above_choices(self) -> ComposeResult:
        with VerticalScroll(id="live-status-box"):  # a long list of errors scrolls (mouse, or Tab then arrows)
            yield Static("", id="live-status", markup=False)

    @on(events.Mount)
    def _start_watching(self) -> None:
        # a handler of its own: Textual also runs PlayScreen.on_mount (it calls every class's handler)
        if self._timer is None:
            self._timer = self.set_interval(POLL_INTERVAL, self.poll_file, name="live-preview-poll")

    def refresh_panels(self, before: dict | None = None) -> None:
        super().refresh_panels(before)
        if self.rec.session.ended:
            self.query_one("#ended-bar", Static).update(t("live.ended_bar"))
            # the choices gave way to the bar: once laid out, show the ending's last line
            self.call_after_refresh(self.query_one(Transcript).scroll_end, animate=False)
        self._show_note()

    def _show_note(self) -> None:
        message, diagnostics, error = self._note()
        text = Text(("✗ " if error else "⟳ ") + message, style="bold" if error else "")
        if diagnostics:
            title = None if error else nt("live.warnings", len(diagnostics))
            text.append_text(diagnostics_text(diagnostics, self.live.path, title))
        self.query_one("#live-status-box").set_class(error, "error")
        if self._set("#live-status", text):
            # the panel's new height takes room from the transcript: keep its last line in view
            self.call_after_refresh(self.query_one(Transcript).scroll_end, animate=False)

    # -- the file
    async def poll_file(self) -> ReloadResult | None:
        """Called every POLL_INTERVAL seconds: reload when the file was saved with a change."""
        if self.app.screen is not self:
            return None  # the briefing or help is over the conversation: the next look after it closes
        result = self.live.poll()
        if result is not None:
            await self.show_reload(result)
        return result

    async def show_reload(self, result: ReloadResult) -> None:
        self.last_result = result
        self._note = lambda: (reload_message(result), list(result.diagnostics), not result.ok)
        if result.ok:
            await self.redraw()  # the new session: a new transcript, card, choices
        else:
            self._show_note()  # the old version plays on, the errors shown in place

    async def redraw(self) -> None:
        await self.relabel()  # recompose, then PlayScreen.on_mount draws everything from self.rec.session

    # -- keys that differ from the learner's play screen
    async def action_restart(self) -> None:
        self.live.restart()
        version = self.live.version
        self._note = lambda: (t("live.restarted", version=version), [], False)
        await self.redraw()

    async def action_undo(self) -> None:
        inputs = self.live.session.inputs
        if not inputs:
            self.notify(t("undo.nothing"), timeout=4)
            return
        self.live.replay(inputs[:-1])  # no journal branch: a preview is not recorded
        self._note = lambda: (t("live.undone"), [], False)
        await self.redraw()

    def action_inspect(self) -> None:
        """The inspector in the status panel: state, variables, needs, objections, price record."""
        lines = inspect_lines(self.live.session)
        self._note = lambda: (t("live.inspector") + "\n" + "\n".join(lines), [], False)
        self._show_note()

    async def action_best_path(self) -> None:
        """Replay the path ``negosim simulate --policy best`` plays, to watch it move by move."""
        try:
            inputs = policy_inputs(self.live.scenario, "best", self.live.seed)
        except KeyError:
            self.notify(t("live.best_unavailable"), timeout=4)
            return
        self.live.replay(inputs)
        path = " → ".join(describe_input(i) for i in inputs)
        self._note = lambda: (t("live.best", policy="best", path=path), [], False)
        await self.redraw()

    def action_goto(self) -> None:
        """Start again from a chosen state: the author picks it, the shortest way there is replayed."""
        states = [sid for sid, st in self.live.scenario.states.items() if not st.is_end]
        self.app.push_screen(StatePicker(states), self._goto)

    async def _goto(self, target: str | None) -> None:
        if not target:
            return
        inputs = path_to_state(self.live.scenario, target, self.live.seed)
        if inputs is None:
            self.notify(t("live.goto_none", state=target), severity="warning", timeout=5)
            return
        self.live.replay(inputs)
        path = " → ".join(describe_input(i) for i in inputs) or "—"
        self._note = lambda: (t("live.goto", state=target, path=path), [], False)
        await self.redraw()

    def action_debrief(self) -> None:
        return None  # no debrief for a preview: nothing is recorded to score or export

    def action_leave(self) -> None:
        self.app.exit(0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "debrief":
            return False
        if action in ("restart", "inspect", "best_path", "goto"):
            return True
        return super().check_action(action, parameters)


class StatePicker(ModalScreen[str | None]):
    """A list of the scenario's states to start the preview from (Échap: cancel)."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, states: Sequence[str]):
        super().__init__()
        self.states = list(states)

    def compose(self) -> ComposeResult:
        yield Static(t("live.goto_title"), classes="title-bar", markup=False)
        yield OptionList(*[Option(Text(sid), id=sid) for sid in self.states], id="state-picker")

    @on(OptionList.OptionSelected, "#state-picker")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def file_signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class LiveWaitScreen(Screen):
    """The first version does not load: its errors, until a save that loads opens the preview."""

    CSS_PATH = ["play.tcss", "live.tcss"]
    BINDINGS = [Binding("escape", "leave", "leave", id="negosim.leave")]

    def __init__(self, path: Path, seed: int, diagnostics: Sequence[Diagnostic]):
        super().__init__(name="live-wait")
        localise_bindings(self)
        self.path = path
        self.seed = seed
        self.diagnostics = list(diagnostics)
        self._signature = file_signature(path)

    def compose(self) -> ComposeResult:
        yield preview_title(self.path.name)
        with VerticalScroll(id="live-wait-body"):
            yield Static(self._text(), id="live-wait", classes="error", markup=False)
        yield Footer()

    def _text(self) -> Text:
        text = Text("✗ " + t("live.waiting", path=self.path), style="bold")
        for d in sorted(self.diagnostics, key=lambda d: d.severity != "error"):
            text.append("\n" + d.render(), style="bold" if d.severity == "error" else "")
        return text

    @on(events.Mount)
    def _start_watching(self) -> None:
        self.set_interval(POLL_INTERVAL, self.poll_file, name="live-preview-wait")

    def poll_file(self) -> bool:
        """True when a save loaded and the preview is open."""
        sig = file_signature(self.path)
        if sig is None or sig == self._signature:
            return False
        self._signature = sig
        try:
            live = LiveScenario(self.path, self.seed)
        except ContentError as exc:
            self.diagnostics = list(exc.diagnostics)
            self.query_one("#live-wait", Static).update(self._text())
            return False
        self.app.switch_screen(LivePlayScreen(live))
        return True

    def action_leave(self) -> None:
        self.app.exit(0)

    async def relabel(self) -> None:
        await self.recompose()


def open_preview(app: App, path: Path, seed: int | None) -> None:
    """Push the live preview of ``path`` (or, while it has errors, the screen that waits for a good save)."""
    try:
        live = LiveScenario(path, seed or 0)
    except ContentError as exc:
        app.push_screen(LiveWaitScreen(path, seed or 0, exc.diagnostics))
        return
    app.push_screen(LivePlayScreen(live))
