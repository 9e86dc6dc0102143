"""Cohorts at school scale (issue 19): 1,000 sealed records summarised, then 10,000, against the old way.

Records: 40 exam records played through the exam flow on four bundled scenarios, then cloned as distinct
sealed records (another candidate each: another seal, so none is a duplicate; the same moves, so each
costs a real replay and grading). Each measurement runs in a fresh process (time and peak memory of
that process alone), in this order, interleaved as far as possible:

- baseline: the old per-record path (``load_exam``: the scenario loaded, checked and compiled again for
  every record), over 100 records, as milliseconds per record;
- ``build_cohort`` on 1,000 records (a stream, one scenario load per content hash): seconds, ms per
  record and the ratio to the baseline per record (target: 1,000 records in <= 2 s);
- the same with one process per core (``--workers``, what ``negosim cohort`` does from 200 records):
  wall time against the single process's;
- with ``--scale``, the same on 10,000 records: growth 10k:1k in time (linear: ~10) and in memory above
  the process's size before reading (bounded: what is kept per record is a small summary).

Run: .venv/bin/python benchmarks/bench_cohort.py [--records 1000] [--scale]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, verdict

SCENARIOS = ["banque-boulangerie", "assurance-artisan", "immobilier-mandat", "distribution-referencement"]
BASES = 40


def make_records(folder: Path, count: int) -> None:
    """``count`` distinct sealed exam records in ``folder`` (fsync off: durability is not measured here)."""
    from exam_support import KEY, NullIndex, play_randomly

    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario
    from simulator.exam.clock import ManualClock
    from simulator.exam.flow import ExamRun, ExamSetup
    from simulator.exam.seal import CERT_TYPE, certify_session, seal_journal
    from simulator.store.journal import Journal, read_journal

    os.fsync = lambda fd: None
    scenarios = [load_scenario(resolve_scenario(s)) for s in SCENARIOS]
    bases = []
    for i in range(min(BASES, count)):
        rng, clock = random.Random(i), ManualClock()
        setup = ExamSetup.create(scenarios[i % len(scenarios)], f"Candidat {i:05d}", seed=i, interview=rng.choice([6, 20]),
                                 after=0)  # interview records: sealed when the interview ends
        run = ExamRun.begin(setup, clock, KEY, folder=folder / "base", index=NullIndex())
        play_randomly(run, clock, rng)
        bases.append(read_journal(run.path).records)
    for i in range(len(bases), count):
        lines = bases[i % len(bases)]
        header = {k: v for k, v in lines[0].items() if k not in ("type", "prev")}
        header["exam"] = {**header.get("exam", {}), "candidate": f"Candidat {i:05d}"}
        # another candidate: a new record, certified by the jury key and signed line by line as the real flow does
        journal = certify_session(Journal.create(folder / f"lot-{i // 1000:02d}", header), KEY)
        for rec in lines[1:]:
            if rec.get("type") == CERT_TYPE:
                continue
            if rec.get("type") == "seal":
                seal_journal(journal, rec["sealed_at"], {k: rec[k] for k in ("outcome", "inputs") if k in rec})
                break
            journal.append_record({k: v for k, v in rec.items() if k not in ("prev", "sig")})


MEASURE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from exam_support import KEY
from simulator.exam.cohort import build_cohort, collect_paths
from simulator.exam.graded import Grader
from simulator.exam.record import load_exam
paths, _ = collect_paths([sys.argv[1]])
paths = paths[: int(sys.argv[2])]
import simulator.scoring, simulator.content.loader  # imported before the "before" size, as a trainer's run would
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
if sys.argv[4] == "old":
    for p in paths:
        load_exam(p, KEY.public)
    loads, counted = len(paths), len(paths)
elif sys.argv[4] == "new":
    grader = Grader()
    c = build_cohort(paths, KEY.public, grader=grader)
    loads, counted = grader.loads, c.counted
else:  # one process per core; CPU time then includes the workers'
    import os
    c = build_cohort(paths, KEY.public, workers=len(os.sched_getaffinity(0)))
    loads, counted = None, c.counted
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
cpu += resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "cpu": cpu, "records": len(paths), "counted": counted, "loads": loads,
                  "grown_mb": (after - before) / 1024}))
"""


def measure(folder: Path, count: int, how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(folder), str(count), str(ROOT / "tests"), how],
                         capture_output=True, text=True, check=True, env={**os.environ, "NEGOSIM_HOME": str(folder / "home")})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--scale", action="store_true", help="also 10 times as many records (growth and memory)")
    args = parser.parse_args()
    big = args.records * 10 if args.scale else args.records
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["NEGOSIM_HOME"] = str(folder / "home")
        start = time.perf_counter()
        make_records(folder / "records", big)
        print(f"{big} enregistrements scellés générés en {time.perf_counter() - start:.1f} s")
        old = measure(folder / "records", 100, "old")
        small = measure(folder / "records", args.records, "new")
        old_ms = old["cpu"] / old["records"] * 1000
        new_ms = small["cpu"] / small["records"] * 1000
        print("(temps CPU du processus : ce que coûte le travail quoi qu'il tourne d'autre ; temps mur entre parenthèses)")
        print(f"ancien chemin (load_exam par enregistrement, 100) : {old_ms:.1f} ms/enregistrement "
              f"({old['seconds'] / old['records'] * 1000:.1f})")
        print(f"cohort de {small['records']} : {small['cpu']:.2f} s ({small['seconds']:.2f}), {new_ms:.1f} ms/enregistrement, "
              f"{small['counted']} comptés, {small['loads']} scénario(s) chargé(s) ; "
              f"ratio nouveau/ancien par enregistrement : {new_ms / old_ms:.3f}  "
              f"[cible {args.records} en <= 2 s : {verdict(small['cpu'] <= 2 * args.records / 1000)}]")
        both = measure(folder / "records", args.records, "parallel")
        print(f"cohort de {both['records']} sur {len(os.sched_getaffinity(0))} processus : {both['seconds']:.2f} s "
              f"(temps mur ; {both['seconds'] / small['seconds']:.2f} fois celui d'un seul processus mesuré juste avant), "
              f"CPU de tous les processus {both['cpu']:.2f} s")
        if args.scale:
            large = measure(folder / "records", big, "new")
            growth = large["cpu"] / small["cpu"]
            print(f"cohort de {large['records']} : {large['cpu']:.2f} s ({large['seconds']:.2f}), "
                  f"{large['cpu'] / large['records'] * 1000:.1f} ms/enregistrement, {large['loads']} scénario(s) chargé(s)")
            print(f"croissance {big // args.records}x : temps x{growth:.2f} [linéaire (<= 11) : {verdict(growth <= 11)}] ; "
                  f"mémoire en plus : {small['grown_mb']:.1f} Mo -> {large['grown_mb']:.1f} Mo "
                  f"({large['grown_mb'] * 1024 / large['records']:.1f} Kio/enregistrement)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
