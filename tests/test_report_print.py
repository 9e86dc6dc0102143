"""The HTML report printed on A4 (issue 17): a 17-turn call used to take 8 pages, the criteria squeezed into a
column of a few words beside an empty one. Printed here by a real chromium (Debian's, installed by .ci/run)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from serve_support import launch_chromium

from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.report.html import render_html
from simulator.scoring import default_rubric, score
from simulator.store.index import SessionIndex
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession

# A 17-turn prospecting call (services-proprete): CROC, a CRAC, objections, two attempts at the meeting.
CALL = ["se-presenter-verifier", "motif-clair", "croc-contact", "question-ouverte-flex", "doc-oui-mais", "pitch-offre",
        "question-fermee-satisfaite", "vers-rdv-2", "contrat-creuser", "contrat-reformuler-argumenter",
        "contrat-controler", "doc-argument", "doc-oui-mais", "question-suivi", "pitch-appli", "vers-rdv",
        "reunion-insister"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> bytes:
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("print")
    scenario = load_scenario(resolve_scenario("services-proprete"))
    rec = RecordedSession.start(scenario, seed=236, learner="Camille Dupont", folder=folder / "sessions",
                                index=SessionIndex(folder / "index.sqlite3"))
    for move in CALL:
        rec.step(ChoiceInput(move))
    assert rec.session.ended and len(rec.session.turns) == 17
    journal = read_journal(rec.path)
    debrief = score(scenario, default_rubric(), rec.session.turns)
    page_file = folder / "rapport.html"
    page_file.write_text(render_html(debrief, "fr", header=journal.header, scenario=scenario), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        browser.close()
    return pdf


def test_a_17_turn_call_prints_on_few_a4_pages(printed):
    pages = len(re.findall(rb"/Type\s*/Page\b", printed))
    assert 1 <= pages <= 5, pages


def test_the_criteria_column_is_not_squeezed_by_a_block_not_assessed(tmp_path: Path):
    """The block's « non évalué (…) » sat in the marks column, unbreakable: it now spans the row."""
    template = (Path(__file__).resolve().parent.parent / "simulator" / "report" / "templates" /
                "report.html.j2").read_text(encoding="utf-8")
    row = next(line for line in template.splitlines() if 'class="sep"' in line)
    assert 'colspan="4"' in row and 'class="num"' not in row
