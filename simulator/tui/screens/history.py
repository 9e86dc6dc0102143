"""History: the learner's past sessions (from the session index) and progress per criterion.

Enter opens a finished session's debrief (rebuilt from its journal) or resumes an unfinished one.
Sessions closed by an undo (outcome ``abandoned``, see ``tui/sessions.py``) are hidden unless asked for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..bindings import localise_bindings
from ..i18n import t
from ..labels import format_date, format_mark, outcome_label
from ..relabel import Relabels
from ..widgets.tables import OpenTable

if TYPE_CHECKING:
    from ...store.index import SessionRow
    from ..app import NegosimApp

LEVEL_VALUE = {"non_acquis": 0, "en_cours": 1, "acquis": 2}
LEVEL_BLOCKS = {0: "▁", 1: "▄", 2: "█"}
MARK_BLOCKS = "▁▂▃▄▅▆▇█"
CRITERIA_ORDER = ("p_interlocuteur", "p_structure", "p_interet", "p_objections", "p_engagement", "n_questionnement",
                  "n_reformulation", "n_analyse_besoins", "n_argumentation", "n_objections", "n_prix", "n_conclusion",
                  "n_reclamation")


def level_sparkline(levels: list[str]) -> str:
    """One cell per session, on a fixed scale (non acquis ▁, en cours ▄, acquis █); not evaluated: a dot."""
    return "".join(LEVEL_BLOCKS[LEVEL_VALUE[lv]] if lv in LEVEL_VALUE else "·" for lv in levels)


def mark_sparkline(marks: list[float]) -> str:
    """Marks out of 20 on a fixed scale, so a flat line means a flat mark."""
    return "".join(MARK_BLOCKS[min(7, max(0, int(m / 20 * 8)))] for m in marks)


def progress(rows: list[SessionRow]) -> tuple[list[float], dict[str, list[str]]]:
    """Marks and levels per criterion over the finished sessions, oldest first."""
    marks: list[float] = []
    levels: dict[str, list[str]] = {}
    finished = [r for r in rows if r.finished and r.outcome != "abandoned"]
    for row in sorted(finished, key=lambda r: r.started_at):
        if row.mark is not None:
            marks.append(row.mark)
        try:
            criteria = json.loads(row.criteria) if row.criteria else {}
        except ValueError:
            criteria = {}
        if not isinstance(criteria, dict):
            continue
        for cid, level in criteria.items():
            if level in LEVEL_VALUE:
                levels.setdefault(cid, []).append(level)
    return marks, levels


class HistoryScreen(Relabels, Screen):
    CSS_PATH = "../history.tcss"
    BINDINGS = [
        Binding("a", "toggle_abandoned", "abandoned", id="negosim.abandoned"),
        Binding("escape", "back", "back", id="negosim.back"),
    ]

    def __init__(self) -> None:
        super().__init__(name="history")
        localise_bindings(self)
        self.rows: list[SessionRow] = []
        self.shown: list[SessionRow] = []
        self.show_abandoned = False

    @property
    def napp(self) -> NegosimApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(Text(t("history.title", learner=self.napp.learner)), classes="title-bar")  # a name is not markup
        yield OpenTable(id="history-table")
        yield Static("", id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#history-table", DataTable).focus()

    def load(self) -> None:
        try:
            self.rows = self.napp.session_index.sessions(self.napp.learner)
        except Exception as exc:  # noqa: BLE001 - an unreadable index is reported, not a traceback
            self.rows = []
            self.notify(t("history.unreadable", error=str(exc)), severity="error", timeout=8, markup=False)
        self.fill()

    def fill(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear(columns=True)
        width = max(60, self.app.size.width)
        title_w = max(16, width - (16 + 5 + 16 + 7) - 2 * 5 - 4)
        table.add_column(t("history.col.date"), key="date", width=16)
        table.add_column(t("history.col.scenario"), key="scenario", width=title_w)
        table.add_column(t("history.col.turns"), key="turns", width=5)
        table.add_column(t("history.col.outcome"), key="outcome", width=16)
        table.add_column(t("history.col.mark"), key="mark", width=7)
        self.shown = [r for r in self.rows if self.show_abandoned or r.outcome != "abandoned"]
        for row in self.shown:
            title = row.scenario_title or row.scenario_id
            if len(title) > title_w:
                title = title[: title_w - 1] + "…"
            if row.mode == "exam":
                title += " " + t("history.exam_tag")
            outcome = outcome_label(row.outcome)
            if not row.finished:
                outcome = "▶ " + outcome  # resumable: marked by a sign, not only a colour
            table.add_row(format_date(row.started_at), Text(title), str(row.turns), outcome,
                          format_mark(row.mark) if row.mark is not None else "—", key=row.journal)
        if not self.shown:
            table.add_row("", t("history.empty"), "", "", "")
        self.query_one("#progress", Static).update(self._progress())

    def _progress(self) -> Group | Text:
        marks, levels = progress(self.rows)
        if not marks and not levels:
            return Text(t("history.no_progress"), style="dim")
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, width=min(40, max(20, self.app.size.width // 3)), overflow="ellipsis")
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_row(Text(t("history.progress"), style="bold"), "", Text(t("history.last"), style="dim"))
        if marks:
            table.add_row(t("history.marks"), mark_sparkline(marks[-30:]), format_mark(marks[-1]))
        for cid in sorted(levels, key=lambda c: CRITERIA_ORDER.index(c) if c in CRITERIA_ORDER else 99):
            series = levels[cid][-30:]
            title = t("criterion." + cid)
            title = title[:1].upper() + title[1:]
            table.add_row(title, level_sparkline(series), t("level." + series[-1]))
        return Group(table, Text(t("history.legend"), style="dim"))

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

    def on_resumed(self) -> None:
        self.load()

    def after_relabel(self) -> None:
        self.on_mount()
