"""The library: every scenario the learner can play, filterable, with the best result so far.

This is the first screen: it reads scenario headers only (see ``scenario_index``) and the session
index, and nothing of the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import get_lang, nt, t
from ...i18n.labels import block_label, difficulty_stars, format_mark, sector_label
from ...store.marks_cache import best_marks
from ...store.scenario_index import ScenarioCard, scan_library
from ..bindings import localise_bindings
from ..relabel import Relabels
from ..widgets.filters import ALL, FilterChip
from ..widgets.footer_stand_in import FooterStandIn
from ..widgets.search import SearchStandIn, search_field

if TYPE_CHECKING:
    from ..app import NegosimApp


class ScenarioTable(OptionList):
    """The scenarios as a list of aligned rows (an OptionList: a DataTable costs a tenth of the start-up)."""

    BINDINGS = [Binding("enter", "select", "open", id="negosim.open")]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        localise_bindings(self)

    @property
    def cursor_row(self) -> int:
        return self.highlighted if self.highlighted is not None else -1


def fit(text: str, width: int) -> str:
    """Cut to ``width`` cells with an ellipsis, pad with spaces (so the columns line up)."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def fit_middle(text: str, width: int) -> str:
    """Cut in the middle, keeping the start and the end: for titles that share a long beginning (« Prospection
    téléphonique : … »), the end is what tells them apart."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return set_cell_size(text, width)
    head = max(1, width // 3)
    tail_w = width - head - 1
    tail = text
    while cell_len(tail) > tail_w:
        tail = tail[1:]
    return set_cell_size(text, head) + "…" + set_cell_size(tail, tail_w)


def fit_titles(titles: list[str], width: int) -> list[str]:
    """Titles cut to ``width``; those an end cut would make identical are cut in the middle instead."""
    cut = [fit(title, width) for title in titles]
    seen: dict[str, int] = {}
    for line in cut:
        seen[line] = seen.get(line, 0) + 1
    return [fit_middle(title, width) if seen[line] > 1 else line for title, line in zip(titles, cut)]


def folded(text: str) -> str:
    """For search: case and accents ignored (« negociation » finds « Négociation », « guerin » « Guérin »)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _has_words(card: ScenarioCard, words: list[str]) -> bool:
    """Every searched word is in the card's title, id, summary, persona, sector or blocks (case and accents aside)."""
    hay = folded(" ".join([card.title, card.id, card.summary, card.persona, sector_label(card.sector),
                           *(block_label(b) for b in card.blocks)]))
    return all(w in hay for w in words)


