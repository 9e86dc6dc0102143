"""Snapshots: the mock exam (the jury's set-up, the timed preparation, the timed interview), on a manual clock."""

from __future__ import annotations

from exam_support import EXAM_SCENARIO, KEY

from simulator.exam.clock import ManualClock
from simulator.tui.exam import ExamApp

pytest_plugins = ["test_tui_support"]

SIZE = (100, 32)


def exam_app(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "examen.yaml").write_text(EXAM_SCENARIO, encoding="utf-8")
    app = ExamApp(lang="fr", key=KEY, clock=ManualClock(), extra_dirs=[folder], tick_seconds=3600, seed=5,
                  candidate="Léa Martin", scenario=str(folder / "examen.yaml"))
    app.animation_level = "none"
    return app


def test_exam_set_up(snap_compare, tmp_path, home, only_test_scenarios):
    """The jury's set-up: candidate, scenario (title and [id]), pool, seed, times, the jury key."""
    async def run_before(pilot):
        pilot.app.set_focus(None)
        await pilot.pause()

    assert snap_compare(exam_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_exam_preparation(snap_compare, tmp_path, home, only_test_scenarios):
    """The timed preparation: the sheet under a countdown."""
    assert snap_compare(exam_app(tmp_path), terminal_size=SIZE, press=["ctrl+s", "_"])


def test_exam_interview(snap_compare, tmp_path, home, only_test_scenarios):
    """The timed interview: the conversation in exam mode (no hint, no cues) under the countdown."""
    assert snap_compare(exam_app(tmp_path), terminal_size=SIZE, press=["ctrl+s", "_", "f5", "_", "o", "_"])
