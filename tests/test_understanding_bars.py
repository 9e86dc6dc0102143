"""Measured quality of free-text understanding on data no training or tuning saw.

Option matching meets the issue's bar (>= 93 % of intent-only paraphrases); so do act families in English
(>= 0.85), with the punctuation removed (>= 0.85) and the weakest family (>= 0.85). The overall family macro-F1
(0.92) does NOT yet meet its bar: these tests hold the measured level as a floor so that it can only go up;
``benchmarks/understanding_bars.py`` prints the real bars and their gap."""

from __future__ import annotations

from functools import cache

from simulator.understanding.evaluate import BARS, OPTION_BAR, bars, option_matching

# Measured 2026-12-06 after the corpus round of issue 14 (held-out: 457 sentences, 200 in English): 0.913,
# 0.929, 0.867, 0.900; floors a little under, to absorb retraining noise as the corpus grows.
FLOORS = {"macro_f1": 0.89, "macro_f1_en": 0.90, "family_min": 0.85, "macro_f1_no_punct": 0.87}
# the issue's bars met so far: asserted as bars, not floors
MET_BARS = ("macro_f1_en", "macro_f1_no_punct", "family_min")


@cache
def measured() -> dict:
    return bars()


def test_option_matching_on_intent_only_paraphrases_meets_the_bar():
    result = option_matching()
    assert result["paraphrases"] >= 100
    assert result["accuracy"] >= OPTION_BAR, result["misses"]


def test_family_recognition_does_not_fall_below_its_measured_level():
    r = measured()
    assert r["held_out"] >= 450 and r["held_out_en"] >= 195
    for key, floor in FLOORS.items():
        assert r[key] >= floor, (key, r[key])


def test_english_and_unpunctuated_family_recognition_meet_the_issues_bars():
    r = measured()
    for key in MET_BARS:
        assert r[key] >= BARS[key], (key, r[key], BARS[key])
