"""The exam's writing phase (issue 18): after the interview, its own countdown; the preparation sheet during the
preparation time; every save journaled (drafts as typed) and covered by the seal; killed mid-writing, nothing
written is lost and the record stays unsealed until the jury seals it after the fact."""

from __future__ import annotations

import json

import pytest
from exam_support import KEY, begin, exam_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine.session import ChoiceInput
from simulator.exam.flow import DONE, ENDED, INTERVIEW, TIME_UP, WRITING, ExamError, ExamSetup
from simulator.exam.record import load_exam
from simulator.exam.seal import late_seal
from simulator.exam.verify import LATE, verify_record
from simulator.store.journal import Journal
from simulator.written.model import CrmNote, FollowUpEmail, JuryAnswer, JuryAnswers, PreparationSheet, SelfAssessment
from simulator.written.records import works_of


@pytest.fixture
def scenario(tmp_path):
    return exam_scenario(tmp_path)


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def play_to_the_end(run, clock):
    run.start_interview()
    run.step(ChoiceInput("presenter"))
    while not run.session.ended:
        clock.advance(10)
        offered = run.session.choices()
        handle = [c for c in offered if c.id.startswith("traiter")]
        run.step(ChoiceInput((handle or offered)[0].id))


def test_the_writing_phase_follows_the_interview_and_the_seal_covers_what_was_written(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=10, questions=0)
    run.save_work(PreparationSheet(decision_maker="client", questions=("Combien de sites ?",)))  # a draft
    clock.advance(60)
    play_to_the_end(run, clock)
    assert run.phase == WRITING and run.result is None and run.remaining == 600  # not sealed yet
    with pytest.raises(ExamError, match="l'entretien est terminé"):
        run.step(ChoiceInput("presenter"))
    with pytest.raises(ExamError, match="préparation écoulé"):  # the sheet is as it was when the interview began
        run.save_work(PreparationSheet(decision_maker="autre"))
    clock.advance(30)
    run.save_work(CrmNote(outcome="vente", next_step="Rappeler"))
    run.save_work(CrmNote(outcome="vente", next_step="Rappeler", next_date="2025-06-09"), final=True)
    run.save_work(FollowUpEmail(subject="Notre entretien"))  # handed in as a draft
    clock.advance(90)
    run.finish_writing()
    assert run.phase == ENDED and run.result.outcome == "success" and run.result.writing_seconds == 120
    lines = records(run.path)
    kinds = [(x["type"], x.get("event") or x.get("kind")) for x in lines]
    assert kinds[-8:] == [("end", None), ("exam", "interview_ended"), ("exam", "writing_started"),
                          ("work", "crm_note"), ("work", "crm_note"), ("work", "email"), ("exam", "writing_ended"),
                          ("seal", None)]
    assert ("work", "preparation") in kinds[:kinds.index(("end", None))]
    ended = lines[-2]
    assert (ended["reason"], ended["writing_seconds"], ended["works"]) == (DONE, 120, ["crm_note", "email"])
    assert verify_record(run.path, KEY).ok  # the written work is signed line by line and sealed with the rest
    rec = load_exam(run.path, KEY, grade=False)
    assert rec.writing_seconds == 120 and rec.writing_end == DONE
    assert set(rec.works) == {"preparation", "crm_note", "email"}
    assert rec.works["crm_note"].final and rec.works["crm_note"].work.next_date == "2025-06-09"
    assert not rec.works["email"].final and not rec.works["preparation"].final


def test_writing_time_up_seals_what_was_saved_and_refuses_later_saves(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=5, questions=0, preparation=0)
    play_to_the_end(run, clock)
    run.save_work(SelfAssessment(levels={"n_prix": "acquis"}, best_turn=1))
    clock.advance(299)
    assert run.tick() == WRITING and run.remaining == 1
    clock.advance(1)
    with pytest.raises(ExamError, match="terminée"):  # typed after the time: not written
        run.save_work(SelfAssessment(levels={"n_prix": "non_acquis"}))
    assert run.phase == ENDED and run.result.writing_seconds == 300
    rec = load_exam(run.path, KEY, grade=False)
    assert rec.writing_end == TIME_UP and rec.works["self_assessment"].work.levels == {"n_prix": "acquis"}
    assert verify_record(run.path, KEY).ok


