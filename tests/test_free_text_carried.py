"""A free-text line that announces the price with its figure plays that figure as the first offer.

« Pour l'ensemble, c'est 9 600 € par an, et ça couvre… » picks the option announcing the price, which leads into
the negotiation; the client then answers 9 600 €, instead of asking « combien ? » and waiting for the learner to
say the figure again. Only after an option of the price family (a figure quoted in an argument is the client's
cost, not an offer), only a plausible figure, in every player (plain, exam, terminal UI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_engine import edit
from test_tui_support import (
    NEGO,
    inputs_of,
    journal_lines,
    journals,
    make_app,
    open_first_scenario,
    transcript_text,
    until,
    until_screen,
    write_scenario,
)

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, PriceInput
from simulator.player.free_text import FreeTextPlayer
from simulator.player.plain import PlainIO
from simulator.playtest import load_playtest, step_input
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, scenario_dir, only_test_scenarios

ROOT = Path(__file__).resolve().parent.parent
ANNOUNCE = ("Pour l'ensemble de ces garanties, c'est 9 600 € TTC par an, et ça couvre vos camions, le stock et la "
            "perte d'exploitation.")


def at_the_price(home: Path) -> RecordedSession:
    """assurance-artisan, played along a playtest path up to the state where the client asks the price."""
    scenario = load_scenario(ROOT / "scenarios" / "assurance-artisan.yaml")
    path = next(p for p in load_playtest(ROOT / "scenarios" / "tests" / "assurance-artisan.yaml").paths
                if p.name == "maintien-mecanique")
    rec = RecordedSession.start(scenario, seed=path.seed, learner="test", mode="practice", folder=home / "sessions")
    for step in path.inputs:
        rec.step(step_input(step))
        if rec.session.state == "annonce-prix":
            return rec
    raise AssertionError("the path no longer reaches annonce-prix")


def typed(rec: RecordedSession, *lines: str) -> list[str]:
    queue, written = list(lines), []
    FreeTextPlayer(rec, PlainIO(lambda prompt: queue.pop(0) if queue else None, written.append)).run()
    return written


def moves(rec: RecordedSession) -> list[dict]:
    return [r for r in read_journal(rec.path).records if r.get("type") == "input"]


def test_the_figure_of_a_line_announcing_the_price_is_the_first_offer(home):
    rec = at_the_price(home)
    before = len(rec.session.turns)
    written = "\n".join(typed(rec, ANNOUNCE)).replace("\u202f", " ").replace("\xa0", " ")
    turns = rec.session.turns[before:]
    assert [t.input for t in turns] == [ChoiceInput("valeur-puis-prix"), PriceInput(9600)]
    assert turns[1].offer is not None and turns[1].offer.kind == "first"
    # both moves journaled with the words; the offer says it came from the same line, engine acts first
    carried = moves(rec)[-1]["free_text"]
    assert carried["carried"] is True and carried["text"] == ANNOUNCE and carried["offer"] == 9600
    assert carried["acts"][0] == {"act": "annonce_prix", "family": "prix", "confidence": 1.0, "source": "engine"}
    assert "carried" not in moves(rec)[-2]["free_text"]
    # the learner's words are shown once, then how the figure was taken, then the client's answer to it
    assert written.count("c'est 9 600 € TTC par an") == 1
    assert "offre de prix : 9 600 € (le chiffre de votre phrase)" in written
    assert written.index("le chiffre de votre phrase") < written.index(turns[1].replies[0].text.replace("\u202f", " ")
                                                                             .replace("\xa0", " ")[:20])


def test_without_a_figure_the_client_asks_for_it(home):
    rec = at_the_price(home)
    before = len(rec.session.turns)
    typed(rec, "Je vous donne le chiffre, et regardons-le au regard de ce qu'il couvre : tous vos risques.")
    assert [t.input for t in rec.session.turns[before:]] == [ChoiceInput("valeur-puis-prix")]


def test_an_absurd_figure_is_not_sent_without_the_learner(home):
    rec = at_the_price(home)
    before = len(rec.session.turns)
    typed(rec, ANNOUNCE.replace("9 600 €", "960 000 €"))
    assert [t.input for t in rec.session.turns[before:]] == [ChoiceInput("valeur-puis-prix")]


def test_a_figure_in_a_line_of_another_family_is_not_an_offer(home):
    # an argument quoting the client's cost moves on to the negotiation: the figure is the client's, not a price
    text = edit(NEGO, "      - id: pitch\n", "      - id: sinistre\n"
                "        text: \"Votre panne de cet hiver vous a coûté combien, 2 000 € ?\"\n"
                "        acts: [question_fermee]\n        next: prix\n      - id: pitch\n")
    from simulator.content.loader import load_scenario_text

    scenario = load_scenario_text(text, "s.yaml")
    rec = RecordedSession.start(scenario, seed=1, learner="test", mode="practice", folder=home / "sessions")
    typed(rec, "Votre panne de cet hiver vous a coûté combien, 2 000 € à peu près ?")
    assert [t.input for t in rec.session.turns] == [ChoiceInput("sinistre")]
    assert rec.session.accepts_price and not rec.session.negotiation.offers


# ---------------------------------------------------------------- the terminal UI
PRICED = edit(NEGO, "      - id: pitch\n", "      - id: valeur-prix\n"
              "        text: \"Pour deux visites par an et le dépannage sous 24 h, c'est 1 000 € HT par an.\"\n"
              "        acts: [justification_prix]\n        next: prix\n      - id: pitch\n")


async def say_the_priced_line(app, pilot) -> None:
    """Open the scenario and type the line that announces the price with its figure."""
    await open_first_scenario(pilot)
    app.screen.query_one("#free-input").value = ("Pour deux visites par an et le dépannage sous 24 heures, "
                                                  "c'est 1 000 € HT par an.")
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.anyio
async def test_the_terminal_ui_plays_the_announced_figure_too(home, tmp_path, only_test_scenarios):
    folder = tmp_path / "annonce"
    write_scenario(folder, PRICED)
    app = make_app(extra_dirs=[folder], seed=3, free=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await say_the_priced_line(app, pilot)
        [journal] = journals(home)
        assert inputs_of(journal) == [{"choice": "valeur-prix"}, {"price": 1000}]
        assert [r["free_text"].get("carried") for r in journal_lines(journal) if r.get("type") == "input"] == [None, True]
        shown = transcript_text(app).replace("\u202f", " ").replace("\xa0", " ")
        assert shown.count("c'est 1 000 € HT par an") == 1 and "le chiffre de votre phrase" in shown


def test_a_figure_quoted_to_argue_after_the_first_offer_is_not_carried(home):
    # seen in play: « Vos 8 100 € ne couvrent pas… » (the price-family option back into the negotiation) sent the
    # client's 8 100 € as the learner's offer, under the target
    rec = at_the_price(home)
    typed(rec, ANNOUNCE)
    typed(rec, "Trop cher, c'est-à-dire ? Par rapport à quoi, exactement ?")  # the option probing the objection
    before = len(rec.session.turns)
    argue = next(c for c in rec.session.choices() if c.id == "argu-prix")
    typed(rec, argue.text.replace("Vu comme ça", "Dites-moi"))  # the option's words: a sure match
    assert [t.input for t in rec.session.turns[before:]] == [ChoiceInput("argu-prix")]
    assert [o.amount for o in rec.session.negotiation.offers] == [9600]


@pytest.mark.anyio
async def test_a_resumed_free_text_session_shows_the_learners_own_words(home, tmp_path, only_test_scenarios):
    # seen in play: after a resume, the transcript showed the options' lines (another name, other words) for
    # every turn typed before
    path = write_scenario(tmp_path / "annonce", PRICED)
    rec = RecordedSession.start(load_scenario(path), seed=3, learner="test", mode="practice",
                                folder=home / "sessions")
    rec.step(ChoiceInput("question"), {"free_text": {"text": "Bonjour ! Et cet hiver, côté chaudière ?",
                                                     "option": "question"}})
    app = make_app(resume=str(rec.path), free=True, extra_dirs=[path.parent])
    async with app.run_test(size=(100, 30)) as pilot:
        await until_screen(pilot, "play")
        await until(pilot, lambda: "Bonjour" in transcript_text(app), "the transcript drawn")
        shown = transcript_text(app)
        assert "Bonjour ! Et cet hiver, côté chaudière ?" in shown
        assert "Comment s'est passé votre hiver, côté chauffage ?" not in shown
