"""Debrief reports: the plain-text debrief, and ``negosim report JOURNAL`` in every format."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_scoring_scenarios import NEGO, NEGO_EXPERT, nego, play

from simulator.cli.main import cli
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, PriceInput
from simulator.report import render
from simulator.report.json_report import DebriefDocument, debrief_document
from simulator.report.text import render_debrief_text
from simulator.scoring import default_rubric, score
from simulator.store.index import SessionIndex
from simulator.store.recorder import RecordedSession

NBSP, NNBSP = "\u00a0", "\u202f"


def expert_debrief():
    session = play(nego(), *NEGO_EXPERT)
    return session, score(nego(), default_rubric(), session.turns)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    """A finished session's journal, on a scenario file (the journal names its scenario by path)."""
    path = tmp_path / "test-nego.yaml"
    path.write_text(NEGO.replace('"Contrat signé."', '"Contrat <b>signé</b> & conclu."'), encoding="utf-8")
    scenario = load_scenario(path)
    rec = RecordedSession.start(scenario, seed=3, learner="Camille Dupont", folder=tmp_path / "sessions",
                                index=SessionIndex(tmp_path / "index.sqlite3"))
    for move in NEGO_EXPERT:
        if isinstance(move, str):
            rec.step(ChoiceInput(move))
        elif isinstance(move, tuple):
            rec.step(PriceInput(*move))
        else:
            rec.step(PriceInput(move))
    assert rec.session.ended
    return rec.path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# ---------------------------------------------------------------- plain text

def test_plain_text_debrief_in_french():
    _, d = expert_debrief()
    out = render_debrief_text(d)
    assert out.startswith("=") and "Débriefing — Négociation de test" in out
    assert f"Note globale{NBSP}: {str(d.mark).replace('.', ',')}/20" in out
    assert "Bloc 4 — Négocier et suivre une vente" in out and "non évalué" in out  # Bloc 2 is not assessed
    assert "Points forts" in out and "Négocier le prix et les conditions" in out
    assert " :" not in out.replace(NBSP + ":", "")  # every colon has its no-break space
    assert all(len(line) <= 78 for line in out.splitlines())


def test_plain_text_debrief_in_english():
    _, d = expert_debrief()
    out = render_debrief_text(d, lang="en")
    assert f"Overall mark: {d.mark}/20" in out and "Strengths" in out and "Negotiating price and terms" in out
    assert NBSP not in out.split("\n", 3)[3][:200]


# ---------------------------------------------------------------- negosim report

def test_report_text_from_a_journal(journal: Path):
    result = run("report", str(journal))
    assert result.exit_code == 0, result.output
    assert "Débriefing" in result.output and "Tour 1 — " in result.output and "Traceback" not in result.output


