"""The blind calibration set (tests/calibration/): every interview replays to its ending, and negosim's
agreement with the jury does not fall below what docs/scoring.md reports.

The bars here are the figures measured when the jury's reading (scoring/judgement.py) was calibrated, a
little below, so that a change that makes the scorer judge less like a jury fails; the project's targets
(mean absolute difference <= 1.0, kappa >= 0.8, « en cours » >= 70 %) are printed by
``python benchmarks/calibration.py`` and not reached yet (docs/scoring.md § 12).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import calibration  # noqa: E402

from simulator.scoring import default_rubric  # noqa: E402

FILES = sorted((ROOT / "tests" / "calibration").glob("*.yaml"))


def test_the_set_is_what_the_issue_asks_for():
    docs = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in FILES]
    interviews = [i for d in docs for i in d["interviews"]]
    assert len({d["scenario"] for d in docs}) >= 6 and len(interviews) >= 24
    for d in docs:
        profiles = [i["profile"] for i in d["interviews"]]
        assert profiles.count("strong") >= 1 and profiles.count("middling") >= 2 and profiles.count("weak") >= 1
    criteria = set(default_rubric().criteria)
    for i in interviews:
        low, high = i["jury"]["mark"]
        assert 0 <= low < high <= 20
        for cid, judged in i["jury"]["levels"].items():
            assert cid in criteria and judged["level"] in calibration.LEVELS and judged["why"].strip()


def test_every_interview_reaches_an_ending_and_agreement_holds():
    rows = calibration.graded()
    assert all(r["ended"] for r in rows), [r["name"] for r in rows if not r["ended"]]
    f = calibration.figures(rows)
    # round 8 (docs/scoring.md § 12 bis): 1.04, 0.937, 0.75, 84 %, 68 % (round 7: 1.32, 0.932, 0.68, 79 %, 64 %)
    assert f["mad"] <= 1.15, f
    assert f["spearman"] >= 0.9, f
    assert f["kappa"] >= 0.72, f
    assert f["exact"] >= 0.81, f
    assert f["en_cours"] >= 0.65, f
