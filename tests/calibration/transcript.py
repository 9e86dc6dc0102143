"""Print the dialogue of one calibration interview, without any mark: the jury grades it blind.

Usage: ``python tests/calibration/transcript.py SCENARIO_ID FILE INTERVIEW_NAME``
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from simulator.content.library import resolve_scenario  # noqa: E402
from simulator.content.loader import load_scenario  # noqa: E402
from simulator.engine.session import ChoiceInput, EngineError, Input, PriceInput, Session  # noqa: E402


def main(argv: list[str]) -> int:
    scenario_id, file, name = argv
    scenario = load_scenario(resolve_scenario(scenario_id))
    doc = yaml.safe_load(Path(file).read_text(encoding="utf-8"))
    [interview] = [i for i in doc["interviews"] if i["name"] == name]
    session = Session.start(scenario, interview.get("seed", 0))
    persona = scenario.spec.persona
    for line in session.opening:
        print(f"{_who(persona, line.speaker)} : {line.text}")
    for n, step in enumerate(interview["inputs"], 1):
        try:
            turn = session.step(step_input(step))
        except EngineError as exc:
            print(f"\n✗ tour {n} : {exc} — offerts : {', '.join(session.offered_ids())}")
            return 1
        print(f"\n[{n}] Apprenant : {turn.learner_text}")
        for line in turn.replies:
            print(f"    {_who(persona, line.speaker)} : {line.text}")
    if session.ended:
        end = session.current.spec.end
        print(f"\nFIN : {session.outcome} — {end.summary if end else ''}")
        return 0
    print(f"\n✗ pas de fin : état « {session.state} », offerts : {', '.join(session.offered_ids())}")
    return 1


def step_input(step: str | dict) -> Input:
    """A choice id, or ``{price: 8900, counterpart: duree}``."""
    if isinstance(step, str):
        return ChoiceInput(step)
    return PriceInput(step["price"], step.get("counterpart"))


def _who(persona, speaker: str) -> str:
    person = persona.gatekeeper if speaker == "gatekeeper" and persona.gatekeeper else persona.client
    return person.name


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
