"""Opening the History screen with 2,000 and 8,000 sessions, against an empty history, in the same run.

Each size runs in a fresh headless app process (its own data dir, filled beforehand through the index
with finished sessions carrying marks and levels, as a learner's history holds). In that process the
screen is opened and closed several times; one open is timed from the push to the frame after the
screen's table and progress chart are filled. Printed: the median open per size (wall time, its fastest
open, and the process's CPU time, which moves less on a shared machine), and its ratio to the empty history's
(target: 2,000 and 8,000 sessions open in <= 150 ms, and do not grow with the size). Run it on older
code with ``PYTHONPATH=<a git archive of it>`` to compare, alternating.

    .venv/bin/python benchmarks/bench_history.py [--opens 7] [--sizes 2000,8000]
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
import io, json, statistics, sys, time
from rich.console import Console
from simulator.tui.app import NegosimApp
from simulator.tui.screens.history import PAGE, HistoryScreen

opens = int(sys.argv[1])
app = NegosimApp(learner="bench")
times, cpu = [], []
expected = int(sys.argv[2])

def chart_text(screen):
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(screen.query_one("#progress").content)  # a Rich Group or Text, whatever the code measured
    return console.export_text()

def open_once():
    start, start_cpu = time.perf_counter(), time.process_time()
    screen = HistoryScreen()

    def shown():
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        table = screen.query_one("#history-table")
        assert screen.is_current and len(screen.shown) == min(expected, PAGE) and table.row_count >= 1
        assert expected == 0 or "Note globale" in chart_text(screen)
        app.pop_screen()
        if len(times) < opens:
            app.call_after_refresh(open_once)
        else:
            app.exit()

    screen.on_shown = shown  # called by the screen once its rows and chart are on screen
    app.push_screen(screen)

app.on_library_ready = lambda: app.call_after_refresh(open_once)
app.run(headless=True, size=(100, 40))
import simulator
print(json.dumps([times, cpu, simulator.__file__]))
"""


def measure(size: int, opens: int, home: str) -> tuple[list[float], list[float], str]:
    env = {**os.environ, "NEGOSIM_HOME": home, "NEGOSIM_LANG": "fr", "NEGOSIM_LEARNER": "bench"}
    env.pop("NO_COLOR", None)
    os.makedirs(home, exist_ok=True)
    # run from the data dir: ``python -c`` puts the working directory first on sys.path, so run from a
    # source tree it would import that tree's code whatever PYTHONPATH says
    subprocess.run([sys.executable, "-c", FILL, str(size)], env=env, check=True, cwd=home)
    out = subprocess.run([sys.executable, "-c", OPEN, str(opens), str(size)], env=env, check=True, cwd=home,
                         capture_output=True, text=True).stdout
    times, cpu, code = json.loads(out.strip().splitlines()[-1])
    return times[1:] or times, cpu[1:] or cpu, os.path.dirname(os.path.dirname(code))  # the first open imports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=7)
    parser.add_argument("--sizes", default="2000,8000", help="history sizes to open, beside the empty one")
    args = parser.parse_args()
    sizes = [0, *(int(size) for size in args.sizes.split(",") if int(size))]
    results, fastest, cpu = {}, {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            times, cpu_times, code = measure(size, args.opens, os.path.join(tmp, str(size)))
            results[size], fastest[size], cpu[size] = statistics.median(times), min(times), statistics.median(cpu_times)
    base = results[0]
    print(f"History screen, open to filled frame (median of {args.opens - 1} opens, headless 100x40; "
          f"load average {os.getloadavg()[0]:.1f}; code: {code})")
    for size, t in results.items():
        ok = "" if size == 0 else ("   OK" if t <= 0.150 else "   HORS CIBLE (> 150 ms)")
        print(f"  {size:5d} sessions : {t * 1000:7.1f} ms (fastest {fastest[size] * 1000:6.1f})   ratio vs empty "
              f"{t / base:5.2f}   CPU {cpu[size] * 1000:6.1f} ms{ok}")
    if 2000 in results and 8000 in results:
        print(f"growth 8000:2000 = {results[8000] / results[2000]:.2f} (flat is 1.0)")


if __name__ == "__main__":
    main()
