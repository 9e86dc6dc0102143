"""The jury's reading across turns (simulator/scoring/judgement.py) at its edges, as the debrief shows it.

Each test pins what a learner reads or is given: the ratio ``adjust`` leaves at a boundary (thin evidence, too few
opportunities, the ceiling with one, two or three weaknesses, « partly shown » at exactly its share, the jury's
floor, a fault's or an unanswered need's cap, with and without a forced level) and the note that says why, in
French and English; a technique's window and its two-steps-a-turn rule; the recap checked against the record
(what is missing, what was never agreed, typed with ordinary spaces or capitals); a fault's lapses; the needs an
offer left; the interview's ceiling. Inputs are built by hand (turns, offers, rubric variants) so each rule is
read alone. Written after the first mutation measure of judgement.py (docs/architecture.md « Mutation testing »).
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
from factories import play_moves
from test_scoring_scenarios import NEGO_EXPERT, nego

from simulator.content.loader import load_scenario
from simulator.engine.price import Offer
from simulator.engine.session import ChoiceInput, ClientLine, Turn
from simulator.i18n.phrase import render
from simulator.scoring import default_rubric
from simulator.scoring.debrief import ConformityResult, FaultResult, NeedsLeft
from simulator.scoring.judgement import (
    _match,
    adjust,
    conformity,
    conformity_evidence,
    faults,
    interview_ceiling,
    needs_left,
    techniques,
)
from simulator.scoring.rubric import Rubric, load_rubric_text

ROOT = Path(__file__).resolve().parents[1]
RUBRIC_TEXT = (ROOT / "rubrics" / "rncp-27413.yaml").read_text(encoding="utf-8")
NBSP, NNBSP = "\u00a0", "\u202f"
# the bundled rubric: levels acquis 0.7, en cours 0.4; judgement min_opportunities 1, thin_below 2, prior 1,
# floor 0.15, flawless_ceiling 0.85, partly_shown 0.2, interview_ceiling 0.925, interview_flaw_step 0.025
EN_COURS_CAP, NON_ACQUIS_CAP = 0.695, 0.395


@cache
def bundled(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


@cache
def rubric_judging(**changes: float) -> Rubric:
    """The bundled rubric with some of its ``judgement`` values changed."""
    values = dict(re.findall(r"^  (\w+): ([\d.]+)", RUBRIC_TEXT.split("\njudgement:\n")[1].split("\n\n")[0], re.M))
    values.update({k: str(v) for k, v in changes.items()})
    section = "\njudgement:\n" + "".join(f"  {k}: {v}\n" for k, v in values.items())
    text = re.sub(r"\njudgement:\n(  .*\n)+", section, RUBRIC_TEXT)
    rubric = load_rubric_text(text, "variante.yaml")
    assert all(getattr(rubric.spec.judgement, k) == v for k, v in changes.items())
    return rubric


@cache
def rubric_requiring_prospection_only() -> Rubric:
    """The bundled rubric with no step required in a negotiation."""
    text = re.sub(r"\n  negociation: \[n_questionnement.*\n", "\n", RUBRIC_TEXT)
    rubric = load_rubric_text(text, "variante.yaml")
    assert "negociation" not in rubric.spec.required
    return rubric


def read(rubric=None, ratio: float | None = 1.0, *, criterion: str = "n_argumentation", opportunities: int = 5,
         flaws: int = 0, ended: bool = True, offered: bool = True, fault_caps=(), needs=None, block="negociation",
         **kw):
    return adjust(rubric or default_rubric(), criterion, block, ratio, opportunities, flaws, ended, offered,
                  fault_caps, needs=needs, **kw)


def notes(adjusted, lang: str = "fr") -> list[str]:
    return [render(n, lang) for n in adjusted.notes]


def fault(cap: str, turns=(9, 10), criteria=("n_argumentation",)) -> FaultResult:
    return FaultResult("promesse_intenable", "Promesse intenable", "Unkeepable promise", turns, cap, False,
                       criteria, "", "")


# ---------------------------------------------------------------- adjust: never reached, thin evidence, too few

def test_a_required_step_never_reached_is_not_acquired_at_the_jurys_floor():
    a = read(ratio=None, criterion="n_reformulation")
    assert a.level == "non_acquis" and a.ratio == pytest.approx(0.15)
    assert notes(a) == ["Étape jamais atteinte : l'entretien s'est terminé avant que vous la montriez.",
                        "Échelle du jury : une compétence non acquise garde au moins 3/20."]


def test_a_criterion_never_shown_in_a_block_without_required_steps_is_not_judged():
    a = read(rubric_requiring_prospection_only(), ratio=None, criterion="n_reformulation")
    assert (a.ratio, a.level, a.notes) == (None, None, [])


def test_one_opportunity_draws_the_mark_towards_the_middle_and_says_so():
    a = read(ratio=0.8, opportunities=1)
    assert a.ratio == pytest.approx((0.8 + 0.55) / 2) and a.level is None
    assert notes(a) == ["Peu d'occasions (1) : la note est ramenée vers le milieu."]
    assert notes(a, "en") == ["Few opportunities (1): the mark is drawn towards the middle."]


def test_a_mark_already_at_the_middle_is_not_drawn_and_gets_no_note():
    a = read(ratio=0.55, opportunities=1)
    assert a.ratio == 0.55 and a.notes == []


def test_too_few_opportunities_hold_the_criterion_in_progress_both_ways():
    rubric = rubric_judging(min_opportunities=2, thin_below=1)
    high, low = read(rubric, 0.9, opportunities=1), read(rubric, 0.1, opportunities=1)
    assert (high.ratio, high.level) == (pytest.approx(EN_COURS_CAP), "en_cours")
    assert (low.ratio, low.level) == (pytest.approx(0.4), "en_cours")
    for a in (high, low):
        assert notes(a) == ["Pas assez d'occasions pour conclure : « en cours » au plus et au moins."]
    assert read(rubric, 0.9, opportunities=2).level is None  # two opportunities are enough


# ---------------------------------------------------------------- adjust: the ceiling of a criterion with weaknesses

@pytest.mark.parametrize(("flaws", "ceiling", "note"), [
    (1, 0.85, "1 faiblesse relevée : 17/20 au plus (19–20 sont réservés à une compétence sans faiblesse)."),
    (2, 0.80, "2 faiblesses relevées : 16/20 au plus (19–20 sont réservés à une compétence sans faiblesse)."),
    (3, 0.75, "3 faiblesses relevées : 15/20 au plus (19–20 sont réservés à une compétence sans faiblesse)."),
    (9, 0.70, "9 faiblesses relevées : 14/20 au plus (19–20 sont réservés à une compétence sans faiblesse)."),
])
def test_each_weakness_lowers_the_ceiling_by_one_mark_never_below_acquired(flaws, ceiling, note):
    a = read(ratio=1.0, flaws=flaws)
    assert a.ratio == pytest.approx(ceiling) and a.level is None
    assert notes(a) == [note]


def test_the_ceilings_mark_is_shown_to_one_decimal():
    a = read(rubric_judging(flawless_ceiling=0.8333), ratio=1.0, flaws=1)
    assert notes(a)[0].startswith("1 faiblesse relevée : 16,7/20 au plus")
    assert notes(a, "en")[0].startswith("1 weakness found: 16.7/20 at most")


def test_a_mark_at_the_ceiling_or_a_rubric_without_one_is_left_alone():
    assert read(ratio=0.85, flaws=1).notes == []
    a = read(rubric_judging(flawless_ceiling=1), ratio=1.0, flaws=2)
    assert a.ratio == 1.0 and a.notes == []


# ---------------------------------------------------------------- adjust: partly shown, the jury's floor

def test_a_competency_shown_once_with_exactly_a_fifth_of_the_points_is_in_progress():
    a = read(ratio=0.2, shown=1)
    assert a.ratio == pytest.approx(0.4) and a.level is None
    assert notes(a) == ["Compétence en partie montrée (1 bon moment) : « en cours », pas « non acquis »."]
    assert notes(read(ratio=0.3, shown=2))[0].startswith("Compétence en partie montrée (2 bons moments)")


def test_a_competency_never_shown_keeps_the_floor_mapping_not_the_partly_shown_lift():
    a = read(ratio=0.3)  # shown left out: nothing shown
    assert a.ratio == pytest.approx(0.15 + 0.25 * 0.3 / 0.4)
    assert notes(a) == ["Échelle du jury : une compétence non acquise garde au moins 3/20."]
    assert notes(a, "en") == ["The jury's scale: a competency not acquired keeps at least 3/20."]


def test_a_mark_at_the_threshold_is_neither_lifted_nor_floored():
    a = read(ratio=0.4, shown=1)
    assert a.ratio == 0.4 and a.notes == []


@pytest.mark.parametrize(("ratio", "expected"), [(0.0, 0.15), (0.1, 0.2125), (0.2, 0.275), (0.39, 0.39375)])
def test_the_floor_maps_not_acquired_onto_floor_to_threshold(ratio, expected):
    assert read(ratio=ratio).ratio == pytest.approx(expected)


# ---------------------------------------------------------------- adjust: caps by a fault, by needs left

def test_a_fault_caps_the_criterion_it_names_and_says_which_and_when():
    a = read(ratio=0.9, fault_caps=[fault("en_cours")])
    assert a.ratio == pytest.approx(EN_COURS_CAP) and a.level is None
    assert notes(a) == ["Plafonné par une faute : Promesse intenable (tour 9, 10)."]
    assert notes(a, "en") == ["Capped by a fault: Unkeepable promise (turn 9, 10)."]
    assert read(ratio=0.9, fault_caps=[fault("en_cours", criteria=("n_prix",))]).ratio == 0.9


def test_a_mark_already_at_the_faults_cap_gets_no_note():
    assert read(ratio=EN_COURS_CAP, fault_caps=[fault("en_cours")]).notes == []


def test_a_not_acquired_cap_leaves_the_level_to_the_ratio_unless_one_was_forced():
    free = read(ratio=0.9, fault_caps=[fault("non_acquis")])
    assert free.ratio == pytest.approx(NON_ACQUIS_CAP) and free.level is None
    forced = read(rubric_judging(min_opportunities=2, thin_below=1), 0.9, opportunities=1,
                  fault_caps=[fault("non_acquis")])
    assert forced.ratio == pytest.approx(NON_ACQUIS_CAP) and forced.level == "non_acquis"
    in_progress = read(rubric_judging(min_opportunities=2, thin_below=1), 0.9, opportunities=1,
                       fault_caps=[fault("en_cours")])
    assert in_progress.level == "en_cours"


def needs(cap: str, unanswered=("Maîtriser le coût.",), undiscovered=()) -> NeedsLeft:
    return NeedsLeft(unanswered, undiscovered, cap, ("n_argumentation",), 12)


def test_a_need_left_unanswered_caps_the_fit_of_the_offer_and_names_the_cap():
    a = read(ratio=0.9, needs=needs("en_cours"))
    assert a.ratio == pytest.approx(EN_COURS_CAP) and a.level is None
    assert notes(a) == ["Un besoin du client reste sans réponse dans votre proposition : « En cours d'acquisition » "
                        "au plus (voir « Besoins sans réponse »)."]
    assert notes(a, "en") == ["A need of the client is left unanswered by your offer: \"In progress\" at most "
                              "(see \"Needs left unanswered\")."]
    two = read(ratio=0.9, needs=needs("non_acquis", undiscovered=("Être livré sous 48 h.",)))
    assert two.ratio == pytest.approx(NON_ACQUIS_CAP) and two.level is None
    assert notes(two) == ["2 besoins du client restent sans réponse dans votre proposition : « Non acquis » au plus "
                          "(voir « Besoins sans réponse »)."]


def test_needs_left_at_their_cap_or_with_a_forced_level():
    assert read(ratio=EN_COURS_CAP, needs=needs("en_cours")).notes == []
    rubric = rubric_judging(min_opportunities=2, thin_below=1)
    assert read(rubric, 0.9, opportunities=1, needs=needs("non_acquis")).level == "non_acquis"
    assert read(rubric, 0.9, opportunities=1, needs=needs("en_cours")).level == "en_cours"


# ---------------------------------------------------------------- the interview's ceiling

def test_the_interview_ceiling_falls_by_its_step_never_below_acquired():
    rubric = default_rubric()
    assert [interview_ceiling(rubric, n) for n in (0, 1, 2, 3)] == pytest.approx([1.0, 0.925, 0.9, 0.875])
    assert interview_ceiling(rubric, 40) == pytest.approx(0.7)
    assert interview_ceiling(rubric_judging(interview_ceiling=1, interview_flaw_step=0.025), 3) == 1.0


# ---------------------------------------------------------------- turns built by hand

def turn(number: int, acts=(), *, phase: str = "negociation", text: str = "", offer: Offer | None = None,
         replies=(), after=None) -> Turn:
    return Turn(number, "s", phase, ChoiceInput("c"), text, tuple(acts), tuple(replies), "s", phase, {},
                after if after is not None else {}, offer=offer)


def test_a_technique_completes_only_within_its_window():
    steps = [["a"], ["b"]]
    assert _match(steps, [turn(1, ["a"]), turn(3, ["b"])], 3) == (2, (1, 3))
    assert _match(steps, [turn(1, ["a"]), turn(3, ["b"])], 2) == (1, None)  # turn 3 is two turns after turn 1


def test_one_line_naming_every_step_is_not_a_technique():
    steps = [["a"], ["b"], ["c"]]
    assert _match(steps, [turn(1, ["a", "b", "c"])], 8) == (2, None)  # at most two steps on one turn
    assert _match(steps, [turn(1, ["a", "b", "c"]), turn(2, ["c"])], 8) == (3, (1, 2))
    assert _match(steps, [turn(1, ["x"]), turn(2, ["b"]), turn(3, ["a"]), turn(4, ["b", "c"])], 8) == (3, (3, 4))


def test_a_technique_whose_phase_never_came_does_not_hide_the_next_one():
    scenario, rubric = bundled("equipement-machine"), default_rubric()
    crac = next(t for t in rubric.techniques if t.id == "crac")
    assert rubric.techniques[0] is crac and crac.phases == ["objection"]
    found = techniques(scenario, rubric, [turn(1, ["presentation"], phase="contact")],
                       frozenset(rubric.criteria))
    assert "crac" not in {t.id for t in found} and found  # the techniques after it are still read


# ---------------------------------------------------------------- faults

def test_a_promise_made_again_two_turns_later_is_a_second_lapse():
    scenario, rubric = bundled("immobilier-mandat"), default_rubric()
    caps = {f.id: f for f in faults(scenario, rubric, [turn(1, ["promesse_intenable"]),
                                                       turn(3, ["promesse_intenable"])])}
    assert caps["promesse_intenable"].cap == "non_acquis"
    kept_up = faults(scenario, rubric, [turn(1, ["promesse_intenable"]), turn(2, ["promesse_intenable"])])
    assert [f.cap for f in kept_up] == ["en_cours"]
    spec = next(f for f in rubric.spec.faults if f.id == "promesse_intenable")
    assert (caps["promesse_intenable"].explain_fr, caps["promesse_intenable"].explain_en) == (
        spec.explain_fr, spec.explain_en) and spec.explain_fr and spec.explain_en


# ---------------------------------------------------------------- needs left by the offer

def test_the_needs_left_are_read_at_the_last_turn():
    turns = play_moves(nego(), *NEGO_EXPERT).turns
    last = turns[-1]
    both = dataclasses.replace(last, after={**last.after, "discovered": frozenset({"delai", "cout"})})
    left = needs_left(nego(), default_rubric(), [*turns[:-1], both])
    assert left is not None and left.unanswered == ("Maîtriser le coût.",) and left.turn == last.number
    nothing = dataclasses.replace(last, after={k: v for k, v in last.after.items() if k != "discovered"})
    assert needs_left(nego(), default_rubric(), [*turns[:-1], nothing]) is None


# ---------------------------------------------------------------- the recap against the record

def offer(amount: float, response: str = "counter", counterpart: str | None = None) -> Offer:
    return Offer(amount, "concession", 0, counterpart, counterpart is not None, response, None)


ORDER = "commande_fin_mois"  # « la signature du bon de commande avant le 30 juin »
SITE = "site_reference"  # « l'accueil de deux visites de prospects par an, comme site de référence »


def deal_then_recap(recap: str, scenario_name: str = "equipement-machine", counterparts=(ORDER,), amount=8900):
    # each counterpart obtained on a counter-offer 500 above the deal: only the accepted offer is the price agreed
    offers = [turn(n, ["concession_avec_contrepartie"], offer=offer(amount + 500, "counter", c))
              for n, c in enumerate(counterparts, 1)]
    close = turn(len(offers) + 1, ["concession_avec_contrepartie"], offer=offer(amount, "accept"))
    return conformity(bundled(scenario_name), [*offers, close, turn(len(offers) + 2, ["recapitulatif_engagements"],
                                                                      text=recap)])


def test_a_recap_typed_with_ordinary_spaces_or_capitals_matches_the_record():
    assert deal_then_recap(f"Donc 8{NNBSP}900{NBSP}€ avec la signature du bon de commande avant le 30 juin.") == []
    assert deal_then_recap("Donc 8 900 €, avec LA SIGNATURE du bon de commande avant le 30 juin.") == []
    assert deal_then_recap("Donc 8  900 \t€, avec la signature du bon  de commande\navant le 30 juin.") == []


def test_a_recap_without_the_price_names_it_in_the_learners_language():
    [result] = deal_then_recap("Avec la signature du bon de commande avant le 30 juin, c'est entendu.")
    assert result == ConformityResult(3, (f"le prix convenu (8{NNBSP}900{NBSP}€)",), ())
    [english] = deal_then_recap("With a three-year commitment, agreed.", "software-subscription-en",
                                ("three_year_term",), 41000)
    assert english == ConformityResult(3, ("the agreed price (€41,000)",), ())
    assert deal_then_recap("€41,000 with a three-year commitment.", "software-subscription-en",
                           ("three_year_term",), 41000) == []


def test_a_recap_missing_the_price_and_a_counterpart_lists_both_once():
    [result] = deal_then_recap("C'est entendu.", counterparts=(ORDER, ORDER))
    assert result.missing == (f"le prix convenu (8{NNBSP}900{NBSP}€)",
                              "la signature du bon de commande avant le 30 juin")
    assert result.invented == ()


def test_a_recap_naming_a_counterpart_never_obtained_is_shown_as_not_agreed():
    recap = "8 900 € avec la signature du bon de commande avant le 30 juin et l'accueil de deux visites de " \
            "prospects par an, comme site de référence."
    [result] = deal_then_recap(recap)
    assert result.missing == () and result.invented == (
        "l'accueil de deux visites de prospects par an, comme site de référence",)
    t = turn(3, ["recapitulatif_engagements"], text=recap,
             replies=(ClientLine("client", "Parfait."), ClientLine("client", "On signe.")))
    evidence = conformity_evidence(result, "n_conclusion", t)
    assert (evidence.learner, evidence.client) == (recap, "Parfait. On signe.")
    assert evidence.explain("fr") == ("Le récapitulatif ne correspond pas à ce qui a été négocié (non convenu : "
                                      "l'accueil de deux visites de prospects par an, comme site de référence).")
    both = conformity_evidence(ConformityResult(3, ("a", "b"), ("c", "d")), "n_conclusion", t)
    assert both.explain("fr") == ("Le récapitulatif ne correspond pas à ce qui a été négocié "
                                  "(il manque : a ; b, non convenu : c ; d).")
    assert both.explain("en") == "The recap does not match what was negotiated (missing: a; b, never agreed: c; d)."


@cache
def rubric_with_promise_after_the_call_reason():
    """The bundled rubric whose « promesse intenable » counts only once the reason for the call was given."""
    text = RUBRIC_TEXT.replace("\n    acts: [promesse_intenable]\n",
                               "\n    acts: [promesse_intenable]\n    if: \"raison_appel in earlier_acts\"\n", 1)
    rubric = load_rubric_text(text, "variante.yaml")
    assert next(f for f in rubric.faults if f.id == "promesse_intenable").condition is not None
    return rubric


def test_a_faults_condition_reads_every_turn_before_it_the_first_included():
    scenario = bundled("immobilier-mandat")
    start, seen = scenario.spec.start, {"discovered": frozenset()}

    def at(number: int, acts):
        return dataclasses.replace(turn(number, acts, after=seen), state=start, before=seen)

    rubric = rubric_with_promise_after_the_call_reason()
    reason_first = [at(1, ["raison_appel"]), at(2, ["promesse_intenable"]), at(3, []), at(4, ["promesse_intenable"])]
    [promise] = faults(scenario, rubric, reason_first)
    assert promise.turns == (2, 4) and promise.cap == "non_acquis"
    assert faults(scenario, rubric, [at(1, ["promesse_intenable"]), at(2, ["raison_appel"])]) == []


def order_labelled(label: str) -> SimpleNamespace:
    """equipement-machine's price with the order counterpart labelled ``label``, as a scenario ``conformity`` reads."""
    spec = bundled("equipement-machine").spec
    price = spec.price.model_copy(update={"counterparts": [
        c.model_copy(update={"label": label}) if c.id == ORDER else c for c in spec.price.counterparts]})
    return SimpleNamespace(spec=SimpleNamespace(price=price, language="fr"))


def deal_with_the_order(recap: str) -> list:
    """The order counterpart obtained on the accepted offer, then ``recap``."""
    return [turn(1, ["concession_avec_contrepartie"], offer=offer(8900, "accept", ORDER)),
            turn(2, ["recapitulatif_engagements"], text=recap)]


def test_a_counterpart_label_written_with_stray_spaces_still_matches_the_recap():
    # a quoted label may keep a space before its closing quote, or two inside: the recap is read word for word
    scenario = order_labelled("la signature  du bon de commande avant le 30 juin ")
    assert conformity(scenario, deal_with_the_order("8 900 € avec la signature du bon de commande avant le 30 juin.")) == []
    [result] = conformity(scenario, deal_with_the_order("8 900 €."))
    assert result.missing == ("la signature  du bon de commande avant le 30 juin ",)


def test_a_recap_is_compared_case_folded_as_a_reader_would():
    # « Straße » and « Strasse », « ﬁ » and « fi » are the same words to a reader: lower() kept them apart
    scenario = order_labelled("la livraison à la Hauptstraße, chantier ﬁnal")
    assert conformity(scenario, deal_with_the_order("8 900 € avec la livraison à la HAUPTSTRASSE, chantier final.")) == []
