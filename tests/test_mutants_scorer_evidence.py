"""The evidence and advice a learner reads in the debrief, word for word: the missed opportunity's sentence,
the reasons quoted for a better move (on a criterion, or overall on a turn), the techniques across turns, the
recap checked against the deal, the offers a price move is measured against (mutation testing found these
unguarded: tools/mutate.py).

Most examples use the small rubric of tests/test_mutants_scorer.py (« écoute »: open question +2, closed
question +1; « attitude »: insisting -1, thanking +1), where every figure can be counted by hand.
"""

from __future__ import annotations

from test_engine import edit
from test_mutants_scorer import PRICE, RUBRIC, SCENARIO, rubric, scenario
from test_scoring_scenarios import NEGO, NEGO_EXPERT, nego, play, prospect

from simulator.content.loader import load_scenario_text
from simulator.scoring import default_rubric, score
from simulator.scoring.rubric import load_rubric_text

MERCI = '      - {id: merci, text: "Merci, au revoir.", acts: [remerciement], next: fin}'
# the open question without insisting, and a double question (open and closed) that still insists
POLITE = edit(SCENARIO, MERCI, MERCI + """
      - {id: ouverte, text: "Qu'attendez-vous de nous ?", acts: [question_ouverte], next: accueil}
      - id: double
        text: "Vos attentes ? Vos délais, serrés ?"
        acts: [question_ouverte, question_fermee, insistance]
        next: accueil""")
# the double question thanks too: better on both criteria, for reasons of its own on each
THANKFUL = POLITE.replace("[question_ouverte, question_fermee, insistance]",
                          "[question_ouverte, question_fermee, insistance, remerciement]")


def debrief(text: str, *moves, grid=None):
    return score(scenario(text), grid or rubric(), play(scenario(text), *moves).turns)


def texts(d, turn: int, kind: str) -> list[tuple[str, str, str]]:
    return [(e.criterion, e.explain_fr, e.explain_en) for e in d.turns[turn - 1].evidence if e.kind == kind]


# ---------------------------------------------------------------- a missed opportunity, in words

def test_a_missed_opportunity_quotes_the_rival_line_and_why_in_both_languages():
    d = debrief(POLITE, "ouverte-insistante", "merci")
    # listening: 2 points, the double question (3, no worse on attitude) was there; attitude: -1, the open
    # question alone (0, as good on listening) was there, and it is better only by not insisting
    assert texts(d, 1, "missed") == [
        ("c_ecoute", "Vous pouviez dire « Vos attentes ? Vos délais, serrés ? » (question ouverte ; question fermée).",
         "You could have said \"Vos attentes ? Vos délais, serrés ?\" (open question; closed question)."),
        ("c_attitude", "Vous pouviez dire « Qu'attendez-vous de nous ? », sans erreur sur ce point.",
         "You could have said \"Qu'attendez-vous de nous ?\", with no error on this point."),
    ]
    assert texts(d, 1, "strength") == [("c_ecoute", "Question ouverte.", "Open question.")]
    assert texts(d, 1, "weakness") == [("c_attitude", "Insistance.", "Pushy.")]
    missed = [e for e in d.turns[0].evidence if e.kind == "missed"]
    assert all(e.rule is None and e.points == 0 and e.client == "Bonjour." for e in missed)


def test_the_reasons_for_a_better_move_are_the_criterion_s_own_and_positive_only():
    d = debrief(THANKFUL, "ouverte-insistante", "merci")
    [listening] = [b for b in d.criteria["c_ecoute"].better if b.turn == 1]
    assert (listening.criterion, listening.input_dict) == ("c_ecoute", {"choice": "double"})
    assert listening.reasons_fr == ("Question ouverte.", "Question fermée.")  # not its thanks: another criterion
    assert listening.reasons_en == ("Open question.", "Closed question.")
    assert (listening.chosen_points, listening.points) == (2, 3)
    # and the missed opportunity's sentence on each criterion gives that criterion's reasons only
    assert [fr for _, fr, _ in texts(d, 1, "missed")] == [
        "Vous pouviez dire « Vos attentes ? Vos délais, serrés ? » (question ouverte ; question fermée).",
        "Vous pouviez dire « Vos attentes ? Vos délais, serrés ? » (merci)."]
    # the turn's better move overall: every rule that counts for it, not the insisting that counts against it
    better = d.turns[0].better
    assert better is not None and better.criterion is None and better.input_dict == {"choice": "double"}
    assert better.reasons_fr == ("Question ouverte.", "Question fermée.", "Merci.")
    assert better.reasons_en == ("Open question.", "Closed question.", "Thanks.")


