"""The jury's reading of a path (scoring/judgement.py): techniques across turns, faults, recap conformity,
steps never reached, thin evidence, the jury's scale. Properties over random walks, then examples."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_properties import walk  # a random playthrough among the moves the scorer considers

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, PriceInput, Session
from simulator.scoring import default_rubric, score
from simulator.scoring.judgement import _match
from simulator.scoring.rubric import load_rubric_text
from simulator.simulate import candidate_moves

ROOT = Path(__file__).resolve().parent.parent
RUBRIC_TEXT = (ROOT / "rubrics" / "rncp-27413.yaml").read_text(encoding="utf-8")
NAMES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@cache
def bundled(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


@cache
def without(section: str):
    """The bundled rubric with one of its path-level sections emptied."""
    text = re.sub(rf"\n{section}:\n(  .*\n|\n)*?(?=\n[a-z#]|\Z)", f"\n{section}: []\n", RUBRIC_TEXT + "\n")
    rubric = load_rubric_text(text, f"sans-{section}.yaml")
    assert not getattr(rubric.spec, section)
    return rubric


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 1000), st.integers(0, 10**6))
def test_a_fault_never_raises_a_mark(name, seed, walk_seed):
    scenario = bundled(name)
    turns = walk(scenario, seed, walk_seed).turns
    with_faults = score(scenario, default_rubric(), turns)
    no_faults = score(scenario, without("faults"), turns)
    assert with_faults.mark <= no_faults.mark
    for cid, c in with_faults.criteria.items():
        other = no_faults.criteria[cid]
        if c.ratio is not None and other.ratio is not None:
            assert c.ratio <= other.ratio, (cid, [f.id for f in with_faults.faults])


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 1000), st.integers(0, 10**6))
def test_a_complete_technique_never_scores_below_its_parts_alone(name, seed, walk_seed):
    """The same moves, graded with and without the techniques: a completed one never lowers its criterion,
    an unfinished one never raises it."""
    scenario = bundled(name)
    turns = walk(scenario, seed, walk_seed).turns
    graded = score(scenario, default_rubric(), turns)
    parts = score(scenario, without("techniques"), turns)
    for tech in graded.techniques:
        c, alone = graded.criteria[tech.criterion], parts.criteria[tech.criterion]
        if c.ratio is None or alone.ratio is None or not alone.max or any(
                t.criterion == tech.criterion and t is not tech for t in graded.techniques):
            continue  # compared on the moves' own evidence (a step never reached is judged apart)
        if tech.complete:
            assert c.ratio >= alone.ratio, (tech.id, c.ratio, alone.ratio)
        else:
            assert c.ratio <= alone.ratio, (tech.id, c.ratio, alone.ratio)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 1000), st.integers(0, 10**6))
def test_a_strong_interview_is_not_a_perfect_one(name, seed, walk_seed):
    """19–20 only without any weakness; each weakness lowers the ceiling of the mark, never below « acquis »
    (the count moves the mark, not the level)."""
    scenario, rubric = bundled(name), default_rubric()
    graded = score(scenario, rubric, walk(scenario, seed, walk_seed).turns)
    flaws = sum(e.kind != "strength" for c in graded.criteria.values() if c.ratio is not None for e in c.evidence)
    if flaws:  # the bundled rubric's scale (docs/scoring.md § 6 bis): 18.5 with one, half a point less each
        assert graded.mark <= max(18.5 - 0.5 * (flaws - 1), 14.0)
    for block in graded.block_results:
        if block.mark is not None and any(e.kind != "strength" for c in block.criteria
                                          if graded.criteria[c].ratio is not None for e in graded.criteria[c].evidence):
            assert block.mark < 19, block


def test_a_good_candidate_with_six_imperfections_gets_a_jury_mark_not_a_perfect_one():
    """The calibration set's good insurance candidate (all criteria « acquis », six weaknesses noted: an
    opening that asks permission, a first concession too large...): the jury gave 15–17. Before the interview
    ceiling negosim gave 19.5."""
    import yaml

    doc = yaml.safe_load((ROOT / "tests" / "calibration" / "assurance-artisan.yaml").read_text(encoding="utf-8"))
    interview = next(i for i in doc["interviews"] if i["name"] == "fort-imparfait")
    scenario = bundled("assurance-artisan")
    steps = [ChoiceInput(x) if isinstance(x, str) else PriceInput(x["price"], x.get("counterpart"))
             for x in interview["inputs"]]
    session = Session.replay(scenario, 0, steps)
    graded = score(scenario, default_rubric(), session.turns)
    assert all(c.level == "acquis" for c in graded.criteria.values() if c.ratio is not None)
    assert 15 <= graded.mark <= 17


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 1000), st.integers(0, 10**6))
def test_a_competency_partly_shown_is_not_called_not_acquired(name, seed, walk_seed):
    """A criterion with a good move and at least a fifth of its points is « en cours » unless a fault caps it
    or a step was never reached; and the lift never raises it past « en cours »."""
    scenario, rubric = bundled(name), default_rubric()
    graded = score(scenario, rubric, walk(scenario, seed, walk_seed).turns)
    capped = {cid for f in graded.faults for cid in f.criteria}
    share = rubric.spec.judgement.partly_shown
    for cid, c in graded.criteria.items():
        if c.ratio is None or cid in capped or not c.max:
            continue
        good = any(e.kind == "strength" for e in c.evidence)
        if good and c.points / c.max >= share:
            assert c.level in ("en_cours", "acquis"), (cid, c.points, c.max, c.notes_fr)
        if any(n.startswith("Compétence en partie montrée") for n in c.notes_fr):
            assert c.level == "en_cours" and good


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 1000), st.integers(0, 10**6))
def test_a_fault_caps_the_competency_it_was_committed_in(name, seed, walk_seed):
    scenario, rubric = bundled(name), default_rubric()
    graded = score(scenario, rubric, walk(scenario, seed, walk_seed).turns)
    declared = {f.id: f.criteria for f in rubric.spec.faults}
    for fault in graded.faults:
        assert set(fault.criteria) <= set(declared[fault.id])
        graded_on = {cid for cid in declared[fault.id] if cid in graded.criteria
                     and any(e.turn in fault.turns for e in graded.criteria[cid].evidence)}
        assert set(fault.criteria) == (graded_on or set(fault.criteria)), (fault.id, fault.criteria, graded_on)


class T:  # a turn as the matcher sees it
    def __init__(self, number, acts, phase="objection"):
        self.number, self.acts, self.phase = number, acts, phase


CRAC = [["objection_creuser"], ["objection_reformuler"], ["objection_argumenter"], ["objection_controler"]]


def test_one_line_naming_every_step_is_not_a_crac():
    everything = ["objection_creuser", "objection_reformuler", "objection_argumenter", "objection_controler"]
    assert _match(CRAC, [T(1, everything)], 6) == (2, None)  # two steps at most on one turn
    done, turns = _match(CRAC, [T(1, everything[:2]), T(2, everything[2:])], 6)
    assert (done, turns) == (4, (1, 2))


def test_a_crac_spread_over_too_many_turns_or_out_of_order_is_not_complete():
    steps = [T(1, ["objection_creuser"]), T(2, ["objection_reformuler"]), T(3, ["objection_argumenter"]),
             T(9, ["objection_controler"])]
    assert _match(CRAC, steps, 6)[1] is None and _match(CRAC, steps, 10)[1] == (1, 2, 3, 9)
    backwards = [T(1, ["objection_controler"]), T(2, ["objection_argumenter"]), T(3, ["objection_reformuler"])]
    assert _match(CRAC, backwards, 6)[1] is None


def test_a_lie_at_the_gatekeeper_caps_the_block_and_says_so_first():
    scenario = bundled("banque-boulangerie")
    s = Session.start(scenario, 0)
    s.step(ChoiceInput("mentir"))
    while not s.ended:
        s.step(candidate_moves(s)[0])
    d = score(scenario, default_rubric(), s.turns)
    assert d.faults[0].id == "mensonge" and d.faults[0].turns == (1,)
    cap = 20 * default_rubric().cap_ratio("en_cours")
    assert d.mark <= cap and d.blocks["prospection"] <= cap
    assert d.headline_fr and d.headline_fr.startswith("Faute déontologique")
    assert d.criteria["p_interlocuteur"].level == "non_acquis"


def test_a_recap_that_forgets_the_counterpart_is_not_conform():
    scenario = bundled("assurance-artisan")
    rubric = default_rubric()
    # the playtest's expert path, then the same deal closed with the recap that forgets the counterparts
    import yaml

    paths = yaml.safe_load((ROOT / "scenarios" / "tests" / "assurance-artisan.yaml").read_text(encoding="utf-8"))
    expert = next(p for p in paths["paths"] if p["name"] == "expert")
    inputs = [ChoiceInput(i) if isinstance(i, str) else PriceInput(i["price"], i.get("counterpart"))
              for i in expert["inputs"]]
    good = Session.replay(scenario, 0, inputs)
    d = score(scenario, rubric, good.turns)
    assert d.conformity == ()
    cut = Session.replay(scenario, 0, inputs[:-1])
    oubli = [c.id for c in cut.choices() if c.id == "recap-oubli"]
    if not oubli or not cut.negotiation.obtained:
        return  # the expert's deal carried no counterpart to forget on this version of the scenario
    cut.step(ChoiceInput("recap-oubli"))
    d = score(scenario, rubric, cut.turns)
    assert d.conformity and d.conformity[-1].missing
    assert any(e.rule == "conformite_recapitulatif" and e.points < 0 for e in d.criteria["n_conclusion"].evidence)


def test_a_call_that_ends_at_the_gatekeeper_misses_the_steps_it_never_reached():
    scenario = bundled("banque-boulangerie")
    s = Session.replay(scenario, 0, [ChoiceInput("se-presenter"), ChoiceInput("insister"),
                                     ChoiceInput("message-utile")])
    assert s.ended
    d = score(scenario, default_rubric(), s.turns)
    for cid in ("p_interet", "p_engagement"):
        c = d.criteria[cid]
        assert c.level == "non_acquis" and c.max == 0 and "Étape jamais atteinte" in " ".join(c.notes_fr)
    assert d.criteria["p_objections"].level == "non_evalue"  # not required: the scenario may never raise one
