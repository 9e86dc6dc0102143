"""The menu a library filter chip opens: its values as a list, the current one highlighted (Escape: no change)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class FilterMenu(ModalScreen[str | None]):
    CSS_PATH = "../modals.tcss"
    BINDINGS = [Binding("escape", "dismiss_none", show=False)]

    def __init__(self, title: str, options: list[tuple[str, str]], current: str):
        super().__init__(classes="filter-menu")
        self.title_text = title
        self.options = options
        self.current = current

    def compose(self) -> ComposeResult:
        menu = OptionList(*(Option(label, id=value) for label, value in self.options), id="filter-options")
        menu.border_title = self.title_text
        yield menu

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        for i, (_, value) in enumerate(self.options):
            if value == self.current:
                menu.highlighted = i
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
