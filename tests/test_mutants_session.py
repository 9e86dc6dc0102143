"""The session's rules that the older tests let slip (found by mutation testing, tools/mutate.py).

Objections: handled only when open, reopened when a move brings one back, never voiced over an interrupt or
inside another objection. Once-only choices never come back (a property). Prices: refused with a message
when they cannot be an offer (0, negative, sub-cent, unknown counterpart, no negotiation here), and the
client still answers when it holds its figure and the scenario has no line for that. The values lines
quote, in French and English, and the journal form of inputs.
"""

from __future__ import annotations

from functools import cache

import pytest
from factories import MINIMAL, MINIMAL_PRICE
from hypothesis import given
from hypothesis import strategies as st
from test_engine import edit, play

from simulator.content.loader import load_scenario_text
from simulator.engine.session import ChoiceInput, EngineError, PriceInput, Session, fill, input_from_dict


def scenario(text: str = MINIMAL):
    return load_scenario_text(text)


def price_session(text: str = MINIMAL_PRICE) -> Session:
    s = play(scenario(text), "question")
    assert s.accepts_price
    return s


# ---------------------------------------------------------------- objections
def test_handling_an_objection_that_is_not_open_handles_nothing():
    # a question that leads straight to the objection state: « cher » was never raised
    s = play(scenario(edit(MINIMAL, "        discovers: [delai]\n        next: conclusion",
                           "        discovers: [delai]\n        next: objection")), "question")
    assert s.state == "objection" and s.env["open_objections"] == frozenset()
    turn = s.step(ChoiceInput("traiter"))
    assert turn.handled == () and s.env["handled_objections"] == frozenset()


def test_a_move_that_raises_a_handled_objection_again_reopens_it():
    text = edit(MINIMAL, "      - id: partir\n",
                "      - id: relancer\n        text: \"Vous trouviez cela cher, non ?\"\n"
                "        acts: [question_fermee]\n        raises: [cher]\n        next: conclusion\n"
                "      - id: partir\n")
    s = play(scenario(text), "insister", "traiter")
    assert s.state == "conclusion" and s.env["handled_objections"] == {"cher"}
    turn = s.step(ChoiceInput("relancer"))
    assert turn.raised == ("cher",) and s.env["open_objections"] == {"cher"}
    assert s.state == "objection" and turn.diverted_to == "objection"
    # an objection still open is not raised again by the same move
    assert s.step(ChoiceInput("nier")).raised == ()


def test_an_interrupt_wins_over_the_objection_raised_by_the_same_move():
    # patience 2 - 2 = 0: the interrupt (here to a live state) fires; the client does not voice the objection
    text = edit(MINIMAL, "initial: 3", "initial: 2")
    text = edit(text, "  - if: \"patience <= 0\"\n    next: perdu", "  - if: \"patience <= 0\"\n    next: conclusion\n"
                "    reply: \"Bon, abrégeons.\"")
    s = play(scenario(text), "insister")
    turn = s.turns[-1]
    assert turn.interrupted and s.state == "conclusion" and turn.diverted_to is None
    assert turn.raised == ("cher",) and s.env["open_objections"] == {"cher"} and "cher" not in s.voiced
    assert [line.text for line in turn.replies] == ["Bon, abrégeons.", "Bon. Et maintenant ?"]


TWO_OBJECTIONS = edit(edit(edit(MINIMAL, "objections:\n", "objections:\n  delai_court:\n    type: sincere_fondee\n"
                                "    label: \"Trop long.\"\n    state: objection-delai\n"),
                           "    raises: [cher]\n", "    raises: [cher, delai_court]\n"),
                      "  conclusion:\n",
                      "  objection-delai:\n    phase: objection\n    say: \"Et le délai ?\"\n"
                      "    choices:\n      - id: delai\n        text: \"Quel délai vous faut-il ?\"\n"
                      "        acts: [objection_creuser]\n        handles: [delai_court]\n        next: conclusion\n"
                      "  objection-suite:\n    phase: objection\n    say: \"Vraiment cher.\"\n"
                      "    choices:\n      - id: argumenter\n        text: \"Un retard vous coûte plus cher.\"\n"
                      "        acts: [objection_argumenter]\n        handles: [cher]\n        next: conclusion\n"
                      "  conclusion:\n")
TWO_OBJECTIONS = edit(TWO_OBJECTIONS, "      - id: nier\n",
                      "      - id: creuser\n        text: \"Cher par rapport à quoi ?\"\n"
                      "        acts: [objection_creuser]\n        next: objection-suite\n      - id: nier\n")


