"""The simulated client: conditions, objections that come back, interrupts, determinism."""

from __future__ import annotations

import pytest
from factories import MINIMAL

from simulator.content.loader import load_scenario_text
from simulator.engine.session import ChoiceInput, EngineError, Session


@pytest.fixture(scope="module")
def mini():
    return load_scenario_text(MINIMAL)


def edit(text: str, old: str, new: str) -> str:
    """``text.replace(old, new)`` that fails when ``old`` is not there: an edit that silently does nothing
    would leave a test checking the unedited scenario."""
    assert old in text, f"not in the scenario: {old!r}"
    return text.replace(old, new)


def play(scenario, *choices, seed=0):
    s = Session.start(scenario, seed)
    for c in choices:
        s.step(ChoiceInput(c))
    return s


def test_a_good_path_ends_in_success_and_records_acts(mini):
    s = play(mini, "question", "conclure")
    assert s.outcome == "success"
    first = s.turns[0]
    assert first.acts == ("question_ouverte",)
    assert "delai" in first.after["discovered"] and "delai" not in first.before["discovered"]
    assert [t.number for t in s.turns] == [1, 2]


def test_raised_objection_diverts_and_is_remembered(mini):
    s = play(mini, "insister")
    turn = s.turns[-1]
    assert turn.raised == ("cher",)
    assert s.state == "objection" and turn.diverted_to == "objection"
    assert s.env["open_objections"] == {"cher"}
    s.step(ChoiceInput("traiter"))
    assert s.env["open_objections"] == frozenset() and s.env["handled_objections"] == {"cher"}
    assert s.turns[-1].handled == ("cher",)


def test_open_objection_comes_back_at_the_close():
    text = MINIMAL.replace("        raises: [cher]\n        next: conclusion", "        raises: [cher]\n        next: objection")
    text = text.replace("  conclusion:\n    phase: conclusion", "  reflexion:\n    phase: argumentation\n"
                        "    say: \"Hum.\"\n    choices:\n      - id: avancer\n        text: \"Avançons.\"\n"
                        "        acts: [proposition_conclusion]\n        next: conclusion\n"
                        "  conclusion:\n    phase: conclusion")
    text = text.replace("        acts: [deni_objection]\n        effects: [\"patience -= 3\"]\n        next: conclusion",
                        "        acts: [deni_objection]\n        next: reflexion")
    scenario = load_scenario_text(text)
    s = play(scenario, "insister", "nier")  # objection denied, not handled: still open
    assert s.state == "reflexion" and s.env["open_objections"] == {"cher"}
    turn = s.step(ChoiceInput("avancer"))
    assert turn.close_blocked_by == ("cher",)
    assert s.state == "objection", "the client brings the open objection back instead of concluding"


def test_interrupt_when_patience_runs_out(mini):
    s = play(mini, "insister", "nier")  # patience 3 -2 -3 -> 0: the client leaves
    assert s.outcome == "failure" and s.state == "perdu"
    assert s.turns[-1].interrupted


def test_only_offered_choices_can_be_played(mini):
    s = Session.start(mini, 0)
    with pytest.raises(EngineError, match="n'existe pas"):
        s.step(ChoiceInput("conclure"))
    s = play(mini, "question", "conclure")
    with pytest.raises(EngineError, match="terminée"):
        s.step(ChoiceInput("question"))


def test_conditions_hide_choices_and_once_choices_are_used_up():
    text = edit(MINIMAL, "      - id: partir\n", "      - id: partir\n        if: \"patience >= 3\"\n")
    text = edit(text, "      - id: question\n", "      - id: question\n        once: true\n")
    scenario = load_scenario_text(text)
    s = play(scenario, "insister", "traiter")  # patience 1
    assert [c.id for c in s.choices()] == ["conclure"]
    s2 = play(scenario, "question")
    assert "partir" in [c.id for c in s2.choices()]
    # the once-only question leads back to the greeting: there, it is no longer offered, nor playable
    looped = load_scenario_text(edit(text, "        discovers: [delai]\n        next: conclusion",
                                     "        discovers: [delai]\n        next: accueil"))
    s3 = play(looped, "question")
    assert s3.state == "accueil" and [c.id for c in s3.choices()] == ["insister"]
    with pytest.raises(EngineError, match="n'est pas proposé"):
        s3.step(ChoiceInput("question"))
    assert [c.id for c in Session.start(looped, 0).choices()] == ["question", "insister"]  # offered before use


