"""The exam flow in the terminal app, driven by Textual's Pilot on a manual clock (no sleeping)."""

from __future__ import annotations

import asyncio
import json

import pytest
from exam_support import EXAM_SCENARIO, KEY

from simulator.exam.clock import ManualClock
from simulator.exam.flow import draw_scenario
from simulator.exam.verify import verify_record
from simulator.tui.exam import ExamApp
from simulator.tui.screens.exam import ExamEndScreen, ExamPlayScreen, ExamPreparationScreen, ExamSetupScreen

SIZE = (120, 40)


def plain(text) -> str:
    return str(text).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "scenarios"
    d.mkdir()
    (d / "examen.yaml").write_text(EXAM_SCENARIO, encoding="utf-8")
    return d


def shown(screen, selector) -> str:
    return plain(screen.query_one(selector).render())


def make_app(folder, **options):
    clock = ManualClock()
    app = ExamApp(lang="fr", key=KEY, clock=clock, extra_dirs=[folder], tick_seconds=3600, **options)
    return app, clock


async def fill_setup(pilot, folder, candidate="Léa Martin", seed="5", preparation="", interview="", after="0",
                     questions=""):
    """The jury's set-up; no writing phase after the interview unless ``after`` says so (test_exam_tui_written)."""
    from textual.widgets import Input, Select

    screen = pilot.app.screen
    assert isinstance(screen, ExamSetupScreen)
    screen.query_one("#candidate", Input).value = candidate
    screen.query_one("#seed", Input).value = seed
    screen.query_one("#preparation", Input).value = preparation
    screen.query_one("#interview", Input).value = interview
    screen.query_one("#after", Input).value = after
    screen.query_one("#questions", Input).value = questions
    screen.query_one("#scenario", Select).value = str(folder / "examen.yaml")
    await pilot.pause()


def test_full_exam_preparation_early_start_timed_interview_time_up_sealed(folder, home):
    async def scenario():
        app, clock = make_app(folder)
        async with app.run_test(size=SIZE) as pilot:
            await fill_setup(pilot, folder)
            await pilot.press("ctrl+s")
            await pilot.pause()
            prep = app.screen
            assert isinstance(prep, ExamPreparationScreen)
            assert shown(prep, "#exam-clock") == "Préparation — reste 10:00"
            assert "F5 : commencer l'entretien maintenant" in shown(prep, "#written-keys")
            clock.advance(125)
            app.exam_tick()
            await pilot.pause()
            assert shown(prep, "#exam-clock") == "Préparation — reste 7:55"
            await pilot.press("f5")  # the candidate is ready: asked to confirm
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            play = app.screen
            assert isinstance(play, ExamPlayScreen)
            assert shown(play, "#exam-clock") == "Entretien — reste 5:00"
            assert shown(play, "#card-cues") == "" and shown(play, "#card-objections") == ""  # no mood, no objections
            assert not play.check_action("hint", ()) and not play.check_action("undo", ())
            from simulator.tui.widgets.transcript import Transcript

            opening = app.exam_run.session.opening[0].text
            text = play.query_one(Transcript).text()
            assert text.count(opening[:30]) == 1, "the client's opening line is shown once"
            clock.advance(20)
            await pilot.press("1")
            await pilot.pause()
            assert len(app.exam_run.session.turns) == 1
            clock.advance(250)
            app.exam_tick()
            await pilot.pause()
            assert shown(play, "#exam-clock") == "Entretien — reste 0:30" and play.query_one("#exam-clock").has_class("-low")
            await pilot.press("b")  # the preparation sheet over the conversation...
            await pilot.pause()
            clock.advance(30)  # ...when the time runs out
            app.exam_tick()
            await pilot.pause()
            end = app.screen
            assert isinstance(end, ExamEndScreen)
            summary = shown(end, "#end-summary")
            assert "Issue : Temps écoulé" in summary and "scellé et signé" in summary and "Note globale" in summary
            assert "Préparation : 2 min 05 s / 10 min" in summary and "Entretien : 5 min 00 s / 5 min" in summary
            await pilot.press("r")
            await pilot.pause()
            return app.exam_run, end.report_path

    run, report = asyncio.run(scenario())
    assert run.result.outcome == "time_up" and run.result.preparation_seconds == 125
    assert verify_record(run.path, KEY).ok
    header = json.loads(run.path.read_text(encoding="utf-8").splitlines()[0])
    assert header["mode"] == "exam" and header["exam"]["candidate"] == "Léa Martin" and header["seed"] == 5
    assert report is not None and "Temps écoulé" in plain(report.read_text(encoding="utf-8"))


def test_draw_from_the_pool_no_preparation_natural_end_then_new_exam(folder, home):
    from textual.widgets import Select, SelectionList

    async def scenario():
        app, clock = make_app(folder, pool=["examen", "banque-boulangerie"], seed=8, candidate="Zoé Petit",
                              preparation=0, after=0)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert screen.query_one("#scenario", Select).value == "__tirage__"
            assert sorted(screen.query_one("#pool", SelectionList).selected) == ["banque-boulangerie", "examen"]
            await pilot.press("ctrl+s")
            await pilot.pause()
            run = app.exam_run
            assert run.setup.scenario.id == draw_scenario(["examen", "banque-boulangerie"], 8)
            assert isinstance(app.screen, ExamPlayScreen)  # no preparation time: straight to the interview
            while not run.ended:
                clock.advance(10)
                await pilot.press("1")
                await pilot.pause()
            assert isinstance(app.screen, ExamPlayScreen)  # the last client line stays on screen
            assert "résultats de l'épreuve" in shown(app.screen, "#ended-bar")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ExamEndScreen)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, ExamSetupScreen) and app.exam_run is None
            return run

    run = asyncio.run(scenario())
    assert run.result.outcome == run.session.outcome and verify_record(run.path, KEY).ok
    assert json.loads(run.path.read_text(encoding="utf-8").splitlines()[0])["exam"]["pool"] == ["banque-boulangerie",
                                                                                                "examen"]


def test_escape_and_quit_ask_before_stopping_the_exam(folder, home):
    async def scenario():
        app, clock = make_app(folder)
        async with app.run_test(size=SIZE) as pilot:
            await fill_setup(pilot, folder, preparation="0")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ExamPlayScreen)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("n")  # not stopped
            await pilot.pause()
            assert isinstance(app.screen, ExamPlayScreen) and not app.exam_run.ended
            await pilot.press("ctrl+q")  # quitting also asks
            await pilot.pause()
            assert app.is_running
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, ExamEndScreen)
            return app.exam_run

    run = asyncio.run(scenario())
    assert run.result.outcome == "abandoned" and verify_record(run.path, KEY).ok


def test_setup_errors_are_explained(folder, home):
    async def scenario():
        app, _ = make_app(folder)
        messages = []
        async with app.run_test(size=SIZE) as pilot:
            for fields in ({"candidate": " "}, {"seed": "douze"}, {"interview": "vingt"}, {"interview": "0"}):
                await fill_setup(pilot, folder, **fields)
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert isinstance(app.screen, ExamSetupScreen) and app.exam_run is None
                messages.append(shown(app.screen, "#setup-error"))
        return messages

    messages = asyncio.run(scenario())
    assert "nom du candidat" in messages[0] and "nombre entier" in messages[1]
    assert "« vingt » n'est pas une durée" in messages[2] and "entretien" in messages[3]
