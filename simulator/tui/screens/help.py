"""Help (F1 or ?): the keys of the screen underneath, what the screen is for, how to remap keys."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ...i18n import t
from ..bindings import binding_label, localise_bindings


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "../modals.tcss"
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "close", id="negosim.close")]

    def __init__(self, underneath: Screen):
        super().__init__(name="help")
        localise_bindings(self)
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(t("help.title"), classes="message-title", markup=False)
            with VerticalScroll(id="help-body"):
                about = t(f"help.screen.{self.underneath.name}") if self.underneath.name else ""
                if about and not about.startswith("help.screen."):
                    yield Static(about, classes="help-about", markup=False)
                yield Static(self._keys(), id="help-keys", markup=False)
                yield Static(t("help.general", settings=self._settings_path()), classes="help-about", markup=False)
                yield Static(t("raw.keymap_example"), markup=False)
            yield Static(t("message.close"), classes="message-keys", markup=False)

    def _settings_path(self) -> str:
        settings = getattr(self.app, "settings", None)
        return str(settings.path) if settings is not None else "settings.json"

    def _keys(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)
        seen: set[str] = set()
        for key, active in self.underneath.active_bindings.items():
            binding = active.binding
            if binding.system or not (binding.id or binding.show):
                continue
            label = binding_label(binding.id, binding.description)
            if not label or (binding.id, key) in seen:
                continue
            seen.add((binding.id, key))  # type: ignore[arg-type]  # bindings shown here all have an id (localise_bindings)
            table.add_row(self.app.get_key_display(binding), label, binding.id or "")
        if not table.row_count:
            table.add_row("", Text(t("help.no_keys")), "")
        return table

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
