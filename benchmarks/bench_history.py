"""Opening the History screen with 2,000 and 8,000 sessions, against an empty history, in the same run.

Each size runs in a fresh headless app process (its own data dir, filled beforehand through the index
with finished sessions carrying marks and levels, as a learner's history holds). In that process the
screen is opened and closed several times; one open is timed from the push to the frame after the
screen's table and progress chart are filled. Printed: the median open per size (wall time, its fastest
open, and the process's CPU time, which moves less on a shared machine), and its ratio to the empty history's
(target: 2,000 and 8,000 sessions open in <= 150 ms, and do not grow with the size). Beside them: the CPU of a
whole cycle (open, close and what falls between two opens: work the screen leaves for later shows there) and
the collector's time inside the opens. ``--calls`` counts instead the Python calls an open makes (cProfile), which
do not depend on the machine's load. Run it on older code with ``PYTHONPATH=<a git archive of it>`` to compare,
alternating.

    .venv/bin/python benchmarks/bench_history.py [--opens 7] [--sizes 2000,8000] [--calls]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

FILL = """
import json, sys
from simulator.store.index import SessionIndex
n = int(sys.argv[1])
levels = ["non_acquis", "en_cours", "acquis"]
index = SessionIndex()
rows = []
for i in range(n):
    criteria = json.dumps({c: levels[(i + k) % 3] for k, c in enumerate(["n_questionnement", "n_reformulation",
                           "n_argumentation", "n_objections", "n_prix", "n_conclusion"])})
    day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00+00:00"
    rows.append((f"/nonexistent/{i}.jsonl", "bench", f"scenario-{i % 9}", f"Scénario numéro {i % 9}", "practice",
                 day, day, 5 + i % 20, "success" if i % 4 else "failure", 4 + i % 16, criteria))
con = index._connection()
con.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
con.commit()
"""

OPEN = """
import cProfile, gc, io, json, os, pstats, statistics, sys, time
from rich.console import Console
from simulator.tui.app import NegosimApp
from simulator.tui.screens.history import PAGE, HistoryScreen

opens = int(sys.argv[1])
app = NegosimApp(learner="bench")
times, cpu, starts, collections = [], [], [], []
expected = int(sys.argv[2])
profile = cProfile.Profile() if os.environ.get("BENCH_CALLS") else None
whole_cycles = os.environ.get("BENCH_CALLS") == "cycle"  # counted from the second open to the last close

def collected(phase, info):  # the collector's passes that fall inside an open (wall ms, whatever generation)
    if phase == "start":
        collected.at = time.perf_counter()
    elif len(starts) > len(times):
        collections[-1] += (time.perf_counter() - collected.at) * 1000

gc.callbacks.append(collected)

def chart_text(screen):
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(screen.query_one("#progress").content)  # a Rich Group or Text, whatever the code measured
    return console.export_text()

def open_once():
    collections.append(0.0)
    if profile is not None and (len(starts) == 1 if whole_cycles else starts):  # the first open imports: not counted
        profile.enable()
    start, start_cpu = time.perf_counter(), time.process_time()
    starts.append(start_cpu)
    screen = HistoryScreen()

    def shown():
        if profile is not None and not (whole_cycles and len(times) + 1 < opens):
            profile.disable()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        table = screen.query_one("#history-table")
        assert screen.is_current and len(screen.shown) == min(expected, PAGE) and table.row_count >= 1
        assert expected == 0 or "Note globale" in chart_text(screen)
        app.pop_screen()
        if len(times) < opens:
            app.call_after_refresh(open_once)
        else:
            starts.append(time.process_time())  # a whole cycle: open, close, and what falls between two opens
            app.exit()

    screen.on_shown = shown  # called by the screen once its rows and chart are on screen
    app.push_screen(screen)

