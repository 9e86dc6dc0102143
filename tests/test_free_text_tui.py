"""Free-text mode in the terminal UI (Textual Pilot): the learner types, the client asks when a line is
unclear and the options come after a second one (training), the transcript keeps the learner's words and
shows how they were understood, a price in a sentence is an offer, every move is journaled with the words.
One app run for the whole path: starting the app is most of the cost."""

from __future__ import annotations

import pytest
from test_tui_support import inputs_of, journal_lines, journals, make_app, open_first_scenario, transcript_text

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, scenario_dir, only_test_scenarios

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


async def type_line(pilot, text: str) -> None:
    pilot.app.screen.query_one("#free-input").value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_free_text_interview_in_the_terminal_ui(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=3, free=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        choices = app.screen.query_one("#choices")
        assert choices.has_class("hidden") and app.screen.query_one("#free-input").has_focus  # no menu
        await type_line(pilot, "euh bof")
        assert "qu'entendez-vous par là" in transcript_text(app) and choices.has_class("hidden")
        await type_line(pilot, "hmm voila")
        assert not choices.has_class("hidden")  # training: the options, never a dead end
        [journal] = journals(home)
        assert inputs_of(journal) == []
        assert [r["text"] for r in journal_lines(journal) if r.get("type") == "free_text_unclear"] == ["euh bof", "hmm voila"]
        await type_line(pilot, "bonjour, comment s'est passe votre hiver cote chauffage ?")
        assert inputs_of(journal) == [{"choice": "question"}]
        move = [r for r in journal_lines(journal) if r.get("type") == "input"][0]
        assert move["free_text"]["text"].startswith("bonjour, comment") and move["free_text"]["option"] == "question"
        shown = transcript_text(app)
        assert "bonjour, comment s'est passe votre hiver" in shown and "compris" in shown
        await type_line(pilot, "je vous le fais a mille euros par an")
        assert inputs_of(journal)[-1] == {"price": 1000}
