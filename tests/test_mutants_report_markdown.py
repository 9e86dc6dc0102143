"""The jury's Markdown report, line by line where a reader (or a Markdown renderer) depends on it: a blank line
before each heading and table, the written-work line of the header, English marks with a decimal point in an
English report, an observation per line in its cell, a « | » typed by the jury that cannot break the table, the
French typography of a report with no grading (issue 21: what the full mutation run of exam/report.py found
unchecked)."""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path

import pytest
from exam_support import KEY, PUBLIC, begin, play_randomly
from test_mutants_report import negotiation, plain, written_work  # noqa: F401 - fixtures

from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.exam.annotate import add_annotation
from simulator.exam.reason import Reason
from simulator.exam.record import load_exam
from simulator.exam.report import jury_data, mark_label, render_markdown
from simulator.exam.verify import INVALID, Problem, Verification
from simulator.i18n import t

pytestmark = pytest.mark.usefixtures("paris_time")


def test_headings_and_tables_stand_on_a_blank_line(negotiation):  # noqa: F811
    md = render_markdown(negotiation)
    for heading in ("## Note globale", "## Grille d'évaluation", "## Négociation du prix", "## Transcription"):
        assert f"\n\n{heading}" in md, heading
    lines = md.split("\n")
    at = lines.index("| Bloc | Note | Niveau |")
    assert lines[at - 1] == "" and lines[at + 1] == "|---|---|---|"


def test_the_header_names_the_written_work_phase_when_there_was_one(written_work, negotiation):  # noqa: F811
    for lang in ("fr", "en"):
        d = jury_data(written_work, lang)
        colon = "\u00a0:" if lang == "fr" else ":"
        line = f"- **{t('jury.writing', lang)}**{colon} {d['writing']['label']}"
        assert line in render_markdown(written_work, lang).split("\n"), lang
        assert f"- **{t('jury.writing', lang)}**" not in render_markdown(negotiation, lang)  # no written phase


def test_an_english_report_writes_every_mark_with_a_decimal_point(negotiation):  # noqa: F811
    d = jury_data(negotiation, "en")
    md = render_markdown(negotiation, "en")
    lines = md.split("\n")
    assert f"## Overall mark: {mark_label(d['mark'], 'en')}" in lines and "," not in mark_label(d["mark"], "en")
    for b in d["blocks"]:
        assert any(line.startswith("| ") and f"| {mark_label(b['mark'], 'en')} | {b['level_label']} |" in line
                   for line in lines), b["title"]
    for c in d["criteria"]:
        row = next(line for line in lines if line.startswith(f"| {c['title']} |"))
        assert row.split(" | ")[3] == mark_label(c["mark"], "en")


def test_each_observation_is_a_line_of_its_cell(negotiation):  # noqa: F811
    d = jury_data(negotiation)
    md = render_markdown(negotiation)
    c = next(c for c in d["criteria"] if len(c["observations"]) >= 2)
    first, second = c["observations"][:2]
    joined = f"{first['sign']} {first['text']} ({first['turns_label']})<br>{second['sign']} {second['text']}"
    assert plain(joined) in plain(md)


