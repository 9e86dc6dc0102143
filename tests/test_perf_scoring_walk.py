"""The cheaper per-turn work of a scored batch gives what the straightforward definitions give (issue 19).

- ``judgement.faults`` works the history out only when a fault's condition is about to read it (most turns
  carry no act any fault names): checked against the plain loop, history folded on every turn.
- ``History.after`` skips the set difference when a move discovered nothing (the same set object): checked
  against the field-by-field definition.
- The scoring memo keys a history by the acts the rules test ``earlier_acts`` for (``ACT in earlier_acts``):
  ``context.acts_tested`` is checked against the rubric's own words, and two histories that agree on those acts
  are checked to grade every move alike.
- A batch's memo remembers each session's marks by what ``_grid`` works them out from: checked against the marks
  worked out again.
"""

from __future__ import annotations

import dataclasses
import random
import re
from functools import cache

import pytest
from factories import generated
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_properties import BUNDLED, bundled

from simulator.content.bundled import rubrics_dir
from simulator.content.loader import load_scenario_text
from simulator.engine.session import Session
from simulator.scoring import default_rubric, judgement, scorer
from simulator.scoring.context import History, acts_tested, move_env, rule_conditions
from simulator.scoring.debrief import FaultResult
from simulator.scoring.rubric import DEFAULT_RUBRIC, load_rubric_text
from simulator.scoring.scorer import Grader, ScoringMemo, marks, offered_moves


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


def _uncached(memo):
    """The memo, its remembered marks forgotten: ``marks`` works them out again (the grid) every time."""
    memo._marks.clear()
    return memo


@settings(max_examples=30, deadline=None)
@given(SCENARIOS, st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40),
                                     st.sampled_from([None, "time_up", "abandoned"])), min_size=4, max_size=12))
def test_remembered_marks_are_the_marks_worked_out_again(scenario, paths):
    """Sessions of a batch share a memo, which remembers marks by what they are worked out from: each is the
    marks worked out afresh, whatever the path, where it was cut and how it was closed."""
    rubric = default_rubric()
    shared, fresh = ScoringMemo(scenario, rubric), ScoringMemo(scenario, rubric)
    for seed, cut, ending in paths:
        turns = _random_turns(scenario, seed % 7, seed)[:cut]  # few seeds: the same accounts come back
        for closed in (ending, None):
            assert marks(scenario, rubric, turns, closed, memo=shared) == marks(scenario, rubric, turns, closed,
                                                                                memo=_uncached(fresh))


def test_remembered_marks_are_shared_and_each_caller_gets_its_own():
    scenario, rubric = _generated(False), default_rubric()
    memo = ScoringMemo(scenario, rubric)
    batch = [_random_turns(scenario, seed, seed % 3) for seed in range(60)]
    given_marks = [marks(scenario, rubric, turns, memo=memo) for turns in batch]
    assert 0 < len(memo._marks) < len(batch)  # remembered, and met again
    given_marks[0].blocks.clear()  # a caller changing its marks changes nobody else's
    again = marks(scenario, rubric, batch[0], memo=memo)
    assert again == marks(scenario, rubric, batch[0], memo=_uncached(ScoringMemo(scenario, rubric))) and again.blocks


@cache
def _grid_inputs(price: bool):
    scenario, rubric = _generated(price), default_rubric()
    grader = Grader.for_blocks(rubric, scenario.spec.blocks)
    ends = [None, *(sid for sid, st in scenario.states.items() if st.is_end)]
    return scenario, rubric, grader, [c.id for c in grader.criteria], ends, _random_turns(scenario, 1, 1)[-1]


FIELDS = ("opportunities", "points", "maximum", "flaws", "strong", "seen")
VALUES = {"opportunities": st.integers(0, 3), "points": st.integers(-2, 4), "maximum": st.integers(0, 4),
          "flaws": st.integers(0, 3), "strong": st.integers(0, 3), "seen": st.integers(0, 3)}
FAULT = st.tuples(st.sampled_from(["non_acquis", "en_cours"]), st.booleans())


@pytest.mark.parametrize("changed", [*FIELDS, "end", "ending", "cap", "ethical", "criteria"])
@settings(max_examples=40, deadline=None)
@given(price=st.booleans(), data=st.data())
def test_accounts_with_the_same_marks_key_have_the_same_marks(changed, price, data):
    """What the memo remembers marks by is all ``_grid`` works them out from: two sessions' accounts, endings
    and faults that differ in one thing (``changed``, on every criterion or fault) either differ in their key
    or get the same marks."""
    scenario, rubric, grader, ids, ends, real = _grid_inputs(price)
    n_faults = data.draw(st.integers(0, 2))

    def draw_case() -> dict:
        return {**{f: data.draw(st.lists(VALUES[f], min_size=len(ids), max_size=len(ids))) for f in FIELDS},
                "end": data.draw(st.one_of(st.none(), st.sampled_from(ends))),  # unfinished: half of the time
                "ending": data.draw(st.sampled_from([None, "time_up"])),
                "faults": [data.draw(FAULT) for _ in range(n_faults)],
                "criteria": [data.draw(st.frozensets(st.sampled_from(ids))) for _ in range(n_faults)]}

    def figures(case: dict) -> tuple:
        accs = {cid: scorer._Acc(opportunities=case["opportunities"][i], points=case["points"][i],
                                 maximum=case["maximum"][i], keep=False, flaws=case["flaws"][i],
                                 strong=set(range(case["strong"][i])), seen=set(range(case["seen"][i])))
                for i, cid in enumerate(ids)}
        end = case["end"]
        last = dataclasses.replace(real, outcome=scenario.states[end].outcome if end else None,
                                   next_state=end or real.state)
        faults = [FaultResult(f"f{i}", "faute", "fault", (1,), cap, ethical, tuple(sorted(criteria)), "", "")
                  for i, ((cap, ethical), criteria) in enumerate(zip(case["faults"], case["criteria"]))]
        found = scorer._PathFindings([], faults, [])
        return (scorer._marks_key(accs, [last], case["ending"], found),
                scorer._marks_of(scorer._grid(scenario, rubric, grader, accs, [last], case["ending"], found)))

    case, new = draw_case(), draw_case()
    other = dict(case)
    if changed in ("cap", "ethical"):  # one side of each fault
        side = 0 if changed == "cap" else 1
        other["faults"] = [tuple(n if k == side else o for k, (o, n) in enumerate(zip(old, fresh)))
                           for old, fresh in zip(case["faults"], new["faults"])]
    else:
        other[changed] = new[changed]
    (key, got), (other_key, other_got) = figures(case), figures(other)
    assert key != other_key or got == other_got
