"""Live preview in the terminal UI (``negosim play FILE --watch``): the play screen follows the file's saves.

No test sleeps: each save sets the file's modification time to a new value, and the test calls the
screen's poll handler (what ``set_interval`` calls every POLL_INTERVAL seconds) itself.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from test_tui_support import journals, make_app, plain, static_text, transcript_text

from simulator.authoring.scaffold import create
from simulator.authoring.watch import LiveScenario
from simulator.content.typography import french
from simulator.engine.session import ChoiceInput

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend
pytestmark = pytest.mark.anyio

SIZE = (100, 30)
_mtimes = itertools.count(1_700_000_000_000_000_000, 1_000_000_000)  # one second apart, never twice the same


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    return create("prospection", "garage", "fr", tmp_path / "auteur").scenario


def save(path: Path, old: str, new: str) -> None:
    """The author saves the file with ``old`` replaced: a new content and a new modification time."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    ns = next(_mtimes)
    os.utime(path, ns=(ns, ns))


def status(app) -> str:
    found = app.screen.query("#live-status")  # absent for a moment while the screen is recomposed
    return static_text(found.first(), width=200) if found else ""


async def shown_status(pilot) -> str:
    """The status once the watcher has written it (later than the first frame on a loaded machine)."""
    for _ in range(50):
        if status(pilot.app):
            break
        await pilot.pause(0.05)
    return status(pilot.app)


def header(app) -> str:
    return static_text(app.screen.query_one("#play-title"), width=200)


