"""Prices in free text: the words never decide whether a figure is plausible (the engine does, from the scenario's
list price and floor), a stated price finds the option that announces the tariff, and reassuring without proof
after an objection is read as dismissing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content.loader import load_scenario
from simulator.engine.session import PriceInput
from simulator.player.free_text import FreeTextPlayer
from simulator.player.plain import PlainIO
from simulator.playtest import load_playtest
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession
from simulator.understanding import train
from simulator.understanding.corpus import Example, load_corpus
from simulator.understanding.explain import Reader
from simulator.understanding.model import default_model
from simulator.understanding.recognise import understand

ROOT = Path(__file__).resolve().parent.parent

PHRASINGS = {
    "fr": ["Je vous le fais à {x}", "On part sur {x}.", "le prix c'est {x}", "bon ok je descends a {x}",
           "Je maintiens ma proposition à {x}.", "si vous signez sur deux ans je peux faire {x}", "{x} le colis"],
    "en": ["I'll do it for {x}", "Let's say {x}.", "the price is {x} a year", "if you sign for two years I can do {x}"],
}
FORMATS = {"fr": ["{n} €", "{n} euros", "{n}€", "{n},50 €"], "en": ["€{n}", "{n} euros", "€{n}.50"]}
IN_WORDS = {"fr": ["un euro", "cinquante-sept euros", "un million d'euros", "deux milliards d'euros", "douze cents euros"],
            "en": ["one euro", "fifty-seven euros", "a million euros", "two billion euros"]}


def _figure(n: int, lang: str) -> str:
    """9 200 in French, 9,200 in English, as learners type them."""
    grouped = f"{n:,}"
    return grouped.replace(",", " ") if lang == "fr" else grouped


@settings(max_examples=80, deadline=None)
@given(lang=st.sampled_from(["fr", "en"]), data=st.data(),
       amount=st.integers(min_value=1, max_value=10**9), reference=st.integers(min_value=1, max_value=10**9))
def test_the_words_of_a_price_line_are_read_the_same_whatever_the_figure(lang, data, amount, reference):
    """A line offering a figure is read from its words only: 1 €, 57 € or 99 999 999 € in the same sentence get the
    same acts, never « prix hors de toute plage plausible », which the engine alone decides for a scenario."""
    phrasing = data.draw(st.sampled_from(PHRASINGS[lang]))
    money = data.draw(st.sampled_from(FORMATS[lang]))
    context = data.draw(st.sampled_from([None, "Alors ? Vous bougez ?" if lang == "fr" else "So, can you move?"]))

    def reading(n: int):
        return understand(phrasing.format(x=money.format(n=_figure(n, lang))), lang, context)

    one, other = reading(amount), reading(reference)
    assert "prix_aberrant" not in {a.act for a in one.acts}
    assert [(a.act, round(a.confidence, 6)) for a in one.acts] == [(a.act, round(a.confidence, 6)) for a in other.acts]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_price_said_in_words_is_never_read_as_implausible_by_the_model(lang):
    for phrasing in PHRASINGS[lang]:
        for words in IN_WORDS[lang]:
            u = understand(phrasing.format(x=words), lang)
            assert "prix_aberrant" not in {a.act for a in u.acts}, (phrasing, words)


def test_the_model_cannot_predict_an_act_only_the_engine_can_see():
    assert not train.ENGINE_ONLY_ACTS & set(default_model().classes)
    assert not {a for ex in load_corpus() for a in ex.acts} & train.ENGINE_ONLY_ACTS


def test_training_refuses_a_corpus_sentence_labelled_with_an_engine_only_act(monkeypatch):
    labelled = Example("On part sur 1 €.", "prix_aberrant", "fr", None, "prix.txt:7", ("prix_aberrant",))
    monkeypatch.setattr(train, "load_corpus", lambda: [labelled])
    with pytest.raises(SystemExit) as refused:
        train.train()
    assert "prix.txt:7" in str(refused.value) and "moteur" in str(refused.value)


def _to_negotiation(home: Path, lines: list[str], mode: str = "practice") -> tuple[RecordedSession, list[str]]:
    """distribution-referencement (list price 66 €, floor 58 €) played by its expert path's options up to the
    negotiation, then ``lines`` typed in free text."""
    expert = load_playtest(ROOT / "scenarios" / "tests" / "distribution-referencement.yaml").paths[0]
    options = expert.inputs[:expert.inputs.index("valeur-puis-prix") + 1]
    scenario = load_scenario(ROOT / "scenarios" / "distribution-referencement.yaml")
    rec = RecordedSession.start(scenario, seed=expert.seed, learner="test", mode=mode, folder=home / "sessions")
    typed = iter([*options, *lines, "q"])
    written: list[str] = []
    FreeTextPlayer(rec, PlainIO(lambda prompt: next(typed, None), written.append)).run()
    return rec, written


def test_an_implausible_offer_in_play_is_recorded_as_the_engines_prix_aberrant_and_an_ordinary_one_is_not(home):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    # « o »: the player asks before sending a figure out of any plausible range, and the learner confirms
    # « je vous le fais à… » reads as a concession, but as the first offer the engine grades it as the announcement
    said = ["On part sur 1 €.", "Je vous le fais à 66 euros"]
    rec, written = _to_negotiation(home, [said[0], "o", *said[1:]])
    offers = [t for t in rec.session.turns if isinstance(t.input, PriceInput)]
    assert [t.acts for t in offers] == [("prix_aberrant",), ("annonce_prix",)]
    moves = [r["free_text"] for r in read_journal(rec.path).records if r.get("type") == "input" and "free_text" in r]
    assert [m["text"] for m in moves] == said and [m["offer"] for m in moves] == [1, 66]
    # the record names the acts the engine graded, as the engine's, and keeps what the words were read as
    for move, turn in zip(moves, offers):
        assert tuple(a["act"] for a in move["acts"] if a.get("source") == "engine") == turn.acts
        assert move["model_acts"] and "prix_aberrant" not in {a["act"] for a in move["model_acts"]}
    assert moves[0]["acts"][0] == {"act": "prix_aberrant", "family": "prix", "confidence": 1.0, "source": "engine"}
    assert any("hors de toute plage plausible" in w for w in written)  # the discreet « compris : … » line says so
    report = CliRunner().invoke(cli, ["report", str(rec.path), "--format", "text"])
    assert report.exit_code == 0, report.output
    lines = report.output.splitlines()
    absurd_at = next(i for i, w in enumerate(lines) if "On part sur 1 €." in w)
    ordinary_at = next(i for i, w in enumerate(lines) if "Je vous le fais à 66 euros" in w)
    assert "prix hors de toute plage plausible (contrôle du moteur)" in lines[absurd_at + 1]
    assert "annonce du prix (contrôle du moteur)" in lines[ordinary_at + 1]
    assert "plage plausible" not in lines[ordinary_at + 1]


ANNOUNCE_STATES = [("distribution-referencement", "annonce-prix", "valeur-puis-prix"),
                   ("assurance-artisan", "annonce-prix", "valeur-puis-prix"),
                   ("equipement-machine", "annonce-prix", "valeur-puis-prix"),
                   ("software-subscription-en", "price-ask", "value-first")]
STATED = {"fr": ["{x} euros", "Notre prix est de {x} €.", "c'est {x} € HT", "alors nous sommes a {x} euros"],
          "en": ["{x} euros", "Our price is €{x}.", "it comes to {x} a year", "we're at {x} euros all in"]}


@pytest.mark.parametrize("name,state_id,option", ANNOUNCE_STATES)
def test_a_price_stated_when_the_client_asks_it_is_the_option_giving_the_tariff(name, state_id, option):
    """The client asks « combien ? » and the learner says the figure: the option that announces the tariff with its
    value is taken, with no request to rephrase, whichever of the state's client lines came before."""
    reader = Reader.open(name, state_id, None)
    spec = load_scenario(ROOT / "scenarios" / f"{name}.yaml").spec
    said = [item if isinstance(item, str) else item.text for item in spec.states[state_id].say]
    for phrasing in STATED[spec.language]:
        line = phrasing.format(x=_figure(int(spec.price.list_price), spec.language))
        for context in said:
            reading = reader.read(line, context)
            assert reading.match.best.id == option and reading.sure, (line, context, reading.render())


