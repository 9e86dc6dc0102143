"""An exam session says so in the history at every width: from 60 to 66 columns its row lost « (examen) » (the
scenario's 8 cells held « Prix (e… »), and read like a practice session."""

from __future__ import annotations

import json

import pytest
from test_tui_support import make_app, until_screen

from simulator.i18n import t
from simulator.store.index import SessionIndex
from simulator.tui.app import MIN_WIDTH
from simulator.tui.screens.history import field_widths, scenario_cell

pytest_plugins = ["test_tui_support"]

TITLE = "Négociation d'un contrat-cadre pluriannuel avec une centrale d'achat"


def _sessions() -> None:
    """Newest first: a practice session, an exam with a short title, an exam with a long one."""
    index = SessionIndex()
    for day, (title, mode, mark) in enumerate((("Vente", "practice", 9.0), ("Prix", "exam", 15.0),
                                               (TITLE, "exam", 12.5)), start=1):
        at = f"2026-01-0{4 - day}T10:00:00+00:00"
        index.put_row((f"/j/{day}.jsonl", "léa", "sc", title, mode, at, at, 4, "success", mark, json.dumps({})))
    index.close()


@pytest.mark.anyio
@pytest.mark.parametrize(("lang", "marks"), [("fr", ("9/20", "15/20", "12,5/20")), ("en", ("9/20", "15/20", "12.5/20"))])
async def test_an_exam_row_keeps_its_tag_and_its_mark_at_every_width(home, lang, marks):
    _sessions()
    app = make_app(learner="léa", lang=lang)
    tag = t("history.exam_tag")
    async with app.run_test(size=(MIN_WIDTH, 30)) as pilot:
        app.open_history()
        await until_screen(pilot, "history")
        await pilot.pause()
        table = app.screen.query_one("#history-table")
        for width in (MIN_WIDTH, 62, 64, 66, 68, 80):  # it was lost from 60 to 66 (every width: below)
            if width != app.size.width:
                await pilot.resize_terminal(width, 30)
                await pilot.pause()
            header = table.render_line(0).text
            column = slice(header.index(t("history.col.scenario")), header.index(t("history.col.turns")))
            rows = [table.render_line(y).text for y in (1, 2, 3)]
            assert [row[column].rstrip().endswith(tag) for row in rows] == [False, True, True], (width, rows)
            assert [row.rstrip().endswith(mark) for row, mark in zip(rows, marks, strict=True)] == [True] * 3, rows
            if width >= 80:  # room for the titles: shown, the long one cut before the tag
                assert rows[1][column].rstrip() == f"Prix {tag}" and "Négociation" in rows[2], rows


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_scenario_cell_keeps_the_whole_tag_from_the_smallest_width_up(lang):
    from simulator.i18n import set_lang

    set_lang(lang)
    try:
        tag = t("history.exam_tag")
        for width in range(MIN_WIDTH, 200):
            cells = field_widths(width)[1]
            for title in (TITLE, "Prix", "P", "Négociation (examen) : le retour"):
                exam = scenario_cell(title, True, cells)
                assert exam.endswith(tag) and len(exam) <= cells, (width, exam)
                practice = scenario_cell(title, False, cells)
                assert len(practice) <= cells and (practice == title or practice.endswith("…")), (width, practice)
            # as much of the title as the tag leaves room for, cut with « … » (a lone « … » says nothing)
            room = cells - len(tag) - 1
            title = TITLE if len(TITLE) <= room else f"{TITLE[:room - 1].rstrip()}…"
            assert scenario_cell(TITLE, True, cells) == (tag if room < 2 else f"{title} {tag}"), width
    finally:
        set_lang("fr")
