"""Snapshots: what a learner reads after playing (the debrief, the history with progress)."""

from __future__ import annotations

from snapshot_support import library, open_nego  # noqa: F401 - fixture
from test_tui_support import choose, close_the_test_deal, make_app

pytest_plugins = ["test_tui_support"]


def test_debrief(snap_compare, library):  # noqa: F811
    """The debrief after a deal: marks by block, the criteria grid, the annotated turns.

    It shows the scorer's marks: after a change to the rubric or the scorer it changes too (that is the point)."""
    async def run_before(pilot):
        await open_nego(pilot)
        await close_the_test_deal(pilot)

    assert snap_compare(make_app(extra_dirs=[library], seed=1), terminal_size=(100, 32), run_before=run_before)


def test_history(snap_compare, library, monkeypatch):  # noqa: F811
    """The history after an interrupted session, with its (fixed) date and the progress chart."""
    import simulator.tui.screens.history as history

    monkeypatch.setattr(history, "format_date", lambda iso: "26/11/2026 17:00")

    async def run_before(pilot):
        await open_nego(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        pilot.app.screen.query_one("#price-input").value = "700"
        await pilot.press("p", "enter")
        await pilot.pause()
        await pilot.press("escape", "h")
        await pilot.pause()

    assert snap_compare(make_app(extra_dirs=[library], seed=1), run_before=run_before)
