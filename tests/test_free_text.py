"""Free-text mode in the plain player (issue 14): whole interviews in natural sentences, clarification when
unsure, never a dead end, prices in words with their counterpart, everything journaled."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, PriceInput, Session
from simulator.i18n import entries
from simulator.player.free_text import FreeTextPlayer
from simulator.player.plain import PlainIO
from simulator.playtest import load_playtest, step_input
from simulator.scoring import default_rubric, score
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "fixtures" / "free_text"


def scripted_io(steps: list[tuple[str, str | None]], written: list[str]) -> PlainIO:
    """A learner who types each step's sentence, and its rephrasing when the client asks what they mean."""
    queue = list(steps)
    state = {"rephrase": None}
    clarify = {str(entries(lang)["free.clarify"]) for lang in ("fr", "en")}

    def read_line(prompt: str) -> str | None:
        asked = any(c[:20] in " ".join(written[-3:]) for c in clarify)
        if asked and state["rephrase"]:
            line, state["rephrase"] = state["rephrase"], None
            return line
        if not queue:
            return None
        line, state["rephrase"] = queue.pop(0)
        return line

    return PlainIO(read_line, written.append)


def script(name: str) -> list[tuple[str, str | None]]:
    steps = []
    for raw in (SCRIPTS / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        first, _, second = raw.partition(" || ")
        steps.append((first.strip(), second.strip() or None))
    return steps


def start(name: str, seed: int, home: Path, mode: str = "practice") -> RecordedSession:
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    return RecordedSession.start(scenario, seed=seed, learner="test", mode=mode, folder=home / "sessions")


@pytest.mark.parametrize("name", ["software-subscription-en", "banque-boulangerie"])
def test_a_whole_interview_in_natural_sentences_gets_the_levels_of_the_same_moves_picked(name, home):
    """One scripted interview per scenario family (English negotiation, French prospection) in the
    learner's own words reaches the expert path's ending, with the same levels as the options."""
    expert = load_playtest(ROOT / "scenarios" / "tests" / f"{name}.yaml").paths[0]
    rec = start(name, expert.seed, home)
    written: list[str] = []
    assert FreeTextPlayer(rec, scripted_io(script(name), written)).run() == 0
    session = rec.session
    assert session.outcome == expert.expect.outcome == "success", "\n".join(written[-30:])
    picked = Session.replay(session.scenario, expert.seed, [step_input(s) for s in expert.inputs])
    rubric = default_rubric()
    free_levels = {k: v.level for k, v in score(session.scenario, rubric, session.turns).criteria.items()}
    option_levels = {k: v.level for k, v in score(picked.scenario, rubric, picked.turns).criteria.items()}
    assert free_levels == option_levels
    # the journal keeps the learner's own words, the acts with their confidence and the option matched
    moves = [r for r in read_journal(rec.path).records if r.get("type") == "input"]
    assert all("free_text" in r for r in moves)
    first = moves[0]["free_text"]
    assert first["text"] == script(name)[0][0]
    assert first["acts"] and 0 < first["acts"][0]["confidence"] <= 1
    assert first["option"] == expert.inputs[0] and "why" in first


def test_prices_said_in_a_sentence_become_offers_with_their_counterpart(home):
    expert = load_playtest(ROOT / "scenarios" / "tests" / "software-subscription-en.yaml").paths[0]
    rec = start("software-subscription-en", expert.seed, home)
    FreeTextPlayer(rec, scripted_io(script("software-subscription-en"), [])).run()
    offers = [t.input for t in rec.session.turns if isinstance(t.input, PriceInput)]
    assert offers[:3] == [PriceInput(96000, None), PriceInput(92000, "three_year_term"),
                          PriceInput(90000, "upfront_payment")]


def test_an_unclear_line_gets_a_question_then_the_options_never_a_dead_end(home):
    rec = start("banque-boulangerie", 0, home)
    written: list[str] = []
    lines = iter(["hmm euh voila quoi", "bof", "1", "q"])
    player = FreeTextPlayer(rec, PlainIO(lambda prompt: next(lines, None), written.append))
    player.run()
    text = "\n".join(written).replace("\xa0", " ").replace("\u202f", " ")
    assert str(entries("fr")["free.clarify"])[:20] in text      # the client asks first, no move made
    assert str(entries("fr")["free.options_now"]) in text          # then, in training, the options
    records = read_journal(rec.path).records
    unclear = [r for r in records if r.get("type") == "free_text_unclear"]
    assert [r["text"] for r in unclear] == ["hmm euh voila quoi", "bof"]  # nothing typed is lost
    assert len(rec.session.turns) == 1 and isinstance(rec.session.turns[0].input, ChoiceInput)


def test_after_the_options_a_line_that_fits_none_of_them_is_not_played(home):
    # seen in play: a good discovery question typed at the greeting, after the options were shown, was graded as the
    # closest option (a feature dump, 23 %); it is asked again instead, and a number still plays
    rec = start("banque-boulangerie", 0, home)
    written: list[str] = []
    lines = iter(["hmm euh voila quoi", "bof", "asdfgh qsdf zzz", "1", "q"])
    player = FreeTextPlayer(rec, PlainIO(lambda prompt: next(lines, None), written.append))
    player.run()
    text = "\n".join(written).replace("\xa0", " ").replace("\u202f", " ")
    assert text.count(str(entries("fr")["free.options_now"])) == 2
    unclear = [r["text"] for r in read_journal(rec.path).records if r.get("type") == "free_text_unclear"]
    assert unclear == ["hmm euh voila quoi", "bof", "asdfgh qsdf zzz"]  # kept, not played
    assert len(rec.session.turns) == 1 and isinstance(rec.session.turns[0].input, ChoiceInput)


def test_in_an_exam_an_unclear_line_is_taken_as_the_closest_option_and_flagged(home):
    rec = start("banque-boulangerie", 0, home, mode="exam")
    lines = iter(["hmm euh voila quoi", "bof", "q"])
    FreeTextPlayer(rec, PlainIO(lambda prompt: next(lines, None), lambda s: None)).run()
    moves = [r for r in read_journal(rec.path).records if r.get("type") == "input"]
    assert len(moves) == 1 and moves[0]["free_text"]["low_confidence"] is True
    assert moves[0]["free_text"]["text"] == "bof"


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_every_report_shows_the_learners_words_and_how_they_were_understood(fmt, home):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    # training: asked, options shown, then a line close to two options is taken as the closest, flagged
    rec = start("banque-boulangerie", 0, home)
    lines = iter(["hmm euh voila quoi", "pfff", "salut", "q"])
    FreeTextPlayer(rec, PlainIO(lambda prompt: next(lines, None), lambda s: None)).run()
    result = CliRunner().invoke(cli, ["report", str(rec.path), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert ("« salut »" if fmt != "json" else '"salut"') in result.output.replace("\u202f", " ").replace("\xa0", " ")
    if fmt == "json":
        import json

        item = json.loads(result.output)["free_text"][0]
        assert item["text"] == "salut" and item["low_confidence"] is True and item["acts"]
    else:
        assert "compris comme" in result.output and "incertaine" in result.output


def test_the_jury_can_require_free_text_in_an_exam_and_the_sealed_record_holds_the_words(home, monkeypatch):
    import json

    from click.testing import CliRunner

    from simulator.cli.main import cli

    said = "Bonjour, Julien Morel de la Banque du Centre, c'est bien Mme Martin qui s'occupe de la boulangerie ?"
    runner = CliRunner()
    result = runner.invoke(cli, ["exam", "--plain", "--free", "--candidate", "Zoé", "--scenario", "banque-boulangerie",
                                 "--seed", "0", "--interview", "5"], input=f"\n{said}\n")
    assert result.exit_code == 0, result.output
    assert "texte libre" in result.output and "1. " not in result.output  # never a menu in a free-text exam
    record = next((home / "sessions").glob("*.jsonl"))
    lines = [json.loads(x) for x in record.read_text(encoding="utf-8").splitlines()]
    assert any(r.get("type") == "free_text_mode" for r in lines)
    move = next(r for r in lines if r.get("type") == "input")
    assert move["free_text"]["text"] == said and move["free_text"]["option"] == "se-presenter-verifier" and "t" in move
    verified = runner.invoke(cli, ["verify", str(record)])
    assert verified.exit_code == 0 and "valide" in verified.output
    jury = runner.invoke(cli, ["exam", "report", str(record), "--format", "md"])  # the jury sees words and reading
    assert jury.exit_code == 0 and said in jury.output and "compris comme" in jury.output


def test_playtests_can_have_free_text_steps_with_expected_acts_and_option(tmp_path):
    from simulator.playtest import run_playtest

    tests_dir = tmp_path / "tests"
    tests_dir.mkdir()
    (tmp_path / "banque-boulangerie.yaml").write_text(
        (ROOT / "scenarios" / "banque-boulangerie.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    good = tests_dir / "ok.yaml"
    good.write_text(
        "format: 1\nscenario: banque-boulangerie\npaths:\n  - name: libre\n    inputs:\n"
        "      - say: \"Bonjour, Julien Morel de la Banque du Centre, c'est bien Mme Martin qui gère la boulangerie ?\"\n"
        "        option: se-presenter-verifier\n        acts: [salutation_presentation]\n"
        "      - motif-clair\n    expect:\n      outcome: success\n", encoding="utf-8")
    problems = run_playtest(good).paths[0].problems  # the path stops before an ending: only the outcome differs
    assert problems and not any("étape" in p for p in problems), problems
    wrong = tests_dir / "wrong.yaml"
    wrong.write_text(good.read_text(encoding="utf-8").replace("option: se-presenter-verifier", "option: mentir"),
                     encoding="utf-8")
    problems = run_playtest(wrong).paths[0].problems
    assert any("étape 1" in p and "se-presenter-verifier" in p and "mentir" in p for p in problems), problems


def test_a_trainer_corrects_a_reading_and_the_debrief_is_recomputed_with_the_original_on_record(home):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    rec = start("banque-boulangerie", 0, home)
    said = "Bonjour, Julien Morel de la Banque du Centre, je voudrais parler a Mme Martin svp"
    lines = iter([said, "q"])
    FreeTextPlayer(rec, PlainIO(lambda prompt: next(lines, None), lambda s: None)).run()
    first = rec.session.turns[0].input.choice
    other = "se-presenter-verifier" if first != "se-presenter-verifier" else "se-presenter"
    runner = CliRunner()
    before = runner.invoke(cli, ["report", str(rec.path), "--format", "json"])
    after = runner.invoke(cli, ["report", str(rec.path), "--format", "json", "--correct", f"1={other}", "--by", "Mme Roux"])
    assert before.exit_code == 0 and after.exit_code == 0, after.output
    import json

    doc = json.loads(after.output)
    assert doc["free_text"][0]["option"] == first and doc["free_text"][0]["corrected"]["option"] == other
    assert json.loads(before.output)["transcript"][0]["learner"] != doc["transcript"][0]["learner"]  # regraded move
    records = read_journal(rec.path).records
    assert [r["option"] for r in records if r.get("type") == "free_text_correction"] == [other]
    again = runner.invoke(cli, ["report", str(rec.path)])  # the correction stays in force, text shows both
    assert "corrigé par le formateur Mme Roux" in again.output and first in again.output
    refused = runner.invoke(cli, ["report", str(rec.path), "--correct", "1=mentir-dossier"])
    assert refused.exit_code != 0 and "tour 1" in refused.output


AMBIGUOUS = [
    "oui",                                   # one word: yes to what?
    "Pourquoi ?",
    "qsdfg jklm",                            # a slip of the keyboard
    "hmm euh voila quoi",
    "d'accord mais c'est notre meilleur prix, je vous rappelle jeudi",  # several acts, none of them offered here
    "je comprends, vous avez combien de boutiques ? de toute façon je vous fais 10 % si vous signez",
]


@pytest.mark.parametrize("line", AMBIGUOUS)
def test_an_ambiguous_line_gets_a_request_to_rephrase(line, home):
    from simulator.understanding.turns import FreeTextTurns

    rec = start("banque-boulangerie", 0, home)
    decision = FreeTextTurns(lambda: rec.session, practice=True).decide(line)
    assert decision.kind == "clarify", decision.record


def test_clear_lines_are_played_without_a_question(home):
    """The opening lines of the scripted interview, and a clear line per move at the start, are taken as said."""
    from simulator.understanding.turns import FreeTextTurns

    rec = start("banque-boulangerie", 0, home)
    turns = FreeTextTurns(lambda: rec.session, practice=True)
    for line, option in [(script("banque-boulangerie")[0][0], "se-presenter-verifier"),
                         ("Bonjour, Julien Morel, de la Banque du Centre, excusez-moi de vous déranger en plein service",
                          "excuse")]:
        decision = turns.decide(line)
        assert decision.kind == "move" and decision.input == ChoiceInput(option), decision.record
