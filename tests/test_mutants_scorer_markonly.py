"""The mark-only path (``scorer.marks``, ``write=False``: evidence counted, not written) gives the debrief's marks
and levels: a fast subset of tests/test_perf_marks.py's comparison, for the scorer's mutation run (tools/mutate.py),
on seeded sessions of a bundled negotiation and of a generated scenario with a price, with and without a memo.
A strength counted as a flaw, a piece of evidence or a criterion skipped, a fault's turn forgotten: a mark moves.
"""

from __future__ import annotations

import pytest
from factories import generated
from test_perf_marks import _sessions, marks_of
from test_scoring_scenarios import nego

from simulator.content.loader import load_scenario_text
from simulator.scoring import default_rubric, score
from simulator.scoring.scorer import ScoringMemo, marks


@pytest.mark.parametrize("make", [nego, lambda: load_scenario_text(generated(40, price=True))],
                         ids=["nego", "generated-price"])
def test_marks_are_the_debriefs_marks_with_and_without_a_memo(make):
    scenario, rubric = make(), default_rubric()
    memo = ScoringMemo(scenario, rubric)
    flaws = strengths = 0
    for session in _sessions(scenario, 12, seed=3):
        full = score(scenario, rubric, session.turns, memo=memo)
        assert marks(scenario, rubric, session.turns, memo=memo) == marks_of(full), f"seed {session.seed}"
        assert marks(scenario, rubric, session.turns) == marks_of(full), f"seed {session.seed} (no memo)"
        kinds = [e.kind for c in full.criteria.values() for e in c.evidence]
        strengths += kinds.count("strength")
        flaws += len(kinds) - kinds.count("strength")
    assert strengths and flaws  # both kinds of evidence were counted on the way
