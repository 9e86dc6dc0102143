"""A free-text line that names its figure is not asked for that figure before the client answers it.

« Pour l'ensemble, c'est 9 600 € par an » picks the option announcing the price, then its figure is played as the
first offer (test_free_text_carried.py). The negotiation state's arrival line (« Je vous écoute : combien pour tout
ça ? ») is said by the engine as ever, and kept by the session and the journal, but the players leave it out of the
turn a carried offer follows: the learner reads the answer to the figure, not a question already answered. The
engine marks that line (``ArrivalLine``: the line of the state a turn ends in, equal to the ``ClientLine`` it
would otherwise be, so turns, replays and digests are unchanged)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from factories import MINIMAL
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine import edit, play
from test_free_text_carried import ANNOUNCE, PRICED, at_the_price, say_the_priced_line, typed
from test_mutants_session import BRIDGE
from test_tui_support import make_app, transcript_text, until, until_screen, write_scenario

from simulator.content.loader import load_scenario, load_scenario_text
from simulator.engine.session import ArrivalLine, ChoiceInput, ClientLine, PriceInput, Session
from simulator.player.free_text import FreeTextPlayer
from simulator.player.plain import PlainIO
from simulator.playtest import load_playtest, step_input
from simulator.store.recorder import RecordedSession, load_session

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, only_test_scenarios

ROOT = Path(__file__).resolve().parent.parent
ASK = "Je vous écoute : combien pour tout ça ?"  # assurance-artisan's negotiation, before any offer


def flat(text: str) -> str:
    """Without the typography's non-breaking spaces (the players localise what they print)."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def arrivals(replies) -> list[int]:
    return [i for i, line in enumerate(replies) if isinstance(line, ArrivalLine)]


# ---------------------------------------------------------------- the engine marks the line, nothing else changes
def test_the_line_of_the_state_a_move_lands_in_is_its_arrival_line():
    s = play(load_scenario_text(MINIMAL), "question")
    assert isinstance(s.opening[0], ArrivalLine) and s.opening == (("client", "Bonjour."),)
    assert s.turns[-1].replies == (("client", "Bon. Et maintenant ?"),) and arrivals(s.turns[-1].replies) == [0]
    # a reply to the move is not one; a line drawn among variants is
    text = edit(edit(MINIMAL, "        discovers: [delai]\n", "        discovers: [delai]\n        reply: \"Je note.\"\n"),
                '    say: "Bon. Et maintenant ?"', '    say: ["Bon.", "Et maintenant ?"]')
    turn = play(load_scenario_text(text), "question", seed=4).turns[-1]
    assert turn.replies[0] == ("client", "Je note.") and arrivals(turn.replies) == [1]


def test_through_automatic_transitions_only_the_last_state_s_line_is_the_arrival_line():
    turn = play(load_scenario_text(BRIDGE), "question").turns[-1]
    assert [type(line) for line in turn.replies] == [ClientLine, ClientLine, ArrivalLine]
    assert turn.replies[-1] == ("client", "Bon. Et maintenant ?")
    stays = play(load_scenario_text(edit(BRIDGE, "initial: 3", "initial: 2")), "question").turns[-1]
    assert [type(line) for line in stays.replies] == [ArrivalLine]  # the bridge's own line: the learner is there
    # into a state with nothing to say: the bridge's line was not the arrival in it, nothing is marked
    silent = edit(BRIDGE, "        next: conclusion\n        reply: \"Je vous passe la direction.\"",
                  "        next: gagne\n        reply: \"Je vous passe la direction.\"")
    turn = play(load_scenario_text(silent), "question").turns[-1]
    assert turn.next_state == "gagne" and len(turn.replies) == 2 and arrivals(turn.replies) == []


@settings(max_examples=40)
@given(speaker=st.sampled_from(["client", "gatekeeper"]), text=st.text(max_size=30))
def test_an_arrival_line_is_equal_to_and_hashed_as_the_plain_line(speaker, text):
    marked, plain = ArrivalLine(speaker, text), ClientLine(speaker, text)
    assert marked == plain == (speaker, text) and hash(marked) == hash(plain) == hash((speaker, text))
    assert (marked.speaker, marked.text) == (speaker, text) and len(marked) == 2


