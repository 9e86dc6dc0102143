"""Properties of the scorer over random playthroughs (Hypothesis): deterministic, bounded, every point traced
to a turn, monotone in the quality of a move, and the same from a journal replay as from the live session."""

from __future__ import annotations

import random
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_scoring_scenarios import nego, prospect

from simulator.content.loader import load_scenario
from simulator.engine.session import Session
from simulator.report.json_report import render_json
from simulator.scoring import default_rubric, score
from simulator.scoring.context import History
from simulator.scoring.judgement import techniques
from simulator.scoring.scorer import Grader, offer_value, offered_moves, try_move

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@cache
def bundled(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


SCENARIOS = st.one_of(st.sampled_from([nego, prospect]).map(lambda f: f()),
                      st.sampled_from(BUNDLED).map(bundled))


def walk(scenario, seed: int, walk_seed: int, max_turns: int = 40) -> Session:
    """A random playthrough among the moves the scorer itself considers (choices and typical offers)."""
    rng = random.Random(walk_seed)
    session = Session.start(scenario, seed)
    while not session.ended and len(session.turns) < max_turns:
        moves = offered_moves(session)
        session.step(moves[rng.randrange(len(moves))])
    return session


@settings(max_examples=25, deadline=None)
@given(SCENARIOS, st.integers(0, 1000), st.integers(0, 10**6))
def test_deterministic_and_bounded(scenario, seed, walk_seed):
    session = walk(scenario, seed, walk_seed)
    rubric = default_rubric()
    first, second = score(scenario, rubric, session.turns), score(scenario, rubric, list(session.turns))
    assert first == second
    assert render_json(first) == render_json(second)
    assert 0 <= first.mark <= 20
    for mark in first.blocks.values():
        assert mark is None or 0 <= mark <= 20
    for c in first.criteria.values():
        assert 0 <= c.points <= c.max and c.penalties <= 0 <= c.earned
        assert (c.ratio is None) == (c.level == "non_evalue")
        if c.ratio is not None:
            assert 0 <= c.ratio <= 1 and 0 <= c.mark <= 20
    o = first.objective  # evaluated exactly when the session ended, from its ending
    assert (o.status is None) == (not session.ended) == (o.ratio is None) == (o.level == "non_evalue")
    if session.ended:
        assert o.status == session.outcome and o.turn == len(session.turns) and 0 <= o.ratio <= 1
        assert o.ratio == getattr(rubric.spec.objective.outcomes, session.outcome).ratio


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(BUNDLED), st.integers(0, 1000), st.integers(0, 10**6))
def test_an_ending_short_of_the_objective_is_never_acquired_overall(name, seed, walk_seed):
    """A failure, or any ending reached without ever speaking to the decision-maker (a message left at the
    gatekeeper), stays under the « Acquis » mark, whatever the technique shown on the way."""
    scenario = bundled(name)
    session = walk(scenario, seed, walk_seed)
    if not session.ended:
        return
    d = score(scenario, default_rubric(), session.turns)
    acquis = 20 * default_rubric().spec.levels.acquis.min
    gatekeeper_only = all(scenario.states[t.state].spec.speaker == "gatekeeper" for t in session.turns)
    if session.outcome == "failure" or gatekeeper_only:
        assert d.mark < acquis, (name, session.outcome, [t.state for t in session.turns], d.mark)


@settings(max_examples=25, deadline=None)
@given(SCENARIOS, st.integers(0, 1000), st.integers(0, 10**6))
def test_every_point_traces_to_a_turn(scenario, seed, walk_seed):
    session = walk(scenario, seed, walk_seed)
    d = score(scenario, default_rubric(), session.turns)
    rules = {r.id: c.id for c in default_rubric().criteria.values() for r in c.rules}
    techniques = {t.id: set(t.criteria) for t in default_rubric().techniques}
    noted = [e for note in d.turns for e in note.evidence]
    assert sorted(noted, key=repr) == sorted(d.evidence, key=repr)  # each piece of evidence sits on one turn
    for e in d.evidence:
        turn = session.turns[e.turn - 1]
        assert e.learner == turn.learner_text
        assert e.client == " ".join(line.text for line in turn.replies)
        if e.rule in techniques:  # a technique across turns, credited or missed, on a criterion it names
            assert e.criterion in techniques[e.rule] and e.points >= 0
        elif e.rule == "conformite_recapitulatif":  # a recap checked against the record
            assert e.kind == "weakness" and e.points < 0 and e.criterion in ("n_conclusion", "p_engagement")
        elif e.kind == "missed":
            assert e.rule is None and e.points == 0
        else:
            assert rules[e.rule] == e.criterion and (e.points > 0) == (e.kind == "strength")
    for c in d.criteria.values():
        assert sum(e.points for e in c.evidence) == c.earned + c.penalties


