"""What an exam's journal and seal say (simulator/exam/flow.py), checked where issue 21's mutation run found
nothing looking: the grade the seal carries is the one of what was played and written, the phase events carry
their figures, an exam stopped in its preparation starts its interview early, and the jury's questions are
recorded whole."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from exam_support import KEY, NullIndex, begin, exam_scenario

from simulator.engine.session import ChoiceInput
from simulator.exam.clock import ManualClock
from simulator.exam.flow import (
    ABANDONED,
    DONE,
    ENDED,
    MAX_MINUTES,
    MAX_QUESTIONS,
    TIME_UP,
    WRITING,
    ExamError,
    ExamRun,
    ExamSetup,
    draw_jury_questions,
    draw_scenario,
)
from simulator.exam.sealed_grade import grade_for_seal
from simulator.written.model import CrmNote, PreparationSheet


@pytest.fixture
def scenario(tmp_path):
    return exam_scenario(tmp_path)


def _events(path):
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["event"]: r for r in lines if r.get("type") == "exam"}, lines[-1]


def test_the_seal_carries_the_grade_of_what_was_played_and_written(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=1, questions=1, preparation=0)
    run.step(ChoiceInput("presenter"))
    clock.advance(12.34567)
    while run.phase != WRITING:
        clock.advance(10)
        run.step(ChoiceInput(run.session.choices()[0].id))
    run.save_work(CrmNote(needs="Client intéressé, devis à envoyer."), final=True)
    clock.advance(61)  # a one-minute writing phase is over
    assert run.tick() == ENDED
    events, seal = _events(run.path)
    outcome = run.outcome
    assert seal["outcome"] == outcome == run.result.outcome and seal["inputs"] == len(run.session.turns)
    assert seal["grade"] == grade_for_seal(run.session.scenario, run.session.turns, outcome, works=run.rec.works)
    assert seal["grade"]["written"]  # the note is among the work graded
    assert seal["grade"] != grade_for_seal(run.session.scenario, run.session.turns, outcome)  # the note counts
    assert run.result.path == run.path
    ended = events["interview_ended"]
    assert ended["turns"] == len(run.session.turns) and ended["interview_seconds"] == round(run.interview_seconds, 3)
    assert ended["interview_seconds"] != round(ended["interview_seconds"], 2)  # 3 decimals kept, not fewer
    started = events["writing_started"]
    assert started["after_minutes"] == 1 and len(started["questions"]) == 1
    q = run.questions[0]
    assert started["questions"] == [{"id": q.id, "text_fr": q.text_fr, "text_en": q.text_en, "turn": q.turn}]
    assert events["writing_ended"]["reason"] == TIME_UP and events["writing_ended"]["writing_seconds"] == 60


def test_abandoned_in_the_preparation_the_interview_starts_early_and_is_sealed_at_once(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=10, questions=0, preparation=5)
    clock.advance(30)
    run.abandon()
    assert run.phase == ENDED and run.outcome == ABANDONED and run.result.outcome == ABANDONED
    events, seal = _events(run.path)
    assert events["interview_started"]["early"] is True and "writing_started" not in events
    assert seal["outcome"] == ABANDONED and events["interview_ended"]["outcome"] == ABANDONED


def test_each_refusal_says_why(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=1, questions=0, preparation=5)
    with pytest.raises(ExamError, match="^l'entretien n'a pas commencé : terminez la préparation d'abord$"):
        run.step(ChoiceInput("presenter"))
    with pytest.raises(ExamError, match="^les écrits se font après l'entretien, pendant le temps prévu pour eux$"):
        run.save_work(CrmNote(needs="trop tôt"))
    run.start_interview()
    with pytest.raises(ExamError, match="^temps de préparation écoulé : la fiche est enregistrée telle qu'elle était$"):
        run.save_work(PreparationSheet(decision_maker="client"))
    run.step(ChoiceInput("presenter"))
    clock.advance(3600)  # the interview's time is up: the writing phase begins
    assert run.tick() == WRITING
    with pytest.raises(ExamError, match="^temps écoulé : l'entretien est terminé$"):
        run.step(ChoiceInput("presenter"))
    run.finish_writing()
    for late in (CrmNote(needs="trop tard"), PreparationSheet(decision_maker="client")):
        with pytest.raises(ExamError, match="^l'épreuve est terminée$"):
            run.save_work(late)
    with pytest.raises(ExamError, match="^le tirage au sort demande au moins un scénario dans le lot$"):
        draw_scenario([], 1)


def test_after_an_interview_that_ended_the_refusal_does_not_say_the_time_is_up(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=5, questions=0, preparation=0)
    while run.phase != WRITING:
        clock.advance(10)
        run.step(ChoiceInput(run.session.choices()[0].id))
    with pytest.raises(ExamError, match="^l'entretien est terminé$"):
        run.step(ChoiceInput("presenter"))
    run.finish_writing()
    with pytest.raises(ExamError, match="^l'épreuve est terminée$"):  # not cut by the time: no « temps écoulé »
        run.step(ChoiceInput("presenter"))


def test_the_preparation_time_over_starts_the_interview_not_early_in_the_jury_folder(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "jury", after=0, questions=0, preparation=1)
    assert run.path.parent == tmp_path / "jury"
    clock.advance(61)
    run.tick()
    events, _ = _events(run.path)
    assert events["interview_started"]["early"] is False and events["interview_started"]["preparation_seconds"] == 61


def test_the_jury_may_set_every_limit_up_to_its_maximum_and_the_header_says_what_was_set(scenario):
    setup = ExamSetup.create(scenario, "  Léa   Martin ", seed=7, preparation=MAX_MINUTES, interview=MAX_MINUTES,
                             after=MAX_MINUTES, questions=MAX_QUESTIONS, pool=["b", "a", "b"], examiner="M. Durand")
    assert setup.header() == {"candidate": "Léa Martin", "preparation_minutes": MAX_MINUTES,
                              "interview_minutes": MAX_MINUTES, "after_minutes": MAX_MINUTES,
                              "questions": MAX_QUESTIONS, "pool": ["a", "b"], "examiner": "M. Durand",
                              "objection_order": "seed"}
    assert ExamSetup.create(scenario, "Léa", interview=0.5).interview_minutes == 0.5  # half a minute is a time
    for nobody in ("", "   ", None):
        with pytest.raises(ExamError, match="^indiquez le nom du candidat ou de la candidate$"):
            ExamSetup.create(scenario, nobody)


def test_an_exam_without_a_seed_draws_one_a_record_can_hold(scenario):
    seeds = {ExamSetup.create(scenario, "Léa").seed for _ in range(30)}
    assert all(isinstance(s, int) and 0 <= s < 2**31 for s in seeds)
    assert max(seeds) >= 2**20  # drawn over the whole range, not a handful of values


def test_the_run_keeps_the_jury_key_and_when_the_interview_began(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "s", preparation=5)
    assert run.jury_key_id == KEY.key_id
    clock.advance(30.12345)
    run.start_interview()
    assert run.started_early is True
    events, _ = _events(run.path)
    assert events["interview_started"]["preparation_seconds"] == 30.123 and "at" in events["interview_started"]
    unsigned, _ = begin(scenario, tmp_path / "u", key=None)
    assert unsigned.jury_key_id is None


def test_the_jury_questions_follow_the_seed_and_the_interview_played(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", after=5, questions=3, preparation=0, seed=1)
    while run.phase != WRITING:
        clock.advance(10)
        run.step(ChoiceInput(run.session.choices()[0].id))
    assert len(run.questions) == 3 and any(q.turn is not None for q in run.questions)  # one on a turn played
    drawn = {tuple(q.id for q in draw_jury_questions(replace(run.setup, seed=s), run.session, run.outcome))
             for s in range(1, 7)}
    assert len(drawn) > 1  # another seed, other questions
    assert draw_jury_questions(replace(run.setup, seed=1), run.session, run.outcome) == run.questions


def test_a_sealed_exam_is_listed_in_the_given_index_and_queued_for_the_lrs(scenario, tmp_path, monkeypatch):
    queued = []
    monkeypatch.setattr("simulator.xapi.outbox.queue_finished", lambda path, *a, **k: queued.append(path))

    class Index(NullIndex):
        def __init__(self) -> None:
            self.started: list = []

        def record_start(self, *args, **kwargs) -> None:
            self.started.append(args)

    index = Index()
    run = ExamRun.begin(ExamSetup.create(scenario, "Léa", seed=1, after=0), ManualClock(), KEY,
                        folder=tmp_path / "r", index=index)
    assert index.started  # the record is in the index the jury's tools read
    run.abandon()
    assert queued == [run.path]  # its statements queued once sealed (sent only where an LRS is configured)


def test_work_handed_in_early_and_a_sheet_sealed_without_writing_phase(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "w", after=5, questions=0, preparation=0)
    while run.phase != WRITING:
        clock.advance(10)
        run.step(ChoiceInput(run.session.choices()[0].id))
    clock.advance(7.12345)
    run.finish_writing()
    events, _ = _events(run.path)
    assert events["writing_ended"]["reason"] == DONE and events["writing_ended"]["writing_seconds"] == 7.123
    # no writing phase: the preparation sheet is graded with the interview all the same
    run, clock = begin(scenario, tmp_path / "p", after=0, questions=0, preparation=5)
    run.save_work(PreparationSheet(decision_maker="client", questions=("Combien de sites ?",)), final=True)
    run.abandon()
    _, seal = _events(run.path)
    assert seal["grade"] == grade_for_seal(run.session.scenario, run.session.turns, ABANDONED, works=run.rec.works)
    assert seal["grade"] != grade_for_seal(run.session.scenario, run.session.turns, ABANDONED)


def test_an_interview_cut_by_the_time_is_graded_and_questioned_as_cut(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "t", after=5, questions=2, preparation=0, interview=1)
    clock.advance(12.34567)
    run.step(ChoiceInput("presenter"))
    clock.advance(60)
    assert run.tick() == WRITING and run.outcome == TIME_UP
    assert run.questions == draw_jury_questions(run.setup, run.session, TIME_UP)
    with pytest.raises(ExamError, match="^temps écoulé : l'entretien est terminé$"):
        run.step(ChoiceInput("presenter"))
    clock.advance(301)
    assert run.tick() == ENDED
    with pytest.raises(ExamError, match="^temps écoulé : l'épreuve est terminée$"):
        run.step(ChoiceInput("presenter"))
    lines = [json.loads(line) for line in run.path.read_text(encoding="utf-8").splitlines()]
    assert [r["t"] for r in lines if "t" in r and r.get("type") != "exam"] == [12.346]
    assert [r["outcome"] for r in lines if r.get("type") == "end"] == [TIME_UP]  # one end line
    seal = lines[-1]
    assert seal["grade"] == grade_for_seal(run.session.scenario, run.session.turns, TIME_UP, works=run.rec.works)
    assert seal["grade"] != grade_for_seal(run.session.scenario, run.session.turns, None, works=run.rec.works)


def test_after_an_exam_sealed_by_the_time_a_move_is_refused_as_time_up(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "t", after=0, questions=0, preparation=0, interview=1)
    clock.advance(61)
    assert run.tick() == ENDED
    with pytest.raises(ExamError, match="^temps écoulé : l'épreuve est terminée$"):
        run.step(ChoiceInput("presenter"))


def test_an_interview_that_ends_by_itself_writes_one_end_line(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "e", after=0, questions=0, preparation=0)
    while not run.ended:
        clock.advance(10)
        run.step(ChoiceInput(run.session.choices()[0].id))
    lines = [json.loads(line) for line in run.path.read_text(encoding="utf-8").splitlines()]
    assert [r["outcome"] for r in lines if r.get("type") == "end"] == [run.session.outcome]


def test_an_exam_whose_grading_fails_is_sealed_without_a_grade(scenario, tmp_path, monkeypatch):
    monkeypatch.setattr("simulator.exam.sealed_grade.grade_for_seal", lambda *a, **k: None)
    run, clock = begin(scenario, tmp_path / "g", after=0, questions=0, preparation=0)
    run.abandon()
    _, seal = _events(run.path)
    assert seal["outcome"] == ABANDONED and "grade" not in seal  # a cohort grades the record itself