def test_the_preparation_sheet_is_written_during_the_preparation_only(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=5, questions=0)
    with pytest.raises(ExamError, match="après l'entretien"):
        run.save_work(CrmNote(outcome="vente"))
    run.save_work(PreparationSheet(lead_argument="La livraison rapide"), final=True)
    clock.advance(600)  # the preparation time is over: the interview starts by itself
    with pytest.raises(ExamError, match="préparation écoulé"):
        run.save_work(PreparationSheet(lead_argument="autre chose"))
    assert run.phase == INTERVIEW
    assert works_of(records(run.path))["preparation"].work.lead_argument == "La livraison rapide"


def test_killed_mid_writing_keeps_every_draft_unsealed_until_a_late_seal(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=10, questions=0, preparation=0)
    play_to_the_end(run, clock)
    run.save_work(FollowUpEmail(subject="Suite à notre rendez-vous", body="Madame,"))
    run.save_work(FollowUpEmail(subject="Suite à notre rendez-vous", body="Madame, je vous remercie"))
    path = run.path
    run.rec.journal.close()  # the process dies here: no writing_ended, no seal
    v = verify_record(path, KEY)
    assert [p.code for p in v.problems] == ["not_sealed"] and "pendant les écrits" in v.problems[0].message
    assert works_of(v.records)["email"].work.body == "Madame, je vous remercie"  # the last draft is there
    late_seal(Journal.reopen(path), KEY, "2025-06-02T09:00:00.000+00:00", {"outcome": "success"})
    assert verify_record(path, KEY).status == LATE  # sealed after the fact: never valid as an exam


def test_abandon_during_the_writing_seals_at_once_and_an_abandoned_interview_has_no_writing(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "a", after=10, questions=0, preparation=0)
    play_to_the_end(run, clock)
    run.abandon()
    assert run.phase == ENDED and run.result.outcome == "success"  # the interview's outcome, not the writing's
    assert load_exam(run.path, KEY, grade=False).writing_end == "abandoned"
    seen = []
    run, clock = begin(scenario, tmp_path / "b", after=10, questions=0)
    run.listeners.append(lambda r: seen.append(r.phase))
    run.abandon()
    assert seen == [INTERVIEW, ENDED] and not any(x.get("event") == "writing_started" for x in records(run.path))


def test_the_writing_time_is_set_by_the_jury_and_checked(scenario):
    setup = ExamSetup.create(scenario, "Léa")
    assert (setup.after_minutes, setup.questions) == (15, 4)  # the default: 15 minutes, four questions
    assert setup.header()["after_minutes"] == 15
    assert ExamSetup.create(scenario, "Léa", after=0).questions == 0  # no writing phase, no questions
    for bad in (-1, 241):
        with pytest.raises(ExamError, match="écrits après l'entretien"):
            ExamSetup.create(scenario, "Léa", after=bad)
    with pytest.raises(ExamError, match="questions du jury"):
        ExamSetup.create(scenario, "Léa", questions=11)


def written_exam(scenario, folder, seed=4, questions=2):
    """An exam with its writing phase: a CRM note and an email handed in, the jury's questions answered."""
    run, clock = begin(scenario, folder, seed=seed, after=10, questions=questions, preparation=0)
    play_to_the_end(run, clock)
    run.save_work(CrmNote(outcome="vente", needs="Être livré vite.", next_step="Livraison", next_date="2027-01-14"),
                  final=True)
    run.save_work(FollowUpEmail(subject="Suite à notre entretien", body="Madame,\n<script>alert(1)</script>\nCordialement"),
                  final=True)
    answers = tuple(JuryAnswer(q.id, q.text_fr, "Entre 9 h et 20 h, du lundi au vendredi" if i == 0 else "")
                    for i, q in enumerate(run.questions))
    run.save_work(JuryAnswers(answers), final=True)
    run.finish_writing()
    return run