def test_an_objection_not_voiced_yet_waits_while_the_learner_deals_with_another():
    two = scenario(TWO_OBJECTIONS)
    seed = next(seed for seed in range(50) if play(two, "insister", seed=seed).state == "objection")
    s = play(two, "insister", seed=seed)
    assert s.voiced == {"cher"} and s.env["open_objections"] == {"cher", "delai_court"}
    turn = s.step(ChoiceInput("creuser"))  # still on « cher », in another objection state
    assert s.state == "objection-suite" and turn.diverted_to is None
    turn = s.step(ChoiceInput("argumenter"))  # « cher » handled: now the client voices the other one
    assert s.state == "objection-delai" and turn.diverted_to == "objection-delai"
    assert turn.handled == ("cher",) and s.voiced == {"cher", "delai_court"}


def test_turns_record_what_they_changed():
    s = play(scenario(), "insister")
    turn = s.turns[-1]
    assert turn.changes["patience"] == (3, 1)
    assert turn.changes["open_objections"] == (frozenset(), frozenset({"cher"}))
    assert "discovered" not in turn.changes
    assert turn.choice_id == "insister" and turn.state == "accueil" and turn.phase == "contact"
    assert (turn.next_state, turn.next_phase, turn.number) == ("objection", "objection", 1)
    assert s.env["turn"] == 1 and s.env["state"] == "objection" and s.env["phase"] == "objection"


# ---------------------------------------------------------------- once-only choices
ONCE = edit(edit(MINIMAL, "      - id: question\n", "      - id: question\n        once: true\n"),
            "        discovers: [delai]\n        next: conclusion", "        discovers: [delai]\n        next: accueil")
ONCE = edit(ONCE, "      - id: traiter\n", "      - id: retour\n        text: \"Revenons au début.\"\n"
            "        acts: [question_ouverte]\n        once: true\n        next: accueil\n"
            "      - id: traiter\n")


@cache
def once_scenario():
    return scenario(ONCE)


@given(st.lists(st.integers(0, 9), max_size=12), st.integers(0, 3))
def test_a_once_only_choice_is_never_offered_again(picks, seed):
    s = Session.start(once_scenario(), seed)
    used: set[str] = set()
    for pick in picks:
        offered = s.offered_ids()
        assert not used & set(offered), "a used once-only choice is offered again"
        for cid in used & set(s.current.by_id):
            with pytest.raises(EngineError, match="n'est pas proposé maintenant"):
                s.fork().step(ChoiceInput(cid))
        if not offered:
            break
        cid = offered[pick % len(offered)]
        if s.current.by_id[cid].spec.once:
            used.add(cid)
        s.step(ChoiceInput(cid))


# ---------------------------------------------------------------- prices
@pytest.mark.parametrize(("amount", "counterpart", "message"), [
    (0, None, "un prix doit être un nombre positif"),
    (-5, None, "un prix doit être un nombre positif"),
    (950, "gratuit", "contrepartie inconnue « gratuit »"),
    (950.505, None, "un prix se donne au centime près"),
])
def test_an_offer_that_cannot_be_one_is_refused_with_a_message(amount, counterpart, message):
    s = price_session()
    with pytest.raises(EngineError) as refused:
        s.step(PriceInput(amount, counterpart))
    assert str(refused.value) == message
    assert s.negotiation.offers == [] and len(s.turns) == 1, "a refused offer leaves nothing behind"


def test_no_price_outside_a_negotiation_and_no_move_after_the_end():
    s = play(scenario(MINIMAL_PRICE))
    assert not s.accepts_price
    with pytest.raises(EngineError, match="^on ne propose pas de prix à ce stade de l'entretien$"):
        s.step(PriceInput(950))
    s = play(scenario(), "question", "conclure")
    assert not s.accepts_price and s.choices() == []
    with pytest.raises(EngineError, match="^la session est terminée$"):
        s.step(PriceInput(950))


def test_a_firm_client_without_a_held_line_says_its_counter():
    text = edit(MINIMAL_PRICE, "max_rounds: 4}", "max_rounds: 4, firm_after_free_concession: true}")
    s = price_session(text)
    s.step(PriceInput(1000))
    turn = s.step(PriceInput(950))  # a concession for nothing: it holds, and says so with its counter line
    assert turn.offer.held
    assert [line.text for line in turn.replies] == ["950\u00a0€ ? Je peux aller jusqu'à 700\u00a0€.", "Bon. Et votre prix ?"]