def test_a_bar_in_a_jury_comment_cannot_break_the_grid(tmp_path):
    sc = load_scenario(resolve_scenario("assurance-artisan"))
    run, clock = begin(sc, tmp_path, candidate="Camille Lefèvre", seed=7, interview=20)
    clock.advance(60)
    play_randomly(run, clock, random.Random(3), price_bias=0.8)
    add_annotation(run.path, KEY, "Mme Durand", "2025-06-02T09:00:00+00:00", "Vu.", {"n_prix": "Prix | concession"})
    rec = load_exam(run.path, PUBLIC)
    row = next(line for line in render_markdown(rec).split("\n") if "**Jury**" in line and "concession" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == 6 and row.startswith("| ") and row.endswith(" |")  # five cells
    assert "Prix \\/ concession" in row  # the jury's bar as a slash (escaped: Markdown shows « Prix / concession »)


def test_a_report_with_no_grading_keeps_french_typography_and_its_blank_line(negotiation, tmp_path):  # noqa: F811
    forged = tmp_path / "forged.jsonl"
    forged.write_bytes(negotiation.path.read_bytes().replace(b"Camille", b"Camilla", 1))
    md = render_markdown(load_exam(forged, PUBLIC))
    assert md.endswith("\n\n**Aucune correction**\u00a0: l'enregistrement n'est pas vérifiable.\n")
    assert "- **Candidat(e)**\u00a0: Camilla Lefèvre" in md


def test_a_seal_problem_with_no_line_says_so_with_a_dash(negotiation):  # noqa: F811
    whole = Problem("empty", Reason("verify.empty"))  # about the whole record: no line to point at
    rec = copy.copy(negotiation)
    rec.verification = Verification(negotiation.path, INVALID, [whole])
    assert f"  - {t('jury.line', 'fr', line='—')}" in render_markdown(rec)


def test_the_report_ends_with_a_place_for_the_jurys_remarks_and_signatures(negotiation):  # noqa: F811
    for lang, colon in (("fr", "\u00a0:"), ("en", ":")):
        lines = render_markdown(negotiation, lang).split("\n")
        assert lines[-14:] == ["", f"## {t('jury.remarks_and_signatures', lang)}", "",
                               f"{t('jury.remarks_short', lang)}{colon}", "", "&nbsp;", "", "&nbsp;", "",
                               f"| {t('jury.name', lang)} | {t('jury.date', lang)} | {t('jury.signature', lang)} |",
                               "|---|---|---|", "| | | |", "| | | |", ""], lang


def test_each_section_of_the_written_work_stands_on_a_blank_line(written_work):  # noqa: F811
    d = jury_data(written_work)
    md = render_markdown(written_work)
    assert d["written"]["sections"]
    for section in d["written"]["sections"]:
        assert f"\n\n### {section['title']}\n\n" in md, section["title"]



def test_the_english_html_report_puts_its_colons_where_an_english_reader_expects(negotiation):  # noqa: F811
    from markupsafe import escape

    from simulator.exam.report import render_html

    d = jury_data(negotiation, "en")
    html = render_html(negotiation, "en")
    assert f"<strong>{t('jury.seal_long', 'en')}: {d['seal']['label']}</strong>" in html
    french = render_html(negotiation)
    seal = f"{t('jury.seal_long', 'fr')}\u00a0: {jury_data(negotiation)['seal']['label']}"
    assert f"<strong>{escape(seal)}</strong>" in french


# ---------------------------------------------------------------- the written work as the jury reads it

def test_the_written_work_in_an_english_report_is_in_english(written_work):  # noqa: F811
    from simulator.report.written import pre_grade_word, work_title, written_sections

    en, fr = jury_data(written_work, "en")["written"], jury_data(written_work)["written"]
    assert [w["title"] for w in en["works"]] == [work_title(w["kind"], "en") for w in en["works"]]
    assert [w["title"] for w in en["works"]] != [w["title"] for w in fr["works"]]
    assert [r["label"] for w in en["works"] for r in w["rows"]] != [r["label"] for w in fr["works"] for r in w["rows"]]
    [pre] = written_work.debrief.written.jury
    [q_en], [q_fr] = en["questions"], fr["questions"]
    assert (q_en["auto_label"], q_fr["auto_label"]) == (pre_grade_word(pre, "en"), pre_grade_word(pre, "fr"))
    assert q_en["expected"] == pre.expected("en") != q_fr["expected"]
    assert [s["title"] for s in en["sections"]] == [title for title, _ in
                                                   written_sections(written_work.debrief, "en")[1:]]


def test_written_work_of_a_record_that_could_not_be_replayed_is_still_shown(written_work):  # noqa: F811
    # no session, no debrief: the self-assessment (by criterion id), the questions and their answers, nothing guessed
    rec = copy.copy(written_work)
    rec.session, rec.debrief = None, None
    w = jury_data(rec)["written"]
    assert [x["kind"] for x in w["works"]] == ["self_assessment"]  # the forms of the others need the scenario
    labels = [r["label"] for r in w["works"][0]["rows"]]
    assert "n_conclusion" in labels
    [q] = w["questions"]
    assert (q["answer"], q["auto"], q["expected"]) == ("Une réponse", None, "")
    assert q["auto_label"] == t("report.written.auto_none", "fr") and w["sections"] == []


def interview_over(folder: Path, questions: int):
    """An exam on the small exam scenario, its interview played to the end (first option each move), in its
    writing phase (10 minutes) with ``questions`` questions drawn."""
    from exam_support import exam_scenario

    from simulator.engine.session import ChoiceInput

    folder.mkdir(parents=True, exist_ok=True)
    run, clock = begin(exam_scenario(folder), folder / "r", after=10, questions=questions, preparation=0)
    run.start_interview()
    while not run.session.ended:
        clock.advance(10)
        run.step(ChoiceInput(run.session.choices()[0].id))
    return run


def test_the_answers_are_not_a_work_and_works_show_without_questions(tmp_path):
    from simulator.written.model import CrmNote, JuryAnswer, JuryAnswers

    run = interview_over(tmp_path / "a", questions=1)
    # the answers to the jury's questions are shown with the questions, not as a work
    run.save_work(JuryAnswers(tuple(JuryAnswer(q.id, q.text_fr, "Oui") for q in run.questions)), final=True)
    run.save_work(CrmNote(outcome="vente", needs="Être livré vite."), final=True)
    run.finish_writing()
    assert [w["kind"] for w in jury_data(load_exam(run.path, PUBLIC))["written"]["works"]] == ["crm_note"]
    alone = interview_over(tmp_path / "b", questions=0)
    alone.save_work(CrmNote(outcome="vente", needs="Être livré vite."), final=True)
    alone.finish_writing()
    written = jury_data(load_exam(alone.path, PUBLIC))["written"]
    assert written is not None and written["questions"] == [] and [w["kind"] for w in written["works"]] == ["crm_note"]


# ---------------------------------------------------------------- what the report says of the record itself

def test_a_time_up_objective_reads_its_label_alone(tmp_path):
    from exam_support import exam_scenario

    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", preparation=0, interview=1)
    run.start_interview()
    clock.advance(120)  # no ending reached: no summary to quote
    assert run.tick() == "ended"
    rec = load_exam(run.path, PUBLIC)
    assert rec.debrief.objective.summary is None
    objective = next(c for c in jury_data(rec)["criteria"] if c["id"] == "objectif")
    assert objective["observations"][0]["text"] == localise_fr(rec.debrief.objective.label("fr"))


def localise_fr(text: str) -> str:
    from simulator.content.typography import localise

    return localise(text, "fr")


def test_an_unreadable_record_reports_why_in_the_readers_language(tmp_path):
    path = tmp_path / "illisible.jsonl"
    path.write_text("pas du JSON\n", encoding="utf-8")
    rec = load_exam(path, PUBLIC)
    fr, en = jury_data(rec), jury_data(rec, "en")
    assert fr["annotations"] == [] == en["annotations"] and not fr["graded"]
    from simulator.store.notice import shown

    assert en["error"] == shown(rec.error, "en") != fr["error"] == shown(rec.error, "fr")
    assert en["error"] in render_markdown(rec, "en")


def test_the_seal_problems_are_worded_in_the_readers_language(negotiation, tmp_path):  # noqa: F811
    forged = tmp_path / "forged.jsonl"
    forged.write_bytes(negotiation.path.read_bytes().replace(b"Camille", b"Camilla", 1))
    rec = load_exam(forged, PUBLIC)
    fr, en = jury_data(rec)["seal"]["problems"], jury_data(rec, "en")["seal"]["problems"]
    assert en[0]["message"] == rec.verification.problems[0].text("en") != fr[0]["message"]


def test_a_signed_annotation_read_without_the_jurys_key_is_not_reported_as_a_problem(negotiation):  # noqa: F811
    rec = load_exam(negotiation.path, None)
    assert any(p.code == "no_key" for p in rec.annotations.problems)  # the record says so once, in its seal status
    assert jury_data(rec)["annotation_problems"] == [p.text("fr") for p in rec.annotations.problems
                                                     if p.code != "no_key"]
    assert "no_key" not in " ".join(jury_data(rec)["annotation_problems"])


def test_an_english_report_words_the_written_phase_and_the_notices_in_english(written_work):  # noqa: F811
    from simulator.exam.report import _duration_label
    from simulator.store.notice import shown

    en = jury_data(written_work, "en")
    assert en["writing"]["label"] == _duration_label(written_work.writing_seconds, written_work.exam["after_minutes"],
                                                     "en") != jury_data(written_work)["writing"]["label"]
    assert en["notices"] == [shown(n, "en") for n in written_work.notices] != jury_data(written_work)["notices"]
    rows = [r["text"] for w in en["written"]["works"] if w["kind"] == "self_assessment" for r in w["rows"]]
    assert "Achieved" in rows and "Acquis" not in rows  # the level the candidate chose, in English


def test_without_a_replay_an_english_report_still_titles_and_words_the_written_work_in_english(written_work):  # noqa: F811
    rec = copy.copy(written_work)
    rec.session, rec.debrief = None, None
    w = jury_data(rec, "en")["written"]
    [q] = w["questions"]
    assert q["auto_label"] == t("report.written.auto_none", "en") != t("report.written.auto_none", "fr")
    assert "n_conclusion" in [r["label"] for r in w["works"][0]["rows"]]  # no debrief: the criterion by its id


def test_an_unanswered_question_shows_what_the_jury_expects_in_the_readers_language(tmp_path):
    from simulator.written.jury_grading import questions_for

    run = interview_over(tmp_path, questions=1)
    run.finish_writing()  # the question is never answered
    rec = load_exam(run.path, PUBLIC)
    [q_en] = jury_data(rec, "en")["written"]["questions"]
    asked = questions_for(rec.session.scenario)[q_en["id"]]
    assert q_en["answer"] == "" and q_en["auto_label"] == t("report.written.auto_none", "en")
    assert q_en["expected"] == asked.expected("en") and asked.expected("en") != asked.expected("fr")


def test_a_scenario_drawn_from_a_pool_names_the_pool(tmp_path):
    from exam_support import exam_scenario

    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", preparation=0, interview=1,
                       pool=("examen", "assurance-artisan"))
    clock.advance(120)
    run.tick()
    assert jury_data(load_exam(run.path, PUBLIC))["scenario"]["pool"] == ["assurance-artisan", "examen"]


def test_a_pre_graded_answer_is_labelled_with_its_pre_grade(tmp_path):
    from exam_support import exam_scenario
    from test_exam_writing import written_exam

    from simulator.report.written import pre_grade_word

    rec = load_exam(written_exam(exam_scenario(tmp_path), tmp_path / "r").path, PUBLIC)
    graded = {a.question_id: a for a in rec.debrief.written.jury}
    pre_graded = [q for q in jury_data(rec)["written"]["questions"] if q["auto"] is not None]
    assert pre_graded  # (the unanswered question is pre-graded wrong)
    for q in pre_graded:
        assert q["auto_label"] == pre_grade_word(graded[q["id"]], "fr") != t("report.written.auto_none", "fr")
