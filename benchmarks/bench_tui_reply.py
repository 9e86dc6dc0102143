"""Time from a choice key to the client's reply on screen, over whole playthroughs (Textual Pilot).

Each bundled scenario is played to its end at 80x24, always answering with the first choice (or the
list price when only a price is expected). For every move the clock starts when the key is sent and
stops when the screen has been refreshed with the reply — so it includes the engine, the journal
append and its fsync (real disk, a temporary data dir), the new transcript lines, the panels and the
repaint. The session index is written off the UI thread, as in the app.

Printed: per scenario and overall, the median, 90th and 99th percentiles and maximum (targets: p99 <= 60
ms, max <= 120 ms), the same for the process's CPU time (what the move costs us, whatever else runs on a
shared machine), and the garbage collector's pauses during the playthroughs (``gc.callbacks``): how
many per generation and the longest, which is what a stall on a key used to be.

``--slowest N`` also lists the N moves that cost the most CPU time (scenario, move number, the state the key was
pressed in), where to look first.

    .venv/bin/python benchmarks/bench_tui_reply.py [--size 80x24] [--scenario ID ...] [--slowest N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import verdict

P99_MAX_MS, MAX_MS = 60.0, 120.0


class GcPauses:
    """Every collection's duration by generation, while ``recording``: hooked on ``gc.callbacks``. The ones
    the app makes once a reply is on screen (``collector.after_reply``) are counted apart: they fall while
    the learner reads, not between a key and its reply. Automatic ones are counted twice: all of them, and
    those that fell between a key and its reply on screen (``waiting``), the only ones a learner waits for."""

    def __init__(self) -> None:
        self.on_keys: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self.waited: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self.after_reply: list[float] = []
        self.recording = False
        self.waiting = False  # between a key and its reply on screen
        self.in_after_reply = False
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        elif self.recording:
            pause = time.perf_counter() - self._start
            if self.in_after_reply:
                self.after_reply.append(pause)
            else:
                self.on_keys[info["generation"]].append(pause)
                if self.waiting:
                    self.waited[info["generation"]].append(pause)

    def describe(self) -> str:
        parts = [f"gen{gen}: {len(p):4d}, max {max(p, default=0.0) * 1000:5.1f} ms" for gen, p in self.on_keys.items()]
        waited = [f"gen{gen}: {len(p):4d}, max {max(p, default=0.0) * 1000:5.1f} ms" for gen, p in self.waited.items()]
        after = self.after_reply
        return (f"automatic: {'   '.join(parts)}\n"
                f"of which between a key and its reply: {'   '.join(waited)}\n"
                f"after each reply, while the learner reads: {len(after)}, median "
                f"{statistics.median(after or [0.0]) * 1000:.1f} ms, max {max(after, default=0.0) * 1000:.1f} ms")

    def watch_after_reply(self) -> None:
        try:
            import simulator.tui.collector as collector
        except ImportError:  # an older checkout measured as the baseline (PYTHONPATH): nothing to tell apart
            return
        real = collector.after_reply

        def after_reply() -> None:
            self.in_after_reply = True
            try:
                real()
            finally:
                self.in_after_reply = False

        collector.after_reply = after_reply


PAUSES = GcPauses()
# CPU time of this process (app, pilot, index thread) from each key to its reply on screen: what the move
# costs us whatever else runs on the machine; on a shared machine the wall time adds the waiting
CPU: list[float] = []
MOVES: list[tuple[float, float, str, int, str]] = []  # (cpu, wall, scenario, move number, state) of every move


async def play_one(scenario_path: Path, size: tuple[int, int]) -> list[float]:
    from simulator.tui.app import NegosimApp
    from simulator.tui.screens.play import PlayScreen

    timings: list[float] = []
    sent = {"at": 0.0, "cpu": 0.0}
    state = {"name": ""}
    original = PlayScreen.play

    def done() -> None:
        PAUSES.waiting = False
        timings.append(time.perf_counter() - sent["at"])
        CPU.append(time.process_time() - sent["cpu"])
        MOVES.append((CPU[-1], timings[-1], scenario_path.stem, len(timings), state["name"]))

    def timed(self: PlayScreen, inp) -> None:
        # registered first, so it runs first after the refresh that shows the reply (before the collection
        # the app makes then, which the pauses line reports as "after the reply")
        self.app.call_after_refresh(done)
        original(self, inp)

    PlayScreen.play = timed  # type: ignore[method-assign]
    try:
        app = NegosimApp(scenario=str(scenario_path), seed=11)
        app.animation_level = "none"
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("escape")  # the preparation sheet shown over the conversation
            await pilot.pause()
            play = app.screen
            assert isinstance(play, PlayScreen), play
            PAUSES.recording = True
            for _ in range(200):
                session = play.rec.session
                if session.ended:
                    break
                state["name"] = str(session.state)
                if session.choices():
                    sent["at"], sent["cpu"] = time.perf_counter(), time.process_time()
                    PAUSES.waiting = True
                    await pilot.press("1")
                else:
                    play.query_one("#price-input").value = str(session.negotiation.price.list_price)
                    play.query_one("#price-input").focus()
                    await pilot.pause()
                    sent["at"], sent["cpu"] = time.perf_counter(), time.process_time()
                    PAUSES.waiting = True
                    await pilot.press("enter")
                await pilot.pause()
            PAUSES.recording = False
            assert play.rec.session.ended, "the playthrough did not reach an end"
    finally:
        PAUSES.recording = False
        PlayScreen.play = original  # type: ignore[method-assign]
    return timings


def percentile(ms: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ms[min(len(ms) - 1, max(0, -(-len(ms) * q // 100) - 1))] if ms else 0.0


def describe(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return (f"n={len(ms):3d}  p50 {statistics.median(ms):6.1f}  p90 {percentile(ms, 90):6.1f}  "
            f"p99 {percentile(ms, 99):6.1f}  max {ms[-1]:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--scenario", action="append", default=[], help="scenario id (default: every bundled one)")
    parser.add_argument("--slowest", type=int, default=0, help="list the N moves that cost the most CPU time")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    home = tempfile.mkdtemp(prefix="negosim-bench-")
    os.environ["NEGOSIM_HOME"] = home
    os.environ.setdefault("NEGOSIM_LEARNER", "bench")
    from simulator.content.bundled import bundled_scenario_files

    files = [f for f in bundled_scenario_files() if not args.scenario or f.stem in args.scenario]
    every: list[float] = []
    gc.callbacks.append(PAUSES)
    PAUSES.watch_after_reply()
    print(f"terminal {width}x{height}, data dir {home}, Python {sys.version.split()[0]}")
    for path in files:
        timings = asyncio.run(play_one(path, (width, height)))
        every += timings
        print(f"{path.stem:32s} {describe(timings)}")
    ms = sorted(v * 1000 for v in every)
    p99, longest = percentile(ms, 99), ms[-1]
    print(f"{'all moves':32s} {describe(every)}")
    print(f"{'CPU time, key to reply':32s} {describe(CPU)}  (this process only: what a move costs on an idle core)")
    print(f"collector pauses while playing, {PAUSES.describe()}")
    for cpu, wall, scenario, number, in_state in sorted(MOVES, reverse=True)[:args.slowest]:
        print(f"  slow move: {scenario} #{number} in {in_state}: cpu {cpu * 1000:.1f} ms, wall {wall * 1000:.1f} ms")
    print(f"key to reply rendered: p99 {p99:.1f} ms (target <= {P99_MAX_MS:g}) {verdict(p99 <= P99_MAX_MS)}   "
          f"max {longest:.1f} ms (target <= {MAX_MS:g}) {verdict(longest <= MAX_MS)}")


if __name__ == "__main__":
    main()
