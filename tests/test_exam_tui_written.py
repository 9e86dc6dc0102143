"""The exam's written work in the terminal app, on a manual clock: the sheet during the preparation (drafts on
record), the writing phase after the interview with its own countdown and the jury's questions, handed in then
sealed; time up during the writing phase keeps the drafts and seals."""

from __future__ import annotations

import asyncio

import pytest
from exam_support import KEY
from test_exam_tui import SIZE, fill_setup, folder, make_app, plain, shown  # noqa: F401 - folder is a fixture

from simulator.exam.verify import verify_record
from simulator.tui.screens.exam import ExamEndScreen, ExamPlayScreen, ExamPreparationScreen, ExamWritingScreen


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch):
    import simulator.tui.screens.written as written

    monkeypatch.setattr(written, "DRAFT_DELAY", 0.01)


def work_lines(path, kind):
    import json

    return [r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
            if r.get("type") == "work" and r["kind"] == kind]


async def play_to_the_end(pilot, run, clock):
    for _ in range(80):
        if run.session.ended:
            return
        clock.advance(5)
        await pilot.press("1")
        await pilot.pause()
    raise AssertionError("the interview did not end")


def test_sheet_then_interview_then_writing_phase_with_jury_questions_handed_in_and_sealed(folder, home):  # noqa: F811
    async def scenario():
        app, clock = make_app(folder)
        async with app.run_test(size=SIZE) as pilot:
            await fill_setup(pilot, folder, after="10", questions="2")
            await pilot.press("ctrl+s")
            await pilot.pause()
            prep = app.screen
            assert isinstance(prep, ExamPreparationScreen) and prep.form.kind == "preparation"
            assert shown(prep, "#exam-clock") == "Préparation — reste 10:00"
            prep.work_form.control_of("lead_argument").text = "La fiabilité avant tout."
            await pilot.pause(0.2)
            run = app.exam_run
            assert work_lines(run.path, "preparation")[-1]["data"]["lead_argument"] == "La fiabilité avant tout."
            await pilot.press("f5", "o")  # started without the sheet finished
            await pilot.pause()
            assert isinstance(app.screen, ExamPlayScreen)
            await play_to_the_end(pilot, run, clock)
            assert run.phase == "writing"
            assert "Entrée : passer aux écrits" in shown(app.screen, "#ended-bar")
            await pilot.press("enter")
            await pilot.pause()
            writing = app.screen
            assert isinstance(writing, ExamWritingScreen) and writing.form.kind == "self_assessment"
            assert shown(writing, "#exam-clock") == "Écrits — reste 10:00"
            assert "1/4" in shown(writing, "#written-title")
            for _ in range(3):  # self-assessment, CRM note, email: gone on from, drafts kept
                await pilot.press("escape")
                await pilot.pause()
            jury = app.screen
            assert jury.form.kind == "jury_answers"
            labels = [f.label("fr") for f in jury.form.fields]
            assert labels == [q.text_fr for q in run.questions] and len(labels) == 2
            jury.work_form.control(0).text = "Pour connaître son budget."
            await pilot.pause()
            clock.advance(60)
            await pilot.press("ctrl+s")  # handed in: asked whether to hand everything in
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            end = app.screen
            assert isinstance(end, ExamEndScreen)
            assert "Écrits : 1 min 00 s / 10 min" in shown(end, "#end-summary")
            return run

    run = asyncio.run(scenario())
    assert run.result is not None and verify_record(run.path, KEY).ok  # the seal covers the written work
    answers = work_lines(run.path, "jury_answers")[-1]
    assert answers["final"] and answers["data"]["answers"][0]["answer"] == "Pour connaître son budget."
    assert answers["data"]["answers"][0]["question"] == run.questions[0].text_fr


def test_time_up_in_the_writing_phase_closes_the_forms_keeps_the_drafts_and_seals(folder, home):  # noqa: F811
    async def scenario():
        app, clock = make_app(folder)
        async with app.run_test(size=SIZE) as pilot:
            await fill_setup(pilot, folder, preparation="0", after="5", questions="0")
            await pilot.press("ctrl+s")
            await pilot.pause()
            run = app.exam_run
            await play_to_the_end(pilot, run, clock)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.form.kind == "self_assessment"
            await pilot.press("escape")
            await pilot.pause()
            crm = app.screen
            assert crm.form.kind == "crm_note"
            crm.work_form.control_of("needs").text = "Un atelier à équiper"
            await pilot.pause(0.2)
            clock.advance(5 * 60 + 1)
            app.exam_tick()
            await pilot.pause()
            assert isinstance(app.screen, ExamEndScreen)
            return run

    run = asyncio.run(scenario())
    assert run.result.outcome == run.session.outcome and verify_record(run.path, KEY).ok
    draft = work_lines(run.path, "crm_note")[-1]
    assert draft["final"] is False and draft["data"]["needs"] == "Un atelier à équiper"