_BUNDLED = {p.stem: p for p in sorted((ROOT / "scenarios").glob("*.yaml"))}


def _bundled(name: str):
    return load_scenario(_BUNDLED[name])


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(sorted(_BUNDLED)), seed=st.integers(0, 2**16), walk=st.integers(0, 2**16))
def test_every_turn_ends_with_the_arrival_line_of_its_state_when_that_state_says_one(name, seed, walk):
    scenario = _bundled(name)
    s, pick = Session.start(scenario, seed), random.Random(walk)
    for _ in range(40):
        if s.ended:
            break
        options = s.offered_ids()
        if s.accepts_price and (not options or pick.random() < 0.4):
            turn = s.step(PriceInput(pick.choice([s.negotiation.price.target, s.negotiation.price.list_price])))
        elif options:
            turn = s.step(ChoiceInput(pick.choice(options)))
        else:
            break
        says = bool(scenario.states[turn.next_state].say.variants)
        assert arrivals(turn.replies) == ([len(turn.replies) - 1] if says else [])
        assert not says or turn.replies[-1].speaker == scenario.states[turn.next_state].speaker


# ---------------------------------------------------------------- the plain free-text player
def test_the_plain_player_shows_the_answer_to_the_figure_not_the_question_for_it(home):
    rec = at_the_price(home)
    before = len(rec.session.turns)
    written = flat("\n".join(typed(rec, ANNOUNCE)))
    choice, offer = rec.session.turns[before:]
    assert offer.input == PriceInput(9600)
    assert choice.replies[-1] == ("client", ASK) and isinstance(choice.replies[-1], ArrivalLine)  # said, kept
    assert flat(ASK) not in written and "combien" not in written
    answer = flat(offer.replies[0].text)
    assert answer in written and written.index("le chiffre de votre phrase") < written.index(answer)
    # nothing lost: the journal replays to the same turns, the question included
    again, _ = load_session(rec.path)
    assert again.turns[before].replies == choice.replies and again.turns[-1].replies == offer.replies


def test_without_a_figure_the_question_is_shown(home):
    rec = at_the_price(home)
    written = flat("\n".join(typed(rec, "Je vous donne le chiffre, et regardons-le au regard de ce qu'il couvre : "
                                        "tous vos risques.")))
    assert rec.session.negotiation.offers == [] and flat(ASK) in written


def test_the_plain_player_in_english_leaves_the_question_out_too(home):
    scenario = _bundled("software-subscription-en")
    path = next(p for p in load_playtest(ROOT / "scenarios" / "tests" / "software-subscription-en.yaml").paths
                if p.name == "expert")
    rec = RecordedSession.start(scenario, seed=path.seed, learner="test", mode="practice", folder=home / "sessions")
    for step in path.inputs:
        if rec.session.state == "price-ask":
            break
        rec.step(step_input(step))
    queue, written = ["Set against the value of halving failed deliveries, the subscription is €96,000 a year, "
                      "all six depots included."], []
    FreeTextPlayer(rec, PlainIO(lambda prompt: queue.pop(0) if queue else None, written.append), lang="en").run()
    choice, offer = rec.session.turns[-2:]
    assert choice.input == ChoiceInput("value-first") and offer.input == PriceInput(96000)
    shown = flat("\n".join(written))
    assert flat(choice.replies[-1].text) not in shown and "the figure in your line" in shown
    assert flat(offer.replies[0].text) in shown


# ---------------------------------------------------------------- the terminal UI
ASKED = "Bon. Et ça coûte combien, votre contrat ?"
# the negotiation asks for the figure only before the first offer (as the bundled scenarios do), so that a line
# shown later is not the one the test looks for
PRICED_ONCE = edit(PRICED, f'    say: "{ASKED}"\n',
                   f'    say:\n      - text: "{ASKED}"\n        if: "price_offers == 0"\n      - "Alors ?"\n')


