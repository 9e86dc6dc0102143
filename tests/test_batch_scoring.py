"""A simulated batch scored beside the play gives the marks of scoring in the same process (issue 19).

``negosim simulate`` sends each chunk of finished games (seed and moves) to other processes, which replay and
score them while it plays on (``simulator.scoring.batch``). What a trainer relies on: the same marks, in the
games' order, whatever the number of processes and the size of the chunks, price offers with their
counterparts included; small batches and ``--jobs 0`` stay in one process.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from factories import generated
from test_scoring_properties import ROOT, bundled

from simulator.cli.main import cli
from simulator.content.loader import load_scenario_text
from simulator.engine.session import ChoiceInput, PriceInput, Session
from simulator.scoring import batch as batch_module
from simulator.scoring import default_rubric
from simulator.scoring.batch import POOL_FROM, ScoresAside, ScoresHere, batch_scores
from simulator.simulate import candidate_moves, run_policy

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
    assert len(aside.chunks) == -(-len(here) // 4)  # whole chunks of 4, the last one maybe short


def _played(scenario, seed: int, first: bool) -> Session:
    """A game played to its end by always taking the first (or last) move on offer."""
    session = Session.start(scenario, seed)
    while not session.ended and len(session.turns) < 80:
        moves = candidate_moves(session)
        session.step(moves[0] if first else moves[-1])
    assert session.ended
    return session


def test_a_scoring_process_gets_its_queue_then_the_player_scores_and_takes_back_what_was_not_started():
    """With a scoring process that does not get through its first chunk, the player sends it ``queue`` chunks and
    scores every later one itself; when the play ends, it takes back the chunks no process has started and
    scores them too. Chunks are whole until the last, and the marks keep the games' order."""
    scenario, rubric = bundled("equipement-machine"), default_rubric()
    games = [_played(scenario, seed, first=True) for seed in range(22)]
    expected = [ScoresHere(scenario, rubric).mark_of(game) for game in games]
    aside = ScoresAside(scenario, rubric, workers=1, chunk=4, queue=3)
    try:
        busy = aside.pool.submit(time.sleep, 2)  # the process is busy for the whole play
        for game in games:
            aside.submit(game)
        assert not busy.done()
        assert [type(chunk) for chunk in aside.chunks] == [Future, Future, Future, list, list]  # two games pending
        assert [len(c) for c in aside.chunks if isinstance(c, list)] == [4, 4]
        assert aside.here.memo._nodes  # the player scores its chunks with its memo, kept for the batch
        assert aside.collect() == expected
        # while the process slept, the first chunk went to the pool's call queue (out of reach), the second too
        # if the process had started by then; the third, never started, was taken back, and the pending games
        # were scored here as the last chunk
        kinds = [type(chunk) for chunk in aside.chunks]
        assert kinds[0] is Future and kinds[2:] == [list, list, list, list]
    finally:
        aside.pool.shutdown(cancel_futures=True)  # waits for the process: none is left behind


def test_a_play_that_fails_drops_the_chunks_not_started():
    """A play stopped by an error (or Ctrl+C) closes its scoring: the chunks no process has started are dropped,
    not scored for nothing before the command can end."""
    scenario, rubric = bundled("banque-boulangerie"), default_rubric()
    aside = ScoresAside(scenario, rubric, workers=1, chunk=2)
    busy = aside.pool.submit(time.sleep, 1)
    for seed in range(12):
        aside.submit(_played(scenario, seed, first=True))
    sent = [chunk for chunk in aside.chunks if isinstance(chunk, Future)]
    assert len(sent) == 6 and not busy.done()
    aside.close()
    assert sum(future.cancelled() for future in sent) >= 4  # all but those the pool had already taken to hand


def test_the_scoring_process_scores_as_the_player_does(monkeypatch):
    """What a scoring process runs (its start, then each chunk: replayed from seeds and moves), here in this
    process: the marks of the games as played, with one memo for all the chunks it gets."""
    scenario, rubric = bundled("equipement-machine"), default_rubric()
    games = [_played(scenario, seed, first=False) for seed in range(6)]
    here = ScoresHere(scenario, rubric)
    expected = [here.mark_of(session) for session in games]
    enabled = gc.isenabled()
    watchers = []
    monkeypatch.setattr(batch_module.threading, "Thread", lambda **kw: SimpleNamespace(start=lambda: watchers.append(kw)))
    try:
        batch_module._start_worker(scenario, rubric)
        assert not gc.isenabled()  # the scoring process keeps no collector: its memo's tables are not rescanned
        # a thread that ends the process when the player is gone, and never holds its exit
        assert watchers == [{"target": batch_module._leave_with, "args": (os.getppid(),), "daemon": True}]
        sent = [(s.seed, [batch_module._compact(t.input) for t in s.turns]) for s in games]
        assert [batch_module._replayed(scenario, *game) for game in sent] == [s.turns for s in games]
        assert batch_module._score_games(sent[:2]) + batch_module._score_games(sent[2:]) == expected
        [memo] = batch_module._MEMO
        assert memo.scenario is scenario and memo.rubric is rubric and memo._marks  # one memo, kept
    finally:
        batch_module._MEMO.clear()
        if enabled:
            gc.enable()


