"""Issue 16, point 8, in the terminal UI: the live preview's inspector (v) and the best path (m)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_support import make_app, static_text

from simulator.authoring.scaffold import create

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, home
pytestmark = pytest.mark.anyio


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    return create("prospection", "garage", "fr", tmp_path / "auteur").scenario


def status(app) -> str:
    return " ".join(static_text(app.screen.query_one("#live-status"), width=200).split())


async def test_inspector_and_best_path_in_the_live_preview(home, scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        text = status(app)
        assert "Inspecteur" in text and "État : " in text and "patience" in text and "choix proposés" in text
        await pilot.press("m")
        await pilot.pause()
        text = status(app)
        if "grille de notation" in text:
            pytest.skip("the scoring package is not available")
        assert "Parcours « best » de negosim simulate rejoué" in text
        assert app.screen.live.session.ended


async def test_the_preview_starts_again_from_a_chosen_state(home, scenario_file):
    """g: the author picks a state, the shortest way there is replayed, play goes on from it."""
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        preview = app.screen
        await pilot.press("g")
        await pilot.pause()
        picker = app.screen
        assert picker is not preview and "Repartir d'un état" in static_text(picker.query_one(".title-bar"))
        options = picker.query_one("#state-picker")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "decouverte" in ids and not any(i.startswith("fin-") for i in ids)
        options.highlighted = ids.index("decouverte")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is preview and preview.live.session.state == "decouverte"
        assert [t.choice_id for t in preview.live.session.turns]  # replayed by the shortest path
        assert "Repart de « decouverte »" in status(app)
