"""The history's every column on screen from the app's smallest width up: at 62 columns its header lost « Note »
and its rows their mark (five fields wider than the table), and a resize kept the rows as wide as when opened."""

from __future__ import annotations

import json

import pytest
from test_tui_support import make_app

from simulator.store.index import LEVELS, SessionIndex
from simulator.tui.app import MIN_WIDTH
from simulator.tui.screens.history import field_widths

pytest_plugins = ["test_tui_support"]

TITLE = "Négociation d'un contrat-cadre pluriannuel avec une centrale d'achat"
ROWS = 40  # more than the screen shows: the table's vertical scrollbar takes its two cells


def _sessions(count: int = ROWS) -> None:
    """Finished sessions (the newest partial, 12,5/20, the longest outcome) and one unfinished (« ▶ en cours »)."""
    index = SessionIndex()
    for i in range(count):
        at = f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}+00:00"
        outcome, mark = ("partial", 12.5) if i == count - 1 else (None, None) if i == count - 2 else ("success", 8.0)
        index.put_row((f"/j/{i}.jsonl", "léa", "sc", TITLE, "practice", at, at, i, outcome, mark,
                       json.dumps({"n_prix": LEVELS[i % 3]})))
    index.close()


def _drawn(table, y: int) -> str:
    """The table's line ``y`` as drawn in its region (what the terminal shows, without scrolling sideways)."""
    return table.render_line(y).text


def _assert_all_columns_shown(table, titles: tuple[str, ...], mark: str, outcome: str) -> None:
    header, newest, unfinished = _drawn(table, 0), _drawn(table, 1), _drawn(table, 2)
    assert [title in header for title in titles] == [True] * 5, header
    assert newest.rstrip().endswith(mark) and outcome in newest, newest  # the mark: last, whole
    assert "▶" in unfinished and unfinished.rstrip().endswith("—"), unfinished
    assert table.max_scroll_x == 0  # nothing left to scroll to sideways


@pytest.mark.anyio
async def test_at_62_columns_the_header_and_the_rows_show_the_mark(home):
    _sessions()
    app = make_app(learner="léa")
    async with app.run_test(size=(62, 30)) as pilot:
        app.open_history()
        await pilot.pause()
        table = app.screen.query_one("#history-table")
        assert table.show_vertical_scrollbar  # the narrowest case: the scrollbar's cells are taken too
        _assert_all_columns_shown(table, ("Date", "Scénario", "Tours", "Issue", "Note"), "12,5/20", "résultat")
        assert "Négocia…" in _drawn(table, 1)  # the scenario gave up its cells first, cut with an ellipsis
        for width in (MIN_WIDTH, 70):  # resized while shown: the rows are laid out again for the new width
            await pilot.press("down", "down", "down")
            cursor = table.cursor_row
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            _assert_all_columns_shown(table, ("Date", "Scénario", "Tours", "Issue", "Note"), "12,5/20", "résultat")
            assert table.cursor_row == cursor and table.row_count == ROWS  # the learner's place, every row


@pytest.mark.anyio
async def test_in_english_at_the_smallest_width_too(home):
    _sessions()
    app = make_app(learner="léa", lang="en")
    async with app.run_test(size=(MIN_WIDTH, 30)) as pilot:
        app.open_history()
        await pilot.pause()
        table = app.screen.query_one("#history-table")
        _assert_all_columns_shown(table, ("Date", "Scenario", "Turns", "Outcome", "Mark"), "12.5/20", "partial")


def test_narrow_screens_take_cells_from_the_scenario_then_the_outcome_never_the_mark():
    usual = field_widths(200)
    for width in range(MIN_WIDTH, 200):
        date, scenario, turns, outcome, mark = widths = field_widths(width)
        # the row, its four gaps, the cell's padding, the margins and the scrollbar fit the screen
        assert sum(widths) + 2 * 4 + 2 + 2 + 2 <= width, width
        assert (date, turns, mark) == (usual[0], usual[2], usual[4])
        assert scenario >= 8 and outcome >= 10  # « Scénario » whole; « ▶ en cours » whole
        assert outcome == 16 or scenario == 8  # the outcome shrinks only once the scenario cannot
        if width >= 74:  # the layout the history always had there
            assert widths == (16, width - 58, 5, 16, 7)


@pytest.mark.anyio
async def test_an_empty_history_shows_its_whole_message_at_80_columns_and_after_a_resize(home):
    from simulator.i18n import t

    app = make_app(learner="léa")
    async with app.run_test(size=(80, 30)) as pilot:  # wrapped to 76 cells, it lost « e. » in a 74-cell row
        app.open_history()
        await pilot.pause()
        table = app.screen.query_one("#history-table")
        for width in (80, MIN_WIDTH):
            if width != app.size.width:
                await pilot.resize_terminal(width, 30)
                await pilot.pause()
            drawn = [_drawn(table, y).strip() for y in range(1, 1 + table.row_count + 2)]
            assert " ".join(line for line in drawn if line) == t("history.empty"), drawn


@pytest.mark.anyio
async def test_an_exam_session_keeps_its_tag_the_title_cut_before_it(home):
    index = SessionIndex()
    index.put_row(("/j/exam.jsonl", "léa", "sc", TITLE, "exam", "2026-01-01T00:00:00+00:00",
                   "2026-01-01T00:00:00+00:00", 4, "success", 15.0, json.dumps({})))
    index.put_row(("/j/court.jsonl", "léa", "sc", "Prix", "exam", "2026-01-02T00:00:00+00:00",
                   "2026-01-02T00:00:00+00:00", 4, "success", 15.0, json.dumps({})))
    index.close()
    app = make_app(learner="léa")
    async with app.run_test(size=(80, 30)) as pilot:  # the tag was cut off with a long title's end
        app.open_history()
        await pilot.pause()
        table = app.screen.query_one("#history-table")
        header, short, long = _drawn(table, 0), _drawn(table, 1), _drawn(table, 2)
        turns = header.index("Tours")
        assert short[header.index("Scénario"):turns].rstrip() == "Prix (examen)"
        assert long[header.index("Scénario"):turns].rstrip() == "Négociation… (examen)"  # no space left before « … »
        assert long[turns:].split()[0] == "4"  # the next field still starts under its title
