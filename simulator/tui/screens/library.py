"""The library: every scenario the learner can play, filterable, with the best result so far.

This is the first screen: it reads scenario headers only (see ``scenario_index``) and the session
index, and nothing of the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from ..bindings import localise_bindings
from ..i18n import get_lang, t
from ..labels import block_label, difficulty_stars, format_mark, sector_label
from ..scenario_index import ScenarioCard, scan_library

if TYPE_CHECKING:
    from ..app import NegosimApp

ALL = "*"


class ScenarioTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "open", id="negosim.open")]

    def __init__(self, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        localise_bindings(self)


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("slash", "search", "search", id="negosim.search"),
        Binding("h", "history", "history", id="negosim.history"),
        Binding("f5", "rescan", "rescan", show=False, id="negosim.rescan"),
        Binding("q", "app.quit", "quit", id="negosim.leave_app"),
    ]

    def __init__(self) -> None:
        super().__init__(id="library")
        localise_bindings(self)
        self.cards: list[ScenarioCard] = []
        self.shown: list[ScenarioCard] = []
        self.best: dict[str, float] = {}
        self.language_changed = False
        self._ready_sent = False

    @property
    def napp(self) -> NegosimApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(t("library.title"), id="screen-title", classes="title-bar")
        with Horizontal(id="filters"):
            yield Input(placeholder=t("library.search"), id="search")
            yield Select([], prompt=t("filter.block"), id="f-block", compact=True, allow_blank=False)
            yield Select([], prompt=t("filter.sector"), id="f-sector", compact=True, allow_blank=False)
            yield Select([], prompt=t("filter.level"), id="f-level", compact=True, allow_blank=False)
            yield Select([], prompt=t("filter.lang"), id="f-lang", compact=True, allow_blank=False)
        yield ScenarioTable(id="scenarios")
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one(ScenarioTable).focus()

    def load(self) -> None:
        from ...store.index import SessionIndex

        listing = scan_library(self.napp.extra_dirs)
        self.cards = listing.cards
        try:
            self.best = SessionIndex().best_marks(self.napp.learner)
        except Exception:  # noqa: BLE001 - an unreadable index must not hide the library
            self.best = {}
        self._fill_filters()
        self.refresh_table()

    def _fill_filters(self) -> None:
        cards = self.cards
        blocks = sorted({b for c in cards for b in c.blocks})
        sectors = sorted({c.sector for c in cards if c.sector}, key=sector_label)
        levels = sorted({c.difficulty for c in cards if c.difficulty})
        langs = sorted({c.language for c in cards})
        self._set_options("#f-block", t("filter.block.all"), [(block_label(b), b) for b in blocks])
        self._set_options("#f-sector", t("filter.sector.all"), [(sector_label(s), s) for s in sectors])
        self._set_options("#f-level", t("filter.level.all"), [(difficulty_stars(n), str(n)) for n in levels])
        self._set_options("#f-lang", t("filter.lang.all"), [(t("lang." + code), code) for code in langs])

    def _set_options(self, selector: str, all_label: str, options: list[tuple[str, str]]) -> None:
        select: Select[str] = self.query_one(selector, Select)
        current = select.value if select.value in {v for _, v in options} else ALL
        with select.prevent(Select.Changed):
            select.set_options([(all_label, ALL), *options])
            select.value = current

    def _filter(self, card: ScenarioCard) -> bool:
        def value(selector: str) -> str:
            v = self.query_one(selector, Select).value
            return v if isinstance(v, str) else ALL

        block, sector, level, lang = value("#f-block"), value("#f-sector"), value("#f-level"), value("#f-lang")
        if block != ALL and block not in card.blocks:
            return False
        if sector != ALL and card.sector != sector:
            return False
        if level != ALL and str(card.difficulty) != level:
            return False
        if lang != ALL and card.language != lang:
            return False
        words = self.query_one("#search", Input).value.lower().split()
        if words:
            hay = " ".join([card.title, card.id, card.summary, card.persona, sector_label(card.sector),
                            *(block_label(b) for b in card.blocks)]).lower()
            return all(w in hay for w in words)
        return True

    def refresh_table(self) -> None:
        table = self.query_one(ScenarioTable)
        keep = self.shown[table.cursor_row].path if self.shown and 0 <= table.cursor_row < len(self.shown) else None
        self.shown = [c for c in self.cards if self._filter(c)]
        table.clear(columns=True)
        width = max(self.size.width, 60)
        fixed = 12 + 5 + 7 + 8 + 4 * 2  # block, level, duration, best mark + cell padding
        persona_w = 22 if width >= 100 else 16
        title_w = max(18, width - fixed - persona_w - 2 * 2 - 2)
        table.add_column(t("col.title"), width=title_w, key="title")
        table.add_column(t("col.persona"), width=persona_w, key="persona")
        table.add_column(t("col.block"), width=12, key="block")
        table.add_column(t("col.level"), width=5, key="level")
        table.add_column(t("col.duration"), width=7, key="duration")
        table.add_column(t("col.best"), width=8, key="best")
        for card in self.shown:
            if card.error:
                title = Text("⚠ " + card.title, style="bold")
            else:
                title = Text(card.title)
            best = self.best.get(card.id)
            table.add_row(title, card.client_name or "—", " + ".join(block_label(b, short=True) for b in card.blocks),
                          difficulty_stars(card.difficulty), t("minutes", n=card.duration) if card.duration else "—",
                          format_mark(best) if best is not None else "—", key=card.path)
        if keep:
            for i, card in enumerate(self.shown):
                if card.path == keep:
                    table.move_cursor(row=i)
                    break
        self.show_detail()
        if not self._ready_sent:
            self._ready_sent = True
            self.call_after_refresh(self.napp.library_ready)

    def current_card(self) -> ScenarioCard | None:
        table = self.query_one(ScenarioTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        card = self.current_card()
        if card is None:
            detail.update(t("library.empty") if self.cards else t("library.none"))
            return
        if card.error:
            detail.update(Text.assemble((card.title, "bold"), "\n", t("library.unreadable"), "\n", card.error))
            return
        facts = [" + ".join(block_label(b) for b in card.blocks), sector_label(card.sector),
                 t("library.level", stars=difficulty_stars(card.difficulty)),
                 t("minutes", n=card.duration), t("lang." + card.language)]
        best = self.best.get(card.id)
        lines = Text.assemble((card.title, "bold"), "\n", card.summary, "\n",
                              (t("library.persona") + " ", "dim"), card.persona, "\n",
                              " · ".join(f for f in facts if f), "  ",
                              (t("library.best", mark=format_mark(best)) if best is not None else t("library.never"),
                               "italic"))
        detail.update(lines)

    # -- events
    def on_resize(self) -> None:
        if self.cards:
            self.refresh_table()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.refresh_table()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(ScenarioTable).focus()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self.refresh_table()

    def on_screen_resume(self) -> None:
        if self.language_changed:
            self.call_later(self.relabel)
        elif self.cards:
            self.load()  # a session may have just ended with a better mark

    # -- actions
    def action_open(self) -> None:
        card = self.current_card()
        if card is not None:
            self.napp.open_briefing(card)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_history(self) -> None:
        self.napp.open_history()

    def action_rescan(self) -> None:
        self.load()
        self.notify(t("library.rescanned", n=len(self.cards)), timeout=3)

    async def relabel(self) -> None:
        self.language_changed = False
        search = self.query_one("#search", Input).value
        await self.recompose()
        self.query_one("#search", Input).value = search
        self.load()
        self.query_one(ScenarioTable).focus()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one(ScenarioTable).focus()

    @property
    def lang(self) -> str:
        return get_lang()
