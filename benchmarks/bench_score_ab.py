"""Two versions of the scored simulation side by side, interleaved, for a host whose speed drifts (issue 19).

``bench_score.py`` times one tree; on a shared host the same code reads 3 s one minute and 4.5 s the next, so two
trees timed one after the other cannot be compared. Here each tree runs in a process of its own (its ``simulator``
package first on ``sys.path``), both load the generated 1,000-state scenario, then play the same sessions in
chunks (the engine alone, then played and scored with the marks and a memo kept across the chunks), one chunk of
one tree after the same chunk of the other, the order swapped every chunk. A drift of the host hits both alike;
what is printed is each tree's CPU time and the ratio of the second to the first.
Note: the simulator's least-used policy starts afresh in each chunk (its counts are per ``run_policy`` call), so
the sessions differ a little from one 10,000-session run; both trees play the same ones.

    .venv/bin/python benchmarks/bench_score_ab.py OLD_TREE [NEW_TREE] [--sessions 10000] [--chunk 500] [--rounds 1]

A tree is a directory holding ``simulator/`` (a checkout, or ``git archive REV simulator rubrics scenarios``).
Run it from a directory that holds no ``simulator`` package (``/tmp``): the current directory comes first on the
import path.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def worker(tree: str) -> None:
    """One tree's process: reads ``engine|scored|reset START N`` lines, answers each with its CPU seconds."""
    sys.path[:0] = [tree, str(HERE)]
    from _common import generated

    import simulator
    from simulator.content.loader import load_scenario_text
    from simulator.engine.machine import compile_machine
    from simulator.scoring import default_rubric
    from simulator.scoring.scorer import ScoringMemo, marks
    from simulator.simulate import run_policy

    assert simulator.__file__.startswith(tree), f"{simulator.__file__} is not under {tree}"
    scenario, rubric = load_scenario_text(generated(1_000)), default_rubric()
    compile_machine(scenario)
    memo = ScoringMemo(scenario, rubric)
    print("ready", flush=True)
    for line in sys.stdin:
        kind, start, n = line.split()
        if kind == "reset":
            memo = ScoringMemo(scenario, rubric)
            print(0.0, flush=True)
            continue
        begun = time.process_time()
        if kind == "engine":
            run_policy(scenario, "random", int(n), seed=int(start))
        else:
            run_policy(scenario, "random", int(n), seed=int(start),
                       scorer=lambda s, memo=memo: marks(s.scenario, rubric, s.turns, memo=memo).mark)
        print(time.process_time() - begun, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new", nargs="?", default=str(HERE.parent))
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.old)
        return
    trees = [str(Path(args.old).resolve()), str(Path(args.new).resolve())]
    procs = [subprocess.Popen([sys.executable, __file__, tree, "--worker"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True) for tree in trees]
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":  # type: ignore[union-attr]
            sys.exit("a tree's process did not start (see its error above)")

    def ask(i: int, command: str) -> float:
        procs[i].stdin.write(command + "\n")  # type: ignore[union-attr]
        procs[i].stdin.flush()  # type: ignore[union-attr]
        return float(procs[i].stdout.readline())  # type: ignore[union-attr]

    for _ in range(args.rounds):
        totals = [{"engine": 0.0, "scored": 0.0} for _ in trees]
        for i in range(2):
            ask(i, "reset 0 0")
        for k, start in enumerate(range(1, args.sessions + 1, args.chunk)):
            for kind in ("engine", "scored"):
                for i in ((0, 1) if k % 2 == 0 else (1, 0)):
                    totals[i][kind] += ask(i, f"{kind} {start} {min(args.chunk, args.sessions + 1 - start)}")
        for tree, t in zip(trees, totals):
            print(f"{tree}: moteur seul {t['engine']:.2f} s CPU, jouées et notées {t['scored']:.2f} s CPU ; "
                  f"coût de la notation / coût du jeu : {(t['scored'] - t['engine']) / t['engine']:.2f}")
        print(f"second / premier : jouées et notées {totals[1]['scored'] / totals[0]['scored']:.3f}, "
              f"moteur seul {totals[1]['engine'] / totals[0]['engine']:.3f}", flush=True)
    for proc in procs:
        proc.stdin.close()  # type: ignore[union-attr]
        proc.wait()


if __name__ == "__main__":
    main()
