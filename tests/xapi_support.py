"""Practice sessions recorded for the xAPI and cohort tests: real journals, played with seeded random moves."""

from __future__ import annotations

import functools
import random
from pathlib import Path

from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.content.scenario import Scenario
from simulator.engine.session import ChoiceInput
from simulator.store.recorder import RecordedSession


@functools.cache
def bundled(scenario_id: str = "banque-boulangerie") -> Scenario:
    return load_scenario(resolve_scenario(scenario_id))


def play(seed: int, learner: str = "Léa Martin", scenario: str = "banque-boulangerie", folder: Path | None = None,
         max_turns: int | None = None, index=None) -> RecordedSession:
    """A session played with random moves to its end; ``max_turns``: stop there and abandon (or leave unfinished
    with ``max_turns`` negative: its absolute value, no end line)."""
    rng = random.Random(seed)
    rec = RecordedSession.start(bundled(scenario), seed=seed, learner=learner, folder=folder, index=index)
    limit = abs(max_turns) if max_turns is not None else 60
    while not rec.session.ended and len(rec.session.turns) < limit:
        rec.step(ChoiceInput(rng.choice(rec.session.choices()).id))
    if not rec.session.ended and (max_turns is None or max_turns > 0):
        rec.finish("abandoned")
    return rec