def test_report_json_follows_the_published_schema(journal: Path, tmp_path: Path):
    out = tmp_path / "out" / "debrief.json"
    result = run("report", str(journal), "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    DebriefDocument.model_validate(doc)
    assert doc["schema"] == "negosim-debrief" and doc["version"] == 2
    assert doc["objective"]["status"] == "success" and doc["objective"]["summary"] == "Contrat <b>signé</b> & conclu."
    assert doc["objective"]["mark"] == 20 and doc["objective"]["weight"] == 10 and doc["objective"]["level"] == "acquis"
    assert doc["session"]["learner"] == "Camille Dupont" and doc["session"]["seed"] == 3
    assert doc["outcome"]["status"] == "success" and doc["negotiation"]["deal"] is True
    assert [c["id"] for c in doc["criteria"]][:2] == ["p_interlocuteur", "p_structure"]
    assert len(doc["transcript"]) == len(NEGO_EXPERT) and doc["opening"][0]["text"] == "Bonjour, je vous écoute."
    schema = json.loads((Path(__file__).resolve().parent.parent / "simulator" / "schemas" /
                         "debrief.schema.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) <= set(doc)


def test_report_json_equals_the_live_debrief(journal: Path):
    session, live = expert_debrief()
    result = run("report", str(journal), "--format", "json")
    doc = json.loads(result.output)
    expected = debrief_document(live)
    for key in ("mark", "blocks", "criteria", "strengths", "priorities", "negotiation"):
        assert doc[key] == expected[key], key
    # the journal's scenario words its ending differently (HTML escaping check): the rest of the objective is the same
    assert doc["objective"] == {**expected["objective"], "summary": "Contrat <b>signé</b> & conclu."}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        for name in ("src", "href"):
            if attrs.get(name):
                self.external.append(attrs[name])

    def handle_data(self, data):
        self.text.append(data)


def test_report_html_is_self_contained_escaped_and_french_by_default(journal: Path, tmp_path: Path):
    out = tmp_path / "r.html"
    result = run("report", str(journal), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    page = _Checker()
    page.feed(html)
    assert page.lang == "fr"
    assert page.external == [] and "script" not in page.tags and "link" not in page.tags
    assert "svg" in page.tags and "style" in page.tags and "table" in page.tags
    assert "@media print" in html
    text = "".join(page.text)
    assert "Grille des critères" in text and "Transcription annotée" in text and "Négociation" in text
    assert f"Issue{NBSP}:" in text
    assert "Contrat <b>signé</b> & conclu." in text  # the author's text is shown, not interpreted
    assert "Atteinte de l'objectif de l'entretien" in text
    assert f"Objectif atteint. Fin de l'entretien (tour 12){NBSP}: Contrat <b>signé</b> & conclu." in text
    assert "&lt;b&gt;signé&lt;/b&gt; &amp; conclu." in html
    # the header's words are French too (it said « Mode : practice »), and the outcome the app's « réussite »
    assert f"Mode{NBSP}: entraînement" in text or "Modeentraînement" in text.replace(NBSP, "").replace(" ", "")
    assert "practice" not in text and "succès" not in text


def test_report_html_and_markdown_in_english(journal: Path):
    html = run("report", str(journal), "--format", "html", "--lang", "en").output
    assert '<html lang="en">' in html and "Criteria grid" in html and "Annotated transcript" in html
    assert "practice" in html and "entraînement" not in html
    md = run("report", str(journal), "--format", "md", "--lang", "en").output
    assert md.startswith("# Debrief — ") and "| Criterion | Level | Points | Mark |" in md


def test_report_markdown(journal: Path):
    result = run("report", str(journal), "--format", "md")
    assert result.exit_code == 0, result.output
    md = result.output
    assert md.startswith("# Débriefing — Négociation de test")
    assert "## Grille des critères" in md and "## Transcription annotée" in md
    row = next(line for line in md.splitlines() if line.startswith("| Négocier le prix et les conditions"))
    assert "| Acquis |" in row  # the jury's notes on the criterion, if any, sit in its cell


def test_reports_are_deterministic(journal: Path):
    for fmt in ("text", "md", "html", "json"):
        assert run("report", str(journal), "--format", fmt).output == run("report", str(journal), "--format", fmt).output


def test_report_errors_are_explained(tmp_path: Path, journal: Path):
    missing = run("report", str(tmp_path / "absent.jsonl"))
    assert missing.exit_code == 2 and "introuvable" in missing.output and "Traceback" not in missing.output
    broken = tmp_path / "casse.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n", encoding="utf-8")
    result = run("report", str(broken))
    assert result.exit_code == 1 and "journal illisible" in result.output and "Traceback" not in result.output
    out = run("report", str(journal), "--format", "pdf")
    assert out.exit_code == 2


def test_render_refuses_an_unknown_format():
    _, d = expert_debrief()
    with pytest.raises(ValueError, match="format de rapport inconnu"):
        render(d, "pdf")


# ---------------------------------------------------------------- the objective of the interview

def unwrapped(text: str) -> str:
    """The text with its line wrapping undone (no-break spaces kept)."""
    return re.sub(r"[ \n]+", " ", text)


def _row(md: str, start: str) -> str:
    return next(line for line in md.splitlines() if line.startswith(start))


def test_every_format_shows_the_objective_with_the_ending_as_its_evidence():
    from test_scoring_scenarios import PROSPECT, prospect

    _, d = expert_debrief()
    text = render(d, "text")
    assert f"► Atteinte de l'objectif de l'entretien{NBSP}: Acquis — 20/20 (poids 10)" in text
    assert f"Objectif atteint. Fin de l'entretien (tour 12){NBSP}: Contrat signé." in text
    md = render(d, "md")
    row = _row(md, "| **Atteinte de l'objectif de l'entretien**")
    assert f"Fin de l'entretien (tour 12){NBSP}: Contrat signé." in row and row.endswith(f"| Acquis | 100{NBSP}% | 20/20 |")
    assert "(poids 10)" in row
    # the row is the last of the assessed block, right before the next block's heading
    lines = md.splitlines()
    assert lines[lines.index(row) - 1].startswith("| Traiter les aléas et les réclamations |")
    html = render(d, "html")
    assert '<tr class="objective">' in html and "Contrat signé." in html.split('<tr class="objective">')[1][:600]
    assert "réussite 100" in html and "résultat partiel 40" in html  # how the mark is computed says it
    doc = __import__("json").loads(render(d, "json"))
    assert doc["objective"]["status"] == "success" and doc["objective"]["ending"] == "gagne"
    assert doc["objective"]["block_weights"] == {"negociation": 10} and doc["objective"]["ratios"]["partial"] == 0.4
    DebriefDocument.model_validate(doc)
    # a partial ending, in English
    partial = score(prospect(), default_rubric(), play(prospect(), "presenter", "pitch", "croc", "seul-choix", "vague").turns)
    en = unwrapped(render(partial, "text", "en"))
    assert "► Reaching the interview's objective: In progress — 8/20 (weight 5.5)" in en
    assert "Objective partly reached. End of the interview (turn 5): Rendez-vous flou." in en
    assert "| In progress | 40% | 8/20 |" in render(partial, "md", "en")
    # the evidence is the ending the moves reached, worded as the scenario words it
    o = partial.objective
    assert (o.status, o.ending, o.turn, o.ratio) == ("partial", "fin-vague", 5, 0.4)
    assert f'  fin-vague:\n    phase: fin\n    end: {{outcome: partial, summary: "{o.summary}"}}' in PROSPECT


def test_an_unfinished_session_shows_the_objective_as_not_assessed():
    session = play(nego(), *NEGO_EXPERT[:3])
    d = score(nego(), default_rubric(), session.turns)
    text = render(d, "text")
    assert f"► Atteinte de l'objectif de l'entretien{NBSP}: Non évalué" in text
    assert f"Session non terminée{NBSP}: l'objectif n'est pas encore évalué." in text
    row = _row(render(d, "md"), "| **Atteinte de l'objectif de l'entretien**")
    assert row.endswith("| Non évalué | — | — |")
    html = render(d, "html")
    assert '<tr class="objective dim">' in html
    assert __import__("json").loads(render(d, "json"))["objective"]["status"] is None


def test_a_timed_up_session_says_so_in_the_header_and_the_grid():
    session = play(nego(), *NEGO_EXPERT[:3])
    d = score(nego(), default_rubric(), session.turns, ending="time_up")
    text = unwrapped(render(d, "text"))
    assert f"Issue{NBSP}: temps écoulé" in text
    assert "Temps écoulé avant d'atteindre l'objectif. Session arrêtée avant une fin du scénario (tour 3)." in text
    assert "Non acquis — 0/20 (poids 10)" in text
    assert "temps écoulé" in render(d, "html") and "temps écoulé" in render(d, "md")


def test_every_format_lists_the_hints_beside_the_mark_and_none_without():
    session, plain = expert_debrief()
    helped = score(nego(), default_rubric(), session.turns, hints=[5, 2, 5])
    fr = "3 (avant les tours 2 et 5) — la note n'en tient pas compte"
    assert f"Indices demandés{NBSP}: {fr}" in unwrapped(render(helped, "text"))
    assert "Indices demandés" in render(helped, "md") and fr in render(helped, "md")
    assert "<dt>Indices demandés</dt><dd>3 (avant les tours 2 et 5)" in render(helped, "html")
    assert "Hints asked for: 3 (before turns 2 and 5) — not counted in the mark" in unwrapped(render(helped, "text", "en"))
    assert json.loads(render(helped, "json"))["hints"] == [2, 5, 5]
    for fmt in ("text", "md", "html"):
        assert "Indices demandés" not in render(plain, fmt)
    assert json.loads(render(plain, "json"))["hints"] == []
    assert helped.mark == plain.mark


# ---------------------------------------------------------------- points lost to errors

def _with_errors(debrief, penalties: int):
    """The expert debrief with its first evaluated criterion failed by errors alone (no good move on offer)."""
    import dataclasses
    cid = next(c.id for c in debrief.criteria.values() if c.evaluated)
    failed = dataclasses.replace(debrief.criteria[cid], level="non_acquis", points=0, max=0, earned=0,
                                 penalties=penalties)
    return dataclasses.replace(debrief, criteria={**debrief.criteria, cid: failed}), failed


@pytest.mark.parametrize(("lang", "shown"), [("fr", f"0/0 pts (erreurs{NBSP}: \u22124)"),
                                             ("en", "0/0 pts (errors: \u22124)")])
def test_a_criterion_failed_by_errors_shows_what_they_cost(lang, shown):
    # « 0/0 pts » alone reads as "nothing happened" to a jury: the errors that failed the criterion are shown
    _, d = expert_debrief()
    d, failed = _with_errors(d, -4)
    assert shown in render_debrief_text(d, lang=lang).replace("\n      ", " ")
    assert ("0/0 (erreurs" if lang == "fr" else "0/0 (errors") in render(d, "html", lang=lang)


def test_criteria_without_errors_show_no_error_figure():
    _, d = expert_debrief()
    assert all(c.penalties == 0 for c in d.criteria.values()), "the expert path makes no error"
    out = render_debrief_text(d) + render(d, "html") + render(d, "md")
    assert "(erreurs" not in out
