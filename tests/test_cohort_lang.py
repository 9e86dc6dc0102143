"""``negosim --lang en cohort``: the summary, the CSV and the HTML report speak English (headings, columns,
levels, modes, outcomes, reasons, ``<html lang="en">``); in French they read as before, counts agreeing."""

from __future__ import annotations

import csv
import io
import re
import shutil
from html import unescape

import pytest
from click.testing import CliRunner
from exam_support import begin, exam_scenario, key_files
from xapi_support import play

from simulator.cli.main import cli
from simulator.engine.session import ChoiceInput
from simulator.scoring import default_rubric

# the French words of the old CSV and HTML; none may reach an English reader (names and ids are the records' own)
FRENCH = re.compile(r"\(s\)|écart|Critère|Répartition|Résultats|Candidat\b|Note moyenne|signé|enregistrement|épreuve|"
                    r"entraînement|\bAcquis|évalué|Progression|\bBloc\b|\bIssue|Motif|Fichier|doublon|scénario|graine|"
                    r"\btours\b|écrits|courriel|inachevée|Moyenne|Sceau|session d|même|Succès|Échec|Abandonné|"
                    r"\d,\d|Entretien|arrêté|\bavant\b|\bVous\b|\bsans\b|\bavec\b|\bdes\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def group(tmp_path_factory):
    """A signed exam record, two practice sessions (one unfinished) and a copy of one: every kind of row and flag."""
    folder = tmp_path_factory.mktemp("groupe")
    keys = key_files(tmp_path_factory.mktemp("keys"))
    run, clock = begin(exam_scenario(folder), folder / "exams", preparation=0)
    clock.advance(30)
    run.step(ChoiceInput("presenter"))
    run.abandon()
    done = play(7, folder=folder / "practice")
    play(8, learner="Hugo Petit", folder=folder / "practice", max_turns=-2)
    shutil.copy(done.path, folder / "copie.jsonl")
    return folder, keys[1]


def run_cohort(lang: str, folder, public, out) -> tuple[str, str, str]:
    """The command's summary, its CSV and its HTML (the CSV with the language's decimal separator)."""
    result = CliRunner().invoke(cli, ["--lang", lang, "cohort", str(folder), "--key", str(public), "--csv",
                                      str(out / f"{lang}.csv"), "--html", str(out / f"{lang}.html")])
    assert "Traceback" not in result.output and result.exit_code == 1, result.output  # the copy is a problem
    return (result.output, (out / f"{lang}.csv").read_text(encoding="utf-8-sig"),
            (out / f"{lang}.html").read_text(encoding="utf-8"))


def visible(html: str) -> str:
    """The text a reader sees: tags, the stylesheet and the charts' SVG taken out."""
    html = re.sub(r"<style>.*?</style>|<svg.*?</svg>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_cohort_report_csv_and_summary_speak_english(group, tmp_path):
    folder, public = group
    out, table, html = run_cohort("en", folder, public, tmp_path)
    assert '<html lang="en">' in html and "<title>Group results</title>" in html
    seen = visible(html)
    for heading in ("Records set aside (never counted)", "The group's weakest criteria", "Distribution by criterion",
                    "Results by candidate", "Progress over time", "4 records read", "1 practice session",
                    "duplicate", "unfinished practice session", "same session as", "Average mark"):
        assert heading in seen, heading
    leaks = sorted({m.group(0) for m in FRENCH.finditer(seen.replace("Léa Martin", "").replace("Hugo Petit", ""))})
    assert not leaks, leaks
    criteria = default_rubric().criteria.values()  # their titles as the rubric says them in English, never French
    assert all(c.title("en") in seen and c.title("fr") not in seen for c in criteria)
    rows = list(csv.reader(io.StringIO(table, newline=""), delimiter=","))  # English: decimal point, « , »
    assert rows[0][:5] == ["candidate", "scenario", "date", "outcome", "mark /20"]
    assert rows[0][-7:] == ["written work", "mode", "seal", "turns", "interview length (seconds)", "seed", "file"]
    cells = " ".join(c for row in rows for c in row[:-1])  # the last column is the file's path
    assert {"exam", "practice", "signed"} <= set(c for row in rows for c in row), rows
    assert not FRENCH.search(cells.replace("Léa Martin", "").replace("Hugo Petit", "")), rows
    summary = "\n".join(line for line in out.splitlines() if not line.startswith(("CSV", "HTML")))
    assert "unfinished practice session" in summary and "same session as" in summary
    assert not FRENCH.search(summary.replace("Léa Martin", "")), summary


def test_the_french_report_is_unchanged_but_for_its_counts(group, tmp_path):
    folder, public = group
    _, table, html = run_cohort("fr", folder, public, tmp_path)
    seen = visible(html).replace("\u00a0", " ").replace("\u202f", " ")
    assert '<html lang="fr">' in html and "Résultats du groupe" in html and "(s)" not in seen
    assert "4 enregistrements lus :" in seen and "1 d'entraînement" in seen and "2 écartés" in seen.replace("\n", " ")
    for heading in ("Enregistrements écartés (jamais comptés)", "Critères les plus faibles du groupe",
                    "Répartition par critère", "Résultats par candidat", "session d'entraînement inachevée"):
        assert heading in seen, heading
    header = next(csv.reader(io.StringIO(table, newline=""), delimiter=";"))
    assert header[:5] == ["candidat", "scénario", "date", "issue", "note /20"] and "écrits" in header
