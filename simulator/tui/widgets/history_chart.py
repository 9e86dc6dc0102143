"""The history's progress chart: a grid (criterion, one cell per session, last level) and its legend, laid out
once per width and kept as ``Text``.

The grid is drawn as Rich draws ``Table.grid(padding=(0, 2))`` with a fixed first column: the title cut to its
column with an ellipsis, the sparklines and the last levels each padded to the longest of their column, two
spaces between columns. When the grid fits the width it is laid out here, line by line: Rich's table layout
(measuring, dividing and cropping every cell) was a twentieth of opening the history. When it does not fit (a
narrow terminal), Rich lays it out, narrowing columns as it does. A Static showing the Rich table itself
rendered it again for each measure and each frame: the lines are kept as ``Text`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

COLUMN_GAP = "  "  # between two columns of the grid: Table.grid(padding=(0, 2)) without its outer edges


@dataclass(frozen=True)
class ProgressGrid:
    """The chart's rows (a header row first), its first column's width and its legend."""

    rows: Sequence[tuple[Text, Text, Text]]
    title_width: int
    legend: Text

    def rich(self) -> Group:
        """The chart as Rich objects: what it looks like, and how it is laid out when it does not fit."""
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, width=self.title_width, overflow="ellipsis")
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        for row in self.rows:
            table.add_row(*row)
        return Group(table, self.legend)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.rich()

    def grid_lines(self, width: int) -> list[Text] | None:
        """The grid's lines as Rich lays them out, or None when they do not fit in ``width`` cells."""
        sparks = max(row[1].cell_len for row in self.rows)
        lasts = max(row[2].cell_len for row in self.rows)
        if self.title_width + sparks + lasts + 2 * len(COLUMN_GAP) > width:
            return None
        lines = []
        for row in self.rows:
            line = Text(end="")
            for column, (cell, cells) in enumerate(zip(row, (self.title_width, sparks, lasts), strict=True)):
                if column:
                    line.append(COLUMN_GAP)
                cell = cell.copy()
                cell.truncate(cells, overflow="ellipsis", pad=True)
                line.append_text(cell)
            lines.append(line)
        return lines


def as_text(lines: list[list[Segment]], text: Text | None = None) -> Text:
    """Rendered lines as one ``Text``, line after line (appended to ``text`` if given)."""
    newline = text is not None  # after the lines already in ``text``
    text = text if text is not None else Text(no_wrap=True, overflow="crop", end="")
    for line in lines:
        if newline:
            text.append("\n")
        newline = True
        for segment in line:
            text.append(segment.text, segment.style)
    return text


class ProgressChart(Static):
    """Shows a :class:`ProgressGrid` (or a plain ``Text`` when there is nothing to chart yet)."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.chart: RenderableType = ""
        self.laid_out_for = -1  # the width the shown Text was laid out for

    def show(self, chart: RenderableType) -> None:
        """Show ``chart``; a plain ``Text`` (no sessions yet) is shown as it is."""
        self.chart = chart
        if isinstance(chart, Text):
            self.laid_out_for = -1
            self.update(chart)
            return
        # before the first layout the width is not known yet: the screen's, less this widget's margins
        width = self.content_size.width or self.app.size.width - self.styles.margin.width - self.styles.gutter.width
        self._lay_out(width)

    def on_resize(self) -> None:
        if self.laid_out_for >= 0 and self.content_size.width != self.laid_out_for:
            self._lay_out(self.content_size.width)

    def _lay_out(self, width: int) -> None:
        self.laid_out_for = width
        console, options = self.app.console, self.app.console_options.update(highlight=False, width=max(1, width))
        chart = self.chart
        grid = chart.grid_lines(width) if isinstance(chart, ProgressGrid) else None
        if grid is None:
            self.update(as_text(console.render_lines(chart, options, pad=False)))
            return
        text = Text("\n", no_wrap=True, overflow="crop", end="").join(grid)
        self.update(as_text(console.render_lines(chart.legend, options, pad=False), text))
