"""A simulated batch scored beside the play gives the marks of scoring in the same process (issue 19).

``negosim simulate`` sends each chunk of finished games (seed and moves) to other processes, which replay and
score them while it plays on (``simulator.scoring.batch``). What a trainer relies on: the same marks, in the
games' order, whatever the number of processes and the size of the chunks, price offers with their
counterparts included; small batches and ``--jobs 0`` stay in one process.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from concurrent.futures import Future

import pytest
from click.testing import CliRunner
from factories import generated
from test_scoring_properties import ROOT, bundled

from simulator.cli.main import cli
from simulator.content.loader import load_scenario_text
from simulator.engine.session import ChoiceInput, PriceInput
from simulator.scoring import batch as batch_module
from simulator.scoring import default_rubric
from simulator.scoring.batch import POOL_FROM, ScoresAside, ScoresHere, batch_scores
from simulator.simulate import run_policy

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="scoring aside needs fork; elsewhere the batch is scored in one process")


def _marks(scenario, games: int, scores) -> list[float]:
    return run_policy(scenario, "random", games, seed=3, loop_limit=80, scores=scores).marks


@pytest.mark.parametrize("name", ["equipement-machine", "banque-boulangerie"])
@pytest.mark.parametrize("workers,chunk", [(1, 7), (2, 5)])
def test_marks_aside_are_the_marks_here_in_order(name, workers, chunk):
    scenario, rubric = bundled(name), default_rubric()
    here = _marks(scenario, 60, ScoresHere(scenario, rubric))
    aside = _marks(scenario, 60, ScoresAside(scenario, rubric, workers=workers, chunk=chunk))
    assert len(here) > 40  # most games end within the loop limit, and each is scored
    assert aside == here


_SCORE_GAMES = batch_module._score_games


def _slow_games(games):
    time.sleep(0.3)  # a scoring process on a busy core
    return _SCORE_GAMES(games)


def test_a_scoring_process_that_falls_behind_is_helped_in_order(monkeypatch):
    """Chunks finished while the scoring process still has work queued are scored by the player: the marks and
    their order are the same."""
    scenario, rubric = bundled("equipement-machine"), default_rubric()
    here = _marks(scenario, 60, ScoresHere(scenario, rubric))
    monkeypatch.setattr(batch_module, "_score_games", _slow_games)  # sent by name: the forked process has it
    aside = ScoresAside(scenario, rubric, workers=1, chunk=4)
    assert run_policy(scenario, "random", 60, seed=3, loop_limit=80, scores=aside).marks == here
    kinds = {type(chunk) for chunk in aside.chunks}
    assert list in kinds and Future in kinds  # some chunks were scored aside, some here


def test_marks_aside_on_the_large_generated_scenario():
    scenario, rubric = load_scenario_text(generated(300, price=True)), default_rubric()
    here = _marks(scenario, 150, ScoresHere(scenario, rubric))
    assert _marks(scenario, 150, ScoresAside(scenario, rubric, workers=2, chunk=16)) == here


def test_a_move_travels_to_the_scoring_process_whole():
    moves = [ChoiceInput("relancer"), PriceInput(9_600), PriceInput(9_250, "duree"), PriceInput(8_875.5, None)]
    assert [batch_module._expand(batch_module._compact(m)) for m in moves] == moves


def test_where_a_batch_is_scored(monkeypatch):
    scenario, rubric = bundled("banque-boulangerie"), default_rubric()
    monkeypatch.setattr(batch_module, "_cores", lambda: 2)
    assert isinstance(batch_scores(scenario, rubric, POOL_FROM - 1), ScoresHere)  # small: a process costs more
    auto = batch_scores(scenario, rubric, POOL_FROM)
    assert isinstance(auto, ScoresAside) and auto.pool._max_workers == 2
    auto.close()
    assert isinstance(batch_scores(scenario, rubric, 50_000, jobs=0), ScoresHere)
    asked = batch_scores(scenario, rubric, 10, jobs=3)
    assert isinstance(asked, ScoresAside) and asked.pool._max_workers == 3
    asked.close()
    monkeypatch.setattr(batch_module, "_cores", lambda: 1)
    assert isinstance(batch_scores(scenario, rubric, 50_000), ScoresHere)  # one core: nothing to overlap


def test_a_scoring_failure_aside_is_not_lost(monkeypatch):
    """A game the scorer cannot grade stops the batch as it does in one process: no mark silently missing."""
    scenario, rubric = bundled("banque-boulangerie"), default_rubric()

    def broken(*args, **kwargs):
        raise RuntimeError("notation impossible")

    monkeypatch.setattr(batch_module, "marks", broken)  # inherited by the forked scoring process
    with pytest.raises(RuntimeError, match="notation impossible"):
        _marks(scenario, 20, ScoresAside(scenario, rubric, workers=1, chunk=4))


def test_simulate_prints_the_same_marks_whatever_the_jobs():
    path = str(ROOT / "scenarios" / "equipement-machine.yaml")
    runner = CliRunner()
    outputs = []
    for jobs in ("0", "2"):
        result = runner.invoke(cli, ["simulate", path, "-n", "80", "--seed", "4", "--jobs", jobs, "--format", "json"])
        assert result.exit_code in (0, 1), result.output
        outputs.append(json.loads(result.output))
    assert outputs[0]["marks"] and outputs[1] == outputs[0]