def test_same_seed_same_inputs_same_turns_byte_for_byte(mini):
    variants = '    say: ["Bon.", "Et maintenant ?", "Alors ?", "Je vous écoute."]'
    text = MINIMAL.replace('    say: "Bon. Et maintenant ?"', variants)
    scenario = load_scenario_text(text)
    a = play(scenario, "question", "conclure", seed=7)
    b = play(scenario, "question", "conclure", seed=7)
    assert repr(a.turns) == repr(b.turns)
    variants = {play(scenario, "question", seed=seed).turns[0].replies[-1].text for seed in range(30)}
    assert len(variants) > 1, "different seeds draw different client lines"


def _drawn_lines_scenario():
    """MINIMAL with four variants for the client's middle line and for its ending: every step draws."""
    variants = '    say: ["Bon.", "Et maintenant ?", "Alors ?", "Je vous écoute."]'
    endings = '  gagne:\n    say: ["Parfait.", "Entendu.", "Marché conclu.", "Très bien."]\n'
    return load_scenario_text(MINIMAL.replace('    say: "Bon. Et maintenant ?"', variants).replace("  gagne:\n", endings))


def test_a_fork_draws_the_lines_its_original_would_draw():
    # the line RNG is seeded on the first draw: a fork taken before it, or after it, must go on alike
    scenario = _drawn_lines_scenario()
    for seed in range(20):
        whole = play(scenario, "question", "conclure", seed=seed)
        early = Session.start(scenario, seed).fork()
        for choice in ("question", "conclure"):
            early.step(ChoiceInput(choice))
        late = play(scenario, "question", seed=seed).fork()
        late.step(ChoiceInput("conclure"))
        assert repr(early.turns) == repr(late.turns) == repr(whole.turns)


def test_a_fork_and_its_original_draw_alike_whichever_draws_first():
    # forks share the line generator until one side draws (copy on draw): no side may see the other's draws
    scenario = _drawn_lines_scenario()
    for seed in range(20):
        expected = repr(play(scenario, "question", "conclure", seed=seed).turns[-1])
        original = play(scenario, "question", seed=seed)  # has drawn once: its generator exists
        first, second = original.fork(), original.fork()
        grandchild = first.fork()
        for session in (first, original, grandchild, second):  # a fork, then the original, then the rest
            session.step(ChoiceInput("conclure"))
            assert repr(session.turns[-1]) == expected, seed


def test_session_start_does_not_register_with_the_machine(mini):
    s1 = Session.start(mini, 1)
    s2 = Session.start(mini, 2)
    assert s1.machine is s2.machine
    assert not s1.machine.models, "add_model per session would cost O(size)"


def test_a_choice_whose_effects_falsify_its_own_condition_is_played():
    text = edit(MINIMAL, "        discovers: [delai]\n        next: conclusion",
                "        discovers: [delai]\n        if: \"delai not in discovered and patience >= 3\"\n"
                "        effects: [\"patience -= 1\"]\n        next: conclusion")
    scenario = load_scenario_text(text)
    s = play(scenario, "question")
    assert s.state == "conclusion" and "delai" in s.env["discovered"] and s.env["patience"] == 2
    assert not scenario.states["accueil"].by_id["question"].condition(s.env)  # its effects made it false