@settings(max_examples=20, deadline=None)
@given(SCENARIOS, st.integers(0, 10**6), st.integers(0, 100))
# found by CI's seed: « doc-vers-visite » grades better on p_objections than « doc-controler » but leaves CRAC
# without its control step, which the jury reads across the turns
@example(scenario=bundled("services-proprete"), walk_seed=31, cut=31)
def test_a_better_graded_move_never_lowers_the_criterion_it_feeds(scenario, walk_seed, cut):
    """Replace the move of one turn by another move of the same state that the rubric grades at least as well
    on every criterion and better on one: that criterion's ratio does not go down."""
    full = walk(scenario, 0, walk_seed)
    if not full.turns:
        return
    t = cut % len(full.turns)
    prefix = Session.replay(scenario, 0, full.inputs[:t])
    rubric = default_rubric()
    grader = Grader.for_blocks(rubric, scenario.spec.blocks)
    history = History()
    for turn in prefix.turns:
        history = history.after(turn)
    graded = []
    for move in offered_moves(prefix):
        turn = try_move(prefix, move)
        if turn is not None:
            graded.append((move, grader.grade(scenario, turn, history)))
    ids = [c.id for c in grader.criteria]

    def ratio(move, criterion):
        twin = prefix.fork()
        twin.step(move)
        return score(scenario, rubric, twin.turns).criteria[criterion].ratio

    def techniques_after(move):
        twin = prefix.fork()
        twin.step(move)
        return {(t.id, t.complete) for t in techniques(scenario, rubric, twin.turns, frozenset(ids))}

    checked = 0
    for mx, gx in graded:
        for my, gy in graded:
            for c in ids:
                tot = [sum(p for _, p in g.get(c, ())) for g in (gx, gy)]
                if tot[1] <= tot[0]:
                    continue
                others = [d for d in ids if d != c]
                if not all(sum(p for _, p in gy.get(d, ())) >= sum(p for _, p in gx.get(d, ())) and
                           offer_value(gy, d) >= offer_value(gx, d) for d in others):
                    continue
                if techniques_after(mx) != techniques_after(my):
                    # a technique across turns (CRAC: its control step) completed by one move and not the other:
                    # the jury's reading of the path decides there, not the move's own grade (tests/test_judgement.py:
                    # a complete technique never scores below its parts alone)
                    continue
                before, after = ratio(mx, c), ratio(my, c)
                checked += 1
                if after is None:  # not evaluated after the better move: before, only a mistake was shown
                    assert before is None or rubric.level_for(before) == "non_acquis", (c, mx, my, before)
                elif before is not None:
                    assert after >= before, (c, mx, my, before, after)
                if checked >= 6:
                    return


def _scenario_file(name: str) -> Path:
    return ROOT / "scenarios" / f"{name}.yaml"


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(BUNDLED), st.integers(0, 1000), st.integers(0, 10**6))
def test_scoring_a_journal_replay_equals_scoring_the_live_session(name, seed, walk_seed):
    from simulator.store.index import SessionIndex
    from simulator.store.recorder import RecordedSession, load_session

    scenario = load_scenario(_scenario_file(name))
    plan = walk(scenario, seed, walk_seed, max_turns=30).inputs
    with tempfile.TemporaryDirectory() as tmp:
        live = RecordedSession.start(scenario, seed=seed, folder=Path(tmp), index=SessionIndex(Path(tmp) / "i.sqlite3"))
        for inp in plan:
            live.step(inp)
        replayed, _ = load_session(live.path)
        rubric = default_rubric()
        a = score(scenario, rubric, live.session.turns)
        b = score(replayed.scenario, rubric, replayed.turns)
        assert a == b
        assert render_json(a) == render_json(b)


def test_monotonicity_case_the_property_relies_on():
    """A concrete instance: an open question graded better than a closed one raises questioning's ratio."""
    rubric = default_rubric()
    closed = score(nego(), rubric, Session.replay(nego(), 0, [_choice("fermer")]).turns)
    opened = score(nego(), rubric, Session.replay(nego(), 0, [_choice("ouvrir")]).turns)
    assert opened.criteria["n_questionnement"].ratio > closed.criteria["n_questionnement"].ratio


def _choice(cid: str):
    from simulator.engine.session import ChoiceInput

    return ChoiceInput(cid)


@settings(max_examples=15, deadline=None)
@given(SCENARIOS, st.integers(0, 1000), st.integers(0, 10**6), st.lists(st.integers(1, 40), max_size=6))
def test_hints_are_reported_never_graded(scenario, seed, walk_seed, hints):
    session = walk(scenario, seed, walk_seed)
    rubric = default_rubric()
    plain, helped = score(scenario, rubric, session.turns), score(scenario, rubric, session.turns, hints=hints)
    assert helped.hints == tuple(sorted(hints))
    assert (helped.mark, helped.criteria, helped.block_results, helped.objective) == (
        plain.mark, plain.criteria, plain.block_results, plain.objective)