def test_the_offer_updates_the_variables_rules_and_lines_read():
    s = price_session()
    s.step(PriceInput(1000))
    assert (s.env["last_offer"], s.env["last_counter"], s.env["price_offers"]) == (1000, 700, 1)
    assert (s.env["concessions"], s.env["concessions_without_counterpart"], s.env["counterparts_count"]) == (0, 0, 0)
    turn = s.step(PriceInput(950, "duree"))
    assert turn.acts == ("concession_avec_contrepartie", "demande_contrepartie")
    assert (s.env["concessions"], s.env["concessions_without_counterpart"], s.env["counterparts_count"]) == (1, 0, 1)
    assert [line.text for line in turn.replies] == ["Engagement 24 mois : d'accord.",
                                                   "950\u00a0€ ? Je peux aller jusqu'à 775\u00a0€.", "Bon. Et votre prix ?"]
    assert turn.learner_text == "Je vous propose 950\u00a0€ HT par an. En contrepartie : Engagement 24 mois."
    turn = s.step(PriceInput(940, "comptant"))
    assert turn.replies[0].text == "Paiement comptant : non."
    assert (s.env["concessions"], s.env["concessions_without_counterpart"], s.env["counterparts_count"]) == (2, 1, 1)
    turn = s.step(PriceInput(700))
    assert turn.offer.response == "accept" and s.env["deal"] is True and s.env["deal_price"] == 700
    assert s.state == "gagne" and s.outcome == "success"


def test_a_raise_the_client_answers_gets_the_raised_line_first():
    text = edit(MINIMAL_PRICE, "    counterpart_refused: \"{contrepartie} : non.\"\n",
                "    counterpart_refused: \"{contrepartie} : non.\"\n    raised: \"Vous remontez ?\"\n")
    s = price_session(text)
    s.step(PriceInput(950))
    turn = s.step(PriceInput(990))
    assert turn.acts == ("remontee_prix",) and s.env["concessions"] == 1  # the first offer, under list: a raise adds none
    assert [line.text for line in turn.replies] == ["Vous remontez ?", "990\u00a0€ ? Je peux aller jusqu'à 700\u00a0€.",
                                                   "Bon. Et votre prix ?"]


def test_a_walkaway_ends_in_the_walkaway_state():
    s = price_session()
    for _ in range(3):
        s.step(PriceInput(1000))
    turn = s.step(PriceInput(1000))
    assert turn.offer.response == "walkaway" and s.state == "perdu" and s.outcome == "failure"
    assert turn.replies[0].text == "Non, on s'arrête là." and s.env["deal"] is False


# ---------------------------------------------------------------- what lines quote
def test_values_lines_quote_before_any_figure_in_french_and_english():
    assert price_session().text_values() == {
        "deal_price": "le prix convenu", "last_offer": "ma dernière proposition",
        "counterparts_obtained": "aucune contrepartie", "last_counter": "votre dernier chiffre", "gap": "l'écart"}
    english = price_session(edit(MINIMAL_PRICE, "format: 1\n", "format: 1\nlanguage: en\n"))
    assert english.text_values() == {
        "deal_price": "the agreed price", "last_offer": "my last offer", "counterparts_obtained": "nothing in return",
        "last_counter": "your last figure", "gap": "the gap"}


def test_values_lines_quote_once_figures_are_known():
    s = price_session()
    s.step(PriceInput(1000))
    s.step(PriceInput(950, "duree"))
    assert s.text_values() == {
        "deal_price": "le prix convenu", "last_offer": "950\u00a0€ HT par an",
        "counterparts_obtained": "Engagement 24 mois", "last_counter": "775\u00a0€ HT par an", "gap": "175\u00a0€"}
    s.step(PriceInput(775))
    assert s.text_values()["deal_price"] == "775\u00a0€ HT par an"


def test_an_english_offer_reads_in_english():
    s = price_session(edit(MINIMAL_PRICE, "format: 1\n", "format: 1\nlanguage: en\n"))
    assert s.step(PriceInput(1000)).learner_text == "I can offer €1,000 HT par an."
    assert s.step(PriceInput(950, "duree")).learner_text == "I can offer €950 HT par an. In return: Engagement 24 mois."


def test_fill_replaces_known_names_only_and_capitalises_a_leading_value():
    assert fill("{a} et {b}", {"a": "x"}) == "X et {b}"
    assert fill("prix : {a}", {"a": "x"}) == "prix : x"  # only a line that starts with a value
    assert fill("{a}", {"a": "École"}) == "École"
    assert fill("{a} !", {"a": "xY"}) == "XY !"
    assert fill("{a}", {"a": ""}) == ""


