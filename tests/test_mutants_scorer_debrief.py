"""The debrief's assembly as a learner and a jury read it: the negotiation summary, the blocks and their caps,
the headline, the strengths and the priorities (mutation testing found these unguarded: tools/mutate.py).

The test scenarios (tests/test_scoring_scenarios.py) are graded with the bundled rubric, so the figures are the
ones a trainer would see; each expected value is worked out from the scenario and the rubric, not copied from
a run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_scoring_objective import nego_ending
from test_scoring_scenarios import NEGO_EXPERT, nego, play, prospect

from simulator.scoring import default_rubric, score

RUBRIC_TEXT = (Path(__file__).resolve().parent.parent / "rubrics" / "rncp-27413.yaml").read_text(encoding="utf-8")

BEFORE_PRICE = ("ouvrir", "reflet", "resumer", "cap", "creuser", "repondre")
# the call with a lie to the gatekeeper (an ethical fault), the rest of it done well
LIE = ("mentir", "croc", "seul-choix", "creneaux", "recapituler")


def debrief(scenario, *moves):
    return score(scenario, default_rubric(), play(scenario, *moves).turns)


def offers(d) -> list[tuple[int, str | None, int, str]]:
    return [(o["amount"], o["counterpart"], o["concession"], o["response"]) for o in map(dict, d.negotiation.offers)]


# ---------------------------------------------------------------- the negotiation summary

def test_the_summary_of_a_deal_with_counterparts():
    # list 1000, target 900, floor 800: opening at list, held once, 900 for a 24-month term, 900 held for volume
    d = debrief(nego(), *NEGO_EXPERT)
    n = d.negotiation
    assert (n.currency, n.unit, n.list_price, n.target, n.floor) == ("EUR", "HT par mois", 1000, 900, 800)
    assert offers(d) == [(1000, None, 0, "counter"), (1000, None, 0, "counter"), (900, "duree", 100, "counter"),
                         (900, "volume", 0, "accept")]
    assert (n.deal, n.final, n.walked_away) == (True, 900, False)
    assert (n.concessions, n.with_counterpart, n.without_counterpart) == (1, 1, 0)
    assert n.counterparts == ("Engagement de 24 mois", "Volume doublé")  # labels, in the order obtained
    # 10 % off the list price, at the target, 100 above the floor, half-way from the floor to the list price
    assert (n.discount_pct, n.vs_target, n.vs_floor, n.normalised) == (10.0, 0, 100, 0.5)


def test_a_counterpart_obtained_twice_is_listed_once_and_free_concessions_are_counted():
    # 950 for the term (a concession of 50 with a counterpart), held for the same term, then 900 and 850 free
    d = debrief(nego(), *BEFORE_PRICE, (950, "duree"), (950, "duree"), 900, 850)
    n = d.negotiation
    assert [o[2] for o in offers(d)] == [50, 0, 50, 50]
    assert (n.concessions, n.with_counterpart, n.without_counterpart) == (3, 1, 2)
    assert n.counterparts == ("Engagement de 24 mois",)
    assert (n.deal, n.final, n.discount_pct, n.vs_target, n.vs_floor, n.normalised) == (True, 850, 15.0, -50, 50, 0.25)


def test_a_refused_counterpart_is_not_obtained_and_no_deal_has_no_margin():
    d = debrief(nego(), *BEFORE_PRICE, 1000, (950, "paiement"))  # the client refuses payment on order
    n = d.negotiation
    assert (n.concessions, n.with_counterpart, n.without_counterpart, n.counterparts) == (1, 0, 1, ())
    assert (n.deal, n.final, n.walked_away) == (False, None, False)
    assert (n.discount_pct, n.vs_target, n.vs_floor, n.normalised) == (None, None, None, None)


def test_a_client_who_walks_away_is_told_apart_from_a_deal():
    d = debrief(nego(), *BEFORE_PRICE, 1000, 1000, 1000, 1000)  # four rounds at list price: the client leaves
    n = d.negotiation
    assert [o[3] for o in offers(d)] == ["counter", "counter", "counter", "walkaway"]
    assert (n.walked_away, n.deal, n.final, n.concessions) == (True, False, None, 0)
    assert d.outcome.status == "failure"


def test_a_scenario_without_a_price_has_no_negotiation_summary():
    assert debrief(prospect(), "presenter").negotiation is None


# ---------------------------------------------------------------- blocks, the ethical cap, the headline

def test_an_ethical_fault_caps_the_block_and_the_mark_just_under_acquired_and_says_so_first():
    rubric = default_rubric()
    d = debrief(prospect(), *LIE)
    assert [f.id for f in d.faults] == ["mensonge"] and d.faults[0].ethical
    # without the cap the block would be acquired: the criteria and the objective (success) average above 0.7
    pairs = [(c.weight, c.ratio) for c in d.criteria.values() if c.evaluated]
    pairs.append((d.objective.weight, d.objective.ratio))
    assert sum(w * r for w, r in pairs) / sum(w for w, _ in pairs) > rubric.spec.levels.acquis.min
    capped = round(20 * rubric.cap_ratio("en_cours"), 1)
    assert capped == 13.9  # under the 14/20 where « acquis » starts, as the level it is shown beside
    assert d.blocks == {"prospection": capped, "negociation": None} and d.mark == capped
    block = d.block_results[0]
    assert (block.id, block.number, block.assessed, block.mark, block.level) == (
        "prospection", 2, True, capped, "en_cours")
    assert d.headline_fr == ("Faute déontologique — Mensonge au barrage ou au client : le bloc ne peut pas être "
                             "« acquis », quelle que soit la qualité du reste.")
    assert d.headline_en == ("Ethical fault — Lying to the gatekeeper or the client: the block cannot be "
                             "\"acquired\", however good the rest was.")


def test_blocks_the_scenario_does_not_assess_are_listed_unassessed():
    d = debrief(prospect(), *LIE)
    block = d.block_results[1]
    assert (block.id, block.number, block.assessed, block.mark, block.level) == (
        "negociation", 4, False, None, "non_evalue")
    assert block.title_fr == "Négocier et suivre une vente" and block.title_en.startswith("Negotiating")
    assert block.criteria == tuple(c.id for c in default_rubric().criteria.values() if c.block == "negociation")


def test_a_clean_call_has_no_headline_and_no_cap():
    d = debrief(prospect(), "presenter", "allie", "croc", "seul-choix", "creneaux", "recapituler")
    assert d.faults == () and d.headline_fr is None and d.headline_en is None
    assert d.blocks["prospection"] > 20 * default_rubric().cap_ratio("en_cours")


def test_the_headline_explains_acquired_competencies_in_a_block_held_back_by_the_objective():
    scenario = nego_ending("failure")
    d = score(scenario, default_rubric(), play(scenario, *NEGO_EXPERT).turns)
    assert all(c.level == "acquis" for c in d.criteria.values() if c.evaluated)
    assert d.block_results[1].level != "acquis"
    assert d.headline_fr == ("Toutes les compétences observées sont acquises, mais l'objectif de l'entretien n'est "
                             "pas atteint (objectif non atteint) : il compte pour un tiers de la note du bloc.")
    assert d.headline_en == ("Every competency observed is acquired, but the interview's objective was not reached "
                             "(objective not reached): it counts for a third of the block's mark.")


@pytest.mark.parametrize("ending, moves", [
    ("success", NEGO_EXPERT),  # acquired block: nothing to explain
    ("partial", NEGO_EXPERT),  # the partial result still leaves the block acquired
    # the objective missed, but some competencies were not acquired either: the block's level is no surprise
    ("failure", ("fermer", "enchainer", "argumenter", "cap", "creuser", "repondre", 1000, 1000, (900, "duree"),
                 (900, "volume"), "recap")),
])
def test_no_headline_when_the_block_level_is_no_surprise(ending, moves):
    scenario = nego_ending(ending)
    d = score(scenario, default_rubric(), play(scenario, *moves).turns)
    assert d.objective.status == ending and d.headline_fr is None and d.headline_en is None


def test_an_unfinished_session_gets_no_objective_headline():
    d = debrief(nego(), *NEGO_EXPERT[:-1])  # the deal is struck, the recap not said yet
    assert d.objective.status is None and d.headline_fr is None


def test_the_debrief_carries_the_rubric_levels_labels_and_thresholds():
    d = debrief(prospect(), "presenter")
    assert d.level_labels == {"acquis": ("Acquis", "Acquired"),
                              "en_cours": ("En cours d'acquisition", "In progress"),
                              "non_acquis": ("Non acquis", "Not acquired"),
                              "non_evalue": ("Non évalué", "Not assessed")}
    assert d.thresholds == {"acquis": 0.7, "en_cours": 0.4, "floor": 0.15}  # the floor: the method text says it


# ---------------------------------------------------------------- strengths and priorities

def test_strengths_are_the_best_criteria_with_their_best_moment():
    d = debrief(prospect(), *LIE)
    # three criteria reach « acquis » with a strength: the two perfect ones first (engagement before structure:
    # heavier), then interest (pulled to 0.775 by its single opportunity); the lie's criterion has none
    assert [(p.criterion, p.turn) for p in d.strengths] == [("p_engagement", 4), ("p_structure", 5), ("p_interet", 2)]
    structure = d.strengths[1]
    # the CROC technique (3 points, turn 5) is structure's best moment, ahead of the one-point moves before it
    assert structure.text_fr.endswith("récapitulatif. (tour 5)") and structure.text_en.endswith("recap. (turn 5)")
    assert structure.title_fr == "Structurer l'appel (CROC)"
    assert d.strengths[2].text_fr == "Accroche centrée sur un bénéfice pour ce prospect. (tour 2)"


def test_priorities_name_the_worst_weakness_and_else_ask_for_more():
    d = debrief(prospect(), *LIE)
    first, second = d.priorities
    assert (first.criterion, first.turn) == ("p_interlocuteur", 1)
    assert first.text_fr == ("Mensonge au barrage : vous perdrez la confiance du décideur dès qu'il le découvrira. "
                             "(tour 1)")
    assert first.text_en.endswith("(turn 1)")
    # the better move quoted with it is the one of the weakness's turn: introducing oneself
    assert first.better is not None and first.better.turn == 1 and first.better.input_dict == {"choice": "presenter"}
    # interest fell short of 1 only by the thin-evidence pull: no weakness, no better move to name
    assert (second.criterion, second.turn, second.better) == ("p_interet", None, None)
    assert (second.text_fr, second.text_en) == ("Montrez cette compétence plus souvent.",
                                                "Show this competency more often.")


def test_priorities_come_heaviest_gap_first_and_are_three_at_most():
    d = debrief(nego(), "pitcher", "reflet", "argumenter", "liste", "nier", 800, "partir")
    gaps = {c.id: c.weight * (1 - c.ratio) for c in d.criteria.values() if c.ratio is not None and c.ratio < 1}
    assert len(gaps) > 3 and len(d.priorities) == 3
    assert [p.criterion for p in d.priorities] == sorted(gaps, key=lambda cid: -gaps[cid])[:3]
    # four criteria of weight 3 at 0.15 tie (a gap of 2.55): the rubric's order decides
    assert [p.criterion for p in d.priorities] == ["n_questionnement", "n_argumentation", "n_objections"]


def test_an_ethical_fault_caps_the_block_even_when_it_caps_its_criteria_only_to_in_progress():
    """A rubric may cap an ethical fault's criteria at « en cours » only: the block is still « en cours » at most
    (the block's own cap, not only the cap a criterion « non acquis » puts on it). Here the fault is tied to an act
    of the expert's path, whose criteria are all acquired otherwise."""
    from test_scoring_scenarios import PROSPECT_EXPERT

    from simulator.scoring.rubric import load_rubric_text

    text = RUBRIC_TEXT.replace(
        "    acts: [mensonge_barrage]\n    criteria: [p_interlocuteur, p_structure]\n    cap: non_acquis\n",
        "    acts: [salutation_presentation]\n    criteria: [p_structure]\n    cap: en_cours\n")
    assert text != RUBRIC_TEXT
    rubric = load_rubric_text(text, "faute-en-cours.yaml")
    d = score(prospect(), rubric, play(prospect(), *PROSPECT_EXPERT).turns)
    assert [(f.id, f.ethical, f.cap) for f in d.faults] == [("mensonge", True, "en_cours")]
    assert d.criteria["p_structure"].level == "en_cours"
    assert not [c.id for c in d.criteria.values() if c.level == "non_acquis"]
    pairs = [(c.weight, c.ratio) for c in d.criteria.values() if c.evaluated] + [(d.objective.weight, d.objective.ratio)]
    assert sum(w * r for w, r in pairs) / sum(w for w, _ in pairs) > rubric.spec.levels.acquis.min
    assert d.blocks["prospection"] == 13.9 and d.block_results[0].level == "en_cours" and d.mark == 13.9
