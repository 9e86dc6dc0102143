"""The conversation transcript: client and learner lines, clearly apart, cheap to grow.

Each line is drawn by Rich (a coloured bar on the speaker's side, the name in bold), not by CSS, so
that older lines can be folded into one widget per batch and look exactly the same: a long session
keeps a small widget tree, and a turn costs the same at turn 40 as at turn 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.align import Align
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

# Rich wraps at any Unicode space, the no-break ones French typography puts before « ? » and inside « 11 000 € »
# included: while a line is wrapped they stand in as private-use characters one cell wide, then are put back.
_HOLD = str.maketrans({"\u00a0": "\ue000", "\u202f": "\ue001"})
_RELEASE = str.maketrans({"\ue000": "\u00a0", "\ue001": "\u202f"})

LIVE_MAX = 24  # lines kept as their own widgets...
FOLD = 16  # ...and how many of the oldest are folded into one when there are more


@dataclass(frozen=True)
class Entry:
    kind: str  # client | gatekeeper | learner | event | hint | ending
    body: str
    name: str = ""


@dataclass(frozen=True)
class Palette:
    client: str = "#7AA2F7"
    gatekeeper: str = "#9ECE6A"
    learner: str = "#E0AF68"


class Barred:
    """A renderable with a one-cell bar down its left or right side and a margin on the other."""

    def __init__(self, inner: RenderableType, side: str, style: Style, bar: str, margin: int):
        self.inner, self.side, self.style, self.bar, self.margin = inner, side, style, bar, margin

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(8, options.max_width - self.margin - 2)
        lines = console.render_lines(_held(self.inner), options.update(width=width), pad=True)
        bar = Segment(self.bar, self.style)
        space = Segment(" ")
        margin = Segment(" " * self.margin)
        new_line = Segment.line()
        for held in lines:
            line = [Segment(seg.text.translate(_RELEASE), seg.style, seg.control) for seg in held]
            if self.side == "left":
                yield from (bar, space, *line, margin, new_line)
            else:
                yield from (margin, *line, space, bar, new_line)


def _held(inner: RenderableType) -> RenderableType:
    """A text whose no-break spaces cannot be line breaks (same length and spans: one character for one)."""
    if not isinstance(inner, Text):
        return inner
    held = inner.copy()
    held.plain = inner.plain.translate(_HOLD)
    return held


def render_entry(entry: Entry, palette: Palette) -> RenderableType:
    if entry.kind in ("client", "gatekeeper"):
        colour = palette.gatekeeper if entry.kind == "gatekeeper" else palette.client
        text = Text.assemble((entry.name, Style(bold=True, color=colour)), "\n", entry.body)
        return Barred(text, "left", Style(color=colour), "▌", 4)
    if entry.kind == "learner":
        text = Text.assemble((entry.name, Style(bold=True, color=palette.learner)), "\n", entry.body, justify="right")
        return Barred(text, "right", Style(color=palette.learner), "▐", 6)
    if entry.kind == "hint":
        text = Text.assemble((entry.name, "bold"), entry.body, style=Style(dim=True))
        return Barred(text, "left", Style(color=palette.learner), "║", 2)
    if entry.kind == "ending":
        title, _, rest = entry.body.partition("\n")
        text = Text.assemble((title, "bold"), ("\n" + rest) if rest else "", justify="center")
        return Panel(text, border_style=Style(color=palette.learner), padding=(0, 1))
    return Align.center(Text(entry.body, style=Style(dim=True, italic=True), justify="center"))


def _spaced(renderable: RenderableType) -> RenderableType:
    return Group(Text(""), renderable)  # a blank line above each entry, as a chat reads


class Transcript(VerticalScroll):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entries: list[Entry] = []
        self.palette = Palette()
        self._live: list[tuple[Entry, Static]] = []

    def add(self, entries: Iterable[Entry]) -> None:
        new = list(entries)
        if not new:
            return
        self.entries += new
        widgets = [Static(_spaced(render_entry(e, self.palette)), classes=f"entry {e.kind}", markup=False) for e in new]
        self._live += list(zip(new, widgets))
        self.mount_all(widgets)
        if len(self._live) > LIVE_MAX:
            # after the new lines are on screen: folding lays out and measures the oldest lines again, work
            # the learner need not wait for (the folded lines look exactly the same)
            self.call_after_refresh(self._fold)

    def _fold(self) -> None:
        if len(self._live) <= LIVE_MAX or not self.is_attached:  # folded already (two adds before a refresh)
            return
        old, self._live = self._live[:FOLD], self._live[FOLD:]
        archive = Static(Group(*(_spaced(render_entry(e, self.palette)) for e, _ in old)), classes="entry archive", markup=False)
        self.mount(archive, before=old[0][1])
        for _, widget in old:
            widget.remove()

    def text(self) -> str:
        """The transcript as plain text, in order (tests, accessibility)."""
        return "\n".join(f"{e.name}\n{e.body}" if e.name else e.body for e in self.entries)
