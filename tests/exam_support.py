"""Helpers shared by the exam tests: a small exam scenario, a no-op index, scripted exam runs."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from simulator.content.loader import load_scenario
from simulator.content.scenario import Scenario
from simulator.engine.session import ChoiceInput, PriceInput
from simulator.exam.clock import ManualClock
from simulator.exam.flow import INTERVIEW, ExamRun, ExamSetup
from simulator.exam.keys import SigningKey, write_key_files

# Fixed jury keys (the private bytes are test constants), so records and their key ids are reproducible.
KEY = SigningKey(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
OTHER_KEY = SigningKey(Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132))))
PUBLIC = KEY.public
PASSPHRASE = "phrase de passe du jury"
FAST_SCRYPT = 2**10  # key files made by the tests: the passphrase check without a second of scrypt each time


def key_files(folder: Path, key: SigningKey = KEY, passphrase: str = PASSPHRASE) -> tuple[Path, Path]:
    """``key`` on disk as the jury keeps it (jury.key encrypted, jury.pub), cheap to unlock."""
    private, public, _ = write_key_files(key, folder / "jury.key", passphrase, force=True, scrypt_n=FAST_SCRYPT)
    return private, public


def use_key_files(monkeypatch, folder: Path, key: SigningKey = KEY) -> tuple[Path, Path]:
    """Configure the CLI as a jury would: the key files, and the passphrase that the jury would type."""
    private, public = key_files(folder, key)
    monkeypatch.delenv("NEGOSIM_JURY_PUBLIC_KEY", raising=False)
    monkeypatch.delenv("NEGOSIM_JURY_KEY", raising=False)
    monkeypatch.setenv("NEGOSIM_JURY_KEY_FILE", str(private))
    monkeypatch.setenv("NEGOSIM_JURY_PASSPHRASE", PASSPHRASE)
    return private, public

# Two objections raised by the same move (the seed decides which the client voices first), line variants.
EXAM_SCENARIO = textwrap.dedent("""\
    format: 1
    id: examen
    title: "Examen"
    blocks: [negociation]
    sector: autre
    difficulty: 1
    duration_minutes: 10
    summary: "Un scénario d'épreuve."
    exam: {preparation_minutes: 10, interview_minutes: 5}
    briefing:
      learner: {context: "Contexte.", objective: "Conclure."}
      jury: {expectations: "Traiter les deux objections."}
    persona:
      client: {name: Client, role: Acheteur, needs: [{id: delai, label: "Être livré vite."}]}
    objections:
      cher: {type: tactique, label: "C'est cher.", state: obj-cher}
      delai: {type: sincere_fondee, label: "C'est long.", state: obj-delai}
    start: accueil
    states:
      accueil:
        phase: contact
        say: ["Bonjour.", "Bonjour, je vous écoute.", "Oui ? Entrez."]
        choices:
          - {id: presenter, text: "Voici notre offre.", acts: [argument_caracteristiques], raises: [cher, delai], next: offre}
          - {id: partir, text: "Au revoir.", acts: [abandon], next: perdu, order: last}
      offre:
        phase: argumentation
        say: ["Hum.", "Je vois."]
        choices:
          - {id: conclure, text: "On signe ?", acts: [proposition_conclusion], next: gagne}
      obj-cher:
        phase: objection
        say: ["C'est cher.", "Votre prix est élevé."]
        choices:
          - {id: traiter-cher, text: "Qu'est-ce qui vous paraît cher ?", acts: [objection_creuser], handles: [cher], next: offre}
      obj-delai:
        phase: objection
        say: ["C'est long.", "Vos délais sont longs."]
        choices:
          - {id: traiter-delai, text: "Quel délai vous faut-il ?", acts: [objection_creuser], handles: [delai], next: offre}
      gagne:
        phase: fin
        end: {outcome: success, summary: "Accord."}
      perdu:
        phase: fin
        end: {outcome: failure, summary: "Pas d'accord."}
    """)


class NullIndex:
    """Stands in for the session index where a test makes many records (the index is not under test)."""

    def record_start(self, *args, **kwargs) -> None: ...
    def record_progress(self, *args, **kwargs) -> None: ...
    def record_end(self, *args, **kwargs) -> None: ...


def exam_scenario(tmp_path: Path) -> Scenario:
    path = tmp_path / "examen.yaml"
    path.write_text(EXAM_SCENARIO, encoding="utf-8")
    return load_scenario(path)


def begin(scenario: Scenario, folder: Path, candidate: str = "Léa Martin", seed: int = 1, key: SigningKey | None = KEY,
          clock: ManualClock | None = None, **setup) -> tuple[ExamRun, ManualClock]:
    clock = clock or ManualClock()
    setup.setdefault("after", 0)  # sealed when the interview ends; the writing phase's tests set its time
    run = ExamRun.begin(ExamSetup.create(scenario, candidate, seed=seed, **setup), clock, key, folder=folder,
                        index=NullIndex())
    return run, clock


def short_record(folder: Path, step_seconds: int = 20) -> Path:
    """A signed exam record of three moves (first option each), abandoned if not ended: sealed and valid."""
    run, clock = begin(exam_scenario(folder), folder / "r", preparation=0)
    for _ in range(3):
        clock.advance(step_seconds)
        run.step(ChoiceInput(run.session.choices()[0].id))
    if not run.ended:
        run.abandon()
    return run.path


def play_randomly(run: ExamRun, clock: ManualClock, rng: random.Random, step_seconds: tuple[int, int] = (10, 40),
                  price_bias: float = 0.5) -> None:
    """Start the interview and play random moves (prices included) until the session ends or time is up."""
    run.start_interview()
    while run.tick() == INTERVIEW:
        clock.advance(rng.randint(*step_seconds))
        if run.tick() != INTERVIEW:
            break
        session = run.session
        if session.accepts_price and session.negotiation is not None and rng.random() < price_bias:
            p = session.negotiation.price
            amount = rng.randint(p.floor - p.floor // 10, p.list_price)
            cps = [c.id for c in p.counterparts]
            run.step(PriceInput(amount, rng.choice(cps) if cps and rng.random() < 0.5 else None))
        else:
            run.step(ChoiceInput(rng.choice(session.choices()).id))
