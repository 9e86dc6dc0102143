"""Every bundled scenario can be played to an ending in the plain player, quit, resumed, and gives the
same session as the engine fed the same inputs (the playtests' expert paths are the scripts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli.main import cli
from simulator.content.loader import load_scenario
from simulator.engine.session import Session
from simulator.playtest import load_playtest, step_input
from simulator.store.recorder import load_session

ROOT = Path(__file__).resolve().parent.parent
PLAYTESTS = sorted((ROOT / "scenarios" / "tests").glob("*.yaml"))


def as_line(step) -> str:
    if isinstance(step, str):
        return step
    return f"p {step.price}" + (f" {step.counterpart}" if step.counterpart else "")




@pytest.mark.parametrize("test_file", PLAYTESTS, ids=lambda p: p.stem)
def test_play_quit_resume_to_the_end(test_file: Path, home: Path):
    spec = load_playtest(test_file)
    path = spec.paths[0]
    scenario_file = ROOT / "scenarios" / f"{spec.scenario}.yaml"
    lines = [as_line(s) for s in path.inputs]
    half = len(lines) // 2
    runner = CliRunner()
    first = runner.invoke(cli, ["play", "--plain", str(scenario_file), "--seed", str(path.seed)],
                          input="\n".join(lines[:half] + ["q"]) + "\n")
    assert first.exit_code == 0, first.output
    journal = re.search(r"--resume (\S+)", first.output).group(1).strip("'")
    second = runner.invoke(cli, ["play", "--plain", "--resume", journal], input="\n".join(lines[half:]) + "\n")
    assert second.exit_code == 0, second.output
    assert "Fin de l'entretien" in second.output
    resumed, _ = load_session(journal)
    live = Session.replay(load_scenario(scenario_file), path.seed, [step_input(s) for s in path.inputs])
    assert resumed.outcome == live.outcome == path.expect.outcome
    assert repr(resumed.turns) == repr(live.turns)
