"""An exam never resumes (issue 15: an interrupted exam was resumed without its timer, then sealed "valide").

Both players go through ``RecordedSession.resume``: the plain player's refusal is in test_exam_plain.py; here
the terminal app, which must show the refusal and still open a finished exam's debrief from the history.
"""

from __future__ import annotations

import asyncio

from exam_support import begin, exam_scenario

from simulator.engine.session import ChoiceInput
from simulator.store.journal import JournalError
from simulator.store.recorder import RecordedSession
from simulator.tui.app import NegosimApp
from simulator.tui.screens.message import MessageScreen

SIZE = (100, 30)


def interrupted(tmp_path, home):
    run, clock = begin(exam_scenario(tmp_path), home / "sessions", preparation=0)
    clock.advance(10)
    run.step(ChoiceInput("presenter"))  # the process is killed here: no end line, no seal
    return run


def test_resume_refuses_an_interrupted_exam_and_writes_nothing(tmp_path, home):
    run = interrupted(tmp_path, home)
    before = run.path.read_bytes()
    try:
        RecordedSession.resume(run.path)
    except JournalError as exc:
        assert "une épreuve blanche ne reprend jamais" in str(exc) and str(run.path) in str(exc)
    else:
        raise AssertionError("an interrupted exam was resumed")
    assert run.path.read_bytes() == before
    run.abandon()  # abandoned (or time up): still not a session one may go on playing
    try:
        RecordedSession.resume(run.path)
    except JournalError as exc:
        assert "exam report" in str(exc)
    else:
        raise AssertionError("an abandoned exam was reopened for play")


def test_an_exam_the_engine_ended_still_opens_its_debrief(tmp_path, home):
    run, clock = begin(exam_scenario(tmp_path), home / "sessions", preparation=0)
    clock.advance(10)
    run.step(ChoiceInput("partir"))  # the client ends the interview: success or failure, sealed
    assert RecordedSession.resume(run.path).session.ended  # the history opens the debrief, nothing to play


def test_the_terminal_app_shows_the_refusal_instead_of_resuming(tmp_path, home):
    run = interrupted(tmp_path, home)
    before = run.path.read_bytes()

    async def scenario():
        app = NegosimApp(lang="fr", resume=str(run.path), extra_dirs=[tmp_path])
        app.animation_level = "none"
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MessageScreen)
            assert "ne reprend jamais" in screen.body and screen.title_text == "Cette session ne peut pas reprendre"
            assert not any(s.name == "play" for s in app.screen_stack)

    asyncio.run(scenario())
    assert run.path.read_bytes() == before
