"""Textual markup in learner names and content is shown as text, never interpreted.

Issue 15: a learner named ``[/oops]`` crashed the history screen (Textual read it as a closing tag).
"""

from __future__ import annotations

import pytest
from test_tui_support import NEGO, choose, make_app, open_first_scenario, screen_text, to_debrief, write_scenario

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, only_test_scenarios

SIZE = (100, 30)
pytestmark = pytest.mark.anyio

NAME = "Léa [/oops] [b]Martin[/b] [@click=app.quit]x[/]"
TITLE = "Contrat [/bold] [red]rouge[/red]"
LINE = "Trop cher [/] par rapport à [link=https://evil.example]quoi[/link] ?"


async def test_markup_in_a_name_a_title_and_a_line_is_shown_as_typed(home, tmp_path, only_test_scenarios):
    folder = tmp_path / "hostile"
    write_scenario(folder, NEGO.replace("Négociation : le contrat d'entretien", TITLE)
                   .replace("Oui : je vous présente notre contrat tout de suite.", LINE))
    app = make_app(extra_dirs=[folder], seed=5, learner=NAME)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        assert "Contrat [/bold] [red]rouge[/red]" in screen_text(app)  # the play screen's title bar
        for choice in ("pitch", "creuser", "renoncer"):
            await choose(pilot, choice)
            await pilot.pause()
        assert app.screen.rec.session.ended
        await to_debrief(pilot)  # the debrief lists the turns with the learner's lines
        assert app.screen.name == "debrief"
        first = [getattr(cell, "plain", cell) for cell in app.screen.query_one("#turns-table").get_row_at(0)]
        assert any(str(cell).startswith("Trop cher [/] par rapport à [link=") for cell in first), first
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert app.screen.name == "history"
        assert NAME in screen_text(app)  # the title bar: brackets and all
        row = app.screen.query_one("#history-table").get_row_at(0)
        assert "  Contrat [/bold] [red]rouge" in row[0].plain  # the scenario field, after the date
