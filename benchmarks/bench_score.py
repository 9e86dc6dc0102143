"""Scored simulation against the engine alone, same sessions, same run (issue 19).

10,000 random sessions on the generated 1,000-state scenario (the engine benchmark's), played once by the
engine alone, then played and scored as ``negosim simulate`` does: the marks of every session
(``scorer.marks``: the debrief's figures without its texts), one ``ScoringMemo`` shared by the batch, so each
situation's alternatives are played and graded once. ``--debrief`` scores with the full debrief instead
(``score``: evidence, "Mieux", priorities), for comparison.
Targets: scoring a session costs at most as much as playing it ((scored - engine) / engine <= 1), and the 10,000
scored sessions take <= 5 s. The same on a bundled negotiation scenario (price offers to grade), for
information. CPU time: what our code costs whatever else runs on a shared machine.

Then the batch as ``negosim simulate`` runs it on a machine of several cores: scored beside the play
(``scoring.batch``: other processes replay and score each chunk of finished games while this one plays on). That is
wall time, which other work on a shared machine lengthens: it is printed beside the engine alone and the batch scored
in one process, timed in the same run, with the CPU time of every process (the scoring processes replay the games:
more CPU in all, less time to wait). The marks are checked equal to those scored in one process.

    .venv/bin/python benchmarks/bench_score.py [--sessions 10000] [--bundled-sessions 2000] [--debrief]
"""

from __future__ import annotations

import argparse
import os
import time

from _common import generated, verdict

from simulator.content.bundled import bundled_scenario_files
from simulator.content.loader import load_scenario, load_scenario_text
from simulator.engine.machine import compile_machine
from simulator.scoring import default_rubric, score
from simulator.scoring.batch import POOL_FROM, ScoresAside, ScoresHere, batch_scores, default_jobs
from simulator.scoring.scorer import ScoringMemo, marks
from simulator.simulate import run_policy


def cpu_time(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def compare(label: str, scenario, n: int, check: bool, debrief: bool = False) -> None:
    rubric = default_rubric()
    compile_machine(scenario)
    given: list[float] = []
    memo = ScoringMemo(scenario, rubric)  # shared by the batch, as ``negosim simulate`` does

    def scorer(session) -> float:
        grade = score if debrief else marks
        mark = grade(session.scenario, rubric, session.turns, memo=memo).mark
        given.append(mark)
        return mark

    engine = cpu_time(lambda: run_policy(scenario, "random", n, seed=1))
    scored = cpu_time(lambda: run_policy(scenario, "random", n, seed=1, scorer=scorer))
    cost = (scored - engine) / engine  # what scoring adds, per unit of playing
    label += " (débriefs complets)" if debrief else " (notes seules)"
    line = (f"{label}: {n} parties, moteur seul {engine:.2f} s CPU, jouées et notées {scored:.2f} s CPU "
            f"({len(given)} notées) ; coût de la notation / coût du jeu : {cost:.2f}")
    if check:
        line += (f"  cible <= 1 : {verdict(cost <= 1)} ; {n} parties notées en {scored:.2f} s, cible <= 5 s : "
                 f"{verdict(scored <= 5)}")
    print(line)


def wall_and_cpu(fn) -> tuple[float, float, object]:
    """Wall time, and CPU time of this process and of the processes it waited for (the scoring processes)."""
    before, start = os.times(), time.perf_counter()
    result = fn()
    wall, after = time.perf_counter() - start, os.times()
    cpu = sum(after[:4]) - sum(before[:4])  # user and system, this process and its children
    return wall, cpu, result


def overlap(label: str, scenario, n: int, check: bool) -> None:
    rubric = default_rubric()
    compile_machine(scenario)
    workers = default_jobs(max(n, POOL_FROM))  # the scoring processes simulate gives a large batch
    probe = batch_scores(scenario, rubric, n, workers)  # its pool starts no process before a chunk is sent
    probe.close()
    if not isinstance(probe, ScoresAside):
        print(f"{label} : notées dans le processus qui joue (un seul cœur, ou pas de fork) : rien à mesurer ici")
        return
    engine, _, _ = wall_and_cpu(lambda: run_policy(scenario, "random", n, seed=1))
    here, _, one = wall_and_cpu(lambda: run_policy(scenario, "random", n, seed=1, scores=ScoresHere(scenario, rubric)))
    aside, cpu, both = wall_and_cpu(lambda: run_policy(scenario, "random", n, seed=1,
                                                       scores=ScoresAside(scenario, rubric, workers=workers)))
    same = both.marks == one.marks  # type: ignore[attr-defined]
    line = (f"{label}, notées à côté du jeu (processus de notation : {workers}) : {n} parties jouées et notées en "
            f"{aside:.2f} s d'horloge (CPU de tous les processus {cpu:.2f} s) ; dans un seul processus {here:.2f} s, "
            f"moteur seul {engine:.2f} s ; rapport à côté / un seul processus : {aside / here:.2f} ; "
            f"mêmes notes : {verdict(same)}")
    if check:
        line += f" ; cible <= 5 s : {verdict(aside <= 5)}"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--bundled-sessions", type=int, default=2_000)
    parser.add_argument("--bundled", default="equipement-machine")
    parser.add_argument("--debrief", action="store_true", help="score with the full debrief instead of marks only")
    args = parser.parse_args()
    # the machine may be shared: its load says how far the CPU times can be trusted (a ratio moves less)
    print("charge moyenne (1, 5, 15 min) au départ : " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    compare("scénario généré de 1 000 états", load_scenario_text(generated(1_000)), args.sessions, True, args.debrief)
    [path] = [p for p in bundled_scenario_files() if p.stem == args.bundled]
    compare(f"scénario livré {args.bundled}", load_scenario(path), args.bundled_sessions, False, args.debrief)
    if not args.debrief:
        overlap("scénario généré de 1 000 états", load_scenario_text(generated(1_000)), args.sessions, True)
        overlap(f"scénario livré {args.bundled}", load_scenario(path), args.bundled_sessions, False)
    print("charge moyenne à la fin : " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
