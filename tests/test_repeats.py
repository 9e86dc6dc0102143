"""NS211: ``negosim validate`` warns where the client would say the same sentence twice in a row (a choice's reply
ending with a sentence the next state's arrival line starts or ends with), and points at that sentence."""

from __future__ import annotations

from factories import MINIMAL
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine import edit

from simulator.content.loader import load_scenario_text

ARRIVAL = '    say: "Bon. Et maintenant ?"\n'
QUESTION = "        discovers: [delai]\n"


def with_reply(reply: str, arrival: str = "Bon. Et maintenant ?") -> str:
    text = edit(MINIMAL, QUESTION, QUESTION + f'        reply: "{reply}"\n')
    return edit(text, ARRIVAL, f'    say: "{arrival}"\n')


def ns211(text: str) -> list:
    return [w for w in load_scenario_text(text, "s.yaml").warnings if w.code == "NS211"]


def test_a_reply_ending_as_the_next_state_begins_is_flagged_at_the_sentence():
    text = with_reply("Dans un mois, pas avant. Bon.")  # then « Bon. Et maintenant ? »
    [warning] = ns211(text)
    line = next(i for i, row in enumerate(text.split("\n"), 1) if "reply:" in row)
    assert (warning.line, warning.where) == (line, "states.accueil.choices[0].reply")
    assert text.split("\n")[line - 1][warning.column - 1:].startswith("Bon.\"")
    assert "question" in warning.message and "conclusion" in warning.message


def test_the_same_last_sentence_is_flagged_whatever_its_case_and_spaces():
    assert len(ns211(with_reply("Dans un mois. Au  revoir.", "C'est ça. au revoir."))) == 1


def test_a_variant_of_the_arrival_counts_and_distinct_sentences_do_not():
    text = edit(with_reply("Dans un mois. Autre chose ?"), ARRIVAL,
                '    say:\n      - {text: "Autre chose ?", if: "patience >= 2"}\n      - "Je vous écoute."\n')
    assert len(ns211(text)) == 1
    assert ns211(with_reply("Dans un mois, pas avant.")) == []


_SENTENCE = st.text(st.sampled_from("abcdéfgh "), min_size=3, max_size=12).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None)
@given(_SENTENCE, _SENTENCE, _SENTENCE, st.sampled_from([".", " ?", " !"]))
def test_flagged_exactly_when_a_sentence_would_be_said_twice(said, other, opening, mark):
    repeated = f"{said.capitalize()}{mark}"
    reply = f"{other.capitalize()}. {repeated}"
    arrival = f"{opening.capitalize()}. {repeated}"
    assert len(ns211(with_reply(reply, arrival))) == 1
    twice = {other.casefold(), opening.casefold(), said.casefold()}
    if said.casefold() not in {other.casefold(), opening.casefold()} and len(twice) == 3:
        assert ns211(with_reply(reply, f"{opening.capitalize()}.")) == []