# ---------------------------------------------------------------- inputs as the journal keeps them
def test_inputs_round_trip_through_the_journal_form():
    for inp in (ChoiceInput("question"), PriceInput(950), PriceInput(950.5, "duree")):
        assert input_from_dict(inp.as_dict()) == inp
    assert PriceInput(950).as_dict() == {"price": 950}
    assert PriceInput(950, "duree").as_dict() == {"price": 950, "counterpart": "duree"}
    assert ChoiceInput("question").as_dict() == {"choice": "question"}
    assert input_from_dict({"price": 950, "counterpart": 3}) == PriceInput(950, None)


@pytest.mark.parametrize("data", [{"price": True}, {"price": "950"}, {"price": 950.505}, {"choice": 3}, {}, [1, 2], 7])
def test_an_unreadable_input_is_refused_with_what_it_was(data):
    with pytest.raises(ValueError) as refused:
        input_from_dict(data)
    assert str(refused.value) == f"entrée illisible : {data!r}"


def test_plausible_offers_are_between_half_the_floor_and_twice_the_list_price():
    s = price_session()
    assert [s.plausible(a) for a in (399, 400, 2000, 2001)] == [False, True, True, False]
    assert Session.start(scenario(), 0).plausible(10**9), "no negotiation: nothing to judge it against"


# ---------------------------------------------------------------- automatic transitions
BRIDGE = edit(MINIMAL, "        discovers: [delai]\n        next: conclusion", "        discovers: [delai]\n        next: pont")
BRIDGE = edit(BRIDGE, "  conclusion:\n", "  pont:\n    phase: decouverte\n    speaker: gatekeeper\n    say: \"Un instant.\"\n"
              "    auto:\n      - if: \"patience > 2\"\n        next: conclusion\n"
              "        reply: \"Je vous passe la direction.\"\n"
              "    choices:\n      - id: attendre\n        text: \"J'attends.\"\n        acts: [question_fermee]\n"
              "        next: conclusion\n  conclusion:\n")


def test_automatic_transitions_say_each_line_in_turn_and_record_the_states_entered():
    s = play(scenario(BRIDGE), "question")
    turn = s.turns[-1]
    assert [(line.speaker, line.text) for line in turn.replies] == [
        ("gatekeeper", "Un instant."), ("gatekeeper", "Je vous passe la direction."), ("client", "Bon. Et maintenant ?")]
    assert turn.visited == ("pont", "conclusion") and s.state == "conclusion" and turn.next_state == "conclusion"


def test_an_automatic_transition_whose_condition_fails_leaves_the_learner_there():
    s = play(scenario(edit(BRIDGE, "initial: 3", "initial: 2")), "question")
    turn = s.turns[-1]
    assert [(line.speaker, line.text) for line in turn.replies] == [("gatekeeper", "Un instant.")]
    assert turn.visited == ("pont",) and s.state == "pont"


def test_automatic_transitions_that_loop_are_stopped_with_a_message():
    looping = edit(BRIDGE, "  conclusion:\n", "  retour:\n    phase: decouverte\n    say: \"Retour.\"\n"
                   "    auto:\n      - if: \"patience > 0\"\n        next: pont\n"
                   "    choices:\n      - id: rester\n        text: \"Je reste.\"\n        acts: [question_fermee]\n"
                   "        next: conclusion\n  conclusion:\n")
    looping = edit(looping, "      - if: \"patience > 2\"\n        next: conclusion\n",
                   "      - if: \"patience > 2\"\n        next: retour\n")
    s = Session.start(scenario(looping), 0)
    with pytest.raises(EngineError, match="^boucle de transitions automatiques depuis « (pont|retour) »$"):
        s.step(ChoiceInput("question"))


# ---------------------------------------------------------------- absurd offers
def test_an_absurd_offer_is_answered_without_touching_the_negotiation():
    s = price_session()
    before = dict(s.env)
    turn = s.step(PriceInput(99999))
    assert turn.input == PriceInput(99999) and turn.acts == ("prix_aberrant",) and turn.offer is None
    assert [(line.speaker, line.text) for line in turn.replies] == [
        ("client", "99\u202f999\u00a0€ ? Soyons sérieux : je ne vais pas discuter sur cette base."),
        ("client", "Bon. Et votre prix ?")]
    assert turn.learner_text == "Je vous propose 99\u202f999\u00a0€ HT par an."
    assert s.negotiation.offers == [] and s.env["last_offer"] == before["last_offer"] and turn.raised == ()


