"""Who is playing: asked once when negosim is served to a classroom (each tab is a learner)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...i18n import get_lang, t

MAX_NAME = 60


class LearnerScreen(ModalScreen[str]):
    CSS_PATH = "../modals.tcss"

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box"):
            yield Static(t("learner.title"), classes="message-title", markup=False)
            yield Static(t("learner.why"), markup=False)
            yield Input(placeholder=t("learner.placeholder"), id="learner-name", max_length=MAX_NAME)
            yield Static("", id="learner-error", classes="message-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from ...learner_input import InputProblem, learner_name

        name = " ".join(event.value.split())
        if not name:
            self.query_one("#learner-error", Static).update(t("learner.empty"))
            return
        try:
            name = learner_name(name)  # no control or direction characters in a name shown everywhere
        except InputProblem as problem:
            self.query_one("#learner-error", Static).update(Text(problem.message(get_lang())))
            return
        self.dismiss(name)
