"""The issue's bars on every bundled scenario: best >= 16/20 with every exercised criterion acquired, random
median <= 10/20, worst <= 6/20 (``python -m simulator.scoring.calibrate`` prints the full table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.content.loader import load_scenario
from simulator.scoring.calibrate import calibrate

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_mark_separates_best_random_and_worst_play(path: Path):
    result = calibrate(load_scenario(path), extreme_runs=2, random_runs=60)
    assert result.problems == [], result
