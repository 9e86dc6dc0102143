"""The progress chart laid out without Rich's table layout draws exactly what Rich draws (issue 19): the same
characters and styles, line by line, at every width; where the grid does not fit, Rich lays it out itself."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from simulator.tui.widgets.history_chart import ProgressGrid, as_text

letters = st.sampled_from("abcdeéèàçÉ ’'-–().:0123456789漢字")
titles = st.one_of(st.text(letters, max_size=20), st.text(letters, min_size=35, max_size=60))  # some cut, some not
sparks = st.text(st.sampled_from("▁▂▃▄▅▆▇█·"), min_size=1, max_size=30)
lasts = st.sampled_from(["acquis", "en cours", "non acquis", "being acquired", "12/20", "9,5/20", "—"])
styles = st.sampled_from(["", "bold", "dim", "italic"])


def drawn(text: Text, width: int) -> list[list[Segment]]:
    console = Console(width=width, force_terminal=True, color_system="truecolor")
    return [list(Segment.simplify(line)) for line in console.render_lines(text, pad=False)]


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.tuples(titles, sparks, lasts), min_size=1, max_size=14), header=styles,
       title_width=st.integers(20, 40), width=st.integers(20, 200),
       legend=st.text(st.sampled_from("abc éà ▁▄█·:"), max_size=120))
def test_the_grid_laid_out_directly_is_what_rich_draws(rows, header, title_width, width, legend):
    grid = ProgressGrid([(Text("Progression", style=header), Text(""), Text("dernier niveau", style="dim")),
                         *((Text(a), Text(b), Text(c)) for a, b, c in rows)], title_width, Text(legend, style="dim"))
    console = Console(width=width, force_terminal=True, color_system="truecolor")
    by_rich = as_text(console.render_lines(grid, console.options.update(highlight=False), pad=False))
    lines = grid.grid_lines(width)
    if lines is None:  # too narrow: Rich lays it out
        assert title_width + 4 + max(cell_len(r[1]) for r in rows) + max(r[2].cell_len for r in grid.rows) > width
        return
    ours = as_text(console.render_lines(grid.legend, console.options.update(highlight=False), pad=False),
                   Text("\n", no_wrap=True, overflow="crop", end="").join(lines))
    assert ours.plain == by_rich.plain
    assert drawn(ours, width) == drawn(by_rich, width)
