"""Cold start of the terminal UI to the Library screen ready, against a bare Textual app (one Static).

Each run is a fresh Python process (interpreter start, imports, first paint, then exit), headless so
no terminal is involved; bare and negosim runs alternate so machine noise hits both alike. The library
run ends when the scenario list is on screen with the best marks (``NegosimApp.on_library_ready``),
for a learner with a history (finished sessions in the index).

Printed: median and min of each, and two ratios of medians against the bare app (target <= 1.15 for
both): a returning learner's start, and a first start on an empty data dir (no header cache, no session
index yet: the bundled headers come from the index shipped with the package), each alternated with bare
runs. The same ratios in CPU time (user + system of the child) are printed too: on a machine shared with
other work they move less than wall time.

``--instructions`` counts instead the instructions each start executes, under valgrind's callgrind (one run of
each: bare, returning learner, first start; ~20 s each). Counts do not depend on the machine's load, so two
versions of the code compare even on a busy shared machine (hash seed fixed: the same count run after run, to
~1 %). They leave out what an instruction count cannot see (cache misses, waiting for the disk or a core).
To compare with another version (``PYTHONPATH`` on a ``git archive`` of it), run from outside the checkout:
``python -c`` puts the working directory ahead of ``PYTHONPATH``.

    .venv/bin/python benchmarks/bench_tui_startup.py [--runs 15] [--instructions]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

from _common import run_process, verdict

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


TARGET = 1.15


def run(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of a fresh process running ``code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run_process([sys.executable, "-c", code], env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(code: str, env: dict[str, str]) -> int:
    """Instructions a fresh process running ``code`` executes, counted by callgrind."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code],
                          env={**env, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    assert found, done.stderr[-2000:]
    return int(found.group(1))


def count_instructions(env: dict[str, str]) -> None:
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (apt-get install valgrind)")
    bare = instructions(BARE, env)
    ours = instructions(NEGOSIM, env)
    with tempfile.TemporaryDirectory() as empty:
        first = instructions(NEGOSIM, {**env, "NEGOSIM_HOME": empty, "BENCH_EXPECT_MARKS": ""})
    print("instructions executed (callgrind, one run each, hash seed 0):")
    print(f"bare Textual app, one Static : {bare / 1e6:8.1f} M")
    for label, count in (("returning learner", ours), ("first start      ", first)):
        ratio = count / bare
        print(f"negosim, {label}   : {count / 1e6:8.1f} M   ratio {ratio:.3f} {verdict(ratio <= TARGET)}"
              f"   target <= {TARGET}")


def ratio_line(label: str, ours: list[tuple[float, float]], bare: list[tuple[float, float]]) -> str:
    wall = statistics.median(w for w, _ in ours) / statistics.median(w for w, _ in bare)
    cpu = statistics.median(c for _, c in ours) / statistics.median(c for _, c in bare)
    return (f"ratio {label}: wall {wall:.2f} {verdict(wall <= TARGET)}   cpu {cpu:.2f} {verdict(cpu <= TARGET)}"
            f"   target <= {TARGET}")


def describe(label: str, runs: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in runs]
    return (f"{label:<29}: median {statistics.median(walls) * 1000:6.1f} ms   min {min(walls) * 1000:6.1f} ms   "
            f"cpu median {statistics.median(c for _, c in runs) * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--first-runs", type=int, default=7)
    parser.add_argument("--instructions", action="store_true", help="count instructions under callgrind instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        # bytecode is cached as in an installed package (a prefix dir keeps the checkout clean)
        env = {**os.environ, "NEGOSIM_HOME": home, "NEGOSIM_LANG": "fr",
               "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache")}
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["NEGOSIM_LEARNER"] = "bench"
        first, _ = run(NEGOSIM, env)  # empty data dir: builds the header cache
        subprocess.run([sys.executable, "-c", SESSIONS], env=env, check=True)  # a returning learner's history
        env["BENCH_EXPECT_MARKS"] = "1"
        run(BARE, env)  # warm the OS file cache and the bytecode of both before measuring
        if args.instructions:
            run(NEGOSIM, env)  # the start after the history was written reads the index once: count the next ones
            count_instructions(env)
            return
        bare, ours, bare_first, firsts = [], [], [], []
        for _ in range(args.runs):
            bare.append(run(BARE, env))
            ours.append(run(NEGOSIM, env))
        with tempfile.TemporaryDirectory() as empty:
            for i in range(args.first_runs):
                bare_first.append(run(BARE, env))
                firsts.append(run(NEGOSIM, {**env, "NEGOSIM_HOME": os.path.join(empty, str(i)), "BENCH_EXPECT_MARKS": ""}))
    print(f"runs per side: {args.runs}, first starts: {args.first_runs} (alternating, headless, fresh process each)")
    print(describe("bare Textual app, one Static", bare + bare_first))
    print(describe("negosim, Library ready", ours))
    print(describe("first start (empty data dir)", firsts) + f"   (first of all: {first * 1000:.1f} ms)")
    print(ratio_line("returning learner", ours, bare))
    print(ratio_line("first start      ", firsts, bare_first))


if __name__ == "__main__":
    main()
