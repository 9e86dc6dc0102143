"""Library filters as light "chips": one line each, a menu opens on Enter or click.

Four Select widgets cost a quarter of a bare app's start-up; a chip is a Static until it is used.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

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

        from .filter_menu import FilterMenu  # the menu's screen and CSS: only once a chip is opened

        self.app.push_screen(FilterMenu(t(self.name_key), self.options, self.value), chosen)

    def on_click(self, _event: events.Click) -> None:
        self.action_open_menu()
