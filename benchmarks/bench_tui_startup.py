"""Cold start of the terminal UI to the Library screen ready, against a bare Textual app (one Static).

Each run is a fresh Python process (interpreter start, imports, first paint, then exit), headless so
no terminal is involved; bare and negosim runs alternate so machine noise hits both alike. The library
run ends when the scenario list is on screen with the best marks (``NegosimApp.on_library_ready``),
for a learner with a history (finished sessions in the index).

Printed: median and min of each, and the ratio of medians (target <= 1.3). "first launch" is the
same with an empty data dir (no header cache, no session index yet).

    .venv/bin/python benchmarks/bench_tui_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("negosim")

    def on_ready(self):
        self.exit()

Bare().run(headless=True)
"""

NEGOSIM = """
import os
from simulator.tui.app import NegosimApp

from textual.widgets import OptionList

app = NegosimApp()

def ready():
    # the frame Textual reports as ready must hold the filled list, or the figure means nothing
    rows = app.screen.query_one("#scenarios", OptionList)
    assert app.screen.name == "library" and rows.option_count > 0, "library not filled"
    if os.environ.get("BENCH_EXPECT_MARKS"):
        assert any("/20" in str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)), "no marks"
    app.exit()

app.on_library_ready = ready
app.run(headless=True)
"""


# a learner who has already played: finished sessions with marks, so the library shows best marks
SESSIONS = """
from simulator.content.bundled import bundled_scenario_files
from simulator.store.index import SessionIndex
index = SessionIndex()
for i, path in enumerate(bundled_scenario_files() * 3):
    journal = f"/nonexistent/{i}.jsonl"
    index.record_start(journal, "bench", path.stem, path.stem, "practice", f"2026-01-01T00:{i % 60:02d}:00+00:00")
    index.record_end(journal, "success", 8 + i % 12, None, f"2026-01-01T00:{i % 60:02d}:30+00:00")
"""


def run(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        # bytecode is cached as in an installed package (a prefix dir keeps the checkout clean)
        env = {**os.environ, "NEGOSIM_HOME": home, "NEGOSIM_LANG": "fr",
               "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache")}
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["NEGOSIM_LEARNER"] = "bench"
        first = run(NEGOSIM, env)  # empty data dir: builds the header cache
        subprocess.run([sys.executable, "-c", SESSIONS], env=env, check=True)  # a returning learner's history
        env["BENCH_EXPECT_MARKS"] = "1"
        run(BARE, env)  # warm the OS file cache and the bytecode of both before measuring
        bare, ours = [], []
        for _ in range(args.runs):
            bare.append(run(BARE, env))
            ours.append(run(NEGOSIM, env))
        with tempfile.TemporaryDirectory() as empty:
            firsts = [run(NEGOSIM, {**env, "NEGOSIM_HOME": os.path.join(empty, str(i)), "BENCH_EXPECT_MARKS": ""})
                      for i in range(3)]
    mb, mo = statistics.median(bare), statistics.median(ours)
    print(f"runs per side: {args.runs} (alternating, headless, fresh process each)")
    print(f"bare Textual app, one Static : median {mb * 1000:6.1f} ms   min {min(bare) * 1000:6.1f} ms")
    print(f"negosim, Library ready       : median {mo * 1000:6.1f} ms   min {min(ours) * 1000:6.1f} ms")
    print(f"first launch (empty data dir): median {statistics.median(firsts) * 1000:6.1f} ms "
          f"(first of all: {first * 1000:.1f} ms)")
    print(f"ratio (medians): {mo / mb:.2f}   target <= 1.30   {'OK' if mo / mb <= 1.3 else 'OVER'}")


if __name__ == "__main__":
    main()
