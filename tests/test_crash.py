"""Crash test: kill -9 a running plain player at random points; every confirmed turn survives.

A turn is confirmed when its reply has been printed; the player prints only after the journal line is
flushed and fsync'ed. After each kill the journal must hold every confirmed turn (and at most the one
in flight), and resuming must give the same state as a live session fed the same inputs.

Each player is a process of its own, killed with SIGKILL, running the command line's ``main`` as
``negosim play --plain`` does; it is forked from a server that has already imported the program
(multiprocessing's forkserver), so the 100 trials do not pay 100 interpreter starts and imports, which
took most of the test's time and are not what it checks.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from factories import generated

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, Session
from simulator.store.journal import read_journal
from simulator.store.recorder import load_session

TRIALS = int(os.environ.get("NEGOSIM_CRASH_TRIALS", "100"))
CONFIRMED = "Vous\u00a0:".encode()  # printed only after the turn is on disk
# What `negosim play --plain` imports: loaded once in the fork server, not once per player.
# (This module too: the players unpickle play_plain from it.)
PRELOAD = ["test_crash", "simulator.cli.main", "simulator.cli.cmd_play", "simulator.cli.click_fr",
           "simulator.player.plain", "simulator.player.plain_forms", "simulator.store.recorder",
           "simulator.scoring.scorer", "simulator.written.grading", "simulator.xapi.client",
           "simulator.i18n.cli_fr", "simulator.i18n.player_fr"]


def play_plain(argv: list[str], env: dict[str, str], stdin: Connection, stdout: Connection) -> None:
    """In the forked player: the environment, standard streams and arguments of ``negosim play --plain``
    started with stdin and stdout on these pipes (stderr to /dev/null), then the command line's main."""
    os.environ.clear()
    os.environ.update(env)
    os.dup2(stdin.fileno(), 0)
    os.dup2(stdout.fileno(), 1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    for fd in (stdin, stdout):
        fd.close()
    os.close(null)
    # the streams a fresh interpreter opens on pipes (UTF-8; PYTHONUNBUFFERED's write-through)
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
    sys.stdout, sys.stderr = (io.TextIOWrapper(io.BufferedWriter(io.FileIO(fd, "w", closefd=False)),
                                               encoding="utf-8", write_through=True) for fd in (1, 2))
    sys.argv = ["negosim", *argv]
    from simulator.cli.main import main

    main()


class Player:
    """A player process with pipes on its stdin and stdout; what it printed is gathered by a thread."""

    def __init__(self, context: multiprocessing.context.ForkServerContext, argv: list[str], env: dict[str, str]):
        stdin_r, self.stdin = context.Pipe(duplex=False)
        self.stdout, stdout_w = context.Pipe(duplex=False)
        self.process = context.Process(target=play_plain, args=(argv, env, stdin_r, stdout_w), daemon=True)
        self.process.start()
        stdin_r.close()  # the player's ends: its death then ends our reads
        stdout_w.close()
        self.output = b""
        self.printed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        fd = self.stdout.fileno()
        while chunk := os.read(fd, 4096):
            with self.printed:
                self.output += chunk
                self.printed.notify_all()

    def confirmed(self) -> int:
        with self.printed:
            return self.output.count(CONFIRMED)

    def wait_confirmed(self, n: int, timeout: float) -> int:
        """Wait until ``n`` turns are confirmed (or the timeout): no fixed pause."""
        with self.printed:
            self.printed.wait_for(lambda: self.output.count(CONFIRMED) >= n, timeout)
            return self.output.count(CONFIRMED)

    def send(self, text: str) -> None:
        os.write(self.stdin.fileno(), text.encode())

    def kill(self) -> None:
        if self.process.exitcode is None:
            self.process.kill()  # SIGKILL
        self.process.join(timeout=30)
        self.reader.join(timeout=5)
        self.stdin.close()
        self.stdout.close()


def trial(i: int, scenario_path: Path, base: Path, reference, context) -> str | None:
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
    player = Player(context, ["play", "--plain", str(scenario_path), "--seed", str(seed)], env)
    try:
        player.send("".join(a + "\n" for a in answers[:confirmed_target]))
        confirmed = player.wait_confirmed(confirmed_target, timeout=30)
        if confirmed < confirmed_target:
            return (f"trial {i}: only {confirmed}/{confirmed_target} turns confirmed before the deadline; "
                    f"output ends with {player.output[-300:].decode('utf-8', 'replace')!r}")
        # one more answer in flight, then kill at a random moment
        player.send(answers[confirmed_target] + "\n")
        time.sleep(rng.random() * 0.004)
        confirmed = player.confirmed()
    finally:
        player.kill()
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
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    # bounded in time by construction: a fixed number of trials, each with its own deadline
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda i: trial(i, scenario_path, tmp_path, reference, context), range(TRIALS)))
    failures = [r for r in results if r]
    assert not failures, "\n".join(failures[:10])