def test_an_absurd_offer_uses_the_scenario_line_its_reaction_and_its_currency():
    text = edit(MINIMAL_PRICE, "    counterpart_refused: \"{contrepartie} : non.\"\n",
                "    counterpart_refused: \"{contrepartie} : non.\"\n    implausible: \"{offre}, vous plaisantez.\"\n")
    text = edit(edit(text, "  unit: \"HT par an\"\n", "  unit: \"HT par an\"\n  currency: USD\n"),
                "start: accueil", "reactions:\n  prix_aberrant: [\"patience -= 2\"]\nstart: accueil")
    s = price_session(text)
    turn = s.step(PriceInput(99999, "duree"))
    assert turn.replies[0] == ("client", "99\u202f999\u00a0$, vous plaisantez.") and s.env["patience"] == 1
    assert turn.learner_text == "Je vous propose 99\u202f999\u00a0$ HT par an.", "its counterpart is not on the table"


def test_an_absurd_offer_in_english():
    s = price_session(edit(MINIMAL_PRICE, "format: 1\n", "format: 1\nlanguage: en\n"))
    turn = s.step(PriceInput(99999))
    assert turn.replies[0].text == "€99,999? Let's be serious: I won't negotiate on that basis."


# ---------------------------------------------------------------- forks, menus
def test_a_fork_is_an_equal_and_independent_copy():
    s = play(scenario(ONCE), "question")
    twin = s.fork()
    assert (twin.state, twin.env, twin.turns, twin.opening, twin.used_once, twin.voiced, twin.outcome) == (
        s.state, s.env, s.turns, s.opening, s.used_once, s.voiced, s.outcome)
    twin.used_once.add("x")
    twin.env["patience"] = 0
    assert "x" not in s.used_once and s.env["patience"] == 3
    ended = play(scenario(), "question", "conclure").fork()
    assert ended.outcome == "success" and ended.ended


PINNED = edit(edit(MINIMAL, "      - id: insister\n", "      - id: insister\n        order: last\n"),
              "      - id: question\n", "      - id: premier\n        text: \"Je me présente : Paul, de Livrex.\"\n"
              "        acts: [salutation_presentation]\n        order: first\n        next: conclusion\n"
              "      - id: autre\n        text: \"Parlons de vos délais actuels.\"\n        acts: [question_ouverte]\n"
              "        next: conclusion\n      - id: question\n")


def test_pinned_options_stay_first_and_last_and_the_others_are_shuffled():
    pinned = scenario(PINNED)
    orders = {tuple(Session.start(pinned, seed).offered_ids()) for seed in range(12)}
    assert all(o[0] == "premier" and o[-1] == "insister" for o in orders)
    assert {o[1:3] for o in orders} == {("autre", "question"), ("question", "autre")}


def test_two_options_are_shuffled_too():
    orders = {tuple(Session.start(scenario(), seed).offered_ids()) for seed in range(12)}
    assert orders == {("question", "insister"), ("insister", "question")}


def test_an_option_quoting_a_value_is_shown_filled_in():
    text = edit(MINIMAL, "    text: \"Je vous propose de valider aujourd'hui.\"",
                "    text: \"Je vous propose de valider {deal_price} aujourd'hui.\"")
    s = play(scenario(text), "question")
    by_id = {c.id: c for c in s.offered()}
    assert s.option_text(by_id["conclure"]) == "Je vous propose de valider le prix convenu aujourd'hui."
    assert s.option_text(by_id["partir"]) == "Je vous laisse réfléchir et vous me rappelez."


# ---------------------------------------------------------------- the acts an offer carries
def test_each_kind_of_offer_carries_its_acts():
    s = price_session()
    assert s.step(PriceInput(1000)).acts == ("annonce_prix",)
    assert s.step(PriceInput(1000, "duree")).acts == ("maintien_prix", "demande_contrepartie")
    assert s.step(PriceInput(990, "comptant")).acts == ("concession_sans_contrepartie", "demande_contrepartie")
    s = price_session()
    assert s.step(PriceInput(960)).acts == ("annonce_prix", "concession_sans_contrepartie")
    assert s.step(PriceInput(980)).acts == ("remontee_prix",)


def test_a_line_may_quote_the_counterpart_even_when_there_is_none():
    s = price_session(edit(MINIMAL_PRICE, "    counter: \"{offre} ? Je peux aller jusqu'à {contre}.\"",
                           "    counter: \"{contre}{contrepartie}.\""))
    assert s.step(PriceInput(1000)).replies[0].text == "700\u00a0€."


