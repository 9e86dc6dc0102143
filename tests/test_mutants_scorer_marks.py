"""How the marks are put together, as a jury reads them: the interview's ceiling, a criterion's own ceiling and
the jury's notes, a competency partly shown, the objective's weight and words, the turn note's better move
(mutation testing found these unguarded: tools/mutate.py). Expected figures are worked out from the rubric.
"""

from __future__ import annotations

import pytest
from test_engine import edit
from test_mutants_scorer import RUBRIC, SCENARIO, rubric, scenario
from test_mutants_scorer_evidence import THANKFUL
from test_scoring_scenarios import NEGO, NEGO_EXPERT, nego, play, prospect

from simulator.content.loader import load_scenario_text
from simulator.scoring import default_rubric, score
from simulator.scoring.rubric import load_rubric_text

MERCI_LINE = '      - {id: merci, text: "Merci, au revoir.", acts: [remerciement], next: fin}'


def criteria_mean(d) -> float:
    pairs = [(c.weight, c.ratio) for c in d.criteria.values() if c.evaluated]
    if d.objective is not None and d.objective.ratio is not None:
        pairs.append((d.objective.weight, d.objective.ratio))
    return sum(w * r for w, r in pairs) / sum(w for w, _ in pairs)


# ---------------------------------------------------------------- ceilings and the jury's notes

def test_one_weakness_keeps_the_interview_at_18_5_and_its_criterion_at_17():
    rubric_ = default_rubric()
    d = score(nego(), rubric_, play(nego(), *NEGO_EXPERT).turns)
    # the expert's one weakness is on price (n_prix), nothing else
    flaws = [(c.id, e.rule) for c in d.criteria.values() for e in c.evidence if e.kind != "strength"]
    assert len(flaws) == 1 and flaws[0][0] == "n_prix"
    prix = d.criteria["n_prix"]
    assert prix.ratio == 0.85 and prix.mark == 17.0  # flawless_ceiling 0.85: 17/20 at most with a weakness
    assert prix.notes_fr == ("1 faiblesse relevée : 17/20 au plus (19–20 sont réservés à une compétence sans "
                             "faiblesse).",)
    assert prix.notes_en == ("1 weakness found: 17/20 at most (19–20 are kept for a competency with no "
                             "weakness).",)
    # the criteria and the objective average 19.2; one weakness caps the block and the mark at 0.925: 18.5
    assert round(20 * criteria_mean(d), 1) == 19.2
    assert d.blocks["negociation"] == d.mark == 18.5


def test_each_weakness_more_lowers_the_interview_s_ceiling():
    d = score(nego(), default_rubric(), play(nego(), *NEGO_EXPERT[:6], 1000, 1000, (900, "duree"), (900, "volume"),
                                             "recap").turns)  # no value recalled before the price: 3 flaws
    flaws = sum(e.kind != "strength" for c in d.criteria.values() if c.evaluated for e in c.evidence)
    assert flaws == 3 and round(20 * criteria_mean(d), 2) > 18
    assert d.mark == d.blocks["negociation"] == 17.5  # 0.925 - 2 x 0.025


def test_a_competency_partly_shown_is_in_progress_with_the_jury_s_note():
    moves = ("pitcher", "reflet", "resumer", "cap", "creuser", "repondre", (900, "duree"), (850, None),
             (850, "duree"), "merci")
    d = score(nego(), default_rubric(), play(nego(), *moves).turns)
    prix = d.criteria["n_prix"]
    assert (prix.ratio, prix.level) == (0.4, "en_cours")
    assert prix.notes_fr == ("Compétence en partie montrée (2 bons moments) : « en cours », pas « non acquis ».",)
    assert prix.notes_en == ("Competency partly shown (2 good moments): \"in progress\", not \"not acquired\".",)


def test_a_mistake_where_only_mistakes_were_possible_is_a_zero_and_avoiding_it_proves_nothing():
    # thanking no longer counts: attitude can only be lost (insisting), never earned
    text = edit(SCENARIO, MERCI_LINE, MERCI_LINE.replace("[remerciement]", "[salutation_presentation]"))
    d = score(scenario(text), rubric(), play(scenario(text), "ouverte-insistante", "merci").turns)
    attitude = d.criteria["c_attitude"]
    assert (attitude.points, attitude.max, attitude.ratio, attitude.level) == (0, 0, 0.0, "non_acquis")
    d = score(scenario(text), rubric(), play(scenario(text), "fermee", "merci").turns)
    assert (d.criteria["c_attitude"].ratio, d.criteria["c_attitude"].level) == (None, "non_evalue")


