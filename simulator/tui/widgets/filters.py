"""Library filters as light "chips": one line each, a menu opens on Enter or click.

Four Select widgets cost a quarter of a bare app's start-up; a chip is a Static until it is used.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import t

ALL = "*"


class FilterChip(Static, can_focus=True):
    BINDINGS = [Binding("enter,space,down", "open_menu", show=False)]

    class Changed(Message):
        def __init__(self, chip: FilterChip) -> None:
            super().__init__()
            self.chip = chip

    def __init__(self, name_key: str, id: str):
        super().__init__("", id=id, classes="chip", markup=False)
        self.name_key = name_key
        self.options: list[tuple[str, str]] = []  # (label, value), "all" first
        self.value = ALL

    def set_options(self, all_label: str, options: list[tuple[str, str]]) -> None:
        self.options = [(all_label, ALL), *options]
        if self.value not in {v for _, v in self.options}:
            self.value = ALL
        self._show()

    def _show(self) -> None:
        label = next((lab for lab, v in self.options if v == self.value), "")
        style = "bold" if self.value != ALL else ""
        self.update(Text.assemble((label, style), " ▾"))

    def action_open_menu(self) -> None:
        def chosen(value: str | None) -> None:
            if value is not None and value != self.value:
                self.value = value
                self._show()
                self.post_message(self.Changed(self))

        self.app.push_screen(FilterMenu(t(self.name_key), self.options, self.value), chosen)

    def on_click(self, _event: events.Click) -> None:
        self.action_open_menu()


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