def test_the_jury_report_prints_the_written_work_and_a_place_to_grade_each_answer(scenario, tmp_path):
    from simulator.exam.report import jury_data, render_html, render_markdown

    run = written_exam(scenario, tmp_path / "r")
    rec = load_exam(run.path, KEY)
    data = jury_data(rec)
    written = data["written"]
    assert [w["kind"] for w in written["works"]] == ["crm_note", "email"] and all(w["final"] for w in written["works"])
    assert [q["id"] for q in written["questions"]] == [q.id for q in run.questions] and len(run.questions) == 2
    first, second = written["questions"]
    assert first["answer"].startswith("Entre 9 h") and second["answer"] == ""  # an unanswered question is still listed
    assert all(q["expected"] for q in written["questions"])  # what the jury expects, from the bank
    assert data["writing"]["allowed_minutes"] == 10
    md = render_markdown(rec)
    assert "## Questions du jury" in md and md.count("☐ juste") == 2 and "(pas de réponse)" in md
    assert "Suite à notre entretien" in md and "Écrits après l'entretien" not in md  # the heading, the times' label
    html = render_html(rec)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html  # the candidate's text is data
    assert html.count("☐ juste") == 2


def test_a_cohort_counts_the_written_criteria_and_says_which_work_was_done(scenario, tmp_path):
    from simulator.exam.cohort import build_cohort, to_csv

    with_work = written_exam(scenario, tmp_path / "a", questions=0)
    without, clock = begin(scenario, tmp_path / "b", preparation=0)  # after=0: no writing phase
    play_to_the_end(without, clock)
    cohort = build_cohort([with_work.path, without.path], KEY)
    assert cohort.counted == 2
    rows = {r.path: r for r in cohort.rows}
    assert rows[with_work.path].written_label == "CRM, courriel" and rows[without.path].written_label == "—"
    titles = [c.title for c in cohort.criteria]
    assert "Assurer le suivi de la vente" in titles  # graded from the CRM note and the email
    suivi = next(c.id for c in cohort.criteria if c.title == "Assurer le suivi de la vente")
    assert rows[with_work.path].levels[suivi] != "non_evalue" and suivi not in rows[without.path].levels
    header = to_csv(cohort).splitlines()[0].split(";")
    assert "écrits" in header and "Assurer le suivi de la vente" in header


def test_xapi_results_carry_the_written_criteria_and_the_works(scenario, tmp_path):
    from simulator.exam.graded import Grader
    from simulator.xapi import vocabulary as v
    from simulator.xapi.config import XapiConfig
    from simulator.xapi.statements import build_statements

    run = written_exam(scenario, tmp_path / "r", questions=0)
    graded = Grader().grade(run.path)
    result = build_statements(graded, XapiConfig(homepage="https://ecole.example"))[-1]["result"]
    assert result["extensions"][v.ext("written")] == {"works": ["crm_note", "email"], "drafts": []}
    assert result["extensions"][v.ext("criteria")]["n_suivi"]["level"] == graded.debrief.criteria["n_suivi"].level
    without, clock = begin(scenario, tmp_path / "b", preparation=0)
    play_to_the_end(without, clock)
    bare = build_statements(Grader().grade(without.path), XapiConfig(homepage="https://ecole.example"))[-1]["result"]
    assert v.ext("written") not in bare["extensions"] and "n_suivi" not in bare["extensions"][v.ext("criteria")]


KINDS = {"preparation": lambda i: PreparationSheet(notes=f"n{i}"), "crm_note": lambda i: CrmNote(notes=f"n{i}"),
         "email": lambda i: FollowUpEmail(body=f"b{i}"), "self_assessment": lambda i: SelfAssessment(best_why=f"w{i}")}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["advance", "save", "finish", "abandon"]), st.sampled_from(sorted(KINDS)),
                          st.booleans(), st.integers(0, 400)), max_size=12))
def test_any_sequence_of_saves_keeps_the_last_accepted_ones_under_a_seal_that_verifies(scenario, tmp_path_factory, steps):
    run, clock = begin(scenario, tmp_path_factory.mktemp("p"), after=5, questions=0, preparation=2)
    accepted = {}
    played = False
    for i, (action, kind, final, seconds) in enumerate(steps):
        if action == "advance":
            clock.advance(seconds)
        elif action == "finish":
            run.finish_writing()
        elif action == "abandon":
            run.abandon()
        else:
            if run.tick() == INTERVIEW and not played:  # the interview in one go, so the writing phase can come
                play_to_the_end(run, clock)
                played = True
            work = KINDS[kind](i)
            try:
                run.save_work(work, final=final)
            except ExamError:
                continue  # refused: out of its phase, nothing written
            accepted[kind] = (work, final)
    run.abandon()  # whatever happened, the exam ends sealed
    assert run.phase == ENDED and verify_record(run.path, KEY).ok
    saved = works_of(records(run.path))
    assert {k: (s.work, s.final) for k, s in saved.items()} == accepted
