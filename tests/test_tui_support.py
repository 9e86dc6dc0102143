"""Helpers for the UI tests (no tests here): small scenarios written for them, app factory, Pilot helpers."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

# A short negotiation: one question, then a price round with a counterpart, then the end.
NEGO = textwrap.dedent("""\
    format: 1
    id: tui-nego
    title: "Négociation : le contrat d'entretien"
    language: fr
    blocks: [negociation]
    sector: services
    difficulty: 2
    duration_minutes: 10
    summary: "Vendre un contrat d'entretien annuel à un gérant pressé."
    briefing:
      learner:
        context: "Vous vendez des contrats d'entretien de chaudières aux commerces du quartier."
        company: "Thermo Services, 12 techniciens."
        offer: "Contrat annuel : deux visites, dépannage sous 24 h."
        objective: "Signer le contrat au meilleur prix."
        notes: ["Le gérant a eu une panne cet hiver."]
      jury: {expectations: "Découverte, puis prix tenu avec contrepartie."}
    persona:
      client:
        name: Marc Lenoir
        role: Gérant
        company: Boulangerie Lenoir
        needs:
          - {id: panne, label: "Ne plus rester sans chauffage."}
    variables:
      patience: {type: int, min: 0, max: 10, initial: 6, label: Patience, cue: true}
      confiance: {type: int, min: 0, max: 10, initial: 3, label: Confiance, cue: true}
    reactions:
      question_ouverte: ["confiance += 2"]
    objections:
      cher:
        type: tactique
        label: "C'est trop cher."
        state: objection
    price:
      unit: "HT par an"
      list: 1000
      target: 900
      floor: 800
      counterparts:
        - {id: duree, label: "un engagement sur trois ans"}
      client: {opening: 700, reservation: 880, concession_rate: 0.9, max_rounds: 4}
      lines:
        counter: "{offre} ? C'est trop. Je vous propose {contre}."
        accept: "Bon, {offre}, d'accord."
        walkaway: "Non, on en restera là."
        counterpart_accepted: "Pour {contrepartie}, oui."
    start: accueil
    states:
      accueil:
        phase: contact
        say: "Bonjour ! Vous êtes le monsieur des chaudières ?"
        choices:
          - id: question
            text: "Oui, bonjour. Comment s'est passé votre hiver, côté chauffage ?"
            acts: [question_ouverte]
            discovers: [panne]
            next: prix
          - id: pitch
            text: "Oui : je vous présente notre contrat tout de suite."
            acts: [argument_caracteristiques]
            effects: ["patience -= 2"]
            raises: [cher]
            next: prix
      objection:
        phase: objection
        say: "Déjà, je vous préviens : c'est sûrement trop cher."
        choices:
          - id: creuser
            text: "Trop cher par rapport à quoi ?"
            acts: [objection_creuser]
            handles: [cher]
            next: prix
      prix:
        phase: prix
        say: "Bon. Et ça coûte combien, votre contrat ?"
        negotiation: {accept: fin-ok, walkaway: fin-ko}
        choices:
          - id: renoncer
            text: "Je vous laisse réfléchir."
            acts: [abandon]
            next: fin-ko
      fin-ok:
        phase: fin
        end: {outcome: success, summary: "Contrat signé."}
      fin-ko:
        phase: fin
        end: {outcome: failure, summary: "Pas de contrat."}
    """)


def write_scenario(folder: Path, text: str = NEGO, name: str = "tui-nego.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # Textual runs on asyncio


@pytest.fixture
def scenario_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mes-scenarios"
    write_scenario(folder)
    return folder


@pytest.fixture
def only_test_scenarios(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The library shows only the test's own scenarios (bundled ones change as authors work on them)."""
    import simulator.content.bundled as bundled

    empty = tmp_path / "no-bundled"
    empty.mkdir()
    monkeypatch.setattr(bundled, "scenarios_dir", lambda: empty)
    monkeypatch.setenv("NEGOSIM_USER_SCENARIOS", "0")
    return empty


def make_app(**kwargs):
    from simulator.tui.app import NegosimApp

    app = NegosimApp(**kwargs)
    app.animation_level = "none"
    return app


def journals(home: Path) -> list[Path]:
    return sorted((home / "sessions").glob("*.jsonl"))


def journal_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def inputs_of(path: Path) -> list[dict]:
    return [r["input"] for r in journal_lines(path) if r.get("type") == "input"]


def plain(text: str) -> str:
    """No-break spaces as plain spaces: the tests read words; typography has its own test."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def static_text(widget, width: int = 120) -> str:
    """A Static's content as plain text, Rich tables and groups included."""
    import io

    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return plain(content)
    if hasattr(content, "plain"):
        return plain(content.plain)
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return plain(console.export_text())


def screen_text(app) -> str:
    """Everything the screen shows, as plain text (what a learner reads)."""
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query(Static):
        if widget.display and widget.parent is not None and widget.parent.display:
            parts.append(static_text(widget))
    return plain("\n".join(parts))


def transcript_text(app) -> str:
    """The conversation as the learner reads it, in order (folded older lines included)."""
    from simulator.tui.widgets.transcript import Transcript

    return plain(app.screen.query_one(Transcript).text())


async def choose(pilot, choice_id: str) -> None:
    """Press the number an option is shown under: options are shuffled per session, so tests name them by id."""
    order = pilot.app.screen.rec.session.offered_ids()
    await pilot.press(str(order.index(choice_id) + 1))


async def until_screen(pilot, name: str, pauses: int = 50) -> None:
    """Pause until the screen ``name`` is on top: a screen pushed after a worker or a refresh may need more than one
    pause on a loaded machine (a single ``pause()`` then sees the screen below it)."""
    for _ in range(pauses):
        if pilot.app.screen.name == name:
            return
        await pilot.pause(0.05)
    assert pilot.app.screen.name == name


async def until(pilot, condition, what: str, pauses: int = 100) -> None:
    """Pause until ``condition()`` holds (a timer's save, a worker's result): a fixed pause is a race on a loaded
    machine."""
    for _ in range(pauses):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), what


async def open_first_scenario(pilot) -> None:
    """Library -> briefing -> preparation sheet (put aside) -> play, by keyboard."""
    await pilot.press("enter")  # open the highlighted scenario's briefing
    await until_screen(pilot, "briefing")
    await pilot.press("enter")  # on to the preparation sheet, the interview under it
    await until_screen(pilot, "written")
    await skip_written(pilot)
    await until_screen(pilot, "play")


async def skip_written(pilot) -> None:
    """Put aside the written work on screen (Escape on each form) until another screen comes."""
    for _ in range(5):
        if pilot.app.screen.name != "written":
            return
        await pilot.press("escape")
        await pilot.pause()


async def to_debrief(pilot) -> None:
    """At the end of an interview: Enter, the written work put aside, the debrief."""
    await pilot.press("enter")
    await pilot.pause()
    await skip_written(pilot)


async def close_the_test_deal(pilot) -> None:
    """In the test negotiation (NEGO): an open question, then 700 € (under the floor), then the debrief."""
    await choose(pilot, "question")
    await pilot.pause()
    pilot.app.screen.query_one("#price-input").value = "700"
    await pilot.press("p", "enter")
    await pilot.pause()
    await to_debrief(pilot)
