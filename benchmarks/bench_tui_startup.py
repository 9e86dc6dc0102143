"""Cold start of the terminal UI to the Library screen ready, against a bare Textual app (one Static).

Each run is a fresh Python process (interpreter start, imports, first paint, then exit), headless so
no terminal is involved; bare and negosim runs alternate so machine noise hits both alike. The library
run ends when the scenario list is on screen with the best marks (``NegosimApp.on_library_ready``).

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
from simulator.tui.app import NegosimApp

from textual.widgets import OptionList

app = NegosimApp()

def ready():
    # the frame Textual reports as ready must hold the filled list, or the figure means nothing
    assert app.screen.name == "library" and app.screen.query_one("#scenarios", OptionList).option_count > 0, "library not filled"
    app.exit()

app.on_library_ready = ready
app.run(headless=True)
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
        first = run(NEGOSIM, env)  # empty data dir: builds the header cache and the index
        run(BARE, env)  # warm the OS file cache and the bytecode of both before measuring
        bare, ours = [], []
        for _ in range(args.runs):
            bare.append(run(BARE, env))
            ours.append(run(NEGOSIM, env))
        with tempfile.TemporaryDirectory() as empty:
            firsts = [run(NEGOSIM, {**env, "NEGOSIM_HOME": os.path.join(empty, str(i))}) for i in range(3)]
    mb, mo = statistics.median(bare), statistics.median(ours)
    print(f"runs per side: {args.runs} (alternating, headless, fresh process each)")
    print(f"bare Textual app, one Static : median {mb * 1000:6.1f} ms   min {min(bare) * 1000:6.1f} ms")
    print(f"negosim, Library ready       : median {mo * 1000:6.1f} ms   min {min(ours) * 1000:6.1f} ms")
    print(f"first launch (empty data dir): median {statistics.median(firsts) * 1000:6.1f} ms "
          f"(first of all: {first * 1000:.1f} ms)")
    print(f"ratio (medians): {mo / mb:.2f}   target <= 1.30   {'OK' if mo / mb <= 1.3 else 'OVER'}")


if __name__ == "__main__":
    main()