@pytest.mark.parametrize("line", ["Ne vous inquiétez pas, ça va tourner", "Pas de souci, ça va marcher, croyez-moi."])
def test_reassuring_without_proof_after_an_objection_is_dismissing_it(line):
    reader = Reader.open("distribution-referencement", "obj-invendus", None)
    spec = load_scenario(ROOT / "scenarios" / "distribution-referencement.yaml").spec
    for item in spec.states["obj-invendus"].say:
        reading = reader.read(line, item if isinstance(item, str) else item.text)
        assert reading.understanding.acts[0].act == "deni_objection", reading.render()
        assert reading.match.best.id == "nier-invendus" and reading.sure, reading.render()


@settings(max_examples=60, deadline=None)
@given(theirs=st.integers(min_value=100, max_value=99_000), mine=st.integers(min_value=100, max_value=99_000),
       phrasing=st.sampled_from(["{c} ? Non, je peux descendre à {m} si vous signez sur trois ans.",
                                 "Vous dites {c}, moi je vous propose {m}.", "Entre vos {c} et mes {m}, restons à {m}."]))
def test_an_offer_is_the_learners_figure_not_the_clients_it_quotes(theirs, mine, phrasing):
    # seen in review: « 7 200 € ? je peux descendre à 9 300 € » sent 7 200 €, the client's own figure, as the offer
    if theirs == mine:
        return
    euros = lambda n: f"{_figure(n, 'fr')} €"  # noqa: E731
    context = f"Non. Ce que je peux faire, c'est {euros(theirs)}."
    assert understand(phrasing.format(c=euros(theirs), m=euros(mine)), "fr", context).price.value == mine
    # said before the client's last line: the negotiation's counters are the client's figures too
    said = understand(phrasing.format(c=euros(theirs), m=euros(mine)), "fr", "Alors ?")
    assert said.own_price([theirs]).value == mine
    # a line whose only figure is the client's takes it
    assert understand(f"D'accord pour {euros(theirs)}.", "fr", context).price.value == theirs


