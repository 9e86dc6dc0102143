"""The marks' walk through the memo (``ScoringMemo.follow``, what ``negosim simulate`` runs for every turn of every
session): a session goes from node to node of the memo, each node a situation with its history, each edge a move
and where it led. These tests check that it gives the marks scoring afresh gives wherever the path from node to
node could go wrong (the seed sending the same move elsewhere, turns that do not follow on from each other, turns
read back from a journal), and that a turn played the way one was before costs one look-up, no key.
"""

from __future__ import annotations

import gc
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_mutants_scorer import PRICE, SCENARIO
from test_mutants_scorer import rubric as mini_rubric
from test_mutants_scorer import scenario as mini
from test_mutants_scorer_memo import TWO_AT_ONCE, sessions
from test_perf_marks import marks_of
from test_scoring_properties import SCENARIOS, walk
from test_scoring_scenarios import nego, play, prospect

from simulator.scoring import default_rubric, score
from simulator.scoring import scorer as scorer_module
from simulator.scoring.scorer import ScoringMemo, marks


def fresh(scenario, rubric, turns):
    return marks_of(score(scenario, rubric, turns))


def assert_shared_memo_agrees(scenario, rubric, paths) -> ScoringMemo:
    """Each path's marks with one memo for them all (twice: the second time every edge is known) are its marks
    scored afresh."""
    memo = ScoringMemo(scenario, rubric)
    expected = [fresh(scenario, rubric, turns) for turns in paths]
    for _ in range(2):
        assert [marks(scenario, rubric, turns, memo=memo) for turns in paths] == expected
    return memo


def test_the_same_move_from_the_same_situation_goes_where_the_seed_sends_it():
    """Under seed 0 the question raising two objections takes the client to the budget first, then to the trap;
    under seed 1 straight to the trap, which loses the sale. From the same node, the same move: two edges."""
    scenario, rubric = mini(TWO_AT_ONCE), mini_rubric()
    budget_first = play(scenario, "risque", "repondre", "ceder", seed=0)
    trap_first = play(scenario, "risque", "ceder", seed=1)
    assert [t.next_state for t in budget_first.turns[:1] + trap_first.turns[:1]] == ["obj-budget", "obj-piege"]
    assert budget_first.turns[0].before == trap_first.turns[0].before  # the same situation
    memo = assert_shared_memo_agrees(scenario, rubric, [budget_first.turns, trap_first.turns])
    [start] = [n for n in memo._nodes.values() if n.situation[0] == "accueil" and len(n.edges) == 2]
    assert sorted(edge[1] for edge in start.edges) == ["obj-budget", "obj-piege"]


def test_the_order_the_seed_gives_objections_raised_together_is_one_edge_for_the_marks():
    """Seeds that voice the same objection first but raise the two in another order make one edge: the order
    changes no mark (nothing a rule reads counts more than how many were raised)."""
    scenario, rubric = mini(TWO_AT_ONCE), mini_rubric()
    firsts = {}
    for seed in range(40):
        turn = play(scenario, "risque", seed=seed).turns[0]
        firsts.setdefault((turn.next_state, turn.raised), turn)
    assert {(state, raised) for state, raised in firsts} >= {("obj-piege", ("piege", "budget"))}
    paths = [play(scenario, "risque", "repondre", "ceder", seed=seed).turns for seed in range(6)
             if play(scenario, "risque", seed=seed).state == "obj-budget"]
    assert len(paths) >= 2
    assert_shared_memo_agrees(scenario, rubric, paths)


def test_turns_that_do_not_follow_on_from_each_other_are_looked_up_by_their_situation():
    """A list of turns cut from two sessions and put end to end: at the seam the next turn was not played from
    where the turn before led, so the memo finds its node by the situation's key, and the marks are right."""
    scenario, rubric = nego(), default_rubric()
    a, b = (s.turns for s in sessions(scenario, 2, seed=3))
    spliced = [*a[:3], *(replace(t, number=i + 4) for i, t in enumerate(b[1:]))]
    assert spliced[3].before is not spliced[2].after
    # a seam whose turn carries the very variables object of the turn before (a list built by hand may), though
    # played from another state: the state alone tells it does not follow on
    glued = [*a[:3], replace(b[1], number=4, before=a[2].after), *(replace(t, number=i + 5) for i, t in enumerate(b[2:]))]
    assert glued[3].state != glued[2].next_state
    assert_shared_memo_agrees(scenario, rubric, [a, b, spliced, glued])


def test_turns_read_back_from_a_journal_are_marked_as_the_session_that_played_them():
    """A journal gives each turn variables of its own (no turn's are the very ones of the turn before): every
    turn is looked up by its situation's key, with the same marks."""
    scenario, rubric = nego(), default_rubric()
    played = [s.turns for s in sessions(scenario, 4, seed=5)]
    read_back = [[replace(t, before=dict(t.before), after=dict(t.after)) for t in turns] for turns in played]
    memo = assert_shared_memo_agrees(scenario, rubric, played + read_back)
    assert [marks(scenario, rubric, t, memo=memo) for t in read_back] == [fresh(scenario, rubric, t) for t in played]


