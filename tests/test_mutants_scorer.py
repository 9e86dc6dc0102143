"""The scorer's accounting, on a rubric and scenarios small enough to count by hand (mutation testing found
these rules unguarded: tools/mutate.py). Only ``score(...)`` and the debrief it returns are used, so the
tests hold whatever the scorer does inside.

The rubric has two criteria: « écoute » (open question +2, closed question +1) and « attitude » (insisting
-1, not missable; thanking +1). Its jury settings are neutral (no thin-evidence pull, no floor, no
flawless ceiling), so a criterion's ratio is its points over its maximum.
"""

from __future__ import annotations

import textwrap
from functools import cache

from factories import MINI_HEAD, MINI_RUBRIC_HEAD
from test_engine import edit
from test_scoring_scenarios import play

from simulator.content.loader import load_scenario_text
from simulator.scoring import score
from simulator.scoring.rubric import load_rubric_text

RUBRIC = "format: 1\nid: mini-comptes\n" + MINI_RUBRIC_HEAD + textwrap.dedent("""\
    judgement: {min_opportunities: 1, thin_below: 1, prior: 0, floor: 0, flawless_ceiling: 1}
    blocks:
      - id: negociation
        number: 4
        title_fr: Négocier
        title_en: Negotiating
        references: ["fiche"]
        criteria:
          - id: c_ecoute
            title_fr: Écoute
            title_en: Listening
            descriptor_fr: Écoute.
            descriptor_en: Listening.
            fiche: ["citation"]
            indicators_fr: ["indicateur"]
            indicators_en: ["indicator"]
            weight: 2
            rules:
              - {id: r_ouverte, acts: [question_ouverte], points: 2, explain_fr: Question ouverte., explain_en: Open question.}
              - {id: r_fermee, acts: [question_fermee], points: 1, explain_fr: Question fermée., explain_en: Closed question.}
          - id: c_attitude
            title_fr: Attitude
            title_en: Attitude
            descriptor_fr: Attitude.
            descriptor_en: Attitude.
            fiche: ["citation"]
            indicators_fr: ["indicateur"]
            indicators_en: ["indicator"]
            weight: 1
            rules:
              - {id: r_insiste, acts: [insistance], points: -1, missable: false, explain_fr: Insistance., explain_en: Pushy.}
              - {id: r_merci, acts: [remerciement], points: 1, explain_fr: Merci., explain_en: Thanks.}
          - id: c_prix
            title_fr: Prix
            title_en: Price
            descriptor_fr: Prix.
            descriptor_en: Price.
            fiche: ["citation"]
            indicators_fr: ["indicateur"]
            indicators_en: ["indicator"]
            weight: 1
            rules:
              - id: r_accord_marge
                acts: [annonce_prix]
                if: "deal_now and offer_amount > floor"
                points: 2
                explain_fr: Accord au-dessus du plancher.
                explain_en: Deal above the floor.
    """)

SCENARIO = "format: 1\nid: mini-comptes\n" + MINI_HEAD + textwrap.dedent("""\
    start: accueil
    states:
      accueil:
        phase: decouverte
        say: "Bonjour."
        choices:
          - {id: rien, text: "Bonjour, je passais vous voir.", acts: [salutation_presentation], next: accueil}
          - {id: ouverte-insistante, text: "Vos attentes ? Dites, allez.", acts: [question_ouverte, insistance], next: accueil}
          - {id: fermee, text: "Vous êtes pressé, je suppose ?", acts: [question_fermee], next: accueil}
          - {id: merci, text: "Merci, au revoir.", acts: [remerciement], next: fin}
      fin:
        phase: fin
        end: {outcome: success, summary: "Fini."}
    """)

# The open question without insisting, once only: the same state offers it until it is played.
ONCE = edit(SCENARIO, "      - {id: ouverte-insistante, text: \"Vos attentes ? Dites, allez.\", "
                      "acts: [question_ouverte, insistance], next: accueil}",
            "      - {id: ouverte, text: \"Qu'attendez-vous de nous ?\", acts: [question_ouverte], once: true, "
            "next: accueil}")

# A first offer: the client (opening 860) accepts 850, the mid-way between target and floor, and 800.
PRICE_SPEC = textwrap.dedent("""\
    price:
      unit: "HT"
      list: 1000
      target: 900
      floor: 800
      client: {opening: 860, reservation: 950, max_rounds: 4}
      lines: {counter: "{contre}.", accept: "D'accord.", walkaway: "Non."}
    """)
PRICE = edit(SCENARIO, "start: accueil", PRICE_SPEC + "start: accueil")
PRICE = edit(PRICE, "    phase: decouverte\n    say: \"Bonjour.\"\n",
             "    phase: prix\n    say: \"Bonjour.\"\n    negotiation: {accept: fin, walkaway: fin}\n")


@cache
def rubric():
    return load_rubric_text(RUBRIC, "mini.yaml")


@cache
def scenario(text: str = SCENARIO):
    return load_scenario_text(text, "mini.yaml")


def debrief(*moves, text: str = SCENARIO):
    return score(scenario(text), rubric(), play(scenario(text), *moves).turns)


def account(d, criterion: str) -> tuple[int, int, int, float | None, str]:
    c = d.criteria[criterion]
    return c.points, c.max, c.opportunities, c.ratio, c.level


