"""History: the learner's past sessions (from the session index) and progress per criterion.

Enter opens a finished session's debrief (rebuilt from its journal) or resumes an unfinished one.
Sessions closed by an undo (outcome ``abandoned``, see ``store/branches.py``) are hidden unless asked for.

The index is read once per opening (and again only when the screen comes back from a session). The
table holds one page of rows and grows by a page as the cursor or the scroll nears its end: a
DataTable measures every cell it is given, so giving it thousands of rows made the screen slow in
proportion to the history (0.7 s at 2,000 sessions). Each row is one cell, its five fields laid out in
columns by ``_line`` exactly as five cells would be drawn (same characters and styles, checked cell by cell):
a DataTable renders every cell on its own (padding, styles, segments, strips), and five cells a row were the
largest part of the first frame. Cells are ``Text``, never markup: a learner's name or a scenario title is
shown as typed (``[/oops]`` once crashed this screen). The fields' widths follow the screen's (``field_widths``):
narrow, the scenario then the outcome give up cells so the mark stays in view, and an exam's title gives way to its
tag « (examen) » (``scenario_cell``); a resize lays the rows out again.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...i18n import get_lang, t
from ...i18n.labels import format_date, format_mark, outcome_label
from ...store.notice import shown
from ..app import MIN_WIDTH
from ..bindings import localise_bindings
from ..collector import hold, release
from ..relabel import Relabels
from ..widgets.footer import Footer
from ..widgets.history_chart import ProgressChart, ProgressGrid
from ..widgets.tables import OpenTable

if TYPE_CHECKING:
    from rich.style import Style
    from textual.css.styles import RenderStyles
    from textual.geometry import Region
    from textual.strip import Strip

    from ...store.index import SessionRow
    from ..app import NegosimApp

LEVEL_VALUE = {"non_acquis": 0, "en_cours": 1, "acquis": 2}
LEVEL_BLOCKS = {0: "▁", 1: "▄", 2: "█"}
MARK_BLOCKS = "▁▂▃▄▅▆▇█"
PAGE = 60  # rows added to the table at a time: more than a tall terminal shows
CELL_GAP = 2  # spaces between two fields of a row: a DataTable cell's padding on each side
# Each field's usual width in a row; the scenario's grows with the screen. On a narrow screen the scenario, then
# the outcome, give up cells (down to their minimum) so that the mark, the last column, is always seen.
DATE_WIDTH, TURNS_WIDTH, OUTCOME_WIDTH, MARK_WIDTH = 16, 5, 16, 7
SCENARIO_MIN, OUTCOME_MIN = 8, 10  # minimums: « Scénario », and « ▶ en cours » / « abandonnée »
# cells of the screen's width that no field gets: the table's margins (1 + 1), its vertical scrollbar (2), the
# padding around its one cell (1 + 1), the gaps between the five fields
TABLE_FRAME = 2 + 2 + 2 + CELL_GAP * 4
_ONE_LINE = str.maketrans("\n\r\t", "   ")
MORE_WITHIN = 15  # a new page is added when the cursor or the scroll comes this close to the last row
CRITERIA_ORDER = ("p_interlocuteur", "p_structure", "p_interet", "p_objections", "p_engagement", "n_questionnement",
                  "n_reformulation", "n_analyse_besoins", "n_argumentation", "n_objections", "n_prix", "n_conclusion",
                  "n_reclamation")


def field_widths(screen_width: int) -> tuple[int, int, int, int, int]:
    """Each field's width in a row (date, scenario, turns, outcome, mark) for a screen this wide: the row fits the
    table from the app's smallest width up (narrower, the app shows its too-small notice)."""
    room = max(MIN_WIDTH, screen_width) - TABLE_FRAME - DATE_WIDTH - TURNS_WIDTH - MARK_WIDTH  # scenario + outcome
    scenario = max(SCENARIO_MIN, room - OUTCOME_WIDTH)
    outcome = max(OUTCOME_MIN, min(OUTCOME_WIDTH, room - scenario))
    return DATE_WIDTH, scenario, TURNS_WIDTH, outcome, MARK_WIDTH


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` terminal cells, its end replaced by « … » when it is longer (never « word … »)."""
    return text if cell_len(text) <= width else set_cell_size(text, width - 1).rstrip() + "…"


def scenario_cell(title: str, exam: bool, width: int) -> str:
    """The scenario's field of a row, in ``width`` cells. An exam's tag is kept whole, the title cut before it; when
    not even « X… » fits beside the tag (8 cells, 60 to 68 columns), the tag stands alone: the row must say it was an
    exam (« Prix (e… » read like a practice session), and the session's own screen names its scenario."""
    if not exam:
        return cut(title, width)
    tag = t("history.exam_tag")
    room = width - cell_len(tag) - 1  # the title's cells, a space before the tag
    return f"{cut(title, room)} {tag}" if room >= 2 else cut(tag, width)


def level_sparkline(levels: list[str]) -> str:
    """One cell per session, on a fixed scale (non acquis ▁, en cours ▄, acquis █); not evaluated: a dot."""
    return "".join(LEVEL_BLOCKS[LEVEL_VALUE[lv]] if lv in LEVEL_VALUE else "·" for lv in levels)


def mark_sparkline(marks: list[float]) -> str:
    """Marks out of 20 on a fixed scale, so a flat line means a flat mark."""
    return "".join(MARK_BLOCKS[min(7, max(0, int(m / 20 * 8)))] for m in marks)


class _FrameStyles:
    """A component's styles whose Rich style is worked out once per drawing of the table (else on every row)."""

    def __init__(self, styles: RenderStyles) -> None:
        self._styles = styles
        self._rich_style: Style | None = None

    @property
    def rich_style(self) -> Style:
        if self._rich_style is None:
            self._rich_style = self._styles.rich_style
        return self._rich_style

    def __getattr__(self, name: str):
        return getattr(self._styles, name)


class HistoryTable(OpenTable):
    """The sessions table; asks its screen for the next page when scrolled near its last row.

    While it draws, its own Rich style and its components' are worked out once: a DataTable asks for them on
    every row it draws (header, zebra stripes, cursor), each time walking up the screen's nodes to blend
    their backgrounds: a third of drawing the first page. Nothing can restyle it in the middle of a drawing."""

    _frame: dict[tuple[str, ...], Any] | None = None  # while drawing: its styles, by component names

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    @property
    def rich_style(self) -> Style:
        frame = self._frame
        if frame is None:
            return super().rich_style
        if () not in frame:
            frame[()] = super().rich_style
        return frame[()]

    def get_component_styles(self, *names: str) -> RenderStyles:
        frame = self._frame
        if frame is None:
            return super().get_component_styles(*names)
        if names not in frame:
            frame[names] = _FrameStyles(super().get_component_styles(*names))
        return frame[names]

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.max_scroll_y - new <= MORE_WITHIN:
            screen = self.screen
            if isinstance(screen, HistoryScreen):
                screen.add_page()


class HistoryScreen(Relabels, Screen):
    CSS_PATH = "../history.tcss"
    BINDINGS = [
        Binding("a", "toggle_abandoned", "abandoned", id="negosim.abandoned"),
        Binding("escape", "back", "back", id="negosim.back"),
    ]

    def __init__(self) -> None:
        hold()  # no collector pass until the screen is drawn (see ``_drawn``)
        self.holding = True
        super().__init__(name="history")
        localise_bindings(self)
        self.shown: list[SessionRow] = []  # the rows in the table, newest first: the pages read so far
        self.complete = False  # every session is in ``shown``
        self.title_width = 16
        self.widths: tuple[int, ...] = ()  # each field's width in a row (date, scenario, turns, outcome, mark)
        self.show_abandoned = False
        self.left = False  # another screen was pushed over this one: its rows may have changed
        self.on_shown = None  # benchmarks: called once the rows and the chart are on screen
        self.styled_at_mount = True  # not shown yet: its first showing need not style it again

    @property
    def napp(self) -> NegosimApp:
        return self.app  # type: ignore[return-value]  # the app running these screens is a NegosimApp

    def compose(self) -> ComposeResult:
        yield Static(Text(t("history.title", learner=self.napp.learner)), classes="title-bar", markup=False)
        yield HistoryTable(id="history-table")
        yield ProgressChart(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#history-table", DataTable).focus()

    def load(self) -> None:
        """Read the first page of sessions and the progress chart (the index is read here only)."""
        self.fill()

    def fill(self) -> None:
        table = self.query_one("#history-table", DataTable)
        self._lay_out(table, self.app.size.width)
        self.shown, self.complete = [], False
        self.add_page()
        if not self.shown:
            self._say_empty(table)
        self.query_one(ProgressChart).show(self._progress())
        self._say_index_notices()
        hold()
        self.holding = True
        self.call_after_refresh(self._drawn)

    def _lay_out(self, table: DataTable, screen_width: int) -> None:
        """Empty the table and give it its one column, its title's fields as wide as the rows' for this width."""
        table.clear(columns=True)
        self.widths = field_widths(screen_width)
        self.title_width = self.widths[1]
        header = self._line(*(t("history.col." + key) for key in ("date", "scenario", "turns", "outcome", "mark")))
        table.add_column(header, key="sessions", width=self.row_width)

    @property
    def row_width(self) -> int:
        """A row's width in cells: its fields and the gaps between them (the table's one column)."""
        return sum(self.widths) + CELL_GAP * (len(self.widths) - 1)

    def _say_empty(self, table: DataTable) -> None:
        # across the row, wrapped to its width: in the scenario's column it was cut off, wider its end was
        lines = textwrap.wrap(t("history.empty").translate(_ONE_LINE), self.row_width)
        table.add_row(Text("\n".join(lines), end=""), height=len(lines))

    def _fit_to(self, screen_width: int) -> None:
        """Lay the rows read so far out again for a new width (the index is not read again), the cursor kept."""
        table = self.query_one("#history-table", DataTable)
        cursor = table.cursor_row
        self._lay_out(table, screen_width)
        self._add_rows(table, self.shown)
        if not self.shown:
            self._say_empty(table)
        table.move_cursor(row=cursor)

    def _drawn(self) -> None:
        """The rows and the chart are on screen: the collector may run again. It is held while the screen is
        built: the app's heap is not frozen here, and a full pass (50-110 ms, scanning all of Textual) fell
        inside one opening in three; now it comes after the frame, while the learner reads."""
        self.holding = False
        release()
        if self.on_shown is not None:
            self.on_shown()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self.styled_at_mount:
            return
        # first shown: its nodes were styled when mounted, a moment ago; Textual would style every one again
        self.styled_at_mount = False
        event.refresh_styles = False

    def _on_resize(self, event: events.Resize) -> None:
        if event.size == self._compositor.size:
            # the first layout sends the new screen a Resize to the size it was just laid out at: Textual's
            # handler would lay the whole screen out and draw it again for nothing
            event.prevent_default()
            event.stop()
        elif self.widths and field_widths(event.size.width) != self.widths:  # rows were laid out for another width
            self._fit_to(event.size.width)

    def on_unmount(self) -> None:
        if self.holding:  # closed before its first frame: the collector must not stay off
            self.holding = False  # (only then: a screen opened meanwhile may be holding it)
            release()

    def add_page(self) -> None:
        """Put the next page of sessions in the table (only what is added is measured by the DataTable)."""
        if self.complete:
            return
        rows = self._read(lambda index: index.page(self.napp.learner, len(self.shown), PAGE, self.show_abandoned), [])
        self.complete = len(rows) < PAGE
        self._add_rows(self.query_one("#history-table", DataTable), rows)
        self.shown.extend(rows)

    def _add_rows(self, table: DataTable, rows: list[SessionRow]) -> None:
        for row in rows:
            table.add_row(self._line(*self._cells(row)), key=row.journal)

    def _read(self, query, empty):
        try:
            return query(self.napp.session_index)
        except Exception as exc:  # noqa: BLE001 - an unreadable index is reported, not a traceback
            self.complete = True
            self.notify(t("history.unreadable", error=str(exc)), severity="error", timeout=8, markup=False)
            return empty

    def _say_index_notices(self) -> None:
        index = self.napp.session_index
        for notice in getattr(index, "notices", [])[:]:  # a damaged index was rebuilt: say so, once
            self.notify(shown(notice, get_lang()), severity="warning", timeout=10, markup=False)
            index.notices.remove(notice)

    def _cells(self, row: SessionRow) -> tuple[str, ...]:
        title = scenario_cell(row.scenario_title or row.scenario_id, row.mode == "exam", self.title_width)
        outcome = outcome_label(row.outcome)
        if not row.finished:
            outcome = "▶ " + outcome  # resumable: marked by a sign, not only a colour
        outcome = cut(outcome, self.widths[3])
        return (format_date(row.started_at), title, str(row.turns), outcome,
                format_mark(row.mark) if row.mark is not None else "—")

    def _line(self, *fields: str) -> Text:
        """The row's fields laid out as five columns would be, in one cell: each cropped to its width and padded
        (in terminal cells, as a DataTable crops a cell), two spaces apart (the padding of two cells side by
        side). Line breaks and tabs in a field become spaces: the row is one line."""
        return Text((" " * CELL_GAP).join(set_cell_size(field.translate(_ONE_LINE), width)
                                          for field, width in zip(fields, self.widths, strict=True)), end="")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= event.data_table.row_count - MORE_WITHIN:
            self.add_page()

    def _progress(self) -> ProgressGrid | Text:
        marks, levels = self._read(lambda index: index.progress(self.napp.learner, 30), ([], {}))
        if not marks and not levels:
            return Text(t("history.no_progress"), style="dim")
        rows = [(Text(t("history.progress"), style="bold"), Text(""), Text(t("history.last"), style="dim"))]
        if marks:
            rows.append((Text(t("history.marks")), Text(mark_sparkline(marks[-30:])), Text(format_mark(marks[-1]))))
        for cid in sorted(levels, key=lambda c: CRITERIA_ORDER.index(c) if c in CRITERIA_ORDER else 99):
            series = levels[cid][-30:]
            title = t("criterion." + cid)
            title = title[:1].upper() + title[1:]
            rows.append((Text(title), Text(level_sparkline(series)), Text(t("level." + series[-1]))))
        return ProgressGrid(rows, min(40, max(20, self.app.size.width // 3)), Text(t("history.legend"), style="dim"))

    def current(self) -> SessionRow | None:
        table = self.query_one("#history-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self.current()
        if row is None:
            return
        path = Path(row.journal)
        if not path.is_file():
            self.notify(t("history.missing", path=str(path)), severity="error", timeout=8, markup=False)
            return
        self.napp.resume_session(path)

    def action_toggle_abandoned(self) -> None:
        self.show_abandoned = not self.show_abandoned
        self.fill()

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_screen_suspend(self) -> None:
        self.left = True

    def on_resumed(self) -> None:
        if self.left:  # back from a session or a debrief; the first showing was loaded by on_mount
            self.left = False
            self.load()

    def after_relabel(self) -> None:
        self.on_mount()
