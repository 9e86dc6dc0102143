"""Modal messages: a content or journal problem explained, and the 'terminal too small' notice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...i18n import t
from ..bindings import localise_bindings


class MessageScreen(ModalScreen[None]):
    CSS_PATH = "../modals.tcss"
    BINDINGS = [Binding("escape,enter,q", "dismiss", "close", id="negosim.close")]

    def __init__(self, title: str, body: str, hint: str = "", code: str = ""):
        super().__init__(classes="message")
        localise_bindings(self)
        self.title_text = title
        self.body = body
        self.hint = hint
        self.code = code  # an error's stable code, for a bug report

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box"):
            yield Static(self.title_text, classes="message-title", markup=False)
            with VerticalScroll(id="message-body"):
                yield Static(self.body, markup=False)
            if self.hint:
                yield Static(self.hint, classes="message-hint", markup=False)
            keys = t("message.close") + (f"  ·  {t('err.code', code=self.code)}" if self.code else "")
            yield Static(keys, classes="message-keys", markup=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class TooSmallScreen(ModalScreen[None]):
    """Shown over everything while the terminal is smaller than the app can use."""
    CSS_PATH = "../modals.tcss"

    def compose(self) -> ComposeResult:
        yield Static(self._text(), id="too-small", markup=False)

    def _text(self) -> str:
        from ..app import MIN_HEIGHT, MIN_WIDTH

        return t("too_small", width=self.app.size.width, height=self.app.size.height, min_width=MIN_WIDTH,
                 min_height=MIN_HEIGHT)

    def refresh_size(self) -> None:
        self.query_one("#too-small", Static).update(self._text())
