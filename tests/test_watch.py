"""Live preview: reload on save, keep playing on errors, replay by choice id up to the first that no longer applies.

No test sleeps: the file's signature comes from an injected ``stat``, and the threaded reader is fed directly.
"""

from __future__ import annotations

import io
import queue
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from simulator.authoring.live_plain import (
    MAIN_PROMPT,
    RELOAD_LINE,
    WatchingReader,
    open_live,
    run_plain_watch,
)
from simulator.authoring.scaffold import create
from simulator.authoring.watch import LiveScenario, ReloadResult, replay_inputs
from simulator.cli.main import cli
from simulator.content.diagnostics import ContentError
from simulator.engine.session import ChoiceInput, PriceInput

PLAYED = ["se-presenter", "accroche", "creuser", "question-ouverte"]


class FakeStat:
    """A file signature that changes only when the test says the file was saved."""

    def __init__(self) -> None:
        self.saves = 0
        self.missing = False

    def __call__(self, path: Path) -> SimpleNamespace:
        if self.missing:
            raise FileNotFoundError(path)
        return SimpleNamespace(st_mtime_ns=self.saves, st_size=100, st_ino=1)


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    return create("prospection", "garage", "fr", tmp_path).scenario


def edit(path: Path, old: str, new: str, stat: FakeStat | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if stat is not None:
        stat.saves += 1


def played(path: Path, stat: FakeStat) -> LiveScenario:
    live = LiveScenario(path, seed=3, stat=stat)
    for choice in PLAYED:
        live.step(ChoiceInput(choice))
    return live


def test_nothing_happens_until_the_file_is_saved(scenario_file: Path):
    stat = FakeStat()
    live = played(scenario_file, stat)
    assert live.poll() is None
    assert live.version == 1 and live.session.state == "besoin"
    stat.missing = True  # an editor saving by rename: the file is gone for an instant
    assert live.poll() is None and not live.changed()


def test_a_saved_change_is_loaded_and_every_input_replayed(scenario_file: Path):
    stat = FakeStat()
    live = played(scenario_file, stat)
    before = live.session
    edit(scenario_file, "Le téléphone sonne sans arrêt", "Le téléphone n'arrête pas de sonner", stat)
    result = live.poll()
    assert result is not None and result.ok
    assert result.version == 2 and live.version == 2
    assert result.replay.complete and result.replay.replayed == 4
    assert live.session is not before
    assert live.session.state == "besoin"
    assert [t.choice_id for t in live.session.turns] == PLAYED
    assert "n'arrête pas de sonner" in live.session.turns[-1].replies[-1].text
    assert " ".join(result.message().split()) == "Scénario rechargé (version 2) : 4 tours rejoués."
    assert live.poll() is None  # seen once
    stat.saves += 1  # saved again without a change (or touched)
    assert live.poll() is None and live.version == 2


def test_replay_stops_at_the_first_choice_that_no_longer_exists(scenario_file: Path):
    stat = FakeStat()
    live = played(scenario_file, stat)
    edit(scenario_file, "- id: creuser\n", "- id: creuser-objection\n", stat)
    result = live.poll()
    assert result.ok
    rp = result.replay
    assert (rp.replayed, rp.total, rp.dropped) == (2, 4, ChoiceInput("creuser"))
    assert rp.reason == "le choix « creuser » n'existe plus dans l'état « objection-interet »"
    assert live.session.state == "objection-interet"
    assert "le tour 3 (choix « creuser ») ne s'applique plus" in result.message()
    assert "La partie reprend après le tour 2." in result.message()
    # the inputs are kept: bringing the choice back replays them all again
    edit(scenario_file, "- id: creuser-objection\n", "- id: creuser\n", stat)
    result = live.poll()
    assert result.replay.complete and live.session.state == "besoin" and result.version == 3


def test_a_new_move_after_a_partial_replay_replaces_the_rest(scenario_file: Path):
    stat = FakeStat()
    live = played(scenario_file, stat)
    edit(scenario_file, "- id: creuser\n", "- id: creuser-objection\n", stat)
    live.poll()
    live.step(ChoiceInput("insister-objection"))
    edit(scenario_file, "- id: creuser-objection\n", "- id: creuser\n", stat)
    result = live.poll()
    assert result.replay.complete
    assert [t.choice_id for t in live.session.turns] == ["se-presenter", "accroche", "insister-objection"]


def test_a_choice_no_longer_offered_is_named_with_its_reason(scenario_file: Path):
    stat = FakeStat()
    live = played(scenario_file, stat)
    edit(scenario_file, "        discovers: [temps_telephone]\n",
         "        discovers: [temps_telephone]\n        if: \"confiance >= 9\"\n", stat)
    result = live.poll()
    assert result.ok and result.replay.dropped == ChoiceInput("question-ouverte")
    assert "n'est plus proposé à ce moment dans l'état « decouverte »" in result.replay.reason


def test_errors_keep_the_session_on_the_previous_version(scenario_file: Path):
    stat = FakeStat()
    live = played(scenario_file, stat)
    session, scenario = live.session, live.scenario
    edit(scenario_file, "next: transfert", "next: transfer", stat)
    result = live.poll()
    assert result is not None and not result.ok
    assert live.session is session and live.scenario is scenario and live.version == 1
    unknown = [d for d in result.errors if d.code == "NS101"]
    assert len(unknown) == 1 and unknown[0].line > 0 and "vouliez-vous dire 'transfert'" in unknown[0].hint
    n = len(result.errors)
    assert " ".join(result.message().split()).startswith(
        f"Le fichier modifié contient {n} erreur{'s' if n > 1 else ''} : la partie continue")
    live.step(ChoiceInput("reformuler-proposer"))  # still playable on the old version
    edit(scenario_file, "next: transfer", "next: transfert", stat)
    result = live.poll()
    assert result.ok and result.version == 2 and result.replay.replayed == 5
    edit(scenario_file, "format: 1", "format: 1\nformat: 1", stat)  # duplicate key: located error, no crash
    assert live.poll().ok is False


def test_price_inputs_are_replayed_and_refused_where_no_longer_accepted(tmp_path: Path):
    path = create("negotiation", "imprimerie", "fr", tmp_path).scenario
    stat = FakeStat()
    live = LiveScenario(path, stat=stat)
    for choice in ["se-presenter", "question-ouverte", "reformuler", "cap", "traiter"]:
        live.step(ChoiceInput(choice))
    live.step(PriceInput(12000))
    live.step(PriceInput(11500, "engagement_3_ans"))
    edit(path, "    counter: \"À {offre}", "    counter: \"Non, à {offre}", stat)
    result = live.poll()
    assert result.replay.complete and live.session.negotiation.counters == [9000, 10000]  # on its step of 250
    edit(path, "    negotiation:                    # ici l'apprenant peut proposer un prix\n"
               "      accept: conclusion            # état atteint quand la cliente accepte\n"
               "      walkaway: fin-rupture         # état atteint quand elle rompt\n", "")
    edit(path, "    choices:                        # les choix restent possibles pendant la négociation\n",
         "    choices:\n      - {id: accord, text: \"Signons.\", acts: [proposition_conclusion], next: conclusion}\n", stat)
    result = live.poll()
    assert result.ok and result.replay.replayed == 5 and result.replay.dropped == PriceInput(12000)
    assert result.replay.reason == "l'état « prix » n'accepte plus de proposition de prix"
    assert "le tour 6 (prix 12000)" in result.message()


def test_replay_that_now_ends_earlier(scenario_file: Path):
    live = LiveScenario(scenario_file)
    edit(scenario_file, "        next: transfert\n", "        next: fin-rdv\n")
    scenario = LiveScenario(scenario_file).scenario
    rp = replay_inputs(scenario, 0, [ChoiceInput(c) for c in PLAYED])
    assert rp.session.ended and rp.replayed == 1
    assert rp.reason == "la partie se termine maintenant avant ce tour (fin « fin-rdv »)"
    live.restart()
    assert live.session.turns == []


def test_the_first_version_must_load(tmp_path: Path):
    with pytest.raises(ContentError):
        LiveScenario(tmp_path / "absent.yaml")


def test_open_live_waits_for_a_version_without_errors(scenario_file: Path):
    edit(scenario_file, "next: transfert", "next: transfer")
    shown: list[str] = []

    def fix_on_save(_seconds: float) -> None:  # what the trainer does while negosim waits
        if "next: transfer\n" in scenario_file.read_text(encoding="utf-8"):
            edit(scenario_file, "next: transfer\n", "next: transfert\n")

    live = open_live(scenario_file, 0, shown.append, sleep=fix_on_save, attempts=3)
    assert live is not None and live.session.state == "standard"
    assert any("[NS101]" in s for s in shown) and any("En attente" in s for s in shown)


# ---------------------------------------------------------------- the plain player's reader

class FakeLive:
    def __init__(self) -> None:
        self.results: queue.Queue[ReloadResult] = queue.Queue()
        self.polls = 0

    def poll(self) -> ReloadResult | None:
        self.polls += 1
        try:
            return self.results.get_nowait()
        except queue.Empty:
            return None


def test_reader_reports_a_reload_while_the_learner_thinks():
    live = FakeLive()
    typed: queue.Queue[str | None] = queue.Queue()
    asked: list[str] = []
    reloads: list[ReloadResult] = []
    shown_prompts: list[str] = []

    def read(prompt: str) -> str | None:
        asked.append(prompt)
        return typed.get()

    reader = WatchingReader(live, read, shown_prompts.append, reloads.append, interval=0.005)  # type: ignore[arg-type]
    result = ReloadResult(False, 1, [])
    live.results.put(result)
    # the file changed before the learner answered: the choices are to be shown again
    assert reader.read_line(MAIN_PROMPT) == RELOAD_LINE
    assert reloads == [result]
    got: list[str | None] = []
    t = threading.Thread(target=lambda: got.append(reader.read_line(MAIN_PROMPT)))
    t.start()
    typed.put("2")
    t.join(timeout=10)
    assert got == ["2"]
    assert asked == [MAIN_PROMPT]  # one real read for both calls
    # a reload while waiting on the helper thread: the pending prompt is shown again afterwards
    t = threading.Thread(target=lambda: got.append(reader.read_line(MAIN_PROMPT)))
    t.start()
    live.results.put(ReloadResult(False, 1, []))
    t.join(timeout=10)
    assert got[-1] == RELOAD_LINE
    t = threading.Thread(target=lambda: got.append(reader.read_line(MAIN_PROMPT)))
    t.start()
    typed.put("1")
    t.join(timeout=10)
    assert got[-1] == "1" and shown_prompts == [MAIN_PROMPT]
    # sub-prompts (a price) do not look at the file
    polls = live.polls
    live.results.put(ReloadResult(False, 1, []))
    typed.put("1200")
    assert reader.read_line("Votre prix : ") == "1200"
    assert live.polls == polls
    # end of input is final
    typed.put(None)
    reader.read_line(MAIN_PROMPT)  # takes the pending reload first
    assert reader.read_line(MAIN_PROMPT) is None
    assert reader.read_line(MAIN_PROMPT) is None


class EditingInput(io.StringIO):
    """Piped input whose n-th line is typed after the trainer saved a change."""

    def __init__(self, text: str, at_line: int, action):
        super().__init__(text)
        self.count, self.at_line, self.action = 0, at_line, action

    def readline(self, *args) -> str:  # type: ignore[override]
        self.count += 1
        if self.count == self.at_line:
            self.action()
        return super().readline(*args)


def test_plain_watch_reloads_between_moves_and_keeps_watching_after_the_end(scenario_file: Path):
    live = LiveScenario(scenario_file)
    # the third move is typed after the trainer renamed the choice the learner played at turn 2
    stdin = EditingInput("se-presenter\naccroche\ncreuser\naccroche-benefice\ncreuser\nquestion-ouverte\n"
                         "reformuler-proposer\ndeux-creneaux\nrecapituler\nr\nq\n", 3,
                         lambda: edit(scenario_file, "- id: accroche\n", "- id: accroche-benefice\n"))
    out = io.StringIO()
    code = run_plain_watch(live, stdin, out, interactive=False, interval=0.005)
    text = out.getvalue()
    flat = " ".join(text.split())
    assert code == 0, text
    assert "Aperçu en direct de" in text
    assert ("⟳ Scénario rechargé (version 2) : 1 tour rejoué sur 3 ; le tour 2 (choix « accroche ») ne "
            "s'applique plus : le choix « accroche » n'existe plus dans l'état « contact ». "
            "La partie reprend après le tour 1.") in flat
    # back at « contact », with its line said again and the choices of the new version
    after = flat.split("La partie reprend après le tour 1.")[1].strip()
    assert after.startswith("Julie : « Un instant, je vous le passe. » Marc Lefèvre : « Lefèvre, j'écoute. »")
    assert "n'est pas une réponse" not in text
    assert [t.choice_id for t in live.session.turns] == []  # « r » restarted after the ending
    assert "Fin de l'entretien : réussite" in flat
    assert "Session enregistrée" not in text
    assert "enregistrez le fichier pour rejouer la partie" in flat
    assert flat.count("Votre interlocuteur : Marc Lefèvre") == 2  # the briefing again after « r »
    assert text.rstrip().endswith("Aperçu terminé (les aperçus ne sont pas enregistrés).")


def test_play_watch_command(scenario_file: Path, tmp_path: Path):
    result = CliRunner().invoke(cli, ["play", str(scenario_file), "--watch", "--plain"], input="1\nq\n")
    assert result.exit_code == 0, result.output
    assert "Aperçu en direct de" in result.output and "Aperçu terminé" in result.output
    result = CliRunner().invoke(cli, ["play", str(tmp_path / "absent.yaml"), "--watch", "--plain"])
    assert result.exit_code == 1 and "fichier introuvable" in result.output