def test_two_objections_raised_together_are_both_voiced_in_turn():
    text = MINIMAL.replace("objections:\n", "objections:\n  delai_court:\n    type: sincere_fondee\n"
                           "    label: \"Trop long.\"\n    state: objection-delai\n")
    text = text.replace("    raises: [cher]\n", "    raises: [cher, delai_court]\n")
    text = text.replace("  conclusion:\n", "  objection-delai:\n    phase: objection\n    say: \"Et le délai ?\"\n"
                        "    choices:\n      - id: delai\n        text: \"Quel délai vous faut-il ?\"\n"
                        "        acts: [objection_creuser]\n        handles: [delai_court]\n        next: conclusion\n"
                        "  conclusion:\n")
    scenario = load_scenario_text(text)
    s = play(scenario, "insister")
    first = s.state
    assert first in ("objection", "objection-delai") and s.env["open_objections"] == {"cher", "delai_court"}
    s.step(ChoiceInput("traiter" if first == "objection" else "delai"))
    second = s.state
    assert second in ("objection", "objection-delai") and second != first, "the other one is voiced next"
    s.step(ChoiceInput("traiter" if second == "objection" else "delai"))
    assert s.state == "conclusion" and s.env["open_objections"] == frozenset()


def test_lines_quote_the_agreed_price_and_counterparts():
    from factories import MINIMAL_PRICE

    from simulator.engine.session import PriceInput

    text = MINIMAL_PRICE.replace("negotiation: {accept: gagne, walkaway: perdu}",
                                 "negotiation: {accept: recap, walkaway: perdu}")
    text = text.replace("  gagne:\n", "  recap:\n    phase: conclusion\n    say: \"Entendu pour {deal_price}.\"\n"
                        "    choices:\n      - id: recapituler\n"
                        "        text: \"Je récapitule : {deal_price}, avec {counterparts_obtained}.\"\n"
                        "        acts: [recapitulatif_engagements]\n        next: gagne\n  gagne:\n")
    scenario = load_scenario_text(text)
    s = play(scenario, "question")
    s.step(PriceInput(1000))
    turn = s.step(PriceInput(700, "duree"))  # the buyer accepts what it would itself have proposed
    assert turn.replies[-1].text == "Entendu pour 700\u00a0€ HT par an."
    recap = s.step(ChoiceInput("recapituler"))
    assert recap.learner_text == "Je récapitule : 700\u00a0€ HT par an, avec Engagement 24 mois."
    assert s.outcome == "success"


def test_a_firm_client_says_it_does_not_move_and_the_report_shows_it():
    from factories import MINIMAL_PRICE

    from simulator.engine.session import PriceInput
    from simulator.report import render
    from simulator.scoring import default_rubric, score

    text = MINIMAL_PRICE.replace("max_rounds: 4}", "max_rounds: 4, firm_after_free_concession: true}").replace(
        '    walkaway: "Non, on s\'arrête là."\n',
        '    walkaway: "Non, on s\'arrête là."\n    held: "Vous baissez tout seul ? Je reste à {contre}."\n')
    assert "firm_after_free_concession" in text and "held:" in text
    scenario = load_scenario_text(text)
    s = play(scenario, "question")
    s.step(PriceInput(1000))
    turn = s.step(PriceInput(950))  # a concession for nothing
    assert turn.offer.held and turn.replies[0].text == "Vous baissez tout seul ? Je reste à 700\u00a0€."
    assert turn.acts == ("concession_sans_contrepartie",)
    html = render(score(scenario, default_rubric(), s.turns), "html")
    assert "ne bouge pas (concession sans contrepartie)" in html


def test_unknown_quoted_value_is_an_error():
    from simulator.content.diagnostics import ContentError

    text = MINIMAL.replace("    say: \"Bon. Et maintenant ?\"", "    say: \"Bon. Votre prix : {prix_final} ?\"")
    with pytest.raises(ContentError) as info:
        load_scenario_text(text)
    [d] = [d for d in info.value.diagnostics if d.code == "NS114"]
    assert "prix_final" in d.message and "{deal_price}" in d.hint