@pytest.mark.anyio
async def test_the_terminal_ui_shows_the_answer_to_the_figure_not_the_question_for_it(home, tmp_path,
                                                                                    only_test_scenarios):
    folder = tmp_path / "annonce"
    write_scenario(folder, PRICED_ONCE)
    app = make_app(extra_dirs=[folder], seed=3, free=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await say_the_priced_line(app, pilot)
        choice, offer = app.screen.rec.session.turns
        assert choice.replies[-1].text == ASKED and offer.input == PriceInput(1000)
        shown = flat(transcript_text(app))
        assert flat(ASKED) not in shown and flat(offer.replies[0].text) in shown
        assert shown.index("le chiffre de votre phrase") < shown.index(flat(offer.replies[0].text))


@pytest.mark.anyio
async def test_a_resumed_session_does_not_show_the_question_either(home, tmp_path, only_test_scenarios):
    path = write_scenario(tmp_path / "annonce", PRICED_ONCE)
    rec = RecordedSession.start(load_scenario(path), seed=3, learner="test", mode="practice", folder=home / "sessions")
    said = "Pour deux visites par an et le dépannage sous 24 heures, c'est 1 000 € HT par an."
    rec.step(ChoiceInput("valeur-prix"), {"free_text": {"text": said, "option": "valeur-prix"}})
    rec.step(PriceInput(1000), {"free_text": {"text": said, "offer": 1000, "carried": True}})
    app = make_app(resume=str(rec.path), free=True, extra_dirs=[path.parent])
    async with app.run_test(size=(100, 30)) as pilot:
        await until_screen(pilot, "play")
        await until(pilot, lambda: "Bonjour" in transcript_text(app), "the transcript drawn")
        shown = flat(transcript_text(app))
        assert "c'est 1 000 € HT par an" in shown and flat(rec.session.turns[1].replies[0].text) in shown
        assert flat(ASKED) not in shown


# ---------------------------------------------------------------- the debrief's transcript, as it was played

def carried_session(home: Path, tmp_path: Path, carried: bool) -> tuple[RecordedSession, Path]:
    """The priced line played as its option, then its figure as the first offer (``carried``: the journal says the
    offer came from the line, as the free-text players record it)."""
    path = write_scenario(tmp_path / "annonce", PRICED_ONCE)
    rec = RecordedSession.start(load_scenario(path), seed=3, learner="test", mode="practice", folder=home / "sessions")
    said = "Pour deux visites par an et le dépannage sous 24 heures, c'est 1 000 € HT par an."
    rec.step(ChoiceInput("valeur-prix"), {"free_text": {"text": said, "option": "valeur-prix"}})
    offer_record = {"text": said, "offer": 1000, "carried": True} if carried else {"text": "1 000 €", "offer": 1000}
    rec.step(PriceInput(1000), {"free_text": offer_record})
    return rec, path


@pytest.mark.parametrize("carried", [True, False])
def test_the_html_report_leaves_out_the_question_a_carried_figure_answered(home, tmp_path, carried):
    from simulator.report import render
    from simulator.report.free_text import free_text_turns
    from simulator.scoring import default_rubric, score
    from simulator.store.journal import read_journal

    rec, _ = carried_session(home, tmp_path, carried)
    choice, offer = rec.session.turns
    assert type(choice.replies[-1]) is ArrivalLine and choice.replies[-1].text == ASKED
    d = score(rec.session.scenario, default_rubric(), rec.session.turns)
    assert d.turns[0].arrival and d.turns[1].arrival == (type(offer.replies[-1]) is ArrivalLine)
    html = render(d, "html", free_text=free_text_turns(read_journal(rec.path).records))
    assert ("ça coûte combien, votre contrat" in html) is not carried  # only a question the learner saw is shown
    assert offer.replies[0].text.split(" ")[0] in html
    assert ASKED in render(d, "json")  # the record keeps every line the client said


@pytest.mark.anyio
async def test_the_debrief_screen_shows_the_turn_as_it_was_played(home, tmp_path, only_test_scenarios):
    from simulator.tui.screens.debrief import DebriefScreen

    rec, path = carried_session(home, tmp_path, True)
    app = make_app(extra_dirs=[path.parent])
    async with app.run_test(size=(100, 40)) as pilot:
        screen = DebriefScreen(rec)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.carried == frozenset({2})
        screen._show_turn(1)
        await pilot.pause()
        shown = flat(str(screen.query_one("#turn-detail-body").render()))
        assert "deux visites" in shown and flat(ASKED) not in shown  # the learner's line, not the unseen question
