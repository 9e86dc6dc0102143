"""The key bar at the bottom of every screen: Textual's ``Footer``, rebuilt only when the keys it shows change.

Textual rebuilds its footer (a new widget per key, each styled twice) on every bindings signal: each focus
change, each screen shown or resumed. Opening a first interview sent 17 of them, ~24 ms of CPU each, almost
all with the same keys as before: 0.4 s of every tab's start on a classroom server. This footer remembers
what it last showed and lets a signal through only when a key, its label, its state or its tooltip differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class Footer(TextualFooter):
    """Same look and behaviour as Textual's, same CSS type name; skips rebuilds that would show the same keys."""

    _shown: tuple[Any, ...] | None = None  # what the last compose was built from
    _rebuild_due = False  # a rebuild is scheduled: it will read the newest bindings itself

    def _keys(self) -> tuple[Any, ...]:
        """Everything ``Footer.compose`` reads from the screen's bindings and the app."""
        app = self.app
        bindings = self.screen.active_bindings
        keys = tuple((binding.key, app.get_key_display(binding), binding.description, binding.action, enabled,
                      tooltip, binding.group)
                     for (_, binding, enabled, tooltip) in bindings.values() if binding.show)
        palette = bindings.get(app.COMMAND_PALETTE_BINDING)
        palette_key = None
        if palette is not None:
            _, binding, enabled, tooltip = palette
            palette_key = (binding.key, app.get_key_display(binding), binding.description, binding.tooltip, enabled,
                           tooltip)
        return keys, palette_key, self.compact, self.show_command_palette, app.ENABLE_COMMAND_PALETTE

    def compose(self) -> ComposeResult:
        self._shown = self._keys() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey):
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

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