app.on_library_ready = lambda: app.call_after_refresh(open_once)
app.run(headless=True, size=(100, 40))
import simulator
calls = pstats.Stats(profile).total_calls / (opens - 1) if profile is not None and opens > 1 else 0
cycles = [b - a for a, b in zip(starts[1:], starts[2:])]
print(json.dumps([times, cpu, cycles, collections, calls, simulator.__file__]))
"""


def measure(size: int, opens: int, home: str, calls: str = "") -> dict:
    """One process opening the history ``opens`` times: each open's wall and CPU time (the first left out: it
    imports), the CPU of each whole cycle (open, close, the collector's passes between), the collector's wall
    time inside each open, the Python calls an open makes (``calls="open"``, under cProfile) or a whole cycle
    (``calls="cycle"``: what is left for after the first frame counts too), the code that ran."""
    env = {**os.environ, "NEGOSIM_HOME": home, "NEGOSIM_LANG": "fr", "NEGOSIM_LEARNER": "bench"}
    if calls:
        env["BENCH_CALLS"] = calls
    env.pop("NO_COLOR", None)
    os.makedirs(home, exist_ok=True)
    # run from the data dir: ``python -c`` puts the working directory first on sys.path, so run from a
    # source tree it would import that tree's code whatever PYTHONPATH says
    subprocess.run([sys.executable, "-c", FILL, str(size)], env=env, check=True, cwd=home)
    out = subprocess.run([sys.executable, "-c", OPEN, str(opens), str(size)], env=env, check=True, cwd=home,
                         capture_output=True, text=True).stdout
    times, cpu, cycles, collections, call_count, code = json.loads(out.strip().splitlines()[-1])
    return {"times": times[1:] or times, "cpu": cpu[1:] or cpu, "cycles": cycles, "gc": collections[1:] or collections,
            "calls": call_count, "code": os.path.dirname(os.path.dirname(code))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=7)
    parser.add_argument("--sizes", default="2000,8000", help="history sizes to open, beside the empty one")
    parser.add_argument("--calls", action="store_true",
                        help="count the Python calls an open makes instead (cProfile: the same whatever the load)")
    args = parser.parse_args()
    sizes = [0, *(int(size) for size in args.sizes.split(",") if int(size))]
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            runs[size] = measure(size, args.opens, os.path.join(tmp, str(size)), calls="open" if args.calls else "")
            if args.calls:
                runs[size]["cycle calls"] = measure(size, args.opens, os.path.join(tmp, f"{size}-cycle"),
                                                    calls="cycle")["calls"]
    code = runs[0]["code"]
    if args.calls:
        print(f"History screen, Python calls (cProfile, mean of {args.opens - 1} opens; code: {code})")
        for size, run in runs.items():
            print(f"  {size:5d} sessions : {run['calls']:9,.0f} calls an open (push to filled frame), "
                  f"{run['cycle calls']:9,.0f} a whole cycle (open, close, between)")
        return
    results = {size: statistics.median(run["times"]) for size, run in runs.items()}
    base = results[0]
    print(f"History screen, open to filled frame (median of {args.opens - 1} opens, headless 100x40; "
          f"load average {os.getloadavg()[0]:.1f}; code: {code})")
    for size, t in results.items():
        run = runs[size]
        ok = "" if size == 0 else ("   OK" if t <= 0.150 else "   HORS CIBLE (> 150 ms)")
        print(f"  {size:5d} sessions : {t * 1000:7.1f} ms (fastest {min(run['times']) * 1000:6.1f})   ratio vs empty "
              f"{t / base:5.2f}   CPU {statistics.median(run['cpu']) * 1000:6.1f} ms{ok}")
        print(f"{'':22}whole cycle (open, close, between) CPU {statistics.median(run['cycles']) * 1000:6.1f} ms;"
              f" collector inside the opens: {sum(run['gc']):6.1f} ms in all")
    if 2000 in results and 8000 in results:
        print(f"growth 8000:2000 = {results[8000] / results[2000]:.2f} (flat is 1.0)")


if __name__ == "__main__":
    main()