def test_the_client_s_words_are_quoted_whole_on_a_turn_with_several_lines():
    s = play(nego(), *NEGO_EXPERT)
    d = score(nego(), default_rubric(), s.turns)
    assert [line.text for line in s.turns[7].replies] == ["Plutôt 600\u00a0€.", "Alors, combien ?"]
    assert {e.client for e in d.turns[7].evidence} == {"Plutôt 600\u00a0€. Alors, combien ?"}


# ---------------------------------------------------------------- techniques across turns

def test_a_complete_technique_is_a_strength_on_its_last_turn_and_counts_once():
    moves = ("presenter", "allie", "croc", "seul-choix", "creneaux", "recapituler")
    s = play(prospect(), *moves)
    d = score(prospect(), default_rubric(), s.turns)
    structure = d.criteria["p_structure"]
    # two turns graded on structure (contact and reason at 3, objective at 5: 4 points of 4) and the CROC (3)
    assert (structure.points, structure.max, structure.opportunities, structure.earned) == (7, 7, 3, 7)
    [croc] = [e for e in structure.evidence if e.rule == "croc"]
    assert (croc.turn, croc.criterion, croc.kind, croc.points) == (6, "p_structure", "strength", 3)
    assert (croc.learner, croc.client) == (s.turns[5].learner_text, "")
    assert croc.explain_fr.startswith("L'appel suit le CROC jusqu'au bout") and croc.explain_en.startswith(
        "The call follows CROC to the end")
    assert croc in d.turns[5].evidence and all(croc not in t.evidence for t in d.turns[:5])


def test_an_unfinished_technique_is_named_as_missed_with_its_steps():
    d = score(prospect(), default_rubric(),
              play(prospect(), "presenter", "allie", "croc", "seul-choix", "creneaux", "merci").turns)
    structure = d.criteria["p_structure"]
    assert (structure.points, structure.max, structure.opportunities) == (4, 7, 3)  # 3 more were within reach
    [croc] = [e for e in structure.evidence if e.rule == "croc"]
    assert (croc.turn, croc.kind, croc.points) == (6, "missed", 0)
    assert croc.explain_fr.startswith("Technique incomplète : Appel structuré en CROC : contact, raison, objectif, "
                                      "conclusion (3 étapes sur 4 enchaînées). L'appel suit le CROC")
    assert croc.explain_en.startswith("Incomplete technique: A call structured as CROC: contact, reason, objective, "
                                      "conclusion (3 of 4 steps in a row). The call follows CROC")
    assert croc in d.turns[5].evidence


# ---------------------------------------------------------------- the recap checked against the deal

RECAP = '      - id: merci\n        text: "Merci, à bientôt."'
FORGETFUL = edit(NEGO, RECAP, '      - id: oubli\n        text: "Je récapitule : {deal_price}, un démarrage lundi."\n'
                 '        acts: [recapitulatif_engagements]\n        next: gagne\n' + RECAP)


def test_a_recap_forgetting_the_counterparts_is_a_weakness_of_the_close():
    for blocks, criterion in (("negociation", "n_conclusion"), ("prospection", "p_engagement")):
        text = FORGETFUL.replace("blocks: [negociation]", f"blocks: [{blocks}]")
        sc = load_scenario_text(text)
        good = score(sc, default_rubric(), play(sc, *NEGO_EXPERT).turns)
        d = score(sc, default_rubric(), play(sc, *NEGO_EXPERT[:-1], "oubli").turns)
        [result] = d.conformity
        assert result.turn == 12 and result.missing == ("Engagement de 24 mois", "Volume doublé")
        [ev] = [e for e in d.criteria[criterion].evidence if e.rule == "conformite_recapitulatif"]
        assert (ev.turn, ev.criterion, ev.kind, ev.points) == (12, criterion, "weakness", -2)
        assert ev.explain_fr == ("Le récapitulatif ne correspond pas à ce qui a été négocié (il manque : "
                                 "Engagement de 24 mois ; Volume doublé).")
        c = d.criteria[criterion]
        assert c.penalties <= -2 and c.points == max(0, c.earned + c.penalties)
        assert c.points < good.criteria[criterion].points or c.ratio < good.criteria[criterion].ratio


