"""The library's search field: a light stand-in drawn like an empty ``Input``, swapped for the real one when used.

A Textual ``Input`` (cursor, selection, blink timer, suggestions, its own CSS) was the dearest widget of the first
screen, for a field most starts never touch. The stand-in shows the same placeholder in the same colours; the
moment it is focused (``/``, Tab, a click) or a key reaches it, the real ``Input`` takes its place, focused, with
whatever was typed on the way.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

SEARCH_ID = "search"  # the real field's id (tests and the library query it once it is in)


class SearchStandIn(Widget, can_focus=True):
    """Looks like an empty, unfocused ``Input`` with its placeholder; becomes one on first use."""

    COMPONENT_CLASSES = {"search-stand-in--placeholder"}
    # the look of Textual's Input when empty and unfocused (its CSS, less what a focused or filled field needs)
    DEFAULT_CSS = """
    SearchStandIn {
        background: $surface;
        color: $foreground;
        pointer: text;
        & > .search-stand-in--placeholder {
            color: $text-disabled;
        }
        &:ansi {
            background: ansi_default;
            color: ansi_default;
            & > .search-stand-in--placeholder {
                text-style: dim;
                color: ansi_default;
            }
        }
    }
    """

    value = ""  # what ``Input.value`` would say: nothing typed yet

    def __init__(self, placeholder: str, *, classes: str) -> None:
        super().__init__(id=f"{SEARCH_ID}-stand-in", classes=classes)
        self.placeholder = placeholder
        self._typed: list[str] = []
        self._swapping = False

    def render_line(self, y: int) -> Strip:
        """The placeholder line as ``Input.render_line`` draws it (same segments, so the same snapshots)."""
        if y != 0:
            return Strip.blank(self.size.width, self.rich_style)
        placeholder = Text(self.placeholder, justify="left", end="")
        placeholder.stylize(self.get_component_rich_style("search-stand-in--placeholder"))
        options = self.app.console_options.update_width(self.scrollable_content_region.width + 1)
        return Strip(self.app.console.render(placeholder, options)).apply_style(self.rich_style)

    def on_focus(self, _event: events.Focus) -> None:
        self._swap()

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """As the real field: printable keys are text (« h » is typed, not the library's History key)."""
        return character is not None and character.isprintable()

    def on_key(self, event: events.Key) -> None:
        # keys that arrive before the real field is in are kept for it, as the field would have kept them
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self._typed.append(event.character)
            self._swap()

    def _swap(self) -> None:
        if not self._swapping:
            self._swapping = True
            self.call_later(self._become_input)

    async def _become_input(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget) or not self.is_attached:
            return  # the screen was composed again (a language switch) or closed first
        field = Input(placeholder=self.placeholder, id=SEARCH_ID, classes=" ".join(self.classes))
        await parent.mount(field, before=self)
        await self.remove()
        field.focus()
        if self._typed:
            field.insert_text_at_cursor("".join(self._typed))


def search_field(placeholder: str, value: str = "", *, classes: str = "search") -> SearchStandIn | Input:
    """The field to compose: the stand-in, or the real ``Input`` when it must show ``value`` already."""
    if value:
        return Input(value=value, placeholder=placeholder, id=SEARCH_ID, classes=classes)
    return SearchStandIn(placeholder, classes=classes)
