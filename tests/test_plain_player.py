"""The plain player as a learner, a screen-reader user and a script use it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import MINIMAL, MINIMAL_PRICE

from simulator.cli.main import cli
from simulator.store.journal import read_journal


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.fixture
def priced(tmp_path: Path) -> Path:
    path = tmp_path / "prix.yaml"
    path.write_text(MINIMAL_PRICE, encoding="utf-8")
    return path


def play(*args: str, input: str):
    return CliRunner().invoke(cli, ["play", "--plain", *args], input=input)


def journals(home: Path) -> list[Path]:
    return sorted((home / "sessions").glob("*.jsonl"))


def test_a_piped_playthrough_reaches_the_ending(mini, home):
    result = play(str(mini), "--seed", "1", input="question\nconclure\n")
    assert result.exit_code == 0, result.output
    assert "Fin de l'entretien" in result.output and "réussite" in result.output
    assert "Traceback" not in result.output
    [journal] = journals(home)
    assert [i.choice for i in read_journal(journal).inputs] == ["question", "conclure"]


def test_bad_inputs_get_a_clear_reprompt_and_nothing_is_played(mini, home):
    result = play(str(mini), input="7\n²\n①\n" + "9" * 5000 + "\nbonjour\n\nquestion\nconclure\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Ce numéro n'est pas proposé : choisissez entre 1 et 2." in out.replace("\u00a0", " ")
    assert "« bonjour » n'est pas une réponse" in out.replace("\u202f", " ")
    assert "Tapez le numéro d'une réponse (1 à 2)" in out
    assert out.count("Ce numéro n'est pas proposé") == 4 and "Traceback" not in out
    assert [i.choice for i in read_journal(journals(home)[0]).inputs] == ["question", "conclure"]


def test_end_of_input_saves_and_says_how_to_resume_then_resume_finishes(mini, home):
    first = play(str(mini), "--seed", "3", input="insister\n")
    assert first.exit_code == 0
    match = re.search(r"negosim play --plain --resume (\S+)", first.output)
    assert match, first.output
    second = play("--resume", match.group(1).strip("'"), input="traiter\nconclure\n")
    assert second.exit_code == 0, second.output
    assert "Session reprise après 1 tour." in second.output  # one sentence, shared with the terminal UI, in the singular
    assert "réussite" in second.output
    assert [i.choice for i in read_journal(journals(home)[0]).inputs] == ["insister", "traiter", "conclure"]


def test_resume_last_and_quit_command(mini, home):
    play(str(mini), input="q\n")
    result = play("--resume", "last", input="question\nconclure\n")
    assert result.exit_code == 0 and "réussite" in result.output


def test_price_entry_with_bad_values_then_counterpart(priced, home):
    script = "question\np\ndouze\np 1 000 €\np 950 1\np ²\np 9 600 9\np 99999999\nn\np 880\n"
    result = play(str(priced), "--seed", "2", input=script)
    out = result.output.replace("\u202f", " ").replace("\u00a0", " ")
    assert result.exit_code == 0, out
    assert "« douze » n'est pas un prix : tapez le montant en chiffres" in out
    assert "« ² » n'est pas un chiffre" in out and "pas de contrepartie n°9 : il y en a 2" in out
    assert "hors de toute plage plausible" in out and "Prix non proposé" in out
    assert "Je vous propose 1 000 € HT par an." in out
    assert "Engagement 24 mois : d'accord." in out
    records = read_journal(journals(home)[0]).records
    prices = [r["input"] for r in records if r.get("type") == "input" and "price" in r["input"]]
    assert prices[:2] == [{"price": 1000}, {"price": 950, "counterpart": "duree"}]


def test_price_outside_a_negotiation_is_refused(mini, home):
    result = play(str(mini), input="p 500\nquestion\nconclure\n")
    assert "pas le moment de proposer un prix" in result.output
    assert result.exit_code == 0


def test_unknown_scenario_is_a_clear_error(home):
    result = play("banque-boulangeri", input="")
    assert result.exit_code == 1
    assert "introuvable" in result.output and "banque-boulangerie" in result.output


def test_english_ui(mini, home):
    result = play(str(mini), "--lang", "en", input="question\nconclure\n")
    assert "End of the interview: success" in result.output


def test_the_numbers_follow_the_order_shown_and_the_journal_keeps_it(mini, home):
    """Options are shuffled per session: '1' is whatever is shown first, and the journal says what that was."""
    picked = set()
    for seed in range(12):
        result = play(str(mini), "--seed", str(seed), input="1\nq\n")
        assert result.exit_code == 0, result.output
    for journal in journals(home):
        record = read_journal(journal)
        [move] = [r for r in record.records if r.get("type") == "input"]
        assert move["input"]["choice"] == move["shown"][0]
        picked.add(move["input"]["choice"])
    assert picked == {"question", "insister"}, "pressing 1 must not always take the same option"


def test_journal_header_is_complete(mini, home):
    play(str(mini), "--seed", "9", "--learner", "Léa", input="q\n")
    header = json.loads(journals(home)[0].read_text(encoding="utf-8").splitlines()[0])
    for key in ("scenario_id", "scenario_hash", "seed", "mode", "learner", "started_at", "negosim"):
        assert header[key] not in (None, "")
    assert header["learner"] == "Léa" and header["seed"] == 9


def test_data_dir_flag_puts_sessions_there(mini, tmp_path, monkeypatch):
    target = tmp_path / "cle-usb"
    result = CliRunner().invoke(cli, ["--data-dir", str(target), "play", "--plain", str(mini)],
                                 input="question\nconclure\n")
    assert result.exit_code == 0, result.output
    assert len(list((target / "sessions").glob("*.jsonl"))) == 1
    assert (target / "index.sqlite3").is_file()


def test_scenarios_folder_option_lets_play_find_an_id(tmp_path, home):
    folder = tmp_path / "mes-scenarios"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--scenarios", str(folder), "play", "--plain", "mini"],
                                 input="question\nconclure\n")
    assert result.exit_code == 0, result.output
    assert "réussite" in result.output


def test_hint_names_the_competency_is_journaled_and_reported(mini, home):
    result = play(str(mini), "--seed", "1", input="i\nquestion\nconclure\n")
    assert result.exit_code == 0, result.output
    assert "Indice" in result.output and "Traceback" not in result.output
    [journal] = journals(home)
    lines = [json.loads(x) for x in journal.read_text(encoding="utf-8").splitlines()]
    assert [(x["type"], x.get("before_turn")) for x in lines if x["type"] in ("hint", "input")] == [
        ("hint", 1), ("input", None), ("input", None)]
    shown = " ".join(result.output.split()).replace("\u00a0", " ").replace("\u202f", " ")
    assert "Indices demandés : 1 (avant le tour 1)" in shown  # the debrief printed at the end
    report = CliRunner().invoke(cli, ["report", str(journal), "--format", "json"])
    assert json.loads(report.output)["hints"] == [1]


def test_the_report_shows_what_the_learner_saw(mini, home):
    play(str(mini), "--seed", "5", input="question\nconclure\n")
    [journal] = journals(home)
    recorded = [r["shown"] for r in read_journal(journal).records if r.get("type") == "input"]
    doc = json.loads(CliRunner().invoke(cli, ["report", str(journal), "--format", "json"]).output)
    assert [turn["shown"] for turn in doc["transcript"]] == recorded
    html = CliRunner().invoke(cli, ["report", str(journal), "--format", "html"]).output
    assert "Options affichées, dans l'ordre" in html.replace("&#39;", "'")
    first = recorded[0][0]
    assert {"question": "Qu'attendez-vous de nous", "insister": "Signez"}[first] in html.replace("&#39;", "'")


def test_a_long_journal_path_is_printed_whole_so_it_can_be_copied(mini, tmp_path):
    """The path was wrapped at its hyphens: copied into `negosim report`, it pointed nowhere."""
    target = tmp_path / "dossier-de-formation-commerciale-session-de-décembre-groupe-b-salle-deux"
    result = CliRunner().invoke(cli, ["--data-dir", str(target), "play", "--plain", str(mini)],
                                input="question\nconclure\n", env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    [journal] = sorted((target / "sessions").glob("*.jsonl"))
    assert any(str(journal) in line for line in result.output.splitlines()), result.output


def test_a_price_accepted_before_the_interview_fails_is_not_called_a_deal(home):
    # the buyer says yes to 52 €, then ends the interview on the learner's next blunder: the ending must not say
    # « Accord conclu » under « échec » (what the lead saw playing the weak path of the bundled scenario)
    moves = ["pitch-soizic", "tarif-direct", "passer-argu", "arg-sans-preuve", "conclure-tot", "revenir-prix",
             "excuse-prix", "nier-invendus", "p 60", "geste-prix", "p 57", "p 54", "p 53", "p 52", "nier-invendus", "n"]
    result = play("distribution-referencement", "--seed", "3", input="\n".join(moves) + "\n")
    out = " ".join(result.output.replace("\u202f", " ").replace("\u00a0", " ").split())
    assert result.exit_code == 0, out
    assert "Fin de l'entretien : échec" in out
    assert "Prix accepté à 52 € HT le colis de 24 sachets, mais l'entretien se termine sur un échec." in out
    assert "Accord conclu" not in out
