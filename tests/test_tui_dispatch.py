"""Events reach the handler of the widget they come from, once: handlers are bound with @on(..., "#id")
instead of one on_input_submitted per screen class that tests the id (Textual calls the handler of each
class in a screen's MRO, so the free-text screen's and the play screen's both ran for every line)."""

from __future__ import annotations

import pytest
from snapshot_support import library, open_nego  # noqa: F401 - fixture
from test_tui_support import inputs_of, journals, make_app

pytest_plugins = ["test_tui_support"]
pytestmark = pytest.mark.anyio


async def test_a_price_typed_in_free_text_mode_is_offered_once(library, home):  # noqa: F811
    app = make_app(extra_dirs=[library], seed=1, free=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_nego(pilot)
        app.screen.query_one("#free-input").value = "Qu'est-ce qui compte le plus pour vous dans ce contrat ?"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.rec.session.accepts_price
        price = app.screen.query_one("#price-input")
        price.value = "700"
        price.focus()
        await pilot.press("enter")
        await pilot.pause()
        [journal] = journals(home)
        offers = [i for i in inputs_of(journal) if "price" in i]
        assert len(offers) == 1, inputs_of(journal)


async def test_the_exam_app_starts_once(home, tmp_path):
    """Regression: ExamApp.on_mount called NegosimApp.on_mount, which Textual calls anyway: start-up ran twice
    (a damaged settings file was reported twice)."""
    from exam_support import KEY

    from simulator.exam.clock import ManualClock
    from simulator.tui.exam import ExamApp

    (home / "settings.json").write_text("{pas du JSON", encoding="utf-8")
    app = ExamApp(lang="fr", key=KEY, clock=ManualClock(), extra_dirs=[tmp_path], tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert len(notes) == 1 and "Réglages ignorés" in notes[0], notes