# ---------------------------------------------------------------- the objective

OBJECTIVE = """objective:
  title_fr: Objectif
  title_en: Objective
  descriptor_fr: Conclure.
  descriptor_en: Close.
  weight: 0.2
  outcomes:
    success: {ratio: 1, label_fr: Atteint, label_en: Reached}
    partial: {ratio: 0.4, label_fr: En partie, label_en: Partly}
    failure: {ratio: 0, label_fr: Manqué, label_en: Missed}
    time_up: {ratio: 0, label_fr: Temps écoulé, label_en: Time up}
    abandoned: {ratio: 0, label_fr: Arrêté, label_en: Stopped}
judgement:"""


def test_an_objective_weighing_less_than_one_still_counts():
    grid = load_rubric_text(RUBRIC.replace("judgement:", OBJECTIVE, 1), "objectif.yaml")
    d = score(scenario(SCENARIO), grid, play(scenario(SCENARIO), "fermee", "merci").turns)
    o = d.objective
    # 0.2 x the block's criteria weights (2 + 1 + 1): 0.8, under 1; a perfect path that succeeded
    assert (o.status, o.ratio, o.weight, o.block_weights) == ("success", 1.0, 0.8, {"negociation": 0.8})
    assert (o.descriptor_fr, o.descriptor_en) == ("Conclure.", "Close.")  # no per-block words: the general ones
    d = score(scenario(SCENARIO), grid, play(scenario(SCENARIO), "rien", "merci").turns)
    # listening 0/1 (weight 2), attitude 1/2 (weight 1), the objective 1 (weight 0.8): 1.3 / 3.8
    assert d.mark == d.blocks["negociation"] == round(20 * 1.3 / 3.8, 1) == 6.8


def test_the_objective_of_a_two_block_scenario_reads_both_blocks_words():
    both = load_scenario_text(NEGO.replace("blocks: [negociation]", "blocks: [prospection, negociation]"))
    o = score(both, default_rubric(), play(both, *NEGO_EXPERT).turns).objective
    parts = default_rubric().spec.objective.blocks
    assert o.descriptor_fr == parts.prospection.descriptor_fr + " " + parts.negociation.descriptor_fr
    assert o.descriptor_en == parts.prospection.descriptor_en + " " + parts.negociation.descriptor_en
    assert o.block_weights == {"prospection": 5.5, "negociation": 10.0} and o.weight == 15.5
    assert o.ratios == {"success": 1.0, "partial": 0.4, "failure": 0.0, "time_up": 0.0, "abandoned": 0.0}


def test_an_unfinished_session_s_objective_says_so():
    o = score(nego(), default_rubric(), play(nego(), "ouvrir").turns).objective
    assert (o.label_fr, o.label_en) == ("Non évalué : session non terminée", "Not assessed: unfinished session")
    assert o.descriptor_en == default_rubric().spec.objective.blocks.negociation.descriptor_en


@pytest.mark.parametrize("ending", ["success", "partial", "failure"])
def test_an_ending_the_turns_did_not_reach_is_not_taken_on_trust(ending):
    # a journal may say how a session was closed from outside (time up, abandoned), never that it succeeded
    d = score(nego(), default_rubric(), play(nego(), "ouvrir").turns, ending=ending)
    assert d.objective.status is None and d.objective.ratio is None


def test_time_up_before_any_turn_is_a_failure_with_no_turn():
    d = score(nego(), default_rubric(), [], ending="time_up")
    assert (d.objective.status, d.objective.turn, d.objective.ratio) == ("time_up", None, 0.0)


# ---------------------------------------------------------------- what the debrief carries

def test_the_debrief_keeps_the_hints_and_the_techniques():
    turns = play(prospect(), "presenter", "allie", "croc", "seul-choix", "creneaux", "recapituler").turns
    d = score(prospect(), default_rubric(), turns, hints=[3, 1])
    assert d.hints == (1, 3)
    assert [(t.id, t.complete) for t in d.techniques] == [("croc", True)]


