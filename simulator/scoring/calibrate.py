"""How well the mark separates good from bad play, per scenario: ``python -m simulator.scoring.calibrate``.

Runs the ``best``, ``worst`` and ``random`` policies of ``negosim simulate`` on each scenario and checks
the bars the rubric is held to: best >= 16/20 with every criterion it exercises "acquis" and the objective
of the interview reached, random median <= 10/20, worst <= 6/20. The marks weigh the objective beside the
criteria, as the debrief does.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.scenario import Scenario
    from ..engine.session import Session

BEST_MIN, RANDOM_MEDIAN_MAX, WORST_MAX = 16.0, 10.0, 6.0


@dataclass
class Calibration:
    scenario: str
    best: list[float] = field(default_factory=list)
    best_not_acquired: set[str] = field(default_factory=set)
    best_endings: set[str] = field(default_factory=set)  # how best's sessions ended (the objective's status)
    worst: list[float] = field(default_factory=list)
    random: list[float] = field(default_factory=list)

    @property
    def random_median(self) -> float | None:
        return statistics.median(self.random) if self.random else None

    @property
    def problems(self) -> list[str]:
        out = []
        if not self.best or min(self.best) < BEST_MIN:
            out.append(f"best {min(self.best, default=None)} < {BEST_MIN}")
        if self.best_not_acquired:
            out.append("best : critères non acquis " + ", ".join(sorted(self.best_not_acquired)))
        if self.best_endings - {"success"}:
            out.append("best : objectif non atteint (" + ", ".join(sorted(self.best_endings - {"success"})) + ")")
        if self.random_median is None or self.random_median > RANDOM_MEDIAN_MAX:
            out.append(f"random médiane {self.random_median} > {RANDOM_MEDIAN_MAX}")
        if not self.worst or max(self.worst) > WORST_MAX:
            out.append(f"worst {max(self.worst, default=None)} > {WORST_MAX}")
        return out


def calibrate(scenario: Scenario, extreme_runs: int = 5, random_runs: int = 200, seed: int = 0) -> Calibration:
    from ..simulate import run_policy
    from . import policies  # noqa: F401 - registers best / worst
    from .rubric import default_rubric
    from .scorer import ScoringMemo, score

    rubric = default_rubric()
    result = Calibration(scenario.id)
    memo = ScoringMemo(scenario, rubric)  # the sessions share their situations' grading: same debriefs, faster

    def scorer_for(policy: str) -> Callable[[Session], float]:
        def scorer(session: Session) -> float:
            d = score(session.scenario, rubric, session.turns, memo=memo)
            if policy == "best":
                result.best_not_acquired.update(c.id for c in d.criteria.values() if c.evaluated and c.level != "acquis")
                if d.objective is not None:
                    result.best_endings.add(d.objective.status or "unfinished")
            return d.mark
        return scorer

    for policy, runs, marks in (("best", extreme_runs, result.best), ("worst", extreme_runs, result.worst),
                                ("random", random_runs, result.random)):
        marks.extend(run_policy(scenario, policy, runs, seed, scorer=scorer_for(policy)).marks)
    return result


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    from ..content.bundled import bundled_scenario_files
    from ..content.loader import load_scenario

    args = list(sys.argv[1:] if argv is None else argv)
    random_runs = 200
    if "-n" in args:
        i = args.index("-n")
        random_runs = int(args[i + 1])
        del args[i:i + 2]
    files = [Path(a) for a in args] or bundled_scenario_files()
    print(f"{'scénario':30} {'best (min)':>11} {'random (méd.)':>14} {'worst (max)':>12}  verdict")
    failed = 0
    for path in files:
        c = calibrate(load_scenario(path), random_runs=random_runs)
        problems = c.problems
        failed += bool(problems)
        print(f"{c.scenario:30} {_fmt(min(c.best, default=None)):>11} {_fmt(c.random_median):>14} "
              f"{_fmt(max(c.worst, default=None)):>12}  {'OK' if not problems else '; '.join(problems)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