async def press(pilot, keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def pick(pilot, *choice_ids: str) -> None:
    """Press the number each option is shown under (options are shuffled per session: tests name them by id)."""
    for choice_id in choice_ids:
        await press(pilot, str(pilot.app.screen.live.session.offered_ids().index(choice_id) + 1))


async def test_the_header_says_live_preview_and_nothing_is_recorded(home, scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.name == "play"
        assert "Aperçu en direct — non enregistré" in header(app)
        assert "Prospection téléphonique" in header(app)  # the scenario's title is still there
        assert f"Aperçu en direct de {scenario_file}" in await shown_status(pilot)
        assert "Julie" in transcript_text(app)  # the gatekeeper's opening line
        await pick(pilot, "se-presenter", "accroche")
        assert [t.choice_id for t in app.screen.live.session.turns] == ["se-presenter", "accroche"]
        assert "Plusieurs garages de la région" in transcript_text(app)
    assert journals(home) == []  # a preview is never journaled


async def test_the_header_in_english(scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Live preview — not recorded" in header(app)
        assert f"Live preview of {scenario_file}: save the file" in await shown_status(pilot)


async def test_a_renamed_choice_already_played_replays_up_to_it_and_is_named(scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "se-presenter", "accroche", "creuser", "question-ouverte")
        screen = app.screen
        assert screen.live.session.state == "besoin"
        assert "Le téléphone sonne sans arrêt" in transcript_text(app)
        assert await screen.poll_file() is None  # not saved: nothing happens
        save(scenario_file, "- id: creuser\n", "- id: creuser-objection\n")
        result = await screen.poll_file()
        await pilot.pause()
        assert result is not None and result.ok and result.replay.replayed == 2
        shown = status(app)
        assert "le tour 3 (choix « creuser ») ne s'applique plus" in shown
        assert "le choix « creuser » n'existe plus dans l'état « objection-interet »" in shown
        assert "La partie reprend après le tour 2." in shown
        assert plain(french(result.message())) in shown  # the same words as the plain player's
        # the transcript is the new session's: two turns, then the client's objection waiting for an answer
        text = transcript_text(app)
        assert "Plusieurs garages de la région" in text and "Ça ne m'intéresse pas" in text
        assert "Comment se passent vos prises de rendez-vous" not in text
        assert "Le téléphone sonne sans arrêt" not in text
        assert [t.choice_id for t in app.screen.live.session.turns] == ["se-presenter", "accroche"]
        await pick(pilot, "creuser-objection")  # the renamed choice is offered: play goes on from there
        assert app.screen.live.session.turns[-1].choice_id == "creuser-objection"
        assert "Qu'est-ce qui vous prend le plus de temps" in transcript_text(app)


async def test_a_yaml_error_keeps_the_old_version_playing_and_shows_the_error_with_its_line(scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "se-presenter", "accroche")
        screen = app.screen
        session = screen.live.session
        broken = "    say: \"Le téléphone sonne sans arrêt"
        save(scenario_file, broken, "    say: [\"Le téléphone sonne sans arrêt")  # an unclosed list
        line = next(n for n, text in enumerate(scenario_file.read_text(encoding="utf-8").splitlines(), 1)
                    if "[\"Le téléphone" in text)
        result = await screen.poll_file()
        await pilot.pause()
        assert result is not None and not result.ok
        assert app.screen is screen and screen.live.session is session and screen.live.version == 1
        shown = status(app)
        assert "Le fichier modifié contient 1 erreur : la partie continue sur la version précédente" in shown
        [error] = result.errors
        assert error.line >= line
        assert f"garage.yaml:{error.line}:{error.column}:" in shown
        assert app.screen.query_one("#live-status-box").has_class("error")
        # not a dialog: the old version still plays
        await pick(pilot, "creuser")
        assert [t.choice_id for t in screen.live.session.turns] == ["se-presenter", "accroche", "creuser"]
        assert "Qu'est-ce qui vous prend le plus de temps" in transcript_text(app)
        # fixed and saved: the new version replays every move, the one made meanwhile included
        save(scenario_file, "    say: [\"Le téléphone sonne sans arrêt", broken)
        result = await screen.poll_file()
        await pilot.pause()
        assert result.ok and result.replay.complete and result.replay.replayed == 3
        assert "Scénario rechargé (version 2) : 3 tours rejoués." in status(app)
        assert not app.screen.query_one("#live-status-box").has_class("error")


async def test_a_new_line_variant_appears_after_the_save(scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "se-presenter", "accroche", "creuser", "question-ouverte")
        assert "Le téléphone sonne sans arrêt" in transcript_text(app)
        save(scenario_file, "    say: \"Le téléphone sonne sans arrêt, je dois lâcher mes clés à chaque fois. C'est pénible.\"\n",
             "    say:\n"
             "      - text: \"Franchement ? Le téléphone me coupe dix fois par matinée.\"\n"
             "        if: \"temps_telephone in discovered\"\n"
             "      - \"Le téléphone sonne sans arrêt, je dois lâcher mes clés à chaque fois. C'est pénible.\"\n")
        result = await app.screen.poll_file()
        await pilot.pause()
        assert result.ok and result.replay.complete
        text = transcript_text(app)
        assert "Le téléphone me coupe dix fois par matinée" in text
        assert "Le téléphone sonne sans arrêt" not in text
        assert "Scénario rechargé (version 2) : 4 tours rejoués." in status(app)


async def test_the_screen_stays_usable_when_the_game_ends(scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "se-presenter", "accroche", "creuser", "proposer-rdv")  # « proposer-rdv » too early
        await pick(pilot, "rappeler")
        screen = app.screen
        assert screen.live.session.ended
        bar = static_text(screen.query_one("#ended-bar"))
        assert "Aperçu terminé" in bar and "r : recommencer" in bar
        await press(pilot, "d")
        await pilot.press("enter")  # no debrief for a preview: nothing was recorded
        await pilot.pause()
        assert app.screen is screen
        # a save that changes where the game went reopens it
        save(scenario_file, "        acts: [relance_planifiee]\n        next: fin-rappel\n",
             "        acts: [relance_planifiee]\n        next: besoin\n")
        result = await screen.poll_file()
        await pilot.pause()
        assert result.ok and result.replay.complete
        assert not screen.live.session.ended and screen.live.session.state == "besoin"
        assert screen.query_one("#ended-bar").has_class("hidden")
        assert not screen.query_one("#choices").has_class("hidden")
        await press(pilot, "r")  # start again on this version
        assert screen.live.session.turns == [] and screen.live.version == 2
        assert "Vous" not in transcript_text(app)
        assert "Partie recommencée sur la version 2." in status(app)


async def test_undo_takes_back_a_move_without_a_journal(home, scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "se-presenter", "accroche")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [t.choice_id for t in app.screen.live.session.turns] == ["se-presenter"]
        assert "Plusieurs garages de la région" not in transcript_text(app)
        assert "Dernier tour annulé" in status(app)
    assert journals(home) == []


async def test_no_reload_under_the_briefing_then_at_once_when_back(scenario_file):
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pick(pilot, "se-presenter")
        assert "Lefèvre, j'écoute." in transcript_text(app)
        await press(pilot, "b")
        assert app.screen is not screen
        save(scenario_file, "Lefèvre, j'écoute.", "Lefèvre, je vous écoute.")
        assert await screen.poll_file() is None  # the sheet is over the conversation
        assert screen.live.version == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await screen.poll_file()  # (or the screen's own timer got there first)
        await pilot.pause()
        assert screen.live.version == 2
        assert "Lefèvre, je vous écoute." in transcript_text(app)


async def test_a_first_version_with_errors_waits_for_a_good_save(scenario_file):
    save(scenario_file, "next: transfert", "next: transfer")
    app = make_app(scenario=str(scenario_file), seed=3, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.name == "live-wait"
        shown = static_text(screen.query_one("#live-wait"), width=200)
        assert "En attente d'une version sans erreur" in shown
        line = next(n for n, text in enumerate(scenario_file.read_text(encoding="utf-8").splitlines(), 1)
                    if "next: transfer" in text)
        assert "état inconnu « transfer »" in shown and f"garage.yaml:{line}:15:" in shown
        assert screen.poll_file() is False  # not saved again
        save(scenario_file, "next: transfer", "next: transfert")
        assert screen.poll_file() is True
        await pilot.pause()
        assert app.screen.name == "play" and "Aperçu en direct" in header(app)


async def test_a_live_scenario_can_be_given_with_its_own_stat(scenario_file):
    """The screen drives any LiveScenario: here one whose file signature the test controls."""
    from types import SimpleNamespace

    from simulator.tui.live import LivePlayScreen

    saves = [0]
    live = LiveScenario(scenario_file, seed=3, stat=lambda p: SimpleNamespace(st_mtime_ns=saves[0], st_size=1, st_ino=1))
    live.step(ChoiceInput("se-presenter"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(LivePlayScreen(live))
        await pilot.pause()
        assert "Un instant, je vous le passe." in transcript_text(app)
        text = scenario_file.read_text(encoding="utf-8")
        scenario_file.write_text(text.replace("Un instant, je vous le passe.", "Ne quittez pas."), encoding="utf-8")
        assert await app.screen.poll_file() is None  # same signature: not looked at
        saves[0] += 1
        assert (await app.screen.poll_file()).ok
        await pilot.pause()
        assert "Ne quittez pas." in transcript_text(app)


def test_play_watch_opens_the_terminal_ui_unless_plain(monkeypatch, scenario_file):
    import simulator.tui.app as tui_app
    from simulator.authoring.live_plain import play_watch

    calls = []
    monkeypatch.setattr(tui_app, "run_app", lambda **kwargs: calls.append(kwargs) or 0)
    assert play_watch(str(scenario_file), seed=4, lang="fr", plain=False) == 0
    assert calls == [{"lang": "fr", "scenario": str(scenario_file), "seed": 4, "watch": True}]
    assert play_watch("banque-boulangerie", seed=None, lang="fr", plain=False) == 0  # a bundled id
    assert calls[-1]["watch"] and Path(calls[-1]["scenario"]).name == "banque-boulangerie.yaml"