# ---------------------------------------------------------------- diversions away from the close
def test_a_raised_objection_takes_the_client_to_its_state_from_anywhere():
    s = play(scenario(edit(MINIMAL, "        raises: [cher]\n        next: conclusion",
                           "        raises: [cher]\n        next: accueil")), "insister")
    turn = s.turns[-1]
    assert s.state == "objection" and turn.diverted_to == "objection" and turn.close_blocked_by == ()
    assert turn.visited == ("objection",)


def test_an_objection_not_voiced_yet_is_voiced_once_the_learner_leaves_the_other():
    two = scenario(edit(TWO_OBJECTIONS, "        handles: [cher]\n        next: conclusion\n  conclusion:",
                        "        handles: [cher]\n        next: accueil\n  conclusion:"))
    seed = next(seed for seed in range(50) if play(two, "insister", seed=seed).state == "objection")
    s = play(two, "insister", "creuser", seed=seed)
    turn = s.step(ChoiceInput("argumenter"))  # back to the greeting: the client voices « delai_court » now
    assert s.state == "objection-delai" and turn.diverted_to == "objection-delai" and turn.close_blocked_by == ()


def test_a_line_with_two_variants_draws_both_across_seeds():
    text = edit(MINIMAL, '    say: "Bon. Et maintenant ?"', '    say: ["Bon.", "Et maintenant ?"]')
    two = scenario(text)
    assert {play(two, "question", seed=seed).turns[0].replies[-1] for seed in range(30)} == {
        ("client", "Bon."), ("client", "Et maintenant ?")}


# ---------------------------------------------------------------- who says what
GATE = edit(edit(edit(MINIMAL, "    phase: contact\n    say: \"Bonjour.\"\n",
                      "    phase: contact\n    speaker: gatekeeper\n    say: \"Bonjour.\"\n"),
                 "        acts: [question_ouverte]\n", "        acts: [question_ouverte]\n        reply: \"Je note.\"\n"),
            "        acts: [insistance]\n", "        acts: [insistance]\n        reply: [\"Hum.\", \"Ah.\"]\n")


def test_each_line_is_said_by_whoever_speaks_in_its_state():
    gate = scenario(edit(edit(GATE, "initial: 3", "initial: 2"), "  - if: \"patience <= 0\"\n    next: perdu",
                         "  - if: \"patience <= 0\"\n    next: conclusion\n    reply: \"Bon, abrégeons.\""))
    s = Session.start(gate, 0)
    assert s.opening == (("gatekeeper", "Bonjour."),) and s.seed == 0 and Session.start(gate).seed == 0
    turn = s.fork().step(ChoiceInput("question"))
    assert [(line.speaker, line.text) for line in turn.replies] == [("gatekeeper", "Je note."),
                                                                   ("client", "Bon. Et maintenant ?")]
    turn = s.step(ChoiceInput("insister"))  # the interrupt's line: by who speaks where the move led (conclusion)
    assert [line.speaker for line in turn.replies] == ["gatekeeper", "client", "client"]
    assert turn.replies[0].text in ("Hum.", "Ah.") and turn.replies[1].text == "Bon, abrégeons."


def test_price_lines_are_said_by_whoever_speaks_in_the_negotiation():
    text = edit(MINIMAL_PRICE, "    phase: prix\n", "    phase: prix\n    speaker: gatekeeper\n")
    text = edit(text, "    counterpart_refused: \"{contrepartie} : non.\"\n",
                "    counterpart_refused: \"{contrepartie} : non.\"\n    raised: \"Vous remontez ?\"\n")
    s = price_session(text)
    replies = [line for inp in (PriceInput(950, "duree"), PriceInput(990), PriceInput(99999), PriceInput(700))
               for line in s.step(inp).replies]
    assert {line.speaker for line in replies} == {"gatekeeper"} and len(replies) == 9


def test_the_engine_counters_count_every_turn_and_offer():
    s = price_session()
    for amount in (990, 980, 970):
        s.step(PriceInput(amount))
    assert (s.env["turn"], s.env["price_offers"], s.env["concessions"], s.env["concessions_without_counterpart"]) == (
        4, 3, 3, 3)


def test_offer_acts_trigger_their_reactions():
    s = price_session(edit(MINIMAL_PRICE, "start: accueil", "reactions:\n  annonce_prix: [\"patience -= 2\"]\n"
                           "start: accueil"))
    s.step(PriceInput(1000))
    assert s.env["patience"] == 1