# ---------------------------------------------------------------- maxima
def test_a_move_better_here_but_penalised_elsewhere_does_not_raise_the_maximum():
    # turn 1, « rien »: the open question scores 2 on listening but costs 1 on attitude (a penalty, even
    # though not missable): a trade-off. The closed question (1, at no cost) is the rival: maximum 1.
    d = debrief("rien", "merci")
    assert account(d, "c_ecoute") == (0, 1, 2, 0.0, "non_acquis")
    # attitude: thanking was on offer at turn 1 (+1), and taken at turn 2
    assert account(d, "c_attitude") == (1, 2, 2, 0.5, "en_cours")


def test_a_perfect_path_is_acquired_and_gives_no_priority():
    d = debrief("fermee", "merci")
    assert account(d, "c_ecoute") == (1, 1, 2, 1.0, "acquis")
    assert account(d, "c_attitude") == (1, 1, 2, 1.0, "acquis")
    assert d.priorities == ()
    assert d.mark == 20.0


def test_a_used_once_only_choice_is_not_held_up_against_later_moves():
    d = debrief("ouverte", "rien", "merci", text=ONCE)
    # turn 1: 2 of 2. Turn 2: the open question is used up, the closed one (1) was the best on offer. Turn 3:
    # thanking, the closed question is no rival (worse on attitude). Were the open question still held up at
    # turn 2, the maximum would be 4.
    assert account(d, "c_ecoute")[:3] == (2, 3, 3)
    assert d.criteria["c_ecoute"].ratio == 0.6667


def test_points_are_kept_between_zero_and_the_maximum():
    d = debrief("ouverte-insistante", "ouverte-insistante", "merci")
    attitude = d.criteria["c_attitude"]
    assert (attitude.earned, attitude.penalties) == (1, -2)
    assert (attitude.points, attitude.ratio) == (0, 0.0), "1 - 2 is kept as 0, never shown negative"
    for c in d.criteria.values():
        assert 0 <= c.points <= c.max and (c.ratio is None or 0 <= c.ratio <= 1)


# ---------------------------------------------------------------- the typical offers
def test_the_mid_way_offer_is_one_of_the_offers_a_price_move_is_measured_against():
    d = debrief(1000, text=PRICE)  # countered; 850 (mid-way between target and floor) would have been taken
    assert account(d, "c_prix")[:3] == (0, 2, 1)
    [better] = d.criteria["c_prix"].better
    assert better.input_dict == {"price": 850} and better.points == 2
    assert better.text == "Je vous propose 850\u00a0€ HT."


# ---------------------------------------------------------------- strengths and priorities
def test_a_strength_is_shown_only_on_a_criterion_at_least_in_progress():
    # three turns where the closed question was on offer, taken once: 1/3, under « en cours » (0.4)
    d = debrief("rien", "rien", "fermee", "merci")
    assert d.criteria["c_ecoute"].ratio == 0.3333
    assert "c_ecoute" not in [p.criterion for p in d.strengths]
    # 2/5 = 0.4 exactly: « en cours », shown
    d = debrief("rien", "rien", "rien", "fermee", "fermee", "merci")
    assert d.criteria["c_ecoute"].ratio == 0.4 and d.criteria["c_ecoute"].level == "en_cours"
    [listening] = [p for p in d.strengths if p.criterion == "c_ecoute"]
    assert (listening.text_fr, listening.text_en, listening.turn) == (
        "Question fermée. (tour 4)", "Closed question. (turn 4)", 4)


def test_priorities_name_the_weakness_of_an_imperfect_criterion():
    d = debrief("ouverte-insistante", "merci")
    attitude = d.criteria["c_attitude"]
    assert attitude.ratio is not None and attitude.ratio < 1
    [point] = [p for p in d.priorities if p.criterion == "c_attitude"]
    assert (point.text_fr, point.text_en, point.turn) == ("Insistance. (tour 1)", "Pushy. (turn 1)", 1)
    assert all(d.criteria[p.criterion].ratio < 1 for p in d.priorities)


def test_a_priority_without_a_weakness_names_the_better_move_in_a_sentence():
    d = debrief("rien", "merci")
    [point] = [p for p in d.priorities if p.criterion == "c_ecoute"]
    # the biggest gap: the open question at turn 2 (2 points, a trade-off against attitude: advice)
    assert (point.text_fr, point.text_en, point.turn) == (
        "Au tour 2, un meilleur coup était possible : question ouverte.",
        "At turn 2, a better move was on offer: open question.", 2)
    [missed] = [e for e in d.criteria["c_ecoute"].evidence if e.kind == "missed"]
    assert missed.explain_fr == "Vous pouviez dire « Vous êtes pressé, je suppose ? » (question fermée)."
    assert missed.client == "Bonjour."


def test_every_act_the_engine_gives_an_offer_makes_its_criterion_offered_in_a_negotiation():
    # a criterion shown only by raising one's price, or by an absurd figure, is still one a negotiation lets the
    # learner show (or fail): the engine gives offers those acts itself
    from simulator.scoring.judgement import offered_criteria

    for act in ("remontee_prix", "prix_aberrant", "demande_contrepartie"):
        grid = load_rubric_text(RUBRIC.replace("acts: [annonce_prix]", f"acts: [{act}]"), f"{act}.yaml")
        assert "c_prix" in offered_criteria(scenario(PRICE), grid), act
        assert "c_prix" not in offered_criteria(scenario(SCENARIO), grid), act  # no price: nothing offers it