class LibraryScreen(Relabels, Screen):
    BINDINGS = [
        Binding("slash", "search", "search", id="negosim.search"),
        Binding("h", "history", "history", id="negosim.history"),
        Binding("f5", "rescan", "rescan", show=False, id="negosim.rescan"),
        Binding("q", "app.quit", "quit", show=False, id="negosim.leave_app"),
    ]
    # The list has the focus from the start: focusing it in on_mount came after Textual had given it to the
    # search field, and moving it restyled both before the first frame (~10 % of negosim's start-up work)
    AUTO_FOCUS = "#scenarios"

    def __init__(self) -> None:
        super().__init__(name="library")
        localise_bindings(self)
        self.cards: list[ScenarioCard] = []
        self.shown: list[ScenarioCard] = []
        self.best: dict[str, float] = {}
        self._table_width = 0
        self._kept_search = ""  # what was typed, kept across a relabel (the field is composed again)

    @property
    def napp(self) -> NegosimApp:
        return self.app  # type: ignore[return-value]  # the app running these screens is a NegosimApp

    def compose(self) -> ComposeResult:
        yield Static(t("library.title"), id="screen-title", classes="title-bar", markup=False)
        with Horizontal(id="filters"):
            yield search_field(t("library.search"), self._kept_search)
            yield FilterChip("filter.block", id="f-block")
            yield FilterChip("filter.sector", id="f-sector")
            yield FilterChip("filter.level", id="f-level")
            yield FilterChip("filter.lang", id="f-lang")
        yield Static("", id="list-header", markup=False)
        yield ScenarioTable(id="scenarios")
        yield Static("", id="detail", markup=False)
        yield FooterStandIn()  # the real Footer right after the first frame (its keys come after it anyway)

    def on_mount(self) -> None:
        self.load()
        # AUTO_FOCUS alone left the list without the focus in the served app (tests/test_serve_browser.py:
        # Enter reached nothing); focusing it again here costs nothing when it already has the focus
        self.query_one(ScenarioTable).focus()
        self._just_mounted = True  # Textual resumes a screen right after mounting it: nothing to reload then

    def load(self) -> None:
        listing = scan_library(self.napp.extra_dirs)
        # by title as the learner reads it (not by the file's id, which the list does not show)
        self.cards = sorted(listing.cards, key=lambda c: (folded(c.title), c.path))
        try:
            if self.napp._index is not None:
                self.napp._index.flush()  # this app's own writes first
            self.best = best_marks(self.napp.learner)
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
        self.query_one(selector, FilterChip).set_options(all_label, options)

    def _matching(self) -> list[ScenarioCard]:
        """The cards the filters and the search words let through (each widget read once, not once per card)."""
        def value(selector: str) -> str:
            return self.query_one(selector, FilterChip).value

        block, sector, level, lang = value("#f-block"), value("#f-sector"), value("#f-level"), value("#f-lang")
        words = folded(self.search.value).split()
        return [card for card in self.cards if (block == ALL or block in card.blocks)
                and (sector == ALL or card.sector == sector) and (level == ALL or str(card.difficulty) == level)
                and (lang == ALL or card.language == lang) and (not words or _has_words(card, words))]

    @property
    def search(self) -> Input | SearchStandIn:
        """The search field: a light stand-in until first used, then Textual's ``Input``."""
        field = self.query_one(".search")
        assert isinstance(field, (Input, SearchStandIn))
        return field

    def refresh_table(self) -> None:
        table = self.query_one(ScenarioTable)
        keep = self.shown[table.cursor_row].path if self.shown and 0 <= table.cursor_row < len(self.shown) else None
        self.shown = self._matching()
        self._table_width = self.app.size.width
        width = max(self.app.size.width, 60)
        wide = width >= 100
        # fixed columns, then the title takes what is left (margins, gutters and scrollbar: 8 cells)
        columns = [("persona", 22 if wide else 14)] + ([("block", 11)] if wide else []) + \
            [("level", 4), ("duration", 6), ("best", 7)]
        title_w = max(16, width - sum(w for _, w in columns) - 2 * len(columns) - 8)
        header = [fit(t("col.title"), title_w)] + [fit(t("col." + key), w) for key, w in columns]
        self.query_one("#list-header", Static).update(Text("  ".join(header), style="bold"))
        rows = []
        titles = fit_titles([("⚠ " if card.error else "") + card.title for card in self.shown], title_w)
        for card, title in zip(self.shown, titles):
            best = self.best.get(card.id)
            cells = {"persona": card.client_name or "—",
                     "block": " + ".join(block_label(b, short=True) for b in card.blocks),
                     "level": difficulty_stars(card.difficulty),
                     "duration": t("minutes", n=card.duration) if card.duration else "—",
                     "best": format_mark(best) if best is not None else "—"}
            line = "  ".join([title] + [fit(cells[key], w) for key, w in columns])
            rows.append(Option(Text(line, no_wrap=True, overflow="ellipsis"), id=card.path))
        table.set_options(rows)
        if rows:
            index = next((i for i, c in enumerate(self.shown) if c.path == keep), 0)
            table.highlighted = index
        self.show_detail()

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
                              " · ".join(f for f in facts if f), "\n",
                              (t("library.best", mark=format_mark(best)) if best is not None else t("library.never"),
                               "italic"))
        detail.update(lines)

    # -- events
    def _on_resize(self, event: events.Resize) -> None:
        # At start-up the app posts this screen the console's size, then the terminal's once the driver reports it
        # (headless: 80x25, then 80x24), and the screen has laid itself out at the app's size when it was first
        # shown. Textual's handler lays out and paints every widget again for each: for a size the screen no longer
        # has (a newer one follows), or for the size it has already. Both are dropped (most of a tenth of the work
        # before the first frame). Named ``_on_resize``, this is the class's only Resize handler (``_on_x`` or ``on_x``).
        if not self.app.is_inline and (event.size != self.app.size or event.size == self.outer_size):
            event.prevent_default()
            event.stop()
            return
        if self.cards and self.app.size.width != self._table_width:
            self.refresh_table()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _scenario_highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#scenarios")
    def _scenario_selected(self) -> None:
        self.action_open()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.refresh_table()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(ScenarioTable).focus()

    def on_filter_chip_changed(self, _event: FilterChip.Changed) -> None:
        self.refresh_table()

    def on_resumed(self) -> None:
        if getattr(self, "_just_mounted", False):
            self._just_mounted = False
            return
        if self.cards:
            self.load()  # a session may have just ended with a better mark

    # -- actions
    def action_open(self) -> None:
        card = self.current_card()
        if card is not None:
            self.napp.open_briefing(card)

    def action_search(self) -> None:
        self.search.focus()

    def action_history(self) -> None:
        self.napp.open_history()

    def action_rescan(self) -> None:
        self.load()
        self.notify(nt("library.rescanned", len(self.cards)), timeout=3)

    async def relabel(self) -> None:  # keeps what was typed in the search box
        self.language_changed = False
        self._kept_search = self.search.value
        await self.recompose()
        self._kept_search = ""
        self.load()
        self.query_one(ScenarioTable).focus()

    def key_escape(self) -> None:
        if self.search.has_focus:
            self.query_one(ScenarioTable).focus()

    @property
    def lang(self) -> str:
        return get_lang()
