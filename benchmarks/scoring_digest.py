"""Digests of the marks and debriefs of thousands of seeded sessions, to compare two versions of the scorer.

Not a timing: a check that a change made for speed leaves every mark and every debrief ("Mieux" included)
exactly as it was. Run it on two trees and compare the lines (they must be identical):

    git archive OLD simulator benchmarks tests/factories.py rubrics scenarios | tar -x -C /tmp/old
    .venv/bin/python benchmarks/scoring_digest.py /tmp/old 4000 > old.txt
    .venv/bin/python benchmarks/scoring_digest.py . 4000 > new.txt && diff old.txt new.txt

For each scenario (the generated 1,000-state one with N sessions, a generated negotiation with N/4, every bundled
one with N/10; the simulator's least-used-first random walk, seed 7): the SHA-1 of every session's marks
(``marks``, one memo for the batch) and of every debrief's JSON (``score``, another memo; on the 1,000-state
scenario one session in five).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def main() -> None:
    root, n = str(Path(sys.argv[1]).resolve()), int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    sys.path[:0] = [root, root + "/tests"]
    from factories import generated

    import simulator
    from simulator.content.bundled import bundled_scenario_files
    from simulator.content.loader import load_scenario, load_scenario_text
    from simulator.report.json_report import render_json
    from simulator.scoring import default_rubric, score
    from simulator.scoring.scorer import ScoringMemo, marks
    from simulator.simulate import run_policy

    assert simulator.__file__.startswith(root), f"{simulator.__file__} is not under {root}"
    rubric = default_rubric()
    scenarios = [("genere-1000", load_scenario_text(generated(1000)), n),
                 ("genere-prix", load_scenario_text(generated(80, price=True)), n // 4)]
    scenarios += [(p.stem, load_scenario(p), n // 10) for p in sorted(bundled_scenario_files())]
    total = 0
    for name, scenario, count in scenarios:
        by_marks, by_debrief = hashlib.sha1(), hashlib.sha1()
        memo_marks, memo_debrief = ScoringMemo(scenario, rubric), ScoringMemo(scenario, rubric)
        sessions: list = []
        run_policy(scenario, "random", count, seed=7, scorer=lambda s, kept=sessions: kept.append(s) or 0.0)
        for s in sessions:
            by_marks.update(repr(marks(scenario, rubric, s.turns, memo=memo_marks)).encode())
            if name != "genere-1000" or s.seed % 5 == 0:
                by_debrief.update(render_json(score(scenario, rubric, s.turns, memo=memo_debrief)).encode())
        total += len(sessions)
        print(name, len(sessions), by_marks.hexdigest()[:12], by_debrief.hexdigest()[:12], flush=True)
    print("sessions", total)


if __name__ == "__main__":
    main()
