"""Crash test: kill -9 a running plain player at random points; every confirmed turn survives.

A turn is confirmed when its reply has been printed; the player prints only after the journal line is
flushed and fsync'ed. After each kill the journal must hold every confirmed turn (and at most the one
in flight), and resuming must give the same state as a live session fed the same inputs.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from factories import generated

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, Session
from simulator.store.journal import read_journal
from simulator.store.recorder import load_session

TRIALS = int(os.environ.get("NEGOSIM_CRASH_TRIALS", "100"))
CONFIRMED = "Vous\u00a0:"  # printed only after the turn is on disk


class Reader(threading.Thread):
    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.chunks: list[bytes] = []

    def run(self) -> None:
        for chunk in iter(lambda: self.stream.read1(4096), b""):
            self.chunks.append(chunk)

    @property
    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8", "replace")


def trial(i: int, scenario_path: Path, base: Path, reference) -> str | None:
    rng = random.Random(i)
    home = base / f"home{i}"
    home.mkdir()
    seed = rng.randrange(1000)
    answers = [rng.choice(["1", "2"]) for _ in range(30)]
    # the inputs those answers stand for, computed by a live session
    live = Session.start(reference, seed)
    ids: list[str] = []
    for a in answers:
        if live.ended:
            break
        choice = live.offered()[int(a) - 1].id  # the number refers to the order shown
        ids.append(choice)
        live.step(ChoiceInput(choice))
    confirmed_target = rng.randrange(0, len(ids))
    env = {**os.environ, "NEGOSIM_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "simulator.cli.main", "play", "--plain", str(scenario_path),
                             "--seed", str(seed)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env)
    reader = Reader(proc.stdout)
    reader.start()
    try:
        proc.stdin.write("".join(a + "\n" for a in answers[:confirmed_target]).encode())
        proc.stdin.flush()
        deadline = time.monotonic() + 30
        while reader.text.count(CONFIRMED) < confirmed_target and time.monotonic() < deadline:
            time.sleep(0.005)
        confirmed = reader.text.count(CONFIRMED)
        if confirmed < confirmed_target:
            return (f"trial {i}: only {confirmed}/{confirmed_target} turns confirmed before the deadline; "
                    f"output ends with {reader.text[-300:]!r}")
        # one more answer in flight, then kill at a random moment
        proc.stdin.write((answers[confirmed_target] + "\n").encode())
        proc.stdin.flush()
        time.sleep(rng.random() * 0.004)
        confirmed = reader.text.count(CONFIRMED)
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        reader.join(timeout=5)
    journals = list((home / "sessions").glob("*.jsonl"))
    if not journals:
        return None if confirmed == 0 and confirmed_target == 0 else f"trial {i}: no journal"
    record = read_journal(journals[0])
    got = [inp.choice for inp in record.inputs]
    if not confirmed <= len(got) <= confirmed + 1:
        return f"trial {i}: {confirmed} confirmed turns but {len(got)} in the journal"
    if got != ids[: len(got)]:
        return f"trial {i}: journal inputs {got} differ from what was played {ids[: len(got)]}"
    resumed, _ = load_session(journals[0])
    expected = Session.replay(reference, seed, [ChoiceInput(c) for c in got])
    if (resumed.state, resumed.env) != (expected.state, expected.env):
        return f"trial {i}: resumed state differs"
    return None


def test_kill_9_at_random_points_loses_no_confirmed_turn(tmp_path: Path):
    scenario_path = tmp_path / "genere.yaml"
    scenario_path.write_text(generated(40), encoding="utf-8")
    reference = load_scenario(scenario_path)
    # bounded in time by construction: a fixed number of trials, each with its own deadline
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda i: trial(i, scenario_path, tmp_path, reference), range(TRIALS)))
    failures = [r for r in results if r]
    assert not failures, "\n".join(failures[:10])
