"""The jury report: everything the jury needs, built from the sealed record alone; nothing graded when it does not verify."""

from __future__ import annotations

import json
import random
import re
from html import unescape

import pytest
from click.testing import CliRunner
from exam_support import KEY, begin, key_files, play_randomly

from simulator.cli.main import cli
from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.exam.annotate import add_annotation
from simulator.exam.record import load_exam
from simulator.exam.report import jury_data, render_html, render_markdown


def plain(text):
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def negotiation_record(tmp_path_factory):
    folder = tmp_path_factory.mktemp("jury")
    sc = load_scenario(resolve_scenario("assurance-artisan"))
    run, clock = begin(sc, folder, candidate="Camille Lefèvre", seed=7, examiner="M. Bernard", interview=20)
    clock.advance(17 * 60 + 12)
    play_randomly(run, clock, random.Random(3), price_bias=0.8)
    add_annotation(run.path, KEY, "Mme Durand", "2025-06-02T09:00:00+00:00", "Bonne découverte.",
                   {"n_prix": "Concession sans contrepartie."}, "Admissible")
    return run


def test_jury_data_has_everything_the_issue_lists(negotiation_record):
    run = negotiation_record
    rec = load_exam(run.path, KEY)
    d = jury_data(rec)
    assert d["candidate"] == "Camille Lefèvre" and d["examiner"] == "M. Bernard"
    assert d["scenario"]["id"] == "assurance-artisan" and d["scenario"]["seed"] == 7
    assert d["preparation"]["used_seconds"] == 17 * 60 + 12 and d["preparation"]["allowed_minutes"] == 30
    assert d["interview"]["used_seconds"] == run.result.interview_seconds and d["interview"]["allowed_minutes"] == 20
    assert d["outcome"] == run.result.outcome and d["seal"]["status"] == "valid" and d["seal"]["signed"]
    assert d["graded"] and d["mark"] == rec.debrief.mark
    assert [b["id"] for b in d["blocks"]] == ["negociation"]
    assert {c["id"] for c in d["criteria"]} == {c.id for c in rec.debrief.criteria.values()
                                                if c.block == "negociation"} | {"objectif"}
    objective = next(c for c in d["criteria"] if c["id"] == "objectif")  # whether the objective was reached
    assert objective["mark"] == rec.debrief.objective.mark and objective["observations"][0]["text"]
    prix = next(c for c in d["criteria"] if c["id"] == "n_prix")
    assert prix["jury_comment"] == "Concession sans contrepartie."
    # every evidence of the debrief is in the grid, grouped by rule with its turns
    for c in d["criteria"]:
        if c["id"] == "objectif":
            continue
        crit = rec.debrief.criteria[c["id"]]
        assert len(c["evidence"]) == len(crit.evidence)
        assert sum(len(g["turns"]) for g in c["observations"]) == len(crit.evidence)
    assert d["negotiation"]["list"].startswith("9")
    times = [row["time"] for row in d["transcript"]]
    assert times[0] == "0:00" and len(times) == len(rec.session.turns) + 1
    seconds = [int(m) * 60 + int(s) for m, s in (t.split(":") for t in times)]
    assert seconds == sorted(seconds) and seconds[-1] <= 20 * 60
    assert d["annotations"][0]["author"] == "Mme Durand" and d["annotations"][0]["signed"]


def test_html_is_a4_printable_escaped_and_french(negotiation_record):
    html = render_html(load_exam(negotiation_record.path, KEY))
    shown = unescape(html)  # catalog words are escaped like any value (an apostrophe is &#39;)
    assert "@page { size: A4" in html and "Signatures" in shown and "Observations du jury" in shown
    assert "Transcription horodatée" in shown and "Grille d'évaluation" in shown and "scellé et signé" in shown
    assert "Candidat(e)\u00a0:" in shown  # no-break space before the colon
    assert "<script" not in html


FRENCH_WORDS = ("Épreuve blanche", "Candidat(e)", "Scénario", "Préparation", "Entretien", "Grille d'évaluation",
                "Note globale", "Bloc", "Critère", "Niveau", "Négociation du prix", "Transcription", "Sceau", "Issue",
                "scellé", "graine", "Annotations du jury", "Observations du jury", "occasion", "compte rendu")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_an_english_jury_report_has_english_headings(negotiation_record, tmp_path, fmt):
    """Regression: ``exam report --lang en`` wrote French headings under <html lang="en">."""
    out = tmp_path / f"r.{fmt}"
    result = CliRunner().invoke(cli, ["exam", "report", str(negotiation_record.path), "--format", fmt, "-o", str(out),
                                      "--key", str(_key_file(tmp_path)), "--lang", "en"])
    assert result.exit_code == 0, result.output
    report = unescape(out.read_text(encoding="utf-8"))
    assert "Mock exam — jury report" in report and "Assessment grid" in report and "Price negotiation" in report
    assert "Intact, sealed and signed" in report and "Candidate" in report
    # the scenario's own words (its title, the lines spoken) stay French; the report's own words do not
    rec = load_exam(negotiation_record.path, KEY)
    words = report.replace(rec.scenario_title, "").split("Timed transcript")[0].split("## Transcript")[0]
    assert not [w for w in FRENCH_WORDS if re.search(rf"\b{re.escape(w)}\b", words)]


def test_markdown_report(negotiation_record):
    md = plain(render_markdown(load_exam(negotiation_record.path, KEY)))
    assert "**Candidat(e)** : Camille Lefèvre" in md and "## Grille d'évaluation" in md and "| Nom | Date | Signature |" in md


def test_a_tampered_record_is_reported_invalid_and_not_graded(negotiation_record, tmp_path):
    blob = negotiation_record.path.read_bytes().replace(b"Camille", b"Camilla", 1)
    forged = tmp_path / "forged.jsonl"
    forged.write_bytes(blob)
    rec = load_exam(forged, KEY)
    d = jury_data(rec)
    assert not d["graded"] and "mark" not in d and d["seal"]["status"] == "invalid"
    assert d["seal"]["problems"] and "INVALIDE" in d["seal"]["label"]
    result = CliRunner().invoke(cli, ["exam", "report", str(forged), "--format", "md", "--key", str(_key_file(tmp_path))])
    assert result.exit_code == 1 and "Aucune correction" in result.output


def test_cli_report_json_to_file(negotiation_record, tmp_path):
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["exam", "report", str(negotiation_record.path), "--format", "json", "-o", str(out),
                                      "--key", str(_key_file(tmp_path))])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["kind"] == "negosim-jury-report" and data["candidate"] == "Camille Lefèvre"


def _key_file(folder):
    return key_files(folder)[1]  # the public key: all a report needs


def test_negosim_report_gives_the_jury_report_for_an_exam_record(negotiation_record, tmp_path, monkeypatch):
    monkeypatch.setenv("NEGOSIM_JURY_PUBLIC_KEY", str(_key_file(tmp_path)))
    result = CliRunner().invoke(cli, ["report", str(negotiation_record.path), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "Épreuve blanche — compte rendu du jury" in result.output and "scellé et signé" in result.output
