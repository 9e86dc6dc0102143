"""The key bar at the bottom of every screen: Textual's ``Footer``, rebuilt only when the keys it shows change.

Textual rebuilds its footer (a new widget per key, each styled twice) on every bindings signal: each focus
change, each screen shown or resumed. Opening a first interview sent 17 of them, ~24 ms of CPU each, almost
all with the same keys as before: 0.4 s of every tab's start on a classroom server. This footer remembers
what it last showed and lets a signal through only when a key, its label, its state or its tooltip differ.

On a narrow screen the keys do not all fit before the command palette's key, which is drawn over their end
(« f1 A▏^p Commandes » at 62 columns). The footer then leaves out whole hints, the least useful first (``_fit``):
a disabled key, then the screen's keys from its last declared. The first key (the screen's main action), help
(F1, which lists every key), the way out (Escape, quit) and the command palette's key stay; if even they do not
fit (an exam's long labels at 62 columns), the way out goes first, then help. Every key left out is still in the
help and the palette. Where everything fits, the bar is drawn as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import events
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


# Cells around a hint's key and label, as Textual's footer CSS draws them (textual is pinned): « ␣key␣label␣ »,
# compact « key␣label » and one cell of margin; the command palette's key adds its left border and, when the footer
# is not compact, one cell of padding on its right. The narrow-footer tests check the result on screen.
HINT_PADDING = {False: 3, True: 2}
PALETTE_PADDING = {False: 3, True: 2}
# the last hint's trailing blank (not compact, a label) may lie under the command palette's border: the library's
# bar always looked so at 60 columns
LAST_BLANK = 1
QUIT_ACTIONS = frozenset({"quit", "app.quit", "quit_app"})


def hint_width(key_display: str, description: str, compact: bool) -> int:
    """Cells a hint takes in the bar (a key without a label is drawn bare)."""
    if not description:
        return cell_len(key_display)
    return cell_len(key_display) + cell_len(description) + HINT_PADDING[compact]


# what a hint is worth when the bar is too narrow for all of them: the least worth gives way first
ORDINARY, WAY_OUT, APP_WIDE, FIRST = range(4)


def left_out(hints: list[tuple[str, int, bool, int]], room: int) -> frozenset[str]:
    """The actions whose hints give way so that the others fit in ``room`` cells. ``hints`` are (action, width,
    enabled, worth) in the bar's order. The screen's ordinary keys go first, a disabled one before an enabled one,
    the last before the first; then, only if still too wide, the way out, then the app's keys (help), the first
    hint (the screen's main action) last of all."""
    def given_way_first(position: int) -> tuple[int, bool, int]:
        _, _, enabled, worth = hints[position]
        return FIRST if position == 0 else worth, enabled, -position

    total = sum(width for _, width, _, _ in hints)
    dropped: set[str] = set()
    for position in sorted(range(len(hints)), key=given_way_first):
        if total <= room:
            break
        action, width, _, _ = hints[position]
        dropped.add(action)
        total -= width
    return frozenset(dropped)


class Footer(TextualFooter):
    """Same look and behaviour as Textual's, same CSS type name; skips rebuilds that would show the same keys."""

    _shown: tuple[Any, ...] | None = None  # what the last compose was built from
    _rebuild_due = False  # a rebuild is scheduled: it will read the newest bindings itself

    def _keys(self) -> tuple[Any, ...]:
        """Everything ``Footer.compose`` reads from the screen's bindings and the app, and the hints left out."""
        app = self.app
        bindings = self.screen.active_bindings
        keys = tuple((binding.key, app.get_key_display(binding), binding.description, binding.action, enabled,
                      tooltip, binding.group, node is app)
                     for (node, binding, enabled, tooltip) in bindings.values() if binding.show)
        palette = bindings.get(app.COMMAND_PALETTE_BINDING)
        palette_key = None
        if palette is not None and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, tooltip = palette
            palette_key = (binding.key, app.get_key_display(binding), binding.description, binding.tooltip, enabled,
                           tooltip)
        return (keys, palette_key, self.compact, self.show_command_palette, app.ENABLE_COMMAND_PALETTE,
                self._fit(keys, palette_key))

    def _fit(self, keys: tuple[Any, ...], palette_key: tuple[Any, ...] | None) -> frozenset[str]:
        """The actions whose hints are left out at the footer's width (none when they all fit)."""
        hints: dict[str, tuple[str, int, bool, int]] = {}  # one hint an action, as Textual's footer shows them
        for key, display, description, action, enabled, _, group, of_app in keys:
            if action in hints:
                continue
            if group is not None:  # a group's keys are drawn together, under one label: never left out
                return frozenset()
            worth = APP_WIDE if of_app else WAY_OUT if "escape" in key.split(",") or action in QUIT_ACTIONS else ORDINARY
            hints[action] = (action, hint_width(display, description, self.compact), enabled, worth)
        blank_at_end = not self.compact and all(description for _, _, description, *_ in keys)
        room = (self.size.width or self.screen.size.width) + (LAST_BLANK if blank_at_end else 0)
        if palette_key is not None:
            room -= cell_len(palette_key[1]) + cell_len(palette_key[2]) + PALETTE_PADDING[self.compact]
        return left_out(list(hints.values()), room)

    def compose(self) -> ComposeResult:
        self._shown = self._keys() if self._bindings_ready else None
        dropped = self._shown[-1] if self._shown else frozenset()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.action in dropped and not widget.has_class("-command-palette"):
                    continue
                # a FooterKey starts compact (its class put on when mounted), then takes this footer's setting
                # (taken off): two style passes a key each time the keys are shown. Given its class and setting
                # now, it is styled once. The command palette's key is not bound to the footer: it stays compact.
                compact = self.compact if "compact" in (widget._reactive_connect or {}) else True
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's own, but one rebuild at a time, and none for the keys already shown
        self._bindings_ready = True
        if not screen.app.app_focus or not (self.is_attached and screen is self.screen):
            return
        if self._rebuild_due or self._keys() == self._shown:
            return
        self._rebuild_due = True
        self.call_after_refresh(self._rebuild)

    def on_resize(self, _event: events.Resize) -> None:
        # narrower or wider: the hints that fit may change (``_fit``); a rebuild only then. Not held back while the
        # terminal's window is not focused (as a bindings signal is): nothing would lay the bar out again on return
        if self._bindings_ready and self.is_attached and not self._rebuild_due and self._keys() != self._shown:
            self._rebuild_due = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
