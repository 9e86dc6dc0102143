"""A class on one server: N learners at once on ``negosim serve``, each playing a scripted interview.

A real ``negosim serve --roster`` runs on 127.0.0.1 with a generated roster. Each learner is a raw WebSocket
client speaking textual-serve's protocol (what the page's textual.js sends): it signs in with its code
(POST /connexion, with the page's Origin), opens /ws with its session cookie and waits for the library; the
learners arrive over ``--arrival`` seconds. Each opens the first scenario (Enter: briefing, Enter: preparation sheet, Escape:
interview); when the whole class is in its interview, they all play at once, "1" for each move, with a think
time between keys drawn in ``--think`` (3-8 s by default, quicker than a learner reading the client's
reply and four options; seeded). Key -> reply is the time from sending a key to the first screen
update the app sends back; a key with no update within 15 s counts as a miss and ends that learner's
interview. The first scenario of the library starts with five choice moves (its price round is not scripted).

CPU time (user + system, from /proc) of the server and the apps is printed too: unlike wall time it hardly
depends on other programs sharing the machine, so it tells how many learners a machine of a given size holds.

The baseline is the same script for one learner alone, in the same run; then N learners together.
Memory per learner is the proportional set size (PSS: shared pages split between processes) of each tab's
app processes, read from /proc while all N are mid-interview, plus the server's own share.

    .venv/bin/python benchmarks/serve_class.py [--learners 30] [--moves 10] [--seed 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from _common import ROOT, verdict

sys.path.insert(0, str(ROOT / "tests"))
from serve_support import descendants, start_serve, stop  # noqa: E402 - the tests' server helpers

TARGET_P95 = 0.150  # issue 19: key -> reply p95 <= 150 ms with 30 learners on this 2-core machine
START_TIMEOUT = 180.0  # a tab whose library is not shown by then did not start
REPLY_TIMEOUT = 15.0  # a key with no screen update by then is a miss (or a question the script does not answer)


class Learner:
    """One learner's browser tab, as textual.js drives it."""

    def __init__(self, base: str, learner_id: str, code: str, rng: random.Random, think: tuple[float, float]):
        self.base, self.learner_id, self.code, self.rng, self.think = base, learner_id, code, rng, think
        self.latencies: list[float] = []  # the interview's moves ("1")
        self.navigation: list[float] = []  # Enter: open the scenario (loaded then), start the interview
        self.misses = 0
        self.stopped_at = ""  # the key that got no reply, if any
        self.moves_from = 0.0
        self.done = False  # the interview is over (the app still runs until the socket closes)
        self.start_time = 0.0
        self.output = asyncio.Queue[bytes]()

    async def run(self, moves: int, arrival: float, everyone_in: asyncio.Barrier) -> None:
        await asyncio.sleep(self.rng.uniform(0, arrival))  # the class sits down over ``arrival`` seconds
        origin = {"Origin": self.base}
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # IP host
            async with http.post(f"{self.base}/connexion", data={"identifiant": self.learner_id, "code": self.code},
                                 headers=origin, allow_redirects=False) as signed:
                assert signed.status == 303, f"sign-in refused for {self.learner_id}: {signed.status}"
            opened = time.perf_counter()
            async with http.ws_connect(f"{self.base.replace('http', 'ws')}/ws?width=100&height=30",
                                       headers=origin, max_msg_size=0) as ws:
                reader = asyncio.create_task(self._read(ws))
                try:
                    try:
                        await self._wait_for(b"Biblioth", START_TIMEOUT)
                    except TimeoutError:
                        self.stopped_at = "tab start"
                        await everyone_in.wait()
                        return
                    self.start_time = time.perf_counter() - opened
                    # Enter: the briefing; Enter: the preparation sheet over the interview; Escape: put it aside
                    for key in ["\r", "\r", "\x1b", "1"] + ["1"] * (moves - 1):
                        if key == "1" and not self.latencies:
                            await asyncio.sleep(1.0)  # the engine's background warm-up is over
                            await everyone_in.wait()  # and the whole class is in the interview
                            self.moves_from = time.perf_counter()
                        await asyncio.sleep(self.rng.uniform(*self.think))  # reading the reply, thinking
                        took = await self._press(ws, key)
                        if took is None:
                            self.stopped_at = repr(key)
                            break
                        (self.latencies if key == "1" else self.navigation).append(took)
                    if not self.moves_from:  # stopped before its interview: the others must not wait for it
                        await everyone_in.wait()
                    self.done = True
                    await asyncio.sleep(1.0)  # let the CPU meter see this app before it quits
                finally:
                    reader.cancel()

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.output.put_nowait(message.data)

    async def _wait_for(self, text: bytes, timeout: float) -> None:
        seen = b""
        deadline = time.perf_counter() + timeout
        while text not in seen:
            seen = seen[-200:] + await asyncio.wait_for(self.output.get(), max(0.01, deadline - time.perf_counter()))

    async def _press(self, ws: aiohttp.ClientWebSocketResponse, key: str) -> float | None:
        while not self.output.empty():  # what came before this key is not its reply
            self.output.get_nowait()
        sent = time.perf_counter()
        await ws.send_str(json.dumps(["stdin", key]))
        try:
            await asyncio.wait_for(self.output.get(), REPLY_TIMEOUT)
        except TimeoutError:
            self.misses += 1
            return None
        return time.perf_counter() - sent


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (/proc/PID/stat): unlike wall time, hardly changed by
    other programs competing for the cores."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """Polls the CPU time of the server and every app process; keeps each one's last value after it exits."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid
        self.last: dict[int, float] = {}

    def sample(self) -> float:
        for pid in [self.server_pid, *descendants(self.server_pid)]:
            self.last[pid] = max(self.last.get(pid, 0.0), cpu_seconds(pid))
        return sum(self.last.values())


def memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB, from /proc/PID/smaps_rollup."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("Pss", "Rss"):
                values[name] = int(rest.split()[0])
    except OSError:
        return 0, 0
    return values.get("Pss", 0), values.get("Rss", 0)


async def class_session(base: str, count: int, moves: int, seed: int, arrival: float, think: tuple[float, float],
                        server_pid: int | None = None):
    learners = [Learner(base, f"a{i:02d}", f"code-{i:02d}-secret", random.Random(seed * 1000 + i), think)
                for i in range(count)]
    snapshot: dict[str, float] = {}

    async def sample_memory() -> None:
        if server_pid is None or count == 1:
            return
        # once most learners are mid-interview, every tab's processes are alive and warmed up
        while sum(1 for learner in learners if learner.latencies) < count // 2:
            await asyncio.sleep(0.5)
        apps = descendants(server_pid)
        pss = [memory_kib(pid) for pid in apps]
        snapshot["apps"] = sum(1 for p, _ in pss if p > 20_000)  # the Python app processes, not their shells
        snapshot["pss"] = sum(p for p, _ in pss)
        snapshot["rss"] = sum(r for _, r in pss)
        snapshot["server_pss"] = memory_kib(server_pid)[0]

    started = time.perf_counter()
    everyone_in = asyncio.Barrier(count)
    meter = CpuMeter(server_pid) if server_pid else None

    async def sample_cpu() -> None:
        if meter is None:
            return
        while not all(learner.moves_from or learner.stopped_at for learner in learners):
            meter.sample()
            await asyncio.sleep(0.05)
        snapshot["cpu_start"] = meter.sample()  # every tab started, its scenario opened and its interview begun
        while not all(learner.done for learner in learners):
            meter.sample()
            await asyncio.sleep(0.2)
        snapshot["cpu_play"] = meter.sample() - snapshot["cpu_start"]

    await asyncio.gather(*(learner.run(moves, arrival, everyone_in) for learner in learners), sample_memory(),
                         sample_cpu())
    return learners, snapshot, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(label: str, learners: list[Learner]) -> float:
    latencies = [x for learner in learners for x in learner.latencies]
    navigation = [x for learner in learners for x in learner.navigation]
    starts = [learner.start_time for learner in learners if learner.start_time]
    misses = sum(learner.misses for learner in learners)
    unstarted = sum(1 for learner in learners if learner.stopped_at == "tab start")
    if unstarted:
        print(f"{label}: {unstarted} tab(s) never showed the library within {START_TIMEOUT:g} s")
    if not latencies:
        print(f"{label}: no move got a reply; stopped at {[learner.stopped_at for learner in learners]}")
        return float("nan")
    p95 = percentile(latencies, 0.95)
    print(f"{label:<22} keys {len(latencies):4d}  median {statistics.median(latencies) * 1000:6.1f} ms  "
          f"p95 {p95 * 1000:6.1f} ms  max {max(latencies) * 1000:6.1f} ms  misses {misses}")
    print(f"{'':<22} opening a scenario / starting: median {statistics.median(navigation) * 1000:.0f} ms, "
          f"max {max(navigation) * 1000:.0f} ms; tab start median {statistics.median(starts):.2f} s, "
          f"max {max(starts):.2f} s")
    return p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--moves", type=int, default=5, help="choice moves; the first scenario asks a price after 5")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--arrival", type=float, default=30.0, help="seconds over which the learners connect")
    parser.add_argument("--think", type=float, nargs=2, default=(3.0, 8.0), metavar=("MIN", "MAX"),
                        help="seconds between two keys of one learner (reading the reply, choosing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="negosim-class-") as tmp:
        home = Path(tmp)
        roster = home / "classe.csv"
        roster.write_text("identifiant;code\n" + "".join(f"a{i:02d};code-{i:02d}-secret\n" for i in range(args.learners)),
                          encoding="utf-8")
        server, base = start_serve(home, "--roster", str(roster))  # the tests' own start: log to a file, waits
        try:
            print(f"negosim serve, {os.cpu_count()} CPU (load average {os.getloadavg()[0]:.1f} before the run), "
                  f"{args.moves} moves per learner, think time {args.think[0]:g}-{args.think[1]:g} s, "
                  f"arrivals over {args.arrival:g} s")
            alone, alone_use, _ = asyncio.run(class_session(base, 1, args.moves, args.seed, 0.0, args.think, server.pid))
            baseline = report("1 learner (baseline)", alone)
            crowd, memory, wall = asyncio.run(class_session(base, args.learners, args.moves, args.seed, args.arrival,
                                                           args.think, server.pid))
            p95 = report(f"{args.learners} learners", crowd)
        finally:
            stop(server)  # and any app it could not stop
    print(f"load average after the run: {os.getloadavg()[0]:.1f} (other programs on this machine count in it)")
    print(f"p95 ratio {args.learners}:1 = {p95 / baseline:.2f}; whole class played in {wall:.1f} s")
    moves = sum(len(learner.latencies) for learner in crowd)
    if "cpu_play" in alone_use:
        print(f"CPU time alone: {alone_use['cpu_play'] / len(alone[0].latencies) * 1000:.0f} ms per move")
    if "cpu_play" in memory:
        per_move = memory["cpu_play"] / moves
        rate = 2 / sum(args.think)  # moves per second per learner
        print(f"CPU time (user+system, server and apps): {memory['cpu_start'] / args.learners:.2f} s per learner to "
              f"start a tab and open an interview; {per_move * 1000:.0f} ms per move ({moves} moves)")
        print(f"so one core, kept half idle for quick replies, serves {0.5 / (per_move * rate):.0f} learners playing "
              f"one move every {1 / rate:.1f} s")
    if memory.get("apps"):
        per = memory["pss"] / memory["apps"] / 1024
        print(f"memory: {memory['apps']} app processes, PSS {per:.0f} MiB per learner "
              f"(RSS {memory['rss'] / memory['apps'] / 1024:.0f} MiB), server {memory['server_pss'] / 1024:.0f} MiB")
    print(f"key -> reply p95 with {args.learners} learners {p95 * 1000:.0f} ms (target <= {TARGET_P95 * 1000:.0f} ms): "
          f"{verdict(p95 <= TARGET_P95)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
