"""``negosim list`` against ``negosim --help``, each a fresh process (target: ratio of medians <= 1.5).

``--help`` is the floor of any command: interpreter, click and the command table. ``list`` reads
headers only (the bundled cards ship with the package, the learner's own files come from the header
cache), never a whole scenario. Runs alternate so machine noise hits both alike; the data dir is a
fresh one, listed once before the timings (as a learner's would be after the first start).

    .venv/bin/python benchmarks/bench_list.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

from _common import run_process, verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "NEGOSIM_HOME": home, "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        helps = [sys.executable, "-m", "simulator.cli.main", "--help"]
        lists = [sys.executable, "-m", "simulator.cli.main", "list"]
        first = run_process(lists, env)  # empty data dir: the bundled cards come from the shipped index
        run_process(helps, env)
        bare, ours = [], []
        for _ in range(args.runs):
            bare.append(run_process(helps, env))
            ours.append(run_process(lists, env))
    mh, ml = statistics.median(bare), statistics.median(ours)
    print(f"runs per side: {args.runs} (alternating, fresh process each)")
    print(f"negosim --help : median {mh * 1000:6.1f} ms   min {min(bare) * 1000:6.1f} ms")
    print(f"negosim list   : median {ml * 1000:6.1f} ms   min {min(ours) * 1000:6.1f} ms   "
          f"(empty data dir: {first * 1000:.1f} ms)")
    print(f"ratio (medians): {ml / mh:.2f}   target <= 1.50   {verdict(ml / mh <= 1.5)}")


if __name__ == "__main__":
    main()
