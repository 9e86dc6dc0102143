"""Opening the history without work it does not need (issue 19): no collector pass while the screen is built (and
the collector on again once it is drawn, or closed before), no second layout for the Resize its first layout
sends it (a real resize still lays it out), and footer keys styled once when shown."""

from __future__ import annotations

import gc

import pytest
from test_perf_history import _finished
from test_tui_support import make_app
from textual import events
from textual.widgets._footer import FooterKey

from simulator.store.index import SessionIndex
from simulator.tui.screens.history import HistoryScreen, ProgressChart

pytest_plugins = ["test_tui_support"]


def _history(n: int = 5) -> None:
    index = SessionIndex()
    _finished(index, n)
    index.close()


def _restyled(app, monkeypatch) -> list[object]:
    """The nodes the app styles from now on (filled as it goes)."""
    restyled: list[object] = []
    update_styles = type(app).update_styles

    def spy(self, node, animate=True):
        restyled.append(node)
        return update_styles(self, node, animate=animate)

    monkeypatch.setattr(type(app), "update_styles", spy)
    return restyled


async def _open(app, pilot) -> HistoryScreen:
    """Push the history and wait for its first frame (rows and chart drawn)."""
    screen, drawn = HistoryScreen(), []
    screen.on_shown = lambda: drawn.append(True)
    app.push_screen(screen)
    for _ in range(200):
        if drawn:
            return screen
        await pilot.pause(0.01)
    raise AssertionError("the history was never drawn")


@pytest.mark.anyio
async def test_no_collector_pass_while_the_history_is_built_and_the_collector_runs_again_after(home):
    _history()
    app = make_app(learner="léa")
    passes: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown_with: list[bool] = []

        def collecting(phase, info):
            if phase == "start" and not shown_with:
                passes.append(info["generation"])

        gc.callbacks.append(collecting)
        try:
            screen = HistoryScreen()
            screen.on_shown = lambda: shown_with.append(gc.isenabled())
            app.push_screen(screen)
            while not shown_with:
                await pilot.pause(0.01)
        finally:
            gc.callbacks.remove(collecting)
        assert passes == []  # an opening allocates enough for dozens of passes: all come after the frame
        assert shown_with == [True] and gc.isenabled()
        assert len(screen.shown) == 5


@pytest.mark.anyio
async def test_a_history_closed_before_it_is_drawn_leaves_the_collector_on(home, monkeypatch):
    _history()
    app = make_app(learner="léa")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(HistoryScreen, "_drawn", lambda self: None)  # its first frame never comes
        app.push_screen(HistoryScreen())
        await pilot.pause()
        assert not gc.isenabled()  # held while it is built
        app.pop_screen()
        await pilot.pause()
        assert gc.isenabled()


@pytest.mark.anyio
async def test_a_history_closed_as_another_opens_leaves_the_collector_to_the_new_one(home, monkeypatch):
    _history()
    app = make_app(learner="léa")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _open(app, pilot)
        monkeypatch.setattr(HistoryScreen, "_drawn", lambda self: None)  # the new one is never drawn
        app.pop_screen()
        app.push_screen(HistoryScreen())
        for _ in range(3):
            await pilot.pause()
        assert not gc.isenabled()  # the closed one's unmount did not turn it back on under the new one
        app.pop_screen()
        await pilot.pause()
        assert gc.isenabled()


@pytest.mark.anyio
async def test_the_resize_its_first_layout_sends_does_not_lay_the_screen_out_again(home, monkeypatch):
    _history(30)
    app = make_app(learner="léa")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot)
        await pilot.pause()
        layouts: list[object] = []
        reflow = type(screen._compositor).reflow
        monkeypatch.setattr(type(screen._compositor), "reflow",
                            lambda self, parent, size: layouts.append(size) or reflow(self, parent, size))
        screen.post_message(events.Resize(app.size, app.size, app.size))
        await pilot.pause()
        assert layouts == []
        await pilot.resize_terminal(80, 30)  # a real resize is laid out, and the chart follows it
        await pilot.pause()
        assert layouts and layouts[-1].width == 80
        chart = screen.query_one(ProgressChart)
        assert chart.laid_out_for == chart.content_size.width < 80


@pytest.mark.anyio
async def test_footer_keys_are_styled_once_when_shown(home, monkeypatch):
    _history()
    app = make_app(learner="léa")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        restyled = _restyled(app, monkeypatch)
        screen = await _open(app, pilot)
        await pilot.pause()
        keys = list(screen.query(FooterKey))
        assert {key.key for key in keys} >= {"a", "escape", "enter"}  # the screen's keys and the table's
        # Textual's keys put their "-compact" class on and took it off again: two passes each
        assert not any(isinstance(node, FooterKey) for node in restyled)
        for key in keys:  # same look: the command palette's key alone is compact, as Textual draws it
            assert key.compact == key.has_class("-compact") == key.has_class("-command-palette")


@pytest.mark.anyio
async def test_its_first_showing_does_not_style_the_whole_screen_again(home, monkeypatch):
    _history()
    app = make_app(learner="léa")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        restyled = _restyled(app, monkeypatch)
        screen = await _open(app, pilot)
        assert screen not in restyled  # styled node by node when mounted, not all again when first shown
        assert screen.query_one("#history-table").styles.height.fraction == 1  # its own CSS is on it


def _drawn_lines(table) -> list[list[tuple[str, object]]]:
    """The table's lines drawn afresh (its caches of drawn rows and cells emptied first)."""
    from textual.geometry import Region

    for cache in (table._line_cache, table._row_render_cache, table._cell_render_cache, table._styles_cache):
        cache.clear()
    strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


@pytest.mark.anyio
async def test_the_table_draws_what_a_datatable_draws_asking_its_styles_once_a_drawing(home, monkeypatch):
    from textual.dom import DOMNode
    from textual.widgets import DataTable

    from simulator.tui.screens.history import HistoryTable

    _history(40)
    app = make_app(learner="léa")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot)
        table = screen.query_one(HistoryTable)
        walks: list[object] = []
        rich_style = DOMNode.rich_style.fget
        walked = property(lambda node: walks.append(node) or rich_style(node))
        for keys in ([], ["down", "down"], ["tab"]):  # cursor on the first row, lower, the table not focused
            await pilot.press(*keys)
            await pilot.pause()
            walks.clear()
            monkeypatch.setattr(DOMNode, "rich_style", walked)
            ours = _drawn_lines(table)
            assert 0 < len(walks) <= 8  # the table's and a few components', not again for each of ~20 rows
            monkeypatch.setattr(HistoryTable, "render_lines", DataTable.render_lines)  # a DataTable's own drawing
            assert _drawn_lines(table) == ours
            assert len(walks) > 40
            monkeypatch.undo()


@pytest.mark.anyio
@pytest.mark.parametrize("width", [62, 120])
async def test_an_empty_history_says_so_in_full_whatever_the_width(home, width):
    """The message of an empty history runs across the row, wrapped to what the screen shows (it sat in the
    scenario's column and lost its end: « … dans la »)."""
    from simulator.i18n import t

    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await _open(app, pilot)
        table = screen.query_one("#history-table")
        cell = table.get_row_at(0)[0]
        lines = cell.plain.split("\n")
        assert " ".join(lines) == t("history.empty")
        assert all(len(line) <= width - 4 for line in lines)
        assert table.rows[table.coordinate_to_cell_key((0, 0)).row_key].height == len(lines)
