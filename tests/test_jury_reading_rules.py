"""The jury's reading, round 8 (docs/scoring.md § 6 bis): what the blind calibration set showed a jury does and the
scorer did not. Each rule has a test that fails on the code or rubric before it:

- the offer is held against the client's needs: one found but never argued caps the needs analysis;
- a fault of one act kept up on the next turn is one lapse (a fault of several acts counts each act);
- an interview led keeps the jury's floor (3/20) in its block and overall marks, as each criterion does;
- a block (and an interview) with a competency « non acquis » is « en cours » at most;
- CROC's conclusion is there with an incomplete recap (its quality is graded on the engagement);
- a premature push after the meeting was asked for is not a step the call skipped;
- a promise made to lift an objection is graded on the objection's handling, not on the discovery;
- a negotiation that ends without any reformulation is « non acquis » on it, not « non évalué ».
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from factories import play_moves
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_properties import walk  # a random playthrough among the moves the scorer considers
from test_scoring_scenarios import NEGO_EXPERT, nego

from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, PriceInput, Session
from simulator.report import render
from simulator.report.json_report import debrief_document
from simulator.scoring import default_rubric, score
from simulator.scoring.judgement import faults
from simulator.scoring.rubric import load_rubric_text
from simulator.scoring.scorer import ScoringMemo, marks

ROOT = Path(__file__).resolve().parent.parent
RUBRIC_TEXT = (ROOT / "rubrics" / "rncp-27413.yaml").read_text(encoding="utf-8")
NAMES = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
COST = "Maîtriser le coût."  # the toy negotiation's second need: discovered by « enchainer », argued by no choice


@cache
def bundled(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


@cache
def rubric_with(coverage: str | None):
    """The bundled rubric with its ``needs_coverage`` section replaced (None: removed)."""
    text = re.sub(r"\nneeds_coverage:\n(  .*\n)+", "\n" + (coverage or ""), RUBRIC_TEXT)
    rubric = load_rubric_text(text, "variante.yaml")
    assert (rubric.spec.needs_coverage is None) == (coverage is None)
    return rubric


def calibration_path(scenario: str, name: str) -> Session:
    doc = yaml.safe_load((ROOT / "tests" / "calibration" / f"{scenario}.yaml").read_text(encoding="utf-8"))
    interview = next(i for i in doc["interviews"] if i["name"] == name)
    inputs = [ChoiceInput(i) if isinstance(i, str) else PriceInput(i["price"], i.get("counterpart"))
              for i in interview["inputs"]]
    return Session.replay(bundled(scenario), interview.get("seed", 0), inputs)


# a toy negotiation path that discovers both needs (délai, coût) and argues only the first
BOTH_FOUND = ("ouvrir", "enchainer", "resumer", "cap", "creuser", "repondre", "justifier", 1000, 1000,
              (900, "duree"), (900, "volume"), "recap")


# ---------------------------------------------------------------- the offer against the needs

def test_a_need_found_but_never_argued_caps_the_needs_analysis_and_is_named():
    session = play_moves(nego(), *BOTH_FOUND)
    assert session.ended and session.outcome == "success"
    d = score(nego(), default_rubric(), session.turns)
    left = d.needs_left
    assert left is not None and left.unanswered == (COST,) and left.undiscovered == ()
    assert left.criteria == ("n_analyse_besoins",) and left.cap == "en_cours" and left.turn == len(session.turns)
    analysis = d.criteria["n_analyse_besoins"]
    uncapped = score(nego(), rubric_with(None), session.turns).criteria["n_analyse_besoins"]
    assert uncapped.level == "acquis" and analysis.level == "en_cours"
    assert analysis.ratio == round(default_rubric().cap_ratio("en_cours"), 4)
    assert any("sans réponse" in note for note in analysis.notes_fr)
    text = render(d, "text")
    assert "Besoins sans réponse" in text and f"Découvert, jamais argumenté : {COST}" in text.replace("\u00a0", " ")
    english = render(d, "text", lang="en")
    assert "Needs left unanswered" in english and f"Found, never argued: {COST}" in english
    doc = debrief_document(d)
    assert doc["needs_left"] == {"unanswered": [COST], "undiscovered": [], "cap": "en_cours",
                                 "criteria": ["n_analyse_besoins"], "turn": len(session.turns)}


def test_every_need_found_argued_or_the_interview_not_over_caps_nothing():
    # the expert discovers and argues the delay only: the cost need, never found, is the questioning's business
    expert = play_moves(nego(), *NEGO_EXPERT)
    d = score(nego(), default_rubric(), expert.turns)
    assert d.needs_left is None and d.criteria["n_analyse_besoins"].level == "acquis"
    assert debrief_document(d)["needs_left"] is None
    # the same path with both needs found, stopped before its end: the offer may still come
    unfinished = play_moves(nego(), *BOTH_FOUND[:5])
    assert not unfinished.ended
    assert score(nego(), default_rubric(), unfinished.turns).needs_left is None


def test_a_prospecting_call_is_not_held_to_an_offer():
    # immobilier-mandat: a need found and never argued, but the call's offer is the meeting
    session = calibration_path("immobilier-mandat", "moyen-remise-honoraires")
    assert session.ended
    d = score(bundled("immobilier-mandat"), default_rubric(), session.turns)
    assert d.needs_left is None and "Besoins sans réponse" not in render(d, "text")


def test_a_rubric_may_count_the_needs_never_found_too():
    rubric = rubric_with("needs_coverage:\n  criteria: [n_analyse_besoins]\n  cap: non_acquis\n  undiscovered: true\n")
    d = score(nego(), rubric, play_moves(nego(), *NEGO_EXPERT).turns)
    assert d.needs_left is not None and d.needs_left.undiscovered == (COST,) and d.needs_left.unanswered == ()
    assert d.criteria["n_analyse_besoins"].level == "non_acquis"
    assert "Jamais découvert : " + COST in render(d, "text").replace("\u00a0", " ")


def test_a_scenario_whose_arguments_name_no_need_is_not_checked():
    # the toy negotiation with every « argues » taken out: nothing says which argument answers which need
    from test_scoring_scenarios import NEGO

    from simulator.content.loader import load_scenario_text

    untagged = load_scenario_text(re.sub(r"\n +argues: \[[a-z, ]+\]", "", NEGO), "sans-argues.yaml")
    session = play_moves(untagged, *BOTH_FOUND)
    assert session.ended and score(untagged, default_rubric(), session.turns).needs_left is None


def test_a_needs_coverage_naming_an_unknown_criterion_is_refused_where_it_is_written():
    text = re.sub(r"\nneeds_coverage:\n(  .*\n)+", "\nneeds_coverage:\n  criteria: [n_analyse_besoin]\n", RUBRIC_TEXT)
    with pytest.raises(ContentError) as err:
        load_rubric_text(text, "faute.yaml")
    [d] = [d for d in err.value.diagnostics if d.code == "NS057"]
    line = text[:text.index("n_analyse_besoin]")].count("\n") + 1
    assert d.line == line and "n_analyse_besoin" in d.message and "n_analyse_besoins" in d.hint


def test_the_marks_of_a_batch_tell_a_need_left_from_none():
    """Two sessions whose criteria's accounts are the same, but one leaves a need unanswered: the memo's marks keep
    them apart (its key holds what the needs cap)."""
    from test_scoring_scenarios import NEGO

    from simulator.content.loader import load_scenario_text

    # the toy negotiation with a third need (found by a move off the path) and a second argument that answers the
    # two needs found: graded alike (neither answers every need), so both paths keep the same accounts
    third = NEGO.replace('      - {id: cout, label: "Maîtriser le coût."}\n',
                         '      - {id: cout, label: "Maîtriser le coût."}\n      - {id: suivi, label: "Suivre ses colis."}\n')
    third = third.replace("        acts: [question_fermee]\n        next: besoin\n",
                          "        acts: [question_fermee]\n        discovers: [suivi]\n        next: besoin\n")
    tail = "        argues: [delai]\n        raises: [cher]\n        next: negociation\n"
    both = third.replace(tail, tail + "      - id: cap-complet\n"
                        "        text: \"Livré sous 48 h, à un coût tenu : la pharmacie Leroy le vérifie depuis deux ans.\"\n"
                        "        acts: [argument_cap, preuve]\n        argues: [delai, cout]\n"
                        "        raises: [cher]\n        next: negociation\n", 1)
    assert both.count("suivi") == 2 and "cap-complet" in both
    scenario = load_scenario_text(both, "deux-arguments.yaml")
    rubric = default_rubric()
    complete = [m if m != "cap" else "cap-complet" for m in BOTH_FOUND]
    sessions = [play_moves(scenario, *moves).turns for moves in (complete, BOTH_FOUND)]
    fresh = [score(scenario, rubric, turns) for turns in sessions]
    assert [d.needs_left is None for d in fresh] == [True, False]
    assert [d.criteria["n_analyse_besoins"].points for d in fresh] == [fresh[0].criteria["n_analyse_besoins"].points] * 2
    memo = ScoringMemo(scenario, rubric)
    for turns, d in zip(sessions, fresh):
        got = marks(scenario, rubric, turns, memo=memo)
        assert (got.levels["n_analyse_besoins"], got.mark) == (d.criteria["n_analyse_besoins"].level, d.mark)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 1000), st.integers(0, 10**6))
def test_the_needs_left_only_lower_the_criteria_they_name(name, seed, walk_seed):
    scenario = bundled(name)
    turns = walk(scenario, seed, walk_seed).turns
    checked = score(scenario, default_rubric(), turns)
    unchecked = score(scenario, rubric_with(None), turns)
    assert checked.mark <= unchecked.mark
    named = checked.needs_left.criteria if checked.needs_left else ()
    assert all(default_rubric().criteria[cid].block in scenario.spec.blocks for cid in named)
    for cid, c in checked.criteria.items():
        other = unchecked.criteria[cid]
        if cid in named and c.ratio is not None:
            assert c.ratio <= other.ratio
        else:
            assert (c.ratio, c.level) == (other.ratio, other.level), cid
    if checked.needs_left is not None:  # each need listed was found and never argued
        labels = {n.label: n.id for n in scenario.spec.persona.client.needs}
        found = turns[-1].after["discovered"]
        argued = {a for t in turns if t.choice_id for a in scenario.states[t.state].by_id[t.choice_id].spec.argues}
        assert all(labels[need] in found and labels[need] not in argued for need in checked.needs_left.unanswered)


# ---------------------------------------------------------------- faults: lapses and patterns

def fault_of(scenario_name: str, turns) -> dict[str, str]:
    return {f.id: f.cap for f in faults(bundled(scenario_name), default_rubric(), turns)}


def test_a_promise_confirmed_on_the_next_turn_is_one_lapse_and_two_apart_are_repeated():
    session = calibration_path("immobilier-mandat", "moyen-remise-honoraires")
    promised = [t.number for t in session.turns if "promesse_intenable" in t.acts]
    assert promised == [9, 10]  # « je peux descendre à 3 % », then « je vous l'écrirai noir sur blanc »
    assert fault_of("immobilier-mandat", session.turns) == {"promesse_intenable": "en_cours"}
    # the same promise made again three turns later is a second lapse
    apart = [session.turns[8], *session.turns[2:4], session.turns[9]]
    for n, t in enumerate(apart, 1):
        t.number = n  # a copy of the turns is not needed: the session is not used again
    assert fault_of("immobilier-mandat", apart) == {"promesse_intenable": "non_acquis"}


def test_concessions_given_one_after_another_each_count():
    # equipement-machine, a middling interview: two price drops for nothing on consecutive turns are two
    # concessions (the fault needs two), not one lapse kept up
    session = calibration_path("equipement-machine", "moyen-approximatif")
    d = score(bundled("equipement-machine"), default_rubric(), session.turns)
    [fault] = [f for f in d.faults if f.id == "concessions_gratuites"]
    assert fault.turns == (27, 28) and fault.cap == "en_cours"
    # assurance-artisan's middling interview gives three: once more than the fault needs, it is repeated
    more = calibration_path("assurance-artisan", "moyen-approximatif")
    [fault] = [f for f in score(bundled("assurance-artisan"), default_rubric(), more.turns).faults
               if f.id == "concessions_gratuites"]
    assert len(fault.turns) == 3 and fault.cap == "non_acquis"


def test_a_promise_made_to_lift_an_objection_is_graded_on_the_objection():
    session = calibration_path("immobilier-mandat", "moyen-remise-honoraires")
    d = score(bundled("immobilier-mandat"), default_rubric(), session.turns)
    rules = {(e.turn, e.criterion, e.rule) for e in d.evidence}
    assert (9, "p_objections", "po_promesse") in rules and (10, "p_objections", "po_promesse") in rules
    assert not any(rule == "pt_promesse" for _, _, rule in rules)
    assert d.criteria["p_interet"].level == "acquis"  # the discovery was right: the jury said so too
    # a promise made while finding the needs is still graded on the interest raised
    scenario = bundled("banque-boulangerie")
    s = Session.start(scenario, 0)
    for move in ("se-presenter-verifier", "motif-clair", "croc-contact"):
        s.step(ChoiceInput(move))
    path = _path_to(scenario, s, "promesse-interlocuteur")
    graded = score(scenario, default_rubric(), path.turns)
    promised = [e for e in graded.evidence if e.turn == len(path.turns)]
    assert any(e.rule == "pt_promesse" and e.criterion == "p_interet" for e in promised), promised


def _path_to(scenario, session: Session, choice: str, limit: int = 12) -> Session:
    """``session`` led, by the first move on offer, to a state where ``choice`` is offered, then ``choice`` played."""
    from simulator.simulate import candidate_moves

    for _ in range(limit):
        if choice in {c.id for c in session.choices()}:
            session.step(ChoiceInput(choice))
            return session
        session.step(candidate_moves(session)[0])
    raise AssertionError(f"« {choice} » never offered")


# ---------------------------------------------------------------- the jury's floor on the whole interview

@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 1000), st.integers(0, 10**6))
def test_an_interview_led_keeps_the_jurys_floor(name, seed, walk_seed):
    scenario, rubric = bundled(name), default_rubric()
    d = score(scenario, rubric, walk(scenario, seed, walk_seed).turns)
    floor = round(20 * rubric.spec.judgement.floor, 1)
    if any(c.ratio is not None for c in d.criteria.values()):
        assert d.mark >= floor
        for block in d.block_results:
            if block.assessed and any(d.criteria[cid].ratio is not None for cid in block.criteria):
                assert block.mark is not None and block.mark >= floor


def test_a_weak_failed_interview_gets_the_floor_not_less():
    session = calibration_path("immobilier-mandat", "faible-demande-mari")
    d = score(bundled("immobilier-mandat"), default_rubric(), session.turns)
    assert d.objective is not None and d.objective.status == "failure" and d.objective.ratio == 0
    assert all(c.level == "non_acquis" for c in d.criteria.values() if c.ratio is not None)
    assert d.mark == 3.0 and d.blocks["prospection"] == 3.0  # was 2.0: the failed objective pulled it under
    # the method says why the mark is not the plain mean (and says nothing of a floor a rubric does not have)
    said = "un bloc et la note globale d'un entretien mené gardent au moins 3/20"
    assert said in " ".join(render(d, "text").replace("\u00a0", " ").split())
    no_floor = load_rubric_text(RUBRIC_TEXT.replace("  floor: 0.15 ", "  floor: 0 "), "sans-plancher.yaml")
    bare = score(bundled("immobilier-mandat"), no_floor, session.turns)
    assert bare.mark < 3.0 and "gardent au moins" not in render(bare, "text") and "floor" not in bare.thresholds


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.integers(0, 1000), st.integers(0, 10**6))
def test_a_block_with_a_competency_not_acquired_is_not_acquired(name, seed, walk_seed):
    scenario = bundled(name)
    d = score(scenario, default_rubric(), walk(scenario, seed, walk_seed).turns)
    for block in d.block_results:
        if any(d.criteria[cid].level == "non_acquis" for cid in block.criteria):
            assert block.level != "acquis" and block.mark is not None and block.mark < 14
            assert d.mark < 14


def test_a_middling_call_that_failed_at_the_gatekeeper_is_not_acquired_overall():
    # banque-boulangerie: the gatekeeper mishandled (« non acquis »), everything after it well done; the blind jury
    # gave 11–13; the plain mean of the criteria and the objective is 15
    session = calibration_path("banque-boulangerie", "moyen-barrage-maladroit")
    d = score(bundled("banque-boulangerie"), default_rubric(), session.turns)
    assert d.criteria["p_interlocuteur"].level == "non_acquis"
    assert d.block_results[0].level == "en_cours" and d.mark == 13.9


# ---------------------------------------------------------------- the call's structure

def test_croc_ends_with_a_recap_even_an_incomplete_one():
    session = calibration_path("banque-boulangerie", "fort-recap-incomplet")
    assert "recapitulatif_incomplet" in session.turns[-1].acts
    d = score(bundled("banque-boulangerie"), default_rubric(), session.turns)
    [croc] = [t for t in d.techniques if t.id == "croc"]
    assert croc.complete and d.criteria["p_structure"].level == "acquis"
    assert any(e.rule == "pe_recap_incomplet" for e in d.criteria["p_engagement"].evidence)  # graded there


def test_pushing_too_early_after_the_meeting_is_an_engagement_fault_only():
    session = calibration_path("immobilier-mandat", "fort-mandat-premature")
    d = score(bundled("immobilier-mandat"), default_rubric(), session.turns)
    early = [t.number for t in session.turns if "conclusion_prematuree" in t.acts]
    assert early
    rules = {(e.turn, e.rule) for e in d.evidence}
    assert all((n, "pe_premature") in rules and (n, "ps_premature") not in rules for n in early)
    # before the meeting was asked for, the same act is a step the call skipped
    from simulator.scoring.rubric import Rubric

    rubric: Rubric = default_rubric()
    [rule] = [r for r in rubric.criteria["p_structure"].rules if r.id == "ps_premature"]
    assert rule.condition is not None
    assert rule.condition({"earlier_acts": frozenset({"raison_appel"})})
    assert not rule.condition({"earlier_acts": frozenset({"raison_appel", "prise_rdv_creneaux"})})


# ---------------------------------------------------------------- steps a negotiation must show

def test_a_negotiation_ended_without_any_reformulation_has_not_shown_it():
    session = calibration_path("equipement-machine", "faible-junior")
    assert session.ended
    d = score(bundled("equipement-machine"), default_rubric(), session.turns)
    c = d.criteria["n_reformulation"]
    assert c.level == "non_acquis" and c.max == 0 and any("jamais atteinte" in n for n in c.notes_fr)
