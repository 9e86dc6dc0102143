"""Is the menu an answer key? Marks and endings of menu-gaming players on every bundled scenario.

A learner who presses 1 every time, or always takes the last, the longest or the shortest option, must
not pass: options are shuffled per session and the wrong answers are plausible near-misses of the same
length and tone. Each gaming policy plays many seeds (each seed shows the options in another order);
``random``, ``best`` and ``worst`` frame them. The bars (issue « Break the answer key »):

- first, last, longest, shortest: median mark <= 8/20 and a success ending in <= 10 % of the seeds;
- best >= 16 (every seed), random median <= 10, worst <= 6 (every seed).

Usage: ``python benchmarks/answer_key.py [--scenario ID ...] [-n 200] [--best-runs 5] [--format text|json]``.
Prints a table per scenario and exits 1 when a bar is missed (a content check, not a timing).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator import simulate as sim  # noqa: E402
from simulator.content.bundled import bundled_scenario_files  # noqa: E402
from simulator.content.library import resolve_scenario  # noqa: E402
from simulator.content.loader import load_scenario  # noqa: E402
from simulator.scoring import default_rubric, score  # noqa: E402
from simulator.scoring.policies import register  # noqa: E402

GAMING_MEDIAN_MAX = 8.0
GAMING_SUCCESS_MAX = 0.10
BEST_MIN = 16.0
RANDOM_MEDIAN_MAX = 10.0
WORST_MAX = 6.0


def measure(scenario_ref: str, runs: int, best_runs: int) -> dict:
    register()
    scenario = load_scenario(resolve_scenario(scenario_ref))
    rubric = default_rubric()

    def mark(session) -> float:
        return score(session.scenario, rubric, session.turns).mark

    rows = {}
    for policy in (*sim.GAMING_POLICIES, "random", "best", "worst"):
        n = best_runs if policy in ("best", "worst") else runs
        report = sim.run_policy(scenario, policy, n, seed=0, scorer=mark)
        marks = report.marks or [0.0]
        done = sum(report.outcomes.values()) or 1
        rows[policy] = {"runs": n, "median": round(statistics.median(marks), 2), "min": round(min(marks), 2),
                        "max": round(max(marks), 2), "success": round(report.outcomes.get("success", 0) / done, 3),
                        "turns": statistics.median(report.turns) if report.turns else 0}
    for policy, row in rows.items():
        if policy in sim.GAMING_POLICIES:
            row["ok"] = row["median"] <= GAMING_MEDIAN_MAX and row["success"] <= GAMING_SUCCESS_MAX
        elif policy == "random":
            row["ok"] = row["median"] <= RANDOM_MEDIAN_MAX
        elif policy == "best":
            row["ok"] = row["min"] >= BEST_MIN
        else:
            row["ok"] = row["max"] <= WORST_MAX
    return {"scenario": scenario.id, "policies": rows, "ok": all(r["ok"] for r in rows.values())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", action="append", help="identifiant ou fichier (défaut : tous les scénarios livrés)")
    parser.add_argument("-n", type=int, default=200, help="graines par politique (first, last, longest, shortest, random)")
    parser.add_argument("--best-runs", type=int, default=5, help="graines pour best et worst")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    refs = args.scenario or [p.stem for p in bundled_scenario_files()]
    results = [measure(ref, args.n, args.best_runs) for ref in refs]
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print(f"Barres : first/last/longest/shortest médiane ≤ {GAMING_MEDIAN_MAX:g} et succès ≤ "
              f"{GAMING_SUCCESS_MAX:.0%} ; best ≥ {BEST_MIN:g} ; random médiane ≤ {RANDOM_MEDIAN_MAX:g} ; worst ≤ {WORST_MAX:g}")
        for res in results:
            print(f"\n{res['scenario']} — {'OK' if res['ok'] else 'HORS CIBLE'}")
            print(f"  {'politique':<10} {'parties':>7} {'médiane':>8} {'min':>6} {'max':>6} {'succès':>7} {'tours':>6}")
            for policy, r in res["policies"].items():
                print(f"  {policy:<10} {r['runs']:>7} {r['median']:>8.2f} {r['min']:>6.2f} {r['max']:>6.2f} "
                      f"{r['success']:>7.0%} {r['turns']:>6g}  {'ok' if r['ok'] else 'HORS CIBLE'}")
        print(f"\n{sum(r['ok'] for r in results)}/{len(results)} scénario(s) dans toutes les barres")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
