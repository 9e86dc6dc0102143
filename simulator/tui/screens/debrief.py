"""The debrief: the criteria grid with marks /20, the chart, the annotated transcript, export, replay.

The debrief is computed by the scorer from the recorded turns (the same function the reports and
``negosim report`` use), so what the screen shows and what is exported are the same debrief.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from ...content.typography import localise, squash
from ...i18n import get_lang, section, t
from ...i18n.labels import format_mark, format_number, outcome_label
from ..bindings import localise_bindings
from ..relabel import Relabels
from ..widgets.footer import Footer

if TYPE_CHECKING:
    from ...scoring import Debrief
    from ...store.recorder import RecordedSession
    from ..app import NegosimApp

LEVEL_STYLE = {"acquis": "bold green", "en_cours": "bold yellow", "non_acquis": "bold red", "non_evalue": "dim"}
LEVEL_MARK = {"acquis": "●", "en_cours": "◐", "non_acquis": "○", "non_evalue": "·"}  # shape, not colour alone
BAR_WIDTH = 24


class DebriefScreen(Relabels, Screen):
    CSS_PATH = "../debrief.tcss"
    BINDINGS = [
        Binding("e", "export", "export", id="negosim.export"),
        Binding("r", "replay", "replay", id="negosim.replay"),
        Binding("g", "tab('grid')", "tab_grid", show=False, id="negosim.tab_grid"),
        Binding("c", "tab('chart')", "tab_chart", show=False, id="negosim.tab_chart"),
        Binding("t", "tab('turns')", "tab_turns", show=False, id="negosim.tab_turns"),
        Binding("w", "tab('written')", "tab_written", show=False, id="negosim.tab_written"),
        Binding("a", "write_now", "write_now", id="negosim.write_now"),
        Binding("h", "history", "history", id="negosim.history"),
        Binding("escape", "library", "library", id="negosim.library"),
    ]

    def __init__(self, rec: RecordedSession):
        super().__init__(name="debrief")
        localise_bindings(self)
        self.rec = rec
        self.debrief: Debrief | None = None
        self.error: str | None = None
        self.exported: list[Path] = []
        self._compute()

    @property
    def napp(self) -> NegosimApp:
        return self.app  # type: ignore[return-value]  # the app running these screens is a NegosimApp

    def _compute(self) -> None:
        from ...scoring import ScoringError, default_rubric, score

        session = self.rec.session
        works = self._works()
        self.pending = self._pending()  # read once: check_action asks at every footer refresh
        self.carried = self._carried()
        try:
            # the recorder graded the session when it ended (before any written work): score again with the
            # written work, or for a session opened from elsewhere
            self.debrief = (None if works else getattr(self.rec, "debrief", None)) or score(
                session.scenario, default_rubric(), session.turns, hints=getattr(self.rec, "hint_turns", ()),
                works=works or None, mode=self.rec.header.get("mode", "practice"))
        except ScoringError as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a rubric that fails to load is reported, not a traceback
            diagnostics = getattr(exc, "diagnostics", None)
            if diagnostics is None:
                raise
            self.error = "\n".join(d.render() for d in diagnostics)

    def _carried(self) -> frozenset[int]:
        """The turns played as an offer carried from the free-text line before them: the transcript leaves out their
        question for the figure, as the player did."""
        from ...report.free_text import carried_turns, journal_free_text

        path = getattr(self.rec, "path", None)  # a preview has no journal
        return carried_turns(journal_free_text(path).items()) if path is not None else frozenset()

    def _works(self) -> dict:
        try:
            return dict(self.rec.works)
        except (AttributeError, OSError):  # a preview has no journal; an unreadable one: graded without its work
            return {}

    def _pending(self) -> list[str]:
        """After-interview work not submitted yet, that the learner may still write (practice only)."""
        if self.rec.header.get("mode") == "exam":
            return []
        from .written import pending_after

        try:
            return pending_after(self.rec)
        except (AttributeError, OSError):
            return []

    @property
    def lang(self) -> str:
        return get_lang()

    def content(self, value: str) -> str:
        return localise(squash(value), self.rec.session.scenario.spec.language)

    # -- layout
    def compose(self) -> ComposeResult:
        title = self.content(self.rec.session.scenario.title)
        yield Static(Text.assemble((t("debrief.title"), "bold"), " — ", title), classes="title-bar", markup=False)
        if self.debrief is None:
            yield Static(Text(t("debrief.unavailable", error=self.error or "")), id="debrief-head", markup=False)
            yield Footer()
            return
        yield Static(self._head(), id="debrief-head", markup=False)
        with TabbedContent(id="debrief-tabs", initial="grid"):
            with TabPane(t("debrief.tab.grid"), id="grid"), VerticalScroll():
                yield GridTable(id="grid-table", cursor_type="row", zebra_stripes=True)
                yield Static(self._points(), id="advice", markup=False)
            with TabPane(t("debrief.tab.chart"), id="chart"), VerticalScroll():
                yield Static(self._chart(), id="chart-body", markup=False)
            with TabPane(t("debrief.tab.turns"), id="turns"), Vertical():
                yield DataTable(id="turns-table", cursor_type="row", zebra_stripes=True)
                yield VerticalScroll(Static("", id="turn-detail-body", markup=False), id="turn-detail")
            with TabPane(t("debrief.tab.written"), id="written"), VerticalScroll(id="written-scroll"):
                yield Static(self._written(), id="written-body", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.debrief is None:
            return
        self._fill_grid()
        self._fill_turns()
        self.query_one("#grid-table", DataTable).focus()

    def _head(self) -> Text:
        d = self.debrief
        assert d is not None
        head = Text()
        headline = d.headline(self.lang)
        if headline:  # the first line when the mark needs explaining (a block capped, an objective missed)
            head.append("► " + localise(headline, self.lang) + "\n", style="bold")
        head.append(t("debrief.mark") + " ", style="bold")
        head.append(format_mark(d.mark) if d.evaluated else t("debrief.not_evaluated"), style="bold reverse")
        head.append("   " + t("debrief.outcome", outcome=outcome_label(d.outcome.status)))
        for block in d.block_results:
            if block.assessed:
                mark = format_mark(block.mark) if block.mark is not None else t("debrief.not_evaluated")
                head.append(f"\n{block.title(self.lang)} : {mark}" if self.lang == "fr" else
                            f"\n{block.title(self.lang)}: {mark}")
        if d.outcome.summary:
            head.append("\n" + self.content(d.outcome.summary), style="italic")
        if d.hints:
            from ...report.labels import hints_summary

            head.append("\n" + t("debrief.hints", summary=hints_summary(d, self.lang)))
        neg = d.negotiation
        if neg is not None:
            from ...engine.price import format_money

            lang = self.rec.session.scenario.spec.language
            if neg.final is not None:
                line = t("debrief.deal", price=format_money(neg.final, neg.currency, lang), unit=neg.unit,
                         target=format_money(neg.target, neg.currency, lang), floor=format_money(neg.floor, neg.currency, lang))
            else:
                line = t("debrief.no_deal")
            line += " " + t("debrief.concessions", n=neg.concessions, with_cp=neg.with_counterpart,
                            without_cp=neg.without_counterpart)
            head.append("\n" + line)
        if self.exported:
            head.append("\n" + t("debrief.exported", paths="  ".join(str(p) for p in self.exported)), style="bold")
        return head

    def _written(self) -> Text:
        from ..widgets.written_debrief import written_text

        assert self.debrief is not None
        return written_text(self.debrief, self.lang, self.pending)

    def _level(self, level: str) -> Text:
        assert self.debrief is not None
        return Text(f"{LEVEL_MARK.get(level, '·')} {self.debrief.level_label(level, self.lang)}",
                    style=LEVEL_STYLE.get(level, ""))

    def _fill_grid(self) -> None:
        d = self.debrief
        assert d is not None
        table = self.query_one("#grid-table", DataTable)
        criterion_w, level_w = grid_widths(self.app.size.width)
        self._grid_width = self.app.size.width
        table.add_column(t("debrief.col.criterion"), key="criterion", width=criterion_w)
        table.add_column(t("debrief.col.level"), key="level", width=level_w)
        table.add_column(t("debrief.col.points"), key="points", width=7)
        table.add_column(t("debrief.col.mark"), key="mark", width=7)
        for block in d.block_results:
            if not block.assessed:
                continue
            for cid in block.criteria:
                c = d.criteria.get(cid)
                if c is None:
                    continue
                points = f"{c.points}/{c.max}" if c.evaluated else "—"
                mark = format_mark(c.mark) if c.mark is not None else "—"
                table.add_row(Text(c.title(self.lang), overflow="ellipsis", no_wrap=True), self._level(c.level), points,
                              mark, key=cid)
        obj = d.objective
        if obj is not None:  # whether the interview reached its objective: graded beside the criteria
            mark = format_mark(obj.mark) if obj.mark is not None else "—"
            table.add_row(Text(obj.title(self.lang), style="bold", overflow="ellipsis", no_wrap=True),
                          self._level(obj.level), "—", mark, key="objective")

    def on_resize(self) -> None:
        """The grid's columns follow the terminal: the marks stay on screen when it narrows."""
        if self.debrief is None or getattr(self, "_grid_width", None) in (None, self.app.size.width):
            return
        table = self.query_one("#grid-table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._fill_grid()
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _points(self) -> Text:
        d = self.debrief
        assert d is not None
        out = Text()
        for key, items in (("debrief.strengths", d.strengths), ("debrief.priorities", d.priorities)):
            out.append("\n" + t(key) + "\n", style="bold")
            if not items:
                out.append("  " + t("debrief.none") + "\n", style="dim")
            for point in items:  # the scorer's text already names the turn
                out.append("• ", style="bold")
                out.append(point.title(self.lang), style="bold")
                out.append(" — " + localise(point.text(self.lang), self.lang) + "\n")
        # the reading of the whole path: techniques across turns, faults, the recap against the record
        from ...report.jury_reading import section_titles, sections

        for title, lines in sections(d, self.lang):
            out.append("\n" + title + "\n", style="bold")
            for line in lines:
                out.append("• " + localise(line, self.lang) + "\n")
        notes = [(c, n) for c in d.criteria.values() for n in c.notes(self.lang)]
        if notes:
            out.append("\n" + section_titles(self.lang)["notes"] + "\n", style="bold")
            for c, note in notes:
                out.append("• ", style="bold")
                out.append(c.title(self.lang), style="bold")
                out.append(" — " + localise(note, self.lang) + "\n")
        return out

    def _chart(self) -> Group:
        """Horizontal bars: the share of the available points kept per criterion, thresholds marked."""
        d = self.debrief
        assert d is not None
        table = Table.grid(padding=(0, 1))
        width = max(60, self.app.size.width)
        bar_width = BAR_WIDTH if width >= 100 else 14
        title_w = max(16, width - bar_width - 24 - 2 * 2 - 4)
        table.add_column(no_wrap=True, width=title_w, overflow="ellipsis")
        table.add_column(no_wrap=True, width=bar_width)
        table.add_column(no_wrap=True, width=24, overflow="ellipsis")
        acquis = d.thresholds.get("acquis")
        en_cours = d.thresholds.get("en_cours")
        for block in d.block_results:
            if not block.assessed:
                continue
            table.add_row(Text(block.title(self.lang), style="bold"), "", "")
            for cid in block.criteria:
                c = d.criteria.get(cid)
                if c is None:
                    continue
                if c.ratio is None:
                    bar = Text("·" * bar_width, style="dim")
                else:
                    filled = round(max(0.0, min(1.0, c.ratio)) * bar_width)
                    bar = Text("█" * filled, style=LEVEL_STYLE.get(c.level, ""))
                    bar.append("░" * (bar_width - filled), style="dim")
                table.add_row(Text(c.title(self.lang), overflow="ellipsis"), bar, self._level(c.level))
        obj = d.objective
        if obj is not None and obj.ratio is not None:
            filled = round(max(0.0, min(1.0, obj.ratio)) * bar_width)
            bar = Text("█" * filled, style=LEVEL_STYLE.get(obj.level, ""))
            bar.append("░" * (bar_width - filled), style="dim")
            table.add_row(Text(obj.title(self.lang), style="bold", overflow="ellipsis"), bar, self._level(obj.level))
        legend = []
        if en_cours is not None:
            legend.append(t("debrief.threshold", level=d.level_label("en_cours", self.lang),
                            pct=format_number(_pct(en_cours), 0)))
        if acquis is not None:
            legend.append(t("debrief.threshold", level=d.level_label("acquis", self.lang), pct=format_number(_pct(acquis), 0)))
        return Group(table, Text("\n" + " · ".join(legend), style="dim"))

    def _fill_turns(self) -> None:
        d = self.debrief
        assert d is not None
        table = self.query_one("#turns-table", DataTable)
        width = max(20, max(60, self.app.size.width) - (4 + 14 + 6) - 2 * 4 - 4)
        table.add_column(t("debrief.col.turn"), key="turn", width=4)
        table.add_column(t("debrief.col.phase"), key="phase", width=14)
        table.add_column(t("debrief.col.line"), key="line", width=width)
        table.add_column(t("debrief.col.pts"), key="pts", width=6)
        phases = section("phase.", self.lang)
        for note in d.turns:
            line = self.content(note.learner)
            if len(line) > width:
                line = line[: width - 1] + "…"
            pts = note.points
            marker = " ↗" if note.better is not None else ""
            style = "green" if pts > 0 else "red" if pts < 0 else ""
            table.add_row(str(note.number), phases.get(note.phase, note.phase), Text(line),  # the learner's line, not markup
                          Text(f"{pts:+d}{marker}" if pts else f"0{marker}", style=style), key=str(note.number))
        self._show_turn(1 if d.turns else None)

    def _show_turn(self, number: int | None) -> None:
        d = self.debrief
        body = self.query_one("#turn-detail-body", Static)
        if d is None or number is None:
            body.update("")
            return
        note = next((n for n in d.turns if n.number == number), None)
        if note is None:
            body.update("")
            return
        spec = self.rec.session.scenario.spec
        out = Text()
        heading = t("debrief.turn", n=note.number)
        out.append(heading[:1].upper() + heading[1:] + "\n", style="bold")
        out.append(t("play.you") + " : " if self.lang == "fr" else t("play.you") + ": ", style="bold")
        out.append(self.content(note.learner) + "\n")
        for speaker, line in note.replies_shown(self.carried):
            who = spec.persona.gatekeeper if speaker == "gatekeeper" and spec.persona.gatekeeper else spec.persona.client
            out.append(f"{who.name} : " if self.lang == "fr" else f"{who.name}: ", style="bold")
            out.append(self.content(line) + "\n")
        if note.evidence:
            out.append("\n" + t("debrief.evidence") + "\n", style="bold")
            for e in note.evidence:
                c = d.criteria.get(e.criterion)
                title = c.title(self.lang) if c else e.criterion
                kind = t("debrief.kind." + e.kind) if e.kind in ("strength", "weakness", "missed") else e.kind
                out.append(f"{e.points:+d} " if e.points else "   ", style="green" if e.points > 0 else "red")
                out.append(f"{title} ({kind}) — ")
                out.append(localise(e.explain(self.lang), self.lang) + "\n")
        else:
            out.append("\n" + t("debrief.no_evidence") + "\n", style="dim")
        if note.better is not None:
            b = note.better
            out.append("\n" + t("debrief.better") + "\n", style="bold")
            out.append("« " + self.content(b.text) + " »\n" if self.lang == "fr" else f"“{self.content(b.text)}”\n")
            for reason in b.reasons(self.lang):
                out.append("  • " + localise(reason, self.lang) + "\n")
        out.append("\n" + t("debrief.replay_tip", n=note.number), style="dim")
        body.update(out)

    # -- events and actions
    @on(DataTable.RowHighlighted, "#turns-table")
    def _turn_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_turn(int(event.row_key.value))

    def action_tab(self, tab: str) -> None:
        if self.debrief is None:
            return
        self.query_one(TabbedContent).active = tab
        target = {"grid": "#grid-table", "turns": "#turns-table"}.get(tab)
        if target:
            self.query_one(target, DataTable).focus()
        elif tab == "written":
            self.query_one("#written-scroll").focus()

    def action_write_now(self) -> None:
        """Write the after-interview work left aside; the debrief, graded with it, comes back after."""
        if not self.pending:
            self.notify(t("written.all_done"), timeout=4)
            return
        self.napp.after_interview(self.rec, replace=True)

    def selected_turn(self) -> int | None:
        if self.debrief is None or not self.debrief.turns:
            return None
        table = self.query_one("#turns-table", DataTable)
        if self.query_one(TabbedContent).active != "turns":
            return None
        return self.debrief.turns[table.cursor_row].number if 0 <= table.cursor_row < len(self.debrief.turns) else None

    def action_replay(self) -> None:
        number = self.selected_turn()
        if number is None:
            self.action_tab("turns")
            self.notify(t("debrief.replay_pick"), timeout=6)
            return
        from ...store.branches import replay_from

        try:
            new = replay_from(self.rec, number)
        except OSError as exc:
            self.notify(t("error.journal", error=exc.strerror or str(exc)), severity="error", timeout=8, markup=False)
            return
        self.napp.open_play(new, replace=True)

    def action_export(self) -> None:
        if self.debrief is None:
            return
        from ...report import render
        from ...store.notice import shown
        from ...store.paths import data_dir

        folder = data_dir() / "reports"
        session = self.rec.session
        written: list[Path] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            notices = [shown(n, self.lang) for n in self.rec.notices]  # the store's notices in the report's language
            for fmt, ext in (("html", ".html"), ("md", ".md")):
                text = render(self.debrief, fmt, self.lang, scenario=session.scenario, header=self.rec.header,
                              opening=session.opening, journal=str(self.rec.path), notices=notices)
                path = folder / (self.rec.path.stem + ext)
                path.write_text(text, encoding="utf-8")
                written.append(path)
                if getattr(self.app, "is_web", False):
                    self.app.deliver_text(text, save_filename=path.name)  # a browser tab downloads it
        except OSError as exc:
            self.notify(t("debrief.export_failed", error=exc.strerror or str(exc)), severity="error", timeout=10,
                        markup=False)
            return
        self.exported = written
        self.query_one("#debrief-head", Static).update(self._head())
        self.notify(t("debrief.exported", paths="\n".join(str(p) for p in written)), timeout=10, markup=False)

    def action_history(self) -> None:
        self.napp.open_history()

    def action_library(self) -> None:
        self.napp.back_to_library()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write_now":
            return bool(self.debrief is not None and self.pending)
        return not (action in ("export", "replay", "tab") and self.debrief is None)

    def palette_commands(self):
        yield SystemCommand(t("cmd.export"), t("cmd.export.help"), self.action_export)
        yield SystemCommand(t("cmd.replay"), t("cmd.replay.help"), self.action_replay)

    def after_relabel(self) -> None:
        self.on_mount()


class GridTable(DataTable):
    """The grid: ↓ on its last row scrolls on to the strengths and priorities below it (they used to be
    reachable only after tabbing away from the table)."""

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1 and self.parent is not None:
            self.parent.scroll_down(animate=False)
        else:
            super().action_cursor_down()

    def action_page_down(self) -> None:
        if self.parent is not None and self.cursor_row >= self.row_count - 1:
            self.parent.scroll_page_down(animate=False)
        else:
            super().action_page_down()


def grid_widths(width: int) -> tuple[int, int]:
    """The criterion and level columns for a terminal ``width`` (points and mark keep 7 cells each): the level
    narrows before the criterion's title does, and nothing is pushed off screen from 40 columns up."""
    room = max(40, width) - 4 - 2 * 4  # scrollbar and borders, then each column's padding
    level = 24 if room >= 24 + 14 + 30 else max(10, room - 14 - 20)
    return max(12, room - level - 14), level


def _pct(threshold: float) -> float:
    return threshold * 100 if threshold <= 1 else threshold
