"""Small faults a new user met in the classroom (issue 17, « Classroom polish »), each pinned by a Pilot test."""

from __future__ import annotations

import pytest
from test_tui_support import make_app, plain

from simulator.store.settings import Settings
from simulator.tui.screens.library import LibraryScreen, ScenarioTable, fit_titles, folded
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


async def _to_debrief(pilot) -> None:
    from test_tui_support import close_the_test_deal, open_first_scenario

    await open_first_scenario(pilot)
    await close_the_test_deal(pilot)
    assert pilot.app.screen.name == "debrief"


async def test_the_debrief_grid_follows_a_resize_and_keeps_the_marks_on_screen(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=(110, 32)) as pilot:
        await _to_debrief(pilot)
        table = app.screen.query_one("#grid-table")
        for width in (80, 60):
            await pilot.resize_terminal(width, 18)
            await pilot.pause()
            widths = [c.width + 2 for c in table.columns.values()]  # each column's padding
            assert sum(widths) <= width - 4, (width, widths)
            assert table.get_column_index("mark") == 3 and table.row_count > 3


async def test_down_on_the_last_row_of_the_grid_shows_what_is_below(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_debrief(pilot)
        table = app.screen.query_one("#grid-table")
        scroller = table.parent
        assert scroller.max_scroll_y > 0  # the strengths and priorities are below the fold
        for _ in range(table.row_count + 3):
            await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1 and scroller.scroll_y > 0


async def test_the_terminal_asks_the_learners_name_once_and_keeps_it(home, monkeypatch):
    """Everyone used to be « apprenant » (or their login) in journals and reports."""
    monkeypatch.delenv("NEGOSIM_LEARNER")
    app = make_app(settings=Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#learner-name").has_focus
        await pilot.press(*"Inès", "enter")
        await pilot.pause()
        assert app.learner == "Inès" and isinstance(app.screen, LibraryScreen)
    assert Settings.load().learner == "Inès"
    again = make_app(settings=Settings.load())
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.learner == "Inès" and isinstance(again.screen, LibraryScreen)  # not asked twice


async def test_the_counterpart_list_says_close_in_french(home, scenario_dir, only_test_scenarios):
    """« esc Dismiss menu » showed in the French footer when the counterpart list was open."""
    from textual.widgets._select import SelectOverlay

    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        from test_tui_support import open_first_scenario

        await open_first_scenario(pilot)  # the conversation, with its counterpart list
        [overlay] = app.screen.query(SelectOverlay)
        labels = {b.description for bindings in overlay._bindings.key_to_bindings.values() for b in bindings
                  if b.action == "dismiss"}
        assert labels == {"Fermer la liste"}


async def test_the_briefing_over_an_interview_not_yet_begun_says_start_not_back(home, scenario_dir):
    """`negosim play SCENARIO` opens on the briefing over the conversation: closing it starts the interview (it
    used to say « revenir à l'entretien » before anything was said); once a move is played, it is a return."""
    from test_tui_support import choose, until, until_screen

    app = make_app(scenario=str(next(scenario_dir.glob("*.yaml"))), seed=1, learner="Inès")
    async with app.run_test(size=(100, 30)) as pilot:
        await until_screen(pilot, "written")
        # the screen is on top before its widgets are all mounted on a loaded machine
        await until(pilot, lambda: app.screen.query("#written-aside") and app.screen.query("#written-keys"),
                    "the written screen's briefing and keys")
        # the preparation sheet comes first, the briefing beside it (issue 18): handing it in or skipping it
        # starts the interview
        assert app.screen.name == "written" and app.screen.query("#written-aside")
        hint = plain(str(app.screen.query_one("#written-keys").render()))
        assert "commencer l'entretien" in hint and "revenir" not in hint
        await pilot.press("escape")
        await until_screen(pilot, "play")
        await choose(pilot, "question")
        await pilot.press("b")
        await pilot.pause()
        assert "revenir à l'entretien" in plain(str(app.screen.query_one("#briefing-start").render()))


def test_nobody_named_is_learner_in_english_and_apprenant_in_french(monkeypatch):
    from simulator.lang import default_learner

    monkeypatch.delenv("NEGOSIM_LEARNER", raising=False)
    monkeypatch.delenv("USER", raising=False)
    assert (default_learner("en"), default_learner("fr")) == ("learner", "apprenant")
    monkeypatch.setenv("USER", "ines")
    assert default_learner("en") == "ines"
