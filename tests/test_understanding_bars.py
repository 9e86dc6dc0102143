"""Measured quality of free-text understanding on data no training or tuning saw.

Option matching meets the issue's bar (>= 93 % of intent-only paraphrases); so do act families overall
(macro-F1 >= 0.92), in English (>= 0.85), with the punctuation removed (>= 0.85) and the weakest family (>= 0.85).
The measured levels are also held as floors so that they can only go up; ``benchmarks/understanding_bars.py``
prints the bars and their margin."""

from __future__ import annotations

from functools import cache

from simulator.understanding.evaluate import BARS, OPTION_BAR, bars, option_matching

# Measured 2026-12-06 after the calibration round of issue 14 (held-out: 524 sentences, 223 in English): 0.928,
# 0.937, 0.882, 0.922; floors a little under, to absorb retraining noise as the corpus grows.
FLOORS = {"macro_f1": 0.90, "macro_f1_en": 0.91, "family_min": 0.85, "macro_f1_no_punct": 0.89}
# the issue's bars met so far: asserted as bars, not floors
MET_BARS = ("macro_f1", "macro_f1_en", "macro_f1_no_punct", "family_min")


@cache
def measured() -> dict:
    return bars()


def test_option_matching_on_intent_only_paraphrases_meets_the_bar():
    result = option_matching()
    assert result["paraphrases"] >= 100
    assert result["accuracy"] >= OPTION_BAR, result["misses"]


def test_family_recognition_does_not_fall_below_its_measured_level():
    r = measured()
    assert r["held_out"] >= 520 and r["held_out_en"] >= 220
    for key, floor in FLOORS.items():
        assert r[key] >= floor, (key, r[key])


def test_family_recognition_meets_the_issues_bars():
    r = measured()
    for key in MET_BARS:
        assert r[key] >= BARS[key], (key, r[key], BARS[key])