def test_the_client_quotes_its_last_figure_when_it_accepts_or_walks_away():
    text = edit(edit(MINIMAL_PRICE, "    accept: \"Entendu pour {offre}.\"",
                     "    accept: \"Entendu pour {offre}, pas {contre}.\""),
                "    walkaway: \"Non, on s'arrête là.\"", "    walkaway: \"Non : pas au-delà de {contre}.\"")
    s = price_session(text)
    s.step(PriceInput(1000))
    assert s.step(PriceInput(700)).replies[0].text == "Entendu pour 700\u00a0€, pas 700\u00a0€."
    s = price_session(text)
    for _ in range(3):
        s.step(PriceInput(1000))
    assert s.step(PriceInput(1000)).replies[0].text == "Non : pas au-delà de 825\u00a0€."  # its last counter, not 0 €


def test_english_price_lines_quote_english_figures():
    s = price_session(edit(MINIMAL_PRICE, "format: 1\n", "format: 1\nlanguage: en\n"))
    assert s.step(PriceInput(1000)).replies[0].text == "€1,000 ? Je peux aller jusqu'à €700."
    s.step(PriceInput(900, "duree"))
    assert s.text_values() == {"deal_price": "the agreed price", "last_offer": "€900 HT par an",
                               "counterparts_obtained": "Engagement 24 mois", "last_counter": "€775 HT par an",
                               "gap": "€125"}
    s.step(PriceInput(775))
    assert s.text_values()["deal_price"] == "€775 HT par an"


# ---------------------------------------------------------------- more of what a turn records and says
def test_a_plain_turn_records_no_interrupt_no_block_and_its_outcome():
    s = play(scenario(), "question")
    turn = s.turns[-1]
    assert turn.interrupted is False and turn.close_blocked_by == () and turn.diverted_to is None
    assert turn.outcome is None and turn.raised == () and turn.handled == ()
    last = s.step(ChoiceInput("conclure"))
    assert last.outcome == "success" and last.next_state == "gagne"


def test_objections_come_in_an_order_drawn_from_the_seed():
    two = scenario(TWO_OBJECTIONS)
    assert {play(two, "insister", seed=seed).state for seed in range(20)} == {"objection", "objection-delai"}


def test_an_objection_raised_by_its_condition_is_raised_once_when_it_holds():
    text = edit(MINIMAL, "objections:\n", "objections:\n  lassitude:\n    type: tactique\n"
                "    label: \"Je n'ai pas le temps.\"\n    state: objection\n    raise_when: \"patience <= 1\"\n")
    text = edit(text, "      - id: insister\n", "      - id: pousser\n        text: \"Il faut vous décider vite.\"\n"
                "        acts: [insistance]\n        effects: [\"patience -= 2\"]\n        next: conclusion\n"
                "      - id: insister\n")
    lass = scenario(text)
    assert play(lass, "question").env["raised_objections"] == frozenset()  # patience 3: not raised
    s = play(lass, "pousser")
    assert s.turns[-1].raised == ("lassitude",) and s.state == "objection"
    s = play(lass, "insister")  # named and by its condition: both, in the seed's order
    assert set(s.turns[-1].raised) == {"cher", "lassitude"}


def test_a_move_that_ends_the_session_is_not_interrupted():
    s = play(scenario(edit(MINIMAL, "        acts: [abandon]\n", "        acts: [abandon]\n"
                           "        effects: [\"patience -= 5\"]\n")), "question", "partir")
    assert s.outcome == "failure" and s.turns[-1].interrupted is False and s.env["patience"] == 0


def test_a_choice_reply_may_quote_a_value():
    s = play(scenario(edit(MINIMAL, "        acts: [question_ouverte]\n",
                           "        acts: [question_ouverte]\n        reply: \"Et {deal_price} ?\"\n")), "question")
    assert s.turns[-1].replies[0] == ("client", "Et le prix convenu ?")


def test_a_raise_with_a_counterpart_says_each_line_once_in_order():
    text = edit(MINIMAL_PRICE, "    counterpart_refused: \"{contrepartie} : non.\"\n",
                "    counterpart_refused: \"{contrepartie} : non.\"\n    raised: \"Vous remontez à {offre} ?\"\n")
    s = price_session(text)
    first = s.step(PriceInput(950))
    assert "Vous remontez à 950\u00a0€ ?" not in [line.text for line in first.replies]
    turn = s.step(PriceInput(990, "duree"))
    assert [line.text for line in turn.replies] == [
        "Engagement 24 mois : d'accord.", "Vous remontez à 990\u00a0€ ?", "990\u00a0€ ? Je peux aller jusqu'à 700\u00a0€.",
        "Bon. Et votre prix ?"]


