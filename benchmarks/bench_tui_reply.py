"""Time from a choice key to the client's reply on screen, over whole playthroughs (Textual Pilot).

Each bundled scenario is played to its end at 80x24, always answering with the first choice (or the
list price when only a price is expected). For every move the clock starts when the key is sent and
stops when the screen has been refreshed with the reply — so it includes the engine, the journal
append and its fsync (real disk, a temporary data dir), the new transcript lines, the panels and the
repaint. The session index is written off the UI thread, as in the app.

Printed: per scenario and overall, the median, 90th percentile and maximum (target: median < 50 ms).

    .venv/bin/python benchmarks/bench_tui_reply.py [--size 80x24] [--scenario ID ...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


async def play_one(scenario_path: Path, size: tuple[int, int]) -> list[float]:
    from simulator.tui.app import NegosimApp
    from simulator.tui.screens.play import PlayScreen

    timings: list[float] = []
    sent = {"at": 0.0}
    original = PlayScreen.play

    def timed(self: PlayScreen, inp) -> None:
        original(self, inp)
        self.call_after_refresh(lambda: timings.append(time.perf_counter() - sent["at"]))

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
            for _ in range(200):
                session = play.rec.session
                if session.ended:
                    break
                if session.choices():
                    sent["at"] = time.perf_counter()
                    await pilot.press("1")
                else:
                    play.query_one("#price-input").value = str(session.negotiation.price.list_price)
                    play.query_one("#price-input").focus()
                    await pilot.pause()
                    sent["at"] = time.perf_counter()
                    await pilot.press("enter")
                await pilot.pause()
            assert play.rec.session.ended, "the playthrough did not reach an end"
    finally:
        PlayScreen.play = original  # type: ignore[method-assign]
    return timings


def describe(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return f"n={len(ms):3d}  median {statistics.median(ms):6.1f} ms  p90 {p90:6.1f} ms  max {ms[-1]:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--scenario", action="append", default=[], help="scenario id (default: every bundled one)")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    home = tempfile.mkdtemp(prefix="negosim-bench-")
    os.environ["NEGOSIM_HOME"] = home
    os.environ.setdefault("NEGOSIM_LEARNER", "bench")
    from simulator.content.bundled import bundled_scenario_files

    files = [f for f in bundled_scenario_files() if not args.scenario or f.stem in args.scenario]
    every: list[float] = []
    print(f"terminal {width}x{height}, data dir {home}, Python {sys.version.split()[0]}")
    for path in files:
        timings = asyncio.run(play_one(path, (width, height)))
        every += timings
        print(f"{path.stem:32s} {describe(timings)}")
    median = statistics.median(every) * 1000
    print(f"{'all moves':32s} {describe(every)}")
    print(f"key to reply rendered, median: {median:.1f} ms   target < 50 ms   {'OK' if median < 50 else 'OVER'}")


if __name__ == "__main__":
    main()
