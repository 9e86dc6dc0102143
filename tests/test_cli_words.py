"""The commands' own messages (validate, verify, cohort, and the errors they catch) speak the user's language:
no French under ``--lang en``, and counts that agree with their noun instead of « fichier(s) »."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from exam_support import begin, exam_scenario, use_key_files

from simulator.cli.main import cli
from simulator.engine.session import ChoiceInput

ROOT = Path(__file__).resolve().parent.parent
# words the French messages of these commands use; none may reach an English user
FRENCH = re.compile(r"\(s\)|fichier|erreur|avertissement|Test de jeu|joué|introuvable|enregistrement|valide —|signé|"
                    r"date AAAA|écrit|illisible|impossible", re.IGNORECASE)


def invoke(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture
def record(monkeypatch, tmp_path):
    use_key_files(monkeypatch, tmp_path / "keys")
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", preparation=0)
    clock.advance(30)
    run.step(ChoiceInput("presenter"))
    run.abandon()
    return run.path


def test_validate_counts_agree_in_french_and_speak_english_when_asked():
    scenario = ROOT / "scenarios" / "banque-boulangerie.yaml"
    french = invoke("--lang", "fr", "validate", scenario)
    assert "1 test de jeu joué, 0 erreur, 0 avertissement" in french and "(s)" not in french
    assert re.search(r"Test de jeu .* joué\s: \d+ parcours, tous réussis", french.replace("\u00a0", " "))
    english = invoke("--lang", "en", "validate", scenario)
    assert "OK: 1 file, 1 playtest played, 0 errors, 0 warnings." in english
    assert "all passed" in english and not FRENCH.search(english), english


def test_validate_with_nothing_to_check_says_so_in_english(tmp_path):
    out = invoke("--lang", "en", "validate", tmp_path)
    assert "no .yaml file found" in out and not FRENCH.search(out), out


def test_verify_speaks_english_for_a_valid_an_invalid_and_a_missing_record(record, tmp_path):
    lines = record.read_bytes().split(b"\n")
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\n".join(lines[:2] + lines[3:]))
    out = invoke("--lang", "en", "verify", record, broken, tmp_path / "absent.jsonl")
    assert f"✓ {record}: valid — signed with jury key" in out
    assert re.search(rf"✗ {re.escape(str(broken))}: INVALID \(\d+ problems?\)", out)
    assert f"{tmp_path / 'absent.jsonl'}: not found" in out
    verdicts = [line for line in out.splitlines() if line.startswith(("✓", "✗"))]  # the reasons are the record's own
    assert len(verdicts) == 3 and not FRENCH.search("\n".join(verdicts)), out


def test_verify_in_french_counts_the_problems(record, tmp_path):
    lines = record.read_bytes().split(b"\n")
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\n".join(lines[:2] + lines[3:]))
    out = invoke("--lang", "fr", "verify", broken).replace("\u00a0", " ")
    assert re.search(r"INVALIDE \((1 problème|[2-9]\d* problèmes)\)", out) and "(s)" not in out.splitlines()[0]


def test_cohort_messages_speak_english(tmp_path):
    bad_day = invoke("--lang", "en", "cohort", "--since", "septembre", tmp_path)
    assert "a YYYY-MM-DD date is expected" in bad_day
    empty = tmp_path / "empty"
    empty.mkdir()
    none = invoke("--lang", "en", "cohort", empty)
    assert "no record (*.jsonl) found" in none and not FRENCH.search(none), none


def test_report_errors_speak_english(tmp_path):
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("ceci n'est pas un journal\n", encoding="utf-8")
    out = invoke("--lang", "en", "report", damaged)
    assert "unreadable journal" in out, out


def test_graph_errors_speak_english(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: cassé\ntitle: [\n", encoding="utf-8")
    out = invoke("--lang", "en", "graph", broken)
    assert "The map is drawn only for a scenario without errors" in out, out
    scenario = ROOT / "scenarios" / "banque-boulangerie.yaml"
    written = invoke("--lang", "en", "graph", scenario, "-o", tmp_path / "map.mmd")
    assert re.search(r"Map written to .*map\.mmd \(mermaid, \d+ states\)\.", written), written


def test_cohort_summary_speaks_english_and_counts_agree_in_french(record, tmp_path):
    english = invoke("--lang", "en", "cohort", record.parent)
    assert "1 record read: " in english and "Average mark: " in english, english
    summary = [line for line in english.splitlines() if "record" in line or line.startswith(("Average", "Weakest"))]
    assert summary and not FRENCH.search("\n".join(summary)), english
    french = invoke("--lang", "fr", "cohort", record.parent).replace("\u00a0", " ")
    assert "1 enregistrement lu : 1 compté (1 signé, 0 non signé), 0 écarté." in french, french


def test_playtest_summary_counts_in_the_users_language():
    test = ROOT / "scenarios" / "tests" / "banque-boulangerie.yaml"
    assert invoke("--lang", "en", "playtest", test).strip().endswith("1 file, 0 failures.")
    assert invoke("--lang", "fr", "playtest", test).strip().endswith("1 fichier, 0 échec.")