BATCHES = {
    "prospection": lambda: (prospect(), default_rubric(), [s.turns for s in sessions(prospect(), 6, seed=1)]),
    "prix": lambda: (mini(PRICE), mini_rubric(),
                     [play(mini(PRICE), *p).turns for p in ((1000, 950, 900), ("rien", 1000, 800))]),
    "mini": lambda: (mini(SCENARIO), mini_rubric(), [play(mini(SCENARIO), "rien", "fermee", "rien", "merci").turns]),
}


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_a_turn_played_the_way_one_was_before_builds_no_key(monkeypatch, batch):
    """The walk's cost: once a batch's edges are known, marking it again builds a situation key only where a
    session starts and where a price offer copied the variables (one per such turn), and grades nothing."""
    scenario, rubric, paths = BATCHES[batch]()
    memo = assert_shared_memo_agrees(scenario, rubric, paths)
    keys: list[str] = []
    real_key, real_grade = ScoringMemo._situation_at, ScoringMemo._grade
    monkeypatch.setattr(ScoringMemo, "_situation_at", lambda self, *a: keys.append(a[0]) or real_key(self, *a))
    monkeypatch.setattr(ScoringMemo, "_grade", lambda *a: keys.append("grade") or real_grade(*a))
    for turns in paths:
        marks(scenario, rubric, turns, memo=memo)
    assert keys == [t.state for turns in paths for t in turns if t is turns[0] or t.offer is not None]
    assert len(keys) >= len(paths)


def test_a_turn_from_an_ending_is_refused_in_the_middle_of_a_walk_too():
    """The walk from node to node checks every turn's state like the walk afresh: a turn said to be played from an
    end state is refused, not followed, in the same words (the turn, the state, the scenario)."""
    scenario, rubric = mini(SCENARIO), mini_rubric()
    turns = play(scenario, "rien", "merci").turns
    bad = [*turns, replace(turns[0], number=3, state="fin")]
    memo = ScoringMemo(scenario, rubric)
    marks(scenario, rubric, turns, memo=memo)
    with pytest.raises(scorer_module.ScoringError) as afresh:
        marks(scenario, rubric, bad)
    with pytest.raises(scorer_module.ScoringError) as walked:
        marks(scenario, rubric, bad, memo=memo)
    assert str(walked.value) == str(afresh.value)
    assert "3" in str(walked.value) and "fin" in str(walked.value) and scenario.id in str(walked.value)


def test_a_session_repeating_a_weak_move_counts_each_time_it_was_weak():
    """The walk counts a session's turns graded alike together (one object per distinct tallies): the same
    weakness twice is two flaws, which lowers the interview's ceiling (17.5/20, not 17.6)."""
    scenario, rubric = mini(SCENARIO), default_rubric()
    turns = play(scenario, "rien", "rien", "merci").turns
    memo = ScoringMemo(scenario, rubric)
    assert marks(scenario, rubric, turns, memo=memo) == fresh(scenario, rubric, turns)
    assert fresh(scenario, rubric, turns).mark == 17.5


@settings(max_examples=12, deadline=None)
@given(SCENARIOS, st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 10**6), st.integers(1, 40)),
                           min_size=2, max_size=5))
def test_walks_sharing_a_memo_are_marked_as_each_alone(scenario, walks):
    """Any walks of a scenario, under any seeds, cut anywhere, marked one after the other with one memo (later ones
    follow the edges earlier ones made): each gets the marks scoring it afresh gives."""
    paths = [walk(scenario, seed, walk_seed).turns[:cut] for seed, walk_seed, cut in walks]
    assert_shared_memo_agrees(scenario, default_rubric(), paths)


def test_a_full_memo_lets_its_old_nodes_go_even_with_the_collector_paused():
    """Past its limit the memo empties its table of nodes. A turn that leaves the situation as it was (the
    negotiation has 33 such loops in 60 random sessions) makes a node its own child, which only the collector
    could free, and a batch pauses it (run_policy): the old nodes go all the same, and the marks stay right."""
    scenario, rubric = nego(), default_rubric()
    paths = [s.turns for s in sessions(scenario, 60, seed=2)]
    expected = [fresh(scenario, rubric, turns) for turns in paths]
    memo = ScoringMemo(scenario, rubric, limit=8)

    def nodes() -> int:
        return sum(type(o) is scorer_module._Node for o in gc.get_objects())

    gc.collect()
    gc.disable()
    try:
        before = nodes()
        assert [marks(scenario, rubric, turns, memo=memo) for turns in paths] == expected
        kept = nodes() - before
    finally:
        gc.enable()
    assert kept <= 2 * memo.limit  # 300 without dropping the edges (400 situations met)