def test_a_scoring_process_leaves_when_its_player_is_gone(monkeypatch):
    parents = [100, 100, 1]  # its player, still there at two looks, then gone (the process adopted by init)
    looks, exits = [], []
    monkeypatch.setattr(batch_module.os, "getppid", lambda: looks.append(1) or parents[len(looks) - 1])
    monkeypatch.setattr(batch_module.os, "_exit", exits.append)
    monkeypatch.setattr(batch_module, "PARENT_CHECK", 0.001)
    batch_module._leave_with(100)
    assert len(looks) == 3 and exits == [0]


def test_a_scoring_process_is_forked_with_the_compiled_scenario():
    """The compiled scenario holds closures: the scoring processes inherit it (fork), whatever the platform's
    default start method (forkserver from Python 3.14 on Linux)."""
    scenario, rubric = bundled("banque-boulangerie"), default_rubric()
    aside = ScoresAside(scenario, rubric, workers=2)
    try:
        assert aside.pool._mp_context.get_start_method() == "fork"
        assert aside.pool._max_workers == 2 and aside.chunk == batch_module.CHUNK
        assert aside.queue == 2 * batch_module.QUEUE  # each process is given as many chunks ahead
    finally:
        aside.close()
    alone = ScoresAside(scenario, rubric)
    alone.close()
    assert alone.pool._max_workers == 1
    assert 1 <= batch_module.usable_cores() <= (os.cpu_count() or 1)


def test_marks_aside_on_the_large_generated_scenario():
    scenario, rubric = load_scenario_text(generated(300, price=True)), default_rubric()
    here = _marks(scenario, 150, ScoresHere(scenario, rubric))
    assert _marks(scenario, 150, ScoresAside(scenario, rubric, workers=2, chunk=16)) == here


def test_a_move_travels_to_the_scoring_process_whole():
    moves = [ChoiceInput("relancer"), PriceInput(9_600), PriceInput(9_250, "duree"), PriceInput(8_875.5, None)]
    assert [batch_module._expand(batch_module._compact(m)) for m in moves] == moves


def test_where_a_batch_is_scored(monkeypatch):
    scenario, rubric = bundled("banque-boulangerie"), default_rubric()
    monkeypatch.setattr(batch_module, "usable_cores", lambda: 2)
    assert isinstance(batch_scores(scenario, rubric, POOL_FROM - 1), ScoresHere)  # small: a process costs more
    auto = batch_scores(scenario, rubric, POOL_FROM)
    assert isinstance(auto, ScoresAside) and auto.pool._max_workers == 1  # the other core; the player scores too
    auto.close()
    monkeypatch.setattr(batch_module, "usable_cores", lambda: 16)
    auto = batch_scores(scenario, rubric, POOL_FROM)
    assert isinstance(auto, ScoresAside) and auto.pool._max_workers == 3
    auto.close()
    assert isinstance(batch_scores(scenario, rubric, 50_000, jobs=0), ScoresHere)
    asked = batch_scores(scenario, rubric, 10, jobs=3)
    assert isinstance(asked, ScoresAside) and asked.pool._max_workers == 3
    asked.close()
    monkeypatch.setattr(batch_module, "usable_cores", lambda: 1)
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


PLAYER_KILLED = """
import os, sys
from simulator.content.loader import load_scenario
from simulator.scoring import default_rubric
from simulator.scoring.batch import ScoresAside
scenario = load_scenario(sys.argv[1])
aside = ScoresAside(scenario, default_rubric(), workers=2)
pids = aside.pool.submit(os.getpid).result(), aside.pool.submit(os.getpid).result()
print(*pids, flush=True)
os._exit(0)  # killed outright: no pool shut down, no interpreter exit
"""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="tells a zombie from a live process by /proc")
def test_a_player_killed_outright_leaves_no_scoring_process_behind():
    scenario = ROOT / "scenarios" / "banque-boulangerie.yaml"
    # the scoring processes' pids are read from the first line: they hold the output open while they live
    with subprocess.Popen([sys.executable, "-c", PLAYER_KILLED, str(scenario)], stdout=subprocess.PIPE,
                          text=True) as player:
        assert player.stdout is not None
        pids = [int(p) for p in player.stdout.readline().split()]
        player.wait(timeout=60)
    assert pids
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in pids):
            time.sleep(0.1)
        assert not any(_alive(p) for p in pids)
    finally:  # a failure leaves none behind either
        for pid in filter(_alive, pids):
            os.kill(pid, 9)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for good: it only waits for its parent (here none: init) to read its status
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[1][0] != "Z"