def test_counterparts_obtained_are_listed_as_a_recap_says_them():
    three = ("    - {id: duree, label: \"Engagement 24 mois\"}\n    - {id: volume, label: \"Volume doublé\"}\n"
             "    - {id: avis, label: \"Un avis client\"}\n")
    text = edit(MINIMAL_PRICE, "    - {id: duree, label: \"Engagement 24 mois\"}\n", three)
    s = price_session(text)
    s.step(PriceInput(990, "duree"))
    assert s.text_values()["counterparts_obtained"] == "Engagement 24 mois"
    s.step(PriceInput(980, "volume"))
    assert s.text_values()["counterparts_obtained"] == "Engagement 24 mois et Volume doublé"
    s.step(PriceInput(970, "avis"))
    assert s.text_values()["counterparts_obtained"] == "Engagement 24 mois, Volume doublé et Un avis client"
    assert s.negotiation.obtained == ["duree", "volume", "avis"], "the record is not consumed by the wording"
    english = price_session(edit(text, "format: 1\n", "format: 1\nlanguage: en\n"))
    english.step(PriceInput(990, "duree"))
    english.step(PriceInput(980, "volume"))
    assert english.text_values()["counterparts_obtained"] == "Engagement 24 mois and Volume doublé"


def test_a_first_offer_the_client_takes_at_once_gets_its_accept_line():
    s = price_session()
    turn = s.step(PriceInput(650))  # under the client's opening: taken before it ever named a figure
    assert (turn.offer.response, s.negotiation.counters) == ("accept", [])
    assert [line.text for line in turn.replies] == ["Entendu pour 650\u00a0€."]


# ---------------------------------------------------------------- an objection voiced where the learner already is
HESITATION = edit(edit(MINIMAL, "    state: objection\n", "    state: objection\n"
                       "  hesite:\n    type: sincere_fondee\n    label: \"J'hésite.\"\n    state: conclusion\n"),
                  "      - id: partir\n", "      - id: relancer\n"
                  "        text: \"Qu'est-ce qui vous fait encore hésiter ?\"\n"
                  "        acts: [question_ouverte]\n        raises: [hesite]\n        next: conclusion\n"
                  "      - id: partir\n")


def test_an_objection_raised_in_its_own_state_during_the_close_neither_diverts_nor_blocks():
    """The client voices « hesite » in the conclusion, where the learner already is: no diversion to the state
    it is in, and moves made inside the conclusion are not « trying to close » again."""
    s = play(scenario(HESITATION), "question")
    assert s.state == "conclusion"
    turn = s.step(ChoiceInput("relancer"))
    assert s.env["open_objections"] == frozenset({"hesite"}) and s.state == "conclusion"
    assert (turn.diverted_to, turn.close_blocked_by, turn.visited) == (None, (), ("conclusion",))


def test_a_move_the_state_does_not_have_or_does_not_offer_is_refused_naming_it():
    s = play(scenario())
    with pytest.raises(EngineError) as caught:
        s.step(ChoiceInput("nulle-part"))
    assert str(caught.value) == "le choix « nulle-part » n'existe pas dans l'état « accueil »"
    s = play(scenario(edit(MINIMAL, "      - id: question\n", "      - id: question\n        if: \"patience > 5\"\n")))
    with pytest.raises(EngineError) as caught:
        s.step(ChoiceInput("question"))
    assert str(caught.value) == "le choix « question » n'est pas proposé maintenant"


def test_a_move_that_ends_the_session_is_not_diverted_by_the_objection_it_raises():
    s = play(scenario(edit(MINIMAL, "        acts: [abandon]\n", "        acts: [abandon]\n        raises: [cher]\n")),
             "question")
    turn = s.step(ChoiceInput("partir"))
    assert (s.state, s.outcome, turn.diverted_to, turn.close_blocked_by) == ("perdu", "failure", None, ())
    assert s.env["open_objections"] == frozenset({"cher"})  # raised, never voiced: the client has left


def test_a_session_that_starts_in_an_end_state_is_over_at_once():
    s = Session.start(scenario(edit(MINIMAL, "start: accueil", "start: gagne")))
    assert (s.ended, s.outcome, s.choices()) == (True, "success", [])
    with pytest.raises(EngineError):
        s.step(ChoiceInput("question"))
