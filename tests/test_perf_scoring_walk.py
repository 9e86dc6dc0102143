"""The cheaper per-turn work of a scored batch gives what the straightforward definitions give (issue 19).

- ``judgement.faults`` works the history out only when a fault's condition is about to read it (most turns
  carry no act any fault names): checked against the plain loop, history folded on every turn.
- ``History.after`` skips the set difference when a move discovered nothing (the same set object): checked
  against the field-by-field definition.
- The scoring memo keys a history by the acts the rules test ``earlier_acts`` for (``ACT in earlier_acts``):
  ``context.acts_tested`` is checked against the rubric's own words, and two histories that agree on those acts
  are checked to grade every move alike.
"""

from __future__ import annotations

import random
import re
from functools import cache

from factories import generated
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_properties import BUNDLED, bundled

from simulator.content.bundled import rubrics_dir
from simulator.content.loader import load_scenario_text
from simulator.engine.session import Session
from simulator.scoring import default_rubric, judgement
from simulator.scoring.context import History, acts_tested, move_env, rule_conditions
from simulator.scoring.rubric import DEFAULT_RUBRIC, load_rubric_text
from simulator.scoring.scorer import Grader, offered_moves


@cache
def _generated(price: bool):
    return load_scenario_text(generated(60, price=price))


SCENARIOS = st.one_of(st.sampled_from(BUNDLED).map(bundled), st.booleans().map(_generated))


@cache
def _history_faults():
    """The rubric with faults whose conditions read the history (the bundled ones read only the move)."""
    text = (rubrics_dir() / DEFAULT_RUBRIC).read_text(encoding="utf-8")
    reads = ('    if: "prev_new_needs == 0 and (raison_appel in earlier_acts or argument_cap in prev_acts)"\n'
             '    criteria: [')
    for fault in ("mensonge", "denigrement", "promesse_intenable", "concessions_gratuites"):
        head = f"  - id: {fault}\n"
        at = text.index("    criteria: [", text.index(head))
        text = text[:at] + reads + text[at + len("    criteria: ["):]
    return load_rubric_text(text, "history-faults")


RUBRICS = st.sampled_from([default_rubric, _history_faults]).map(lambda f: f())


def _random_turns(scenario, seed: int, walk_seed: int, limit: int = 40) -> list:
    session = Session.start(scenario, seed)
    rng = random.Random(walk_seed)
    while not session.ended and len(session.turns) < limit:
        moves = offered_moves(session)
        session.step(moves[rng.randrange(len(moves))])
    return session.turns


def history_by_definition(history: History, turn) -> History:
    """``History.after`` as the rules read it, field by field."""
    acts = frozenset(turn.acts)
    offer = turn.offer
    obtained = history.obtained | ({offer.counterpart} if offer is not None and offer.with_counterpart else set())
    concession = offer.concession if offer is not None and offer.concession > 0 else history.prev_concession
    return History(acts, history.earlier_acts | acts,
                   len(set(turn.after["discovered"]) - set(turn.before["discovered"])), concession, frozenset(obtained))


def faults_by_definition(scenario, rubric, turns) -> list:
    """``judgement.faults`` as a plain loop: every turn, every fault, the history folded on every turn."""
    seen: dict[str, list[int]] = {}
    history = History()
    for turn in turns:
        env = move_env(scenario, turn, history)
        for fault in rubric.faults:
            if set(turn.acts) & fault.acts and (fault.condition is None or fault.condition(env)):
                seen.setdefault(fault.id, []).append(turn.number)
        history = history_by_definition(history, turn)
    return [(f.id, tuple(seen[f.id])) for f in rubric.faults
            if f.id in seen and len(seen[f.id]) >= f.spec.min_count]


@settings(max_examples=60, deadline=None)
@given(SCENARIOS, RUBRICS, st.integers(0, 10**6), st.integers(0, 10**6))
def test_faults_and_histories_are_their_definitions(scenario, rubric, seed, walk_seed):
    turns = _random_turns(scenario, seed, walk_seed)
    found = judgement.faults(scenario, rubric, turns)
    assert [(f.id, f.turns) for f in found] == faults_by_definition(scenario, rubric, turns)
    history = History()
    for turn in turns:
        expected = history_by_definition(history, turn)
        history = history.after(turn)
        assert history == expected and type(history) is History


def test_faults_are_found_on_the_paths_that_commit_them():
    """The property above compares like with like on paths that do commit faults (not only on empty lists)."""
    for rubric in (default_rubric(), _history_faults()):
        found = set()
        for name in BUNDLED:
            for seed in range(30):
                turns = _random_turns(bundled(name), seed, seed)
                found.update(f.id for f in judgement.faults(bundled(name), rubric, turns))
        assert len(found) >= 2, found
    assert sum(fault.condition is not None for fault in _history_faults().faults) == 5


def test_acts_tested_reads_only_membership_tests():
    assert acts_tested(["raison_appel in earlier_acts", "'preuve' not in earlier_acts and phase == 'conclusion'"],
                       "earlier_acts") == {"raison_appel", "preuve"}
    assert acts_tested(["phase == 'conclusion'"], "earlier_acts") == frozenset()
    # any other reading of the set: the whole set counts
    assert acts_tested(["raison_appel in earlier_acts", "len(earlier_acts) > 2"], "earlier_acts") is None
    assert acts_tested(["earlier_acts == prev_acts"], "earlier_acts") is None
    assert acts_tested(["raison_appel in (earlier_acts"], "earlier_acts") is None  # unreadable: nothing assumed


def test_acts_tested_on_the_rubric_is_what_its_conditions_name():
    conditions = rule_conditions(default_rubric())
    named = {m for text in conditions for m in re.findall(r"'?(\w+)'? (?:not )?in earlier_acts", text)}
    assert named and acts_tested(conditions, "earlier_acts") == named


@settings(max_examples=25, deadline=None)
@given(SCENARIOS, st.integers(0, 10**6), st.integers(0, 10**6), st.data())
def test_histories_that_agree_on_the_tested_acts_grade_alike(scenario, seed, walk_seed, data):
    rubric = default_rubric()
    tested = acts_tested(rule_conditions(rubric), "earlier_acts")
    assert tested is not None
    grader = Grader.for_blocks(rubric, scenario.spec.blocks)
    catalogue = sorted({a for rules in grader.by_act.values() for r in rules for a in r.acts} | set(tested))
    turns = _random_turns(scenario, seed, walk_seed, limit=15)
    for turn in turns:
        history = data.draw(st.builds(History, st.frozensets(st.sampled_from(catalogue)),
                                      st.frozensets(st.sampled_from(catalogue)), st.integers(0, 2)))
        other = history._replace(earlier_acts=(history.earlier_acts & tested)
                                 | data.draw(st.frozensets(st.sampled_from(sorted(set(catalogue) - tested)))))
        assert grader.grade(scenario, turn, history) == grader.grade(scenario, turn, other)
