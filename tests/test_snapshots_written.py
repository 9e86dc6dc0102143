"""Snapshots: the written work around the interview (the preparation sheet beside the briefing, the
self-assessment before the grid, the debrief's « Écrits » tab)."""

from __future__ import annotations

from snapshot_support import library, open_nego  # noqa: F401 - fixture
from test_tui_support import choose, make_app, skip_written

pytest_plugins = ["test_tui_support"]


async def end_the_deal(pilot) -> None:
    await open_nego(pilot)
    await choose(pilot, "question")
    await pilot.pause()
    pilot.app.screen.query_one("#price-input").value = "700"
    await pilot.press("p", "enter")
    await pilot.pause()
    await pilot.press("enter")  # the self-assessment, before the grid
    await pilot.pause()


def test_preparation_sheet_beside_the_briefing(snap_compare, library):  # noqa: F811
    """The sheet to fill in (who decides, motives, questions, price plan), the briefing in view on its left."""
    assert snap_compare(make_app(extra_dirs=[library], seed=1), terminal_size=(100, 32),
                        press=["down", "enter", "_", "enter", "_"])


def test_self_assessment_before_the_grid(snap_compare, library):  # noqa: F811
    """A level per criterion of the grid, the radio cursor not standing for an answer, then the moments."""
    assert snap_compare(make_app(extra_dirs=[library], seed=1), run_before=end_the_deal)


def test_debrief_written_tab(snap_compare, library):  # noqa: F811
    """The written work graded: the self-assessment's findings and its levels beside the grid's."""
    async def run_before(pilot):
        await end_the_deal(pilot)
        form = pilot.app.screen.work_form
        for i, f in enumerate(form.form.fields):
            if f.kind == "level":
                form.control(i).query("RadioButton").first().value = True
        form.control_of("best_turn").value = "1"
        form.control_of("weakest_turn").value = "2"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await skip_written(pilot)
        await pilot.press("w")
        await pilot.pause()

    assert snap_compare(make_app(extra_dirs=[library], seed=1), terminal_size=(100, 32), run_before=run_before)