# ---------------------------------------------------------------- the offers a price move is measured against

def test_a_free_concession_is_measured_against_holding_the_figure_for_a_counterpart():
    before = ("ouvrir", "reflet", "resumer", "cap", "creuser", "repondre", "justifier")
    # after 1000, conceding 900 for nothing (-2): holding 1000 for the 24-month term was worth 2
    d = score(nego(), default_rubric(), play(nego(), *before, 1000, 900).turns)
    [at_9] = [b for b in d.criteria["n_prix"].better if b.turn == 9]
    assert (at_9.input_dict, at_9.points, at_9.chosen_points) == ({"price": 1000, "counterpart": "duree"}, 2, -2)
    # after a first offer of 950 (neither the list price, the target, the mid-way nor the floor), the figure
    # held is the learner's own 950
    d = score(nego(), default_rubric(), play(nego(), *before, 950, 900).turns)
    [at_9] = [b for b in d.criteria["n_prix"].better if b.turn == 9]
    assert (at_9.input_dict, at_9.points) == ({"price": 950, "counterpart": "duree"}, 2)


def test_among_equally_good_offers_the_highest_is_quoted():
    # the client (opening 905) takes 900 and the mid-way 850 alike, both above the floor: 900 is quoted
    text = PRICE.replace("opening: 860", "opening: 905")
    d = debrief(text, 1000)
    [better] = d.criteria["c_prix"].better
    assert better.input_dict == {"price": 900} and better.points == 2


def test_the_mid_way_offer_is_a_whole_amount():
    # target 901, floor 800: the mid-way offer is 850, not 850.5
    text = PRICE.replace("target: 900", "target: 901")
    d = debrief(text, 1000)
    [better] = d.criteria["c_prix"].better
    assert better.input_dict == {"price": 850} and isinstance(better.input_dict["price"], int)


# ---------------------------------------------------------------- where a fault was committed

FAULT_RUBRIC = RUBRIC.replace("judgement:", """faults:
  - id: ferme
    label_fr: Question fermée
    label_en: Closed question
    acts: [question_fermee]
    criteria: [c_attitude]
    cap: non_acquis
    explain_fr: Fermé.
    explain_en: Closed.
judgement:""", 1)


def test_a_fault_on_a_turn_not_graded_on_its_criterion_still_caps_it():
    grid = load_rubric_text(FAULT_RUBRIC, "faute.yaml")
    # the closed question is not graded on attitude (thanking was no rival: worse on listening), yet the fault
    # names attitude: it caps it all the same
    d = debrief(SCENARIO, "fermee", "merci", grid=grid)
    assert [(f.id, f.criteria) for f in d.faults] == [("ferme", ("c_attitude",))]
    attitude = d.criteria["c_attitude"]
    assert attitude.level == "non_acquis" and attitude.ratio <= grid.cap_ratio("non_acquis")
    assert debrief(SCENARIO, "fermee", "merci").criteria["c_attitude"].level == "acquis"  # without the fault


def test_the_recap_quoted_as_the_better_move_states_the_deal_as_it_was_struck():
    # thanking without a recap after the expert's deal: the recap held up says the price and both counterparts
    d = score(nego(), default_rubric(), play(nego(), *NEGO_EXPERT[:-1], "merci").turns)
    better = d.turns[-1].better
    assert better is not None and better.input_dict == {"choice": "recap"}
    assert better.text == ("Je récapitule : 900\u00a0€ HT par mois, en échange de : Engagement de 24 mois et Volume "
                           "doublé, un démarrage lundi. Merci !")


def test_a_recap_s_nonconformity_adds_to_the_close_s_other_penalties():
    """The recap's check comes after the moves are graded: its penalty adds to those the close already had (a vague
    follow-up in the same line), it does not replace them."""
    said = 'text: "Je récapitule : {deal_price}, un démarrage lundi."\n        acts: [recapitulatif_engagements]'
    text = FORGETFUL.replace(said, said.replace("]", ", relance_floue]"), 1)
    assert text != FORGETFUL
    sc = load_scenario_text(text)
    c = score(sc, default_rubric(), play(sc, *NEGO_EXPERT[:-1], "oubli").turns).criteria["n_conclusion"]
    assert sorted(e.points for e in c.evidence if e.points < 0) == [-2, -1]
    assert c.penalties == -3
