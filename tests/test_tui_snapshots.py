"""SVG snapshots of the main screens at fixed sizes (pytest-textual-snapshot; Textual is pinned).

Animations are off and no text input has focus when the picture is taken, so nothing blinks. The
library shows only the scenarios written for the tests (bundled ones change as authors work), and the
history's dates are fixed. The debrief and history pictures show the scorer's marks: after a change to
the rubric or the scorer they change too (that is the point: it is what learners see). Update after a
deliberate change with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the SVGs in
``tests/snapshots/`` before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension
from test_tui_support import NEGO, choose, close_the_test_deal, make_app, skip_written, write_scenario

pytest_plugins = ["test_tui_support"]


class SnapshotsDir(SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(Path(test_location.filepath).parent / "snapshots" / Path(test_location.filepath).stem)


@pytest.fixture
def snap(snapshot):
    from textual._doc import take_svg_screenshot

    def compare(app, size=(80, 24), run_before=None) -> bool:
        svg = take_svg_screenshot(app=app, terminal_size=size, run_before=run_before)
        return snapshot.use_extension(SnapshotsDir) == svg

    return compare


@pytest.fixture
def library(scenario_dir, only_test_scenarios):
    write_scenario(scenario_dir, NEGO.replace("id: tui-nego", "id: tui-appel")
                   .replace("blocks: [negociation]", "blocks: [prospection]").replace("difficulty: 2", "difficulty: 1")
                   .replace("le contrat d'entretien", "l'appel au gérant").replace("sector: services", "sector: banque"),
                   name="tui-appel.yaml")
    return scenario_dir


async def open_nego(pilot):
    await pilot.press("down", "enter")  # the second row: the negotiation
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await skip_written(pilot)  # the preparation sheet put aside


def test_library(snap, library):
    assert snap(make_app(extra_dirs=[library]))


def test_library_wide_light_theme(snap, library, home):
    (home / "settings.json").write_text('{"theme": "negosim-clair"}', encoding="utf-8")
    assert snap(make_app(extra_dirs=[library]), size=(120, 36))


def test_briefing(snap, library):
    async def run_before(pilot):
        await pilot.press("down", "enter")
        await pilot.pause()

    assert snap(make_app(extra_dirs=[library]), run_before=run_before)


def test_play_negotiating(snap, library):
    async def run_before(pilot):
        await open_nego(pilot)
        await choose(pilot, "question")
        await pilot.pause()

    assert snap(make_app(extra_dirs=[library], seed=1), run_before=run_before)


def test_play_wide_with_hint(snap, library):
    async def run_before(pilot):
        await open_nego(pilot)
        await choose(pilot, "pitch")
        await pilot.press("i")
        await pilot.pause()

    assert snap(make_app(extra_dirs=[library], seed=1), size=(120, 36), run_before=run_before)


def test_debrief(snap, library):
    async def run_before(pilot):
        await open_nego(pilot)
        await close_the_test_deal(pilot)

    assert snap(make_app(extra_dirs=[library], seed=1), size=(100, 32), run_before=run_before)


def test_history(snap, library, monkeypatch):
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

    assert snap(make_app(extra_dirs=[library], seed=1), run_before=run_before)


def test_too_small(snap, library):
    assert snap(make_app(extra_dirs=[library]), size=(50, 15))


# -- written work around the interview (issue 18)

def test_preparation_sheet_beside_the_briefing(snap, library):
    async def run_before(pilot):
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap(make_app(extra_dirs=[library], seed=1), size=(100, 32), run_before=run_before)


def test_self_assessment_before_the_grid(snap, library):
    async def run_before(pilot):
        await open_nego(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        pilot.app.screen.query_one("#price-input").value = "700"
        await pilot.press("p", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap(make_app(extra_dirs=[library], seed=1), run_before=run_before)


def test_debrief_written_tab(snap, library):
    async def run_before(pilot):
        await open_nego(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        pilot.app.screen.query_one("#price-input").value = "700"
        await pilot.press("p", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
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

    assert snap(make_app(extra_dirs=[library], seed=1), size=(100, 32), run_before=run_before)
