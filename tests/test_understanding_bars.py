"""Measured quality of free-text understanding on data no training or tuning saw.

Option matching meets the issue's bar (>= 93 % of intent-only paraphrases). Act-family recognition on the
corpus's held-out split does NOT yet meet the issue's bars (0.92 macro-F1...): these tests hold the
measured level as a floor so that it can only go up; ``benchmarks/understanding_bars.py`` prints the real
bars and their gap."""

from __future__ import annotations

from functools import cache

from simulator.understanding.evaluate import OPTION_BAR, bars, option_matching

# Measured 2026-12-06 (held-out: 257 sentences, 95 in English): 0.815, 0.792, 0.740, 0.772; floors a little
# under, to absorb retraining noise.
FLOORS = {"macro_f1": 0.79, "macro_f1_en": 0.76, "family_min": 0.68, "macro_f1_no_punct": 0.74}


@cache
def measured() -> dict:
    return bars()


def test_option_matching_on_intent_only_paraphrases_meets_the_bar():
    result = option_matching()
    assert result["paraphrases"] >= 100
    assert result["accuracy"] >= OPTION_BAR, result["misses"]


def test_family_recognition_does_not_fall_below_its_measured_level():
    r = measured()
    assert r["held_out"] >= 255 and r["held_out_en"] >= 90
    for key, floor in FLOORS.items():
        assert r[key] >= floor, (key, r[key])
