"""Written work in the plain players (issue 18): the preparation sheet before the interview, the self-assessment,
CRM note and email before the grid, the exam's writing phase with the jury's questions; drafts saved as the
learner types, so leaving (or being killed) loses nothing and a practice session resumes into what is left."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from exam_support import KEY, begin, exam_scenario
from factories import MINIMAL
from hypothesis import example, given, settings
from hypothesis import strategies as st
from plain_written_support import Learner

from simulator.content.loader import load_scenario
from simulator.exam.record import load_exam
from simulator.exam.verify import verify_record
from simulator.player.plain import PlainIO, PlainPlayer
from simulator.player.plain_exam import ExamPlainPlayer
from simulator.player.plain_forms import fill_form
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession
from simulator.written.model import CRM_OUTCOMES, CrmNote
from simulator.written.records import works_of

SHEET = {"Questions que vous prévoyez": ["Quels sont vos délais ?", "Qui d'autre décide ?", "Quel budget ?"],
         "Votre argument d'ouverture": ["Livré en 48 heures."], "Mobiles": "1 5"}
AFTER = {"Votre meilleur moment": "1", "Pourquoi": ["J'ai posé une question ouverte."],
         "Votre moment le plus faible": "2", "Qu'auriez-vous dû faire": ["Reformuler avant de conclure."],
         "Résultat de l'entretien": "2", "Besoins découverts": ["Être livré vite."],
         "Prochaine étape": "Livraison", "Date de la prochaine étape": "14/01/2027",
         "Objet": "Suite à notre entretien",
         "Message": ["Madame,", "", "Merci pour votre accueil.", "", "Cordialement,"]}  # an email has paragraphs


@pytest.fixture
def mini(tmp_path: Path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return load_scenario(path)


def lines(path):
    return [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines()]


def practice(scenario, learner, home, rec=None, resumed=False):
    rec = rec or RecordedSession.start(scenario, seed=1, learner="Léa", folder=home / "sessions")
    code = PlainPlayer(rec, PlainIO(learner.read_line, learner.write)).run(resumed=resumed)
    return rec, code


def test_the_sheet_before_the_first_move_then_the_written_work_before_the_grid(mini, home):
    learner = Learner(["f", "question", "conclure", ""], {**SHEET, **AFTER})
    rec, code = practice(mini, learner, home)
    assert code == 0
    records = lines(rec.path)
    kinds = [(r["type"], r.get("kind")) for r in records]
    first_move = kinds.index(("input", None))
    assert ("work", "preparation") in kinds[:first_move]  # written before the interview, not after
    end = kinds.index(("end", None))
    assert {k for t, k in kinds[end:] if t == "work"} == {"self_assessment", "crm_note", "email"}
    works = works_of(records)
    assert all(saved.final for saved in works.values()) and len(works) == 4
    sheet = works["preparation"].work
    assert sheet.questions == tuple(SHEET["Questions que vous prévoyez"]) and sheet.motives == ("securite", "argent")
    crm = works["crm_note"].work
    assert (crm.outcome, crm.next_date, crm.needs) == ("vente", "2027-01-14", "Être livré vite.")
    assert works["email"].work.body == "Madame,\n\nMerci pour votre accueil.\n\nCordialement,"
    assert works["self_assessment"].work.best_turn == 1 and set(works["self_assessment"].work.levels) > set()
    text = learner.text
    # the self-assessment comes before the grid is shown, and the debrief then reads the written work
    assert text.index("VOTRE AUTO-ÉVALUATION") < text.index("Note globale")
    # a draft after every answer: the sheet has more saves than its one submission
    assert sum(1 for r in records if r.get("kind") == "preparation" and not r["final"]) >= 4


def test_the_sheet_is_refused_once_the_interview_has_begun_and_can_be_skipped(mini, home):
    learner = Learner(["question", "f", "conclure", "n"])
    rec, _ = practice(mini, learner, home)
    assert "La fiche de préparation se remplit avant l'entretien" in learner.text
    assert works_of(lines(rec.path)) == {}  # nothing written: skipped before the grid too
    assert "Note globale" in learner.text


def test_leaving_mid_form_keeps_the_draft_and_resuming_comes_back_to_it(mini, home):
    learner = Learner(["question", "conclure", ""], AFTER, stop_at="Prochaine étape")  # the input ends there
    rec, _ = practice(mini, learner, home)
    works = rec.works
    assert works["self_assessment"].final and not works["crm_note"].final
    assert works["crm_note"].work.outcome == "vente"  # typed before leaving: kept
    assert "negosim play --plain --resume" in learner.text
    path = rec.path
    rec.journal.close()
    again = Learner([""], {**AFTER, "Prochaine étape": "Rappeler lundi"})
    resumed, code = practice(mini, again, home, rec=RecordedSession.resume(path), resumed=True)
    assert code == 0 and "Actuellement : Vente conclue" in again.text  # the draft is shown again
    assert "VOTRE AUTO-ÉVALUATION" not in again.text  # handed in already: not asked again
    crm = resumed.works["crm_note"]
    assert crm.final and (crm.work.outcome, crm.work.next_step) == ("vente", "Rappeler lundi")
    assert [i.choice for i in read_journal(path).inputs] == ["question", "conclure"]


def test_a_value_that_does_not_read_is_asked_again_with_the_reason(mini, home):
    learner = Learner(["question", "conclure", ""], {**AFTER, "Date de la prochaine étape": "demain"}, recap="n")
    practice(mini, learner, home)
    assert "date attendue sous la forme JJ/MM/AAAA" in learner.text


def test_too_few_questions_are_kept_in_the_draft_not_dropped(mini, home):
    """Played as a weak learner: two questions where three are asked for. They are said to be too few, and they
    stay in the sheet (Enter at the question keeps them) instead of vanishing."""
    two = ["Vous êtes content de votre machine ?", "Vous avez un budget ?"]
    learner = Learner(["f", "n", "question", "conclure", "n"], {"Questions que vous prévoyez": two}, recap="n")
    rec, _ = practice(mini, learner, home)
    assert "au moins 3" in learner.text
    sheet = works_of(lines(rec.path))["preparation"]
    assert sheet.work.questions == tuple(two) and not sheet.final


@pytest.fixture
def exam_sc(tmp_path):
    return exam_scenario(tmp_path)


def test_plain_exam_sheet_in_the_preparation_then_the_writing_phase_and_the_jury_questions(exam_sc, tmp_path):
    run, clock = begin(exam_sc, tmp_path / "r", seed=4, after=10, questions=2)
    answers = {**SHEET, **AFTER}
    learner = Learner(["f", "", "1", "1", "1", "1", "1"], answers, tick=lambda: clock.advance(5))
    code = ExamPlainPlayer(run, PlainIO(learner.read_line, learner.write)).run()
    assert code == 0 and run.result is not None and run.result.outcome == "success"
    text = learner.text
    assert "Puis 10 min pour les écrits" in text and "Écrits après l'entretien : vous avez 10 min." in text
    assert "Écrits remis." in text and text.index("Écrits remis.") < text.index("Note globale")
    assert any(p.startswith("[Reste 9:") for p in learner.prompts)  # the writing countdown at every prompt
    records = lines(run.path)
    started = next(r for r in records if r.get("event") == "writing_started")
    assert len(started["questions"]) == 2
    assert verify_record(run.path, KEY).ok
    rec = load_exam(run.path, KEY)
    assert set(rec.works) == {"preparation", "self_assessment", "crm_note", "email", "jury_answers"}
    answers_put = rec.works["jury_answers"].work.answers
    assert [a.question_id for a in answers_put] == [q["id"] for q in started["questions"]]
    assert [a.question for a in answers_put] == [q["text_fr"] for q in started["questions"]]
    assert rec.writing_end == "done" and rec.debrief.written is not None


def test_plain_exam_writing_time_up_hands_in_what_was_saved(exam_sc, tmp_path):
    run, clock = begin(exam_sc, tmp_path / "r", seed=4, after=1, questions=0, preparation=0)
    learner = Learner(["1", "1", "1", "1", "1"], AFTER, tick=lambda: clock.advance(4))  # 4 s a line: 1 min runs out
    ExamPlainPlayer(run, PlainIO(learner.read_line, learner.write)).run()
    assert run.result is not None and run.result.writing_seconds == 60
    assert "Temps des écrits écoulé" in learner.text
    rec = load_exam(run.path, KEY, grade=False)
    assert rec.writing_end == "time_up" and "self_assessment" in rec.works
    assert verify_record(run.path, KEY).ok


def test_plain_exam_end_of_input_during_the_writing_seals_with_the_drafts(exam_sc, tmp_path):
    run, clock = begin(exam_sc, tmp_path / "r", seed=4, after=10, questions=0, preparation=0)
    learner = Learner(["1", "1", "1", "1", "1"], AFTER, stop_at="Besoins découverts")
    ExamPlainPlayer(run, PlainIO(learner.read_line, learner.write)).run()
    rec = load_exam(run.path, KEY, grade=False)
    assert rec.writing_end == "abandoned" and not rec.works["crm_note"].final
    assert rec.works["crm_note"].work.outcome == "vente" and verify_record(run.path, KEY).ok


def test_every_report_format_shows_the_written_work(mini, home):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    learner = Learner(["f", "question", "conclure", ""], {**SHEET, **AFTER})
    rec, _ = practice(mini, learner, home)
    assert "\nÉcrits\n" in learner.text and "Fiche de préparation (version définitive)" in learner.text
    runner = CliRunner()
    doc = json.loads(runner.invoke(cli, ["report", str(rec.path), "--format", "json"]).output)
    assert doc["written"]["works"] == ["preparation", "crm_note", "email", "self_assessment"]
    assert doc["written"]["drafts"] == [] and doc["written"]["findings"]
    assert {c["id"] for c in doc["criteria"]} >= {"n_preparation", "n_suivi"}  # graded from the written work
    for fmt in ("text", "md", "html"):
        out = runner.invoke(cli, ["report", str(rec.path), "--format", fmt]).output
        assert "Écrits" in out and "Courriel de suivi" in out, fmt


@functools.cache  # loaded once for the property below (loading is most of an example's cost)
def _price_scenario():
    from factories import MINIMAL_PRICE

    from simulator.content.loader import load_scenario_text

    return load_scenario_text(MINIMAL_PRICE, "prix.yaml")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["", "-", "1", "2 1", "99", "n", "14/01/2027", "8 500"])),
                max_size=60))
@example(lines=["", "", "", "", "", "", "", "", "¹"])  # found by Hypothesis: « ¹ ».isdigit(), but int() refuses it
def test_whatever_is_typed_a_form_ends_without_a_traceback_and_saves_only_what_reads(lines):
    from simulator.written.forms import crm_form

    scenario = _price_scenario()
    saves = []

    class Out:
        lang = "fr"

        def say(self, text=""):
            pass

        def para(self, text, indent=""):
            pass

    feed = iter(lines)
    def save(work, final):
        saves.append((work, final))
        return True

    work = fill_form(Out(), crm_form(scenario), lambda prompt: next(feed, None), save)
    for saved, _ in saves:  # a draft holds only values that read: an outcome on offer, an amount, an ISO date
        assert isinstance(saved, CrmNote) and saved.outcome in ("", *CRM_OUTCOMES)
        assert saved.price is None or (isinstance(saved.price, int) and saved.price >= 0)
        assert not saved.next_date or re.fullmatch(r"\d{4}-\d{2}-\d{2}", saved.next_date)
    assert work is None or (saves and saves[-1] == (work, True))  # handed in: its last save is the final one
    assert sum(final for _, final in saves) <= 1


def test_the_free_text_player_opens_the_sheet_too(mini, home):
    from simulator.player.free_text import FreeTextPlayer

    learner = Learner(["f", "q"], SHEET)
    rec = RecordedSession.start(mini, seed=1, learner="Léa", folder=home / "sessions")
    FreeTextPlayer(rec, PlainIO(learner.read_line, learner.write)).run()
    assert "FICHE DE PRÉPARATION" in learner.text and rec.works["preparation"].final
    assert not rec.session.turns  # « f » is a command, never a line said to the client


def test_resume_last_comes_back_to_written_work_left_as_a_draft(mini, home):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    runner = CliRunner()
    first = runner.invoke(cli, ["play", "--plain", str(Path(mini.file)), "--learner", "Léa", "--seed", "1"],
                          input="question\nconclure\n\n1\n")  # the first answer of the self-assessment, then gone
    assert first.exit_code == 0 and "Les écrits non remis sont gardés" in first.output
    again = runner.invoke(cli, ["play", "--plain", "--resume", "last", "--learner", "Léa"], input="n\n")
    assert again.exit_code == 0, again.output
    assert "Avant de voir la grille" in again.output  # back to the written work, not to an older session
    assert "Session reprise après 2 tours." in again.output
