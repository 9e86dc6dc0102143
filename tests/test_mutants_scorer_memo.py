"""The scoring memo (``ScoringMemo``, shared by a batch of sessions: ``negosim simulate``, calibration) gives the
very debriefs scoring each session afresh gives, on small scenarios fast enough to run for every mutant of the
scorer (tools/mutate.py: the minute-long comparison over the bundled scenarios, tests/test_perf_scoring_memo.py,
is too slow for that, and no other listed test reached the memo).

Sessions of one scenario share one memo, so a situation, a history or a move wrongly taken for another (a key
missing a part) gives a debrief that differs from the fresh one.
"""

from __future__ import annotations

from functools import cache

import pytest
from factories import generated
from test_mutants_scorer import ONCE, PRICE, SCENARIO
from test_mutants_scorer import rubric as mini_rubric
from test_mutants_scorer import scenario as mini
from test_scoring_scenarios import nego, play, prospect

from simulator.content.loader import load_scenario_text
from simulator.scoring import default_rubric, score
from simulator.scoring.scorer import ScoringMemo
from simulator.simulate import run_policy


def sessions(scenario, n: int, seed: int) -> list:
    played: list = []
    run_policy(scenario, "random", n, seed=seed, scorer=lambda session: played.append(session) or 0.0)
    return played


@cache
def gen_price():
    return load_scenario_text(generated(24, price=True))


def assert_memo_agrees(scenario, rubric, paths) -> int:
    memo = ScoringMemo(scenario, rubric)
    alone = [score(scenario, rubric, turns) for turns in paths]
    for turns, fresh in zip(paths, alone):
        assert score(scenario, rubric, turns, memo=memo) == fresh, [t.input for t in turns]
    # and again, every plan now read from the memo
    assert [score(scenario, rubric, turns, memo=memo) for turns in paths] == alone
    return len(paths)


@pytest.mark.parametrize("which, n", [("prospect", 12), ("nego", 3), ("gen_price", 5)])
def test_a_shared_memo_gives_the_debriefs_scored_afresh(which, n):
    scenario = {"prospect": prospect, "nego": nego, "gen_price": gen_price}[which]()
    assert assert_memo_agrees(scenario, default_rubric(), [s.turns for s in sessions(scenario, n, seed=11)]) == n


def test_the_memo_tells_apart_paths_that_differ_only_in_what_came_before():
    """The same turn reached with a once-only choice used or not, after a price offer or not, after other acts:
    each gets its own grading (the situation's parts: once-only choices used, the price record, the history)."""
    nego_paths = [
        ("ouvrir", "reflet", "resumer", "cap", "creuser", "repondre", "justifier", 1000, 1000, (900, "duree"),
         (900, "volume"), "recap"),
        ("ouvrir", "reflet", "resumer", "cap", "creuser", "repondre", 1000, "justifier", 1000, (950, "duree"),
         (950, "duree"), "merci"),
        ("fermer", "enchainer", "argumenter", "liste", "nier", 800, "partir"),
        ("pitcher", "reflet", "argumenter", "cap", "conclure"),
    ]
    assert_memo_agrees(nego(), default_rubric(), [play(nego(), *p).turns for p in nego_paths])
    mini_paths = [("ouverte", "rien", "merci"), ("rien", "ouverte", "fermee", "merci"), ("fermee", "ouverte", "merci")]
    assert_memo_agrees(mini(ONCE), mini_rubric(), [play(mini(ONCE), *p).turns for p in mini_paths])
    price_paths = [(1000, 950, 900), (850,), (1000, 1000, 1000, 1000), ("rien", 1000, 800)]
    assert_memo_agrees(mini(PRICE), mini_rubric(), [play(mini(PRICE), *p).turns for p in price_paths])
    assert_memo_agrees(mini(SCENARIO), mini_rubric(),
                       [play(mini(SCENARIO), *p).turns for p in (("rien", "fermee", "merci"), ("fermee", "rien", "merci"))])


def test_a_memo_serves_only_its_scenario_and_its_rubric():
    turns = play(prospect(), "presenter").turns
    with pytest.raises(ValueError, match="autre scénario ou une autre grille"):
        score(prospect(), default_rubric(), turns, memo=ScoringMemo(nego(), default_rubric()))
    with pytest.raises(ValueError, match="autre scénario ou une autre grille"):
        score(prospect(), default_rubric(), turns, memo=ScoringMemo(prospect(), mini_rubric()))