def test_two_ethical_faults_are_both_named_in_the_headline():
    faults = """faults:
  - {id: insiste, label_fr: Pression, label_en: Pressure, acts: [insistance], criteria: [c_attitude], cap: non_acquis,
     ethical: true, explain_fr: Pression., explain_en: Pressure.}
  - {id: ferme, label_fr: Piège, label_en: Trap, acts: [question_fermee], criteria: [c_ecoute], cap: non_acquis,
     ethical: true, explain_fr: Piège., explain_en: Trap.}
judgement:"""
    grid = load_rubric_text(RUBRIC.replace("judgement:", faults, 1), "fautes.yaml")
    d = score(scenario(SCENARIO), grid, play(scenario(SCENARIO), "ouverte-insistante", "fermee", "merci").turns)
    assert d.headline_fr.startswith("Faute déontologique — Pression, Piège : le bloc")
    assert d.headline_en.startswith("Ethical fault — Pressure, Trap: the block")


def test_a_turn_note_names_a_better_move_only_when_one_was_strictly_better():
    d = score(scenario(SCENARIO), rubric(), play(scenario(SCENARIO), "fermee", "rien", "merci").turns)
    # turn 1: the closed question (1) ties with the open one that insists (2 - 1) and with thanking (1)
    assert d.turns[0].better is None
    # turn 2: saying nothing (0) where three moves scored 1: the first of them is quoted
    assert d.turns[1].better is not None and d.turns[1].better.points == 1
    # turn 3: thanking, as good as any move on offer
    assert d.turns[2].better is None


# ---------------------------------------------------------------- priorities and the outcome

def test_priorities_weigh_the_gap_not_the_weight_alone():
    # listening 2/3 (weight 2: a gap of 0.67), attitude 0 (weight 1: a gap of 1): attitude comes first
    d = score(scenario(SCENARIO), rubric(), play(scenario(SCENARIO), "rien", "ouverte-insistante", "merci").turns)
    assert (d.criteria["c_ecoute"].ratio, d.criteria["c_attitude"].ratio) == (0.6667, 0.0)
    assert [p.criterion for p in d.priorities] == ["c_attitude", "c_ecoute"]


def test_a_priority_quotes_the_earliest_of_equally_missed_moves_with_all_its_reasons():
    d = score(scenario(SCENARIO), rubric(), play(scenario(SCENARIO), "rien", "rien", "merci").turns)
    [attitude] = [p for p in d.priorities if p.criterion == "c_attitude"]  # thanking missed at turns 1 and 2
    assert (attitude.turn, attitude.text_fr) == (1, "Au tour 1, un meilleur coup était possible : merci.")
    d = score(scenario(THANKFUL), rubric(), play(scenario(THANKFUL), "fermee", "merci").turns)
    [listening] = d.priorities
    assert listening.text_fr == "Au tour 2, un meilleur coup était possible : question ouverte ; question fermée."
    assert listening.text_en == "At turn 2, a better move was on offer: open question; closed question."


def test_a_one_euro_concession_is_a_concession():
    d = score(nego(), default_rubric(), play(nego(), *NEGO_EXPERT[:6], 1000, 999).turns)
    assert (d.negotiation.concessions, d.negotiation.without_counterpart) == (1, 1)


def test_the_outcome_counts_the_turns():
    d = score(nego(), default_rubric(), play(nego(), *NEGO_EXPERT).turns)
    assert (d.outcome.status, d.outcome.turns) == ("success", len(NEGO_EXPERT))


def test_a_priority_on_a_weakness_quotes_the_better_move_of_that_turn():
    d = score(scenario(SCENARIO), rubric(), play(scenario(SCENARIO), "ouverte-insistante", "fermee", "merci").turns)
    [attitude] = d.priorities
    # insisting at turn 1; thanking was better on attitude at turns 1 and 2: the priority quotes turn 1's
    assert sorted(b.turn for b in d.criteria["c_attitude"].better) == [1, 2]
    assert (attitude.criterion, attitude.turn, attitude.better.turn) == ("c_attitude", 1, 1)
