"""The library's key bar in the first frame: an empty bar, as Textual's ``Footer`` draws itself in that frame.

Textual's footer shows no key in the first frame anyway: it composes its keys when the screen's first bindings
signal arrives, after that frame. Importing it and mounting it cost a tenth of negosim's work before the first frame
(its module, its CSS, the widget), for a bar that is still empty then. The stand-in takes its place and colours,
and the real footer (``widgets/footer.py``) replaces it right after the first frame, its keys with it.
"""

from __future__ import annotations

from textual.strip import Strip
from textual.widget import Widget


class FooterStandIn(Widget):
    """Where the key bar goes, in its colours; becomes the real ``Footer`` once the first frame is drawn."""

    # Textual's Footer, empty: the same place (docked at the bottom, one line) and colours
    DEFAULT_CSS = """
    FooterStandIn {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
    }
    """

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width, self.rich_style)  # an empty bar, as the footer without its keys

    def on_mount(self) -> None:
        self.call_after_refresh(self._become_footer)

    async def _become_footer(self) -> None:
        from .footer import Footer

        parent = self.parent
        if parent is None or not self.is_attached:
            return  # the screen went away first
        with self.app.batch_update():
            await parent.mount(Footer(), before=self)
            await self.remove()
