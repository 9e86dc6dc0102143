"""Snapshots: the conversation (menu of answers, price negotiation, hint, free-text input)."""

from __future__ import annotations

import pytest
from snapshot_support import library, open_nego  # noqa: F401 - fixture
from test_tui_support import choose, make_app

pytest_plugins = ["test_tui_support"]


def test_play_negotiating(snap_compare, library):  # noqa: F811
    """After the first question: the client's answer, the cues, the phase bar, the next answers."""
    async def run_before(pilot):
        await open_nego(pilot)
        await choose(pilot, "question")
        await pilot.pause()

    assert snap_compare(make_app(extra_dirs=[library], seed=1), run_before=run_before)


def test_play_wide_with_hint(snap_compare, library):  # noqa: F811
    """A wide terminal with the hint shown (the competency at stake, never the answer)."""
    async def run_before(pilot):
        await open_nego(pilot)
        await choose(pilot, "pitch")
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(make_app(extra_dirs=[library], seed=1), terminal_size=(120, 36), run_before=run_before)


@pytest.mark.anyio
async def test_free_text_shows_the_opening_once(library):  # noqa: F811
    """Regression: the free-text screen called its parent's on_mount, which Textual calls anyway."""
    from test_tui_support import transcript_text

    app = make_app(extra_dirs=[library], seed=1, free=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_nego(pilot)
        assert transcript_text(app).count("Bonjour ! Vous êtes le monsieur des chaudières ?") == 1


def test_free_text_input(snap_compare, library):  # noqa: F811
    """Free-text mode: no menu, a line to type the answer in, and how the last line was understood."""
    async def run_before(pilot):
        await open_nego(pilot)
        pilot.app.screen.query_one("#free-input").value = "Qu'est-ce qui compte le plus pour vous dans ce contrat ?"
        await pilot.press("enter")
        await pilot.pause()
        pilot.app.set_focus(None)  # no blinking cursor in the picture
        await pilot.pause()

    assert snap_compare(make_app(extra_dirs=[library], seed=1, free=True), terminal_size=(100, 30), run_before=run_before)
