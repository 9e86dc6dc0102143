"""Small faults a new user met in the classroom (issue 17, « Classroom polish »), each pinned by a Pilot test."""

from __future__ import annotations

import pytest
from test_tui_support import make_app, plain

from simulator.tui.screens.library import LibraryScreen, ScenarioTable, fit_titles, folded
from simulator.tui.settings import Settings
from simulator.tui.themes import DARK, LIGHT

pytest_plugins = ["test_tui_support"]
pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("theme", [LIGHT, DARK])
async def test_the_saved_theme_is_the_one_drawn_at_start(home, theme):
    """The saved theme used to be named but not drawn: the screen kept Textual's own dark palette."""
    settings = Settings()
    settings.theme = theme.name
    app = make_app(settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == theme.name
        assert app.screen.styles.background.hex.upper() == theme.background.upper()


def _rows(app) -> list[str]:
    table = app.screen.query_one(ScenarioTable)
    return [plain(str(table.get_option_at_index(i).prompt)) for i in range(table.option_count)]


async def _search(pilot, app, text: str) -> list[str]:
    await pilot.press("slash")
    app.screen.query_one("#search").value = text
    await pilot.pause()
    return _rows(app)


async def test_search_ignores_accents_and_case(home):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        found = await _search(pilot, app, "negociation")
        assert found and all("Négociation" in row for row in found)
        assert any("Guérin" in row for row in await _search(pilot, app, "GUERIN"))
        assert await _search(pilot, app, "zzz-rien") == []


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_titles_are_sorted_as_read_and_stay_distinct_when_cut(home, width):
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        titles = [card.title for card in screen.shown]
        assert titles == sorted(titles, key=folded)
        rows = _rows(app)
        shown_titles = [row.split("  ")[0] for row in rows]  # the title column, before the persona
        assert len(set(shown_titles)) == len(shown_titles), rows


def test_a_middle_cut_keeps_what_tells_titles_apart():
    titles = ["Prospection téléphonique : la boulangerie Martin",
              "Prospection téléphonique : le chef de chantier de Vénissieux"]
    cut = fit_titles(titles, 24)
    assert cut[0] != cut[1] and cut[0].rstrip().endswith("Martin") and "…" in cut[0]
    assert fit_titles(["Court"], 24) == ["Court".ljust(24)]
