"""The mark-only path (``scorer.marks``, used by ``negosim simulate``) gives the very marks and levels of the
full debrief (``score``): the overall mark, every block's mark and level, every criterion's mark and level,
the objective's mark. Compared on many seeded sessions of every bundled scenario and of generated ones (the
simulator's least-used-first random walk, so rare branches are played), with and without a shared memo, and
as a Hypothesis property on random walks cut anywhere, with every way a session can be closed.
"""

from __future__ import annotations

import os

import pytest
from factories import generated
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_properties import SCENARIOS, walk

from simulator.content.bundled import bundled_scenario_files
from simulator.content.loader import load_scenario, load_scenario_text
from simulator.scoring import default_rubric, score
from simulator.scoring.scorer import Marks, ScoringMemo, marks
from simulator.simulate import run_policy

# Per scenario; more is one command away: NEGOSIM_MARKS_SESSIONS=500 pytest tests/test_perf_marks.py
# Every fifth session is also marked without the memo (each move on offer tried afresh: slower).
SESSIONS = int(os.environ.get("NEGOSIM_MARKS_SESSIONS", "10"))


def marks_of(debrief) -> Marks:
    """What the full debrief says of the marks and levels, in the mark-only path's shape."""
    return Marks(debrief.mark, debrief.evaluated, debrief.blocks,
                 {b.id: b.level for b in debrief.block_results},
                 {cid: c.level for cid, c in debrief.criteria.items()},
                 {cid: c.mark for cid, c in debrief.criteria.items()},
                 debrief.objective.mark if debrief.objective is not None else None)


def _sessions(scenario, n: int, seed: int) -> list:
    played = []
    run_policy(scenario, "random", n, seed=seed, scorer=lambda session: played.append(session) or 0.0)
    return played


@pytest.mark.slow
def test_marks_are_the_full_debriefs_marks_on_seeded_sessions():
    rubric = default_rubric()
    scenarios = [(p.stem, load_scenario(p)) for p in bundled_scenario_files()]
    scenarios += [("genere-prix", load_scenario_text(generated(80, price=True))),
                  ("genere", load_scenario_text(generated(120)))]
    compared, distinct = 0, set()
    for name, scenario in scenarios:
        memo = ScoringMemo(scenario, rubric)  # shared by both paths, as a batch shares it
        for i, session in enumerate(_sessions(scenario, SESSIONS, seed=11)):
            full = marks_of(score(scenario, rubric, session.turns, memo=memo))
            assert marks(scenario, rubric, session.turns, memo=memo) == full, f"{name}, seed {session.seed}"
            if i % 5 == 0:
                assert marks(scenario, rubric, session.turns) == full, f"{name}, seed {session.seed} (no memo)"
            compared += 1
            distinct.add((name, full.mark))
    assert compared >= 11 * SESSIONS
    assert len(distinct) > 3 * len(scenarios)  # the sessions differ: marks of all kinds were compared


@settings(max_examples=30, deadline=None)
@given(SCENARIOS, st.integers(0, 1000), st.integers(0, 10**6), st.integers(0, 40),
       st.sampled_from([None, "time_up", "abandoned"]))
def test_marks_match_the_debrief_on_any_path_cut_anywhere(scenario, seed, walk_seed, cut, ending):
    """Finished or not, stopped by the clock or abandoned: the marks and levels are the debrief's."""
    rubric = default_rubric()
    turns = walk(scenario, seed, walk_seed).turns[:cut]
    assert marks(scenario, rubric, turns, ending=ending) == marks_of(score(scenario, rubric, turns, ending=ending))
