"""The jury report shows a free-text exam as the candidate played it.

A free-text line that names its figure (« … c'est 1 000 € HT par an ») is played as its option, then its figure as
an offer carried from it (test_free_text_carried.py): the client's question for the figure (« ça coûte combien ? »),
said by the engine on arriving in the negotiation, was never shown to the candidate. The training debrief leaves it
out (test_carried_offer_arrival.py); the jury's transcript, built from the sealed record, does too. The record
already says which offers were carried (its free-text lines), so its format is unchanged."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest
from exam_support import PUBLIC, begin
from test_carried_offer_arrival import ASKED, PRICED_ONCE
from test_tui_support import write_scenario

from simulator.content.loader import load_scenario
from simulator.engine.session import ArrivalLine, ChoiceInput, PriceInput
from simulator.exam.record import load_exam
from simulator.exam.report import render_html, render_json, render_markdown

SAID = "Pour deux visites par an et le dépannage sous 24 heures, c'est 1 000 € HT par an."


def flat(text: str) -> str:
    return unescape(text).replace("\u202f", " ").replace("\xa0", " ")


def exam_with_the_priced_line(tmp_path: Path, carried: bool) -> Path:
    """A sealed exam where the candidate typed the priced line, then its figure was offered (``carried``: the offer
    came from that same line, as the free-text exam player journals it; otherwise typed on its own after the
    client's question)."""
    scenario = load_scenario(write_scenario(tmp_path / "annonce", PRICED_ONCE))
    run, clock = begin(scenario, tmp_path / "records", preparation=0, interview=10)
    clock.advance(20)
    run.step(ChoiceInput("valeur-prix"), extra={"free_text": {"text": SAID, "option": "valeur-prix"}})
    clock.advance(20)
    offer = {"text": SAID, "offer": 1000, "carried": True} if carried else {"text": "1 000 €", "offer": 1000}
    run.step(PriceInput(1000), extra={"free_text": offer})
    if not run.ended:
        run.abandon()
    return run.path


@pytest.mark.parametrize("carried", [True, False])
def test_the_jury_transcript_leaves_out_the_question_a_carried_figure_answered(tmp_path, carried):
    rec = load_exam(exam_with_the_priced_line(tmp_path, carried), PUBLIC)
    assert rec.verification.status == "valid" and rec.debrief is not None
    choice, offer = rec.session.turns
    assert type(choice.replies[-1]) is ArrivalLine and choice.replies[-1].text == ASKED  # the engine said it
    answer = flat(offer.replies[0].text)
    for rendered in (render_html(rec), render_markdown(rec), render_html(rec, "en")):
        shown = flat(rendered)
        assert answer in shown and ("ça coûte combien, votre contrat" in shown) is not carried, rendered
    data = json.loads(render_json(rec))  # the JSON is what the report shows
    turn = next(row for row in data["transcript"] if row["turn"] == choice.number)
    assert (ASKED in [flat(r["text"]) for r in turn["replies"]]) is not carried


def test_the_command_s_report_with_the_candidate_s_words_leaves_it_out_too(tmp_path):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    record = exam_with_the_priced_line(tmp_path, carried=True)
    result = CliRunner().invoke(cli, ["exam", "report", str(record), "--format", "md"])
    assert result.exit_code == 0, result.output
    shown = flat(result.output)
    assert SAID in shown and "compris comme" in shown  # the free-text section, added by the command
    assert "ça coûte combien, votre contrat" not in shown


def test_a_free_text_exam_played_to_its_jury_report_shows_the_interview_as_the_candidate_saw_it(home, tmp_path):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    scenario = write_scenario(tmp_path / "annonce", PRICED_ONCE)
    runner = CliRunner()
    played = runner.invoke(cli, ["exam", "--plain", "--free", "--candidate", "Zoé", "--scenario", str(scenario),
                                 "--seed", "3", "--interview", "5"], input=f"\n{SAID}\n")
    assert played.exit_code == 0, played.output
    assert "le chiffre de votre phrase" in flat(played.output) and "ça coûte combien" not in flat(played.output)
    record = next((home / "sessions").glob("*.jsonl"))
    rec = load_exam(record)
    assert [type(t.input) for t in rec.session.turns] == [ChoiceInput, PriceInput]
    assert rec.session.turns[0].replies[-1].text == ASKED  # said by the engine, kept by the sealed record
    jury = runner.invoke(cli, ["exam", "report", str(record), "--format", "md"])
    assert jury.exit_code == 0, jury.output
    shown = flat(jury.output)
    assert SAID in shown and flat(rec.session.turns[1].replies[0].text) in shown
    assert "ça coûte combien, votre contrat" not in shown  # as the candidate played it
