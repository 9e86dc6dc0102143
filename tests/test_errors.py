"""One error family: every error meant for a user is a NegosimError with a code, a message in the user's
language and a hint, shown the same way by the terminal UI (one modal, or a toast for a refused move) and
by every command (« negosim : message », the hint, the error's exit status)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from test_tui_support import NEGO, make_app, open_first_scenario, write_scenario

from simulator.engine.session import ChoiceInput, EngineError, PriceInput, Session
from simulator.errors import NegosimError

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, only_test_scenarios


def user_facing_errors() -> list[type[NegosimError]]:
    from simulator.authoring.scaffold import ScaffoldError
    from simulator.content.diagnostics import ContentError
    from simulator.exam.annotate import AnnotationError
    from simulator.exam.flow import ExamError
    from simulator.exam.keys import JuryKeyError
    from simulator.report.corrections import CorrectionError
    from simulator.scoring.scorer import ScoringError
    from simulator.serve.roster import RosterError
    from simulator.store.journal import JournalError
    from simulator.understanding.corpus import CorpusError
    from simulator.xapi.client import LrsError

    return [ContentError, EngineError, JournalError, ExamError, JuryKeyError, AnnotationError, ScaffoldError,
            ScoringError, LrsError, RosterError, CorrectionError, CorpusError]


def test_every_user_facing_error_is_one_family_with_its_own_code():
    classes = user_facing_errors()
    assert all(issubclass(cls, NegosimError) for cls in classes)
    codes = [cls.code for cls in classes]
    assert len(set(codes)) == len(codes) and "negosim" not in codes
    from simulator.i18n import has

    assert all(has(cls.title_key) and (cls.hint_key is None or has(cls.hint_key)) for cls in classes)


def test_an_engine_refusal_is_data_rendered_in_the_users_language(tmp_path):
    from simulator.content.loader import load_scenario

    session = Session.start(load_scenario(write_scenario(tmp_path, NEGO)), 1)
    with pytest.raises(EngineError) as caught:
        session.step(ChoiceInput("nulle-part"))
    exc = caught.value
    assert str(exc) == f"le choix « nulle-part » n'existe pas dans l'état « {session.state} »"  # logs, journals: unchanged
    assert exc.message("en") == f"choice 'nulle-part' does not exist in state '{session.state}'"
    assert exc.message("fr") == f"le choix «\u202fnulle-part\u202f» n'existe pas dans l'état «\u202f{session.state}\u202f»"
    assert exc.title("en") == "This move is not possible" and exc.code == "engine"
    with pytest.raises(EngineError) as caught:
        session.step(PriceInput(1000))
    assert caught.value.message("en") == "prices are not proposed at this stage of the interview"


@pytest.mark.anyio
async def test_the_english_ui_says_a_refused_move_in_english(home, tmp_path, only_test_scenarios):
    """Regression: engine errors were French only and reached the English UI through notify(str(exc))."""
    folder = tmp_path / "s"
    write_scenario(folder, NEGO)
    app = make_app(extra_dirs=[folder], seed=5, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_scenario(pilot)
        app.screen.play(ChoiceInput("nulle-part"))
        await pilot.pause()
        [note] = list(app._notifications)
        assert note.message.startswith("choice 'nulle-part' does not exist in state")
        assert note.severity == "error"


@pytest.mark.anyio
async def test_the_error_modal_shows_title_message_hint_and_code(home, tmp_path, only_test_scenarios):
    from simulator.content.diagnostics import ContentError, Diagnostic
    from simulator.tui.screens.message import MessageScreen

    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        exc = ContentError([Diagnostic("NS101", "error", "unknown state 'x'", "s.yaml", 3, 5, "", "did you mean 'y'?")])
        app.show_error(exc)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MessageScreen)
        assert screen.title_text == exc.title("en") and "s.yaml:3:5" in screen.body and "NS101" in screen.body
        assert screen.hint == exc.hint("en") and screen.code == "content"


@click.command("boom")
@click.option("--lang", default=None)
def boom(lang: str | None) -> None:
    raise EngineError(key="err.engine.unknown_counterpart", counterpart="livraison")


def test_a_command_reports_a_negosim_error_in_the_users_language_with_its_status(monkeypatch, home):
    from simulator.cli import main

    monkeypatch.setitem(main.COMMANDS, "boom", "test_errors:boom")
    fr = CliRunner().invoke(main.cli, ["--lang", "fr", "boom"])
    en = CliRunner().invoke(main.cli, ["--lang", "en", "boom"])
    assert fr.exit_code == en.exit_code == 1
    assert "negosim : contrepartie inconnue «\u202flivraison\u202f»" in fr.output
    assert "negosim: unknown counterpart 'livraison'" in en.output
    assert "Traceback" not in fr.output + en.output


@click.command("stop")
@click.option("--lang", default=None)
def stop(lang: str | None) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_is_said_in_the_users_language(monkeypatch, home):
    """Regression: the command line said « Interrompu. » to an English user."""
    from simulator.cli import main

    monkeypatch.setitem(main.COMMANDS, "stop", "test_errors:stop")
    fr = CliRunner().invoke(main.cli, ["--lang", "fr", "stop"])
    en = CliRunner().invoke(main.cli, ["--lang", "en", "stop"])
    assert fr.exit_code == en.exit_code == 130
    assert "Interrompu." in fr.output and "Interrupted." in en.output and "Interrompu" not in en.output