def _haggle(home: Path, lines: list[str]) -> RecordedSession:
    """The terminal UI tests' negotiation (list 1 000 €, floor 800 €, the client opens at 700 €): the open question,
    then ``lines`` typed in free text in its price state, which takes offers all along."""
    from test_tui_support import NEGO

    from simulator.content.loader import load_scenario_text

    rec = RecordedSession.start(load_scenario_text(NEGO, "nego.yaml"), seed=1, learner="test", mode="practice",
                                folder=home / "sessions")
    typed = iter(["question", *lines, "q"])
    FreeTextPlayer(rec, PlainIO(lambda prompt: next(typed, None), [].append)).run()
    return rec


def _offers(rec: RecordedSession) -> list[float]:
    return [t.input.amount for t in rec.session.turns if isinstance(t.input, PriceInput)]


def test_in_play_a_quoted_counter_is_not_sent_back_as_the_offer(home):
    counter = _haggle(home / "a", ["Je vous le fais à 1 000 euros"]).session.negotiation.counters[-1]
    rec = _haggle(home / "b", ["Je vous le fais à 1 000 euros", f"{counter} euros ? Je peux faire 950 euros."])
    assert _offers(rec) == [1000, 950] and counter != 950


def test_the_clients_figure_asked_back_is_an_echo_not_an_offer(home):
    # « 8 100 € aujourd'hui ? » after « je paie 8 100 € aujourd'hui » offered 8 100 €, under the floor
    counter = _haggle(home / "a", ["Je vous le fais à 1 000 euros"]).session.negotiation.counters[-1]
    rec = _haggle(home / "b", ["Je vous le fais à 1 000 euros", f"{counter} euros ?"])
    assert _offers(rec) == [1000] and not rec.session.ended, "the echo is no offer at the client's figure"
    said = [r.get("text") or r.get("free_text", {}).get("text") for r in read_journal(rec.path).records
            if r.get("type") in ("free_text_unclear", "input")]
    assert f"{counter} euros ?" in said  # kept: nothing typed is lost
    accepted = _haggle(home / "c", ["Je vous le fais à 1 000 euros", f"D'accord pour {counter} euros."])
    assert _offers(accepted) == [1000, counter]


def test_asks_back_reads_the_sentence_of_the_figure():
    context = "Je paie 8 100 € aujourd'hui, pour tout."
    for line, asked in (("8 100 € aujourd'hui ?", True), ("D'accord pour 8 100 €.", False),
                        ("8 100 € ? Et qu'est-ce qui est couvert ?", True), ("Je fais 8 100 €. Ça vous va ?", False)):
        u = understand(line, "fr", context)
        assert u.asks_back(u.price) is asked, line


def test_a_figure_quoted_from_the_client_is_its_cue_not_an_amount_of_the_learners():
    from simulator.understanding.cues import find_cues

    client = "En mars, on m'a vidé le camion : 8 000 € d'outils, pas un centime de remboursé."
    for line, lang in (("8 000 € d'outils perdus, ça a dû vous faire mal.", "fr"), ("8 000 € d'outils ?", "fr")):
        u = understand(line, lang, client)
        assert {c.id for c in u.cues} >= {"client_figure"} and "amount" not in {c.id for c in u.cues}, line
        assert u.acts[0].family != "prix", (line, u.acts[0])
    # the learner's own figure after the client's: both cues, the amount being the learner's
    cues = {c.id: c.found for c in find_cues("8 000 € ? Je vous propose 9 000 €.", "fr", client,
                                             understand("8 000 € ? Je vous propose 9 000 €.", "fr").amounts)}
    assert cues["client_figure"] == "8 000 €" and cues["amount"] == "9 000 €"
    assert "client_figure" not in {c.id for c in understand("8 000 € d'outils ?", "fr", "Bonjour.").cues}
