"""Cohorts at school scale (issue 19): 1,000 sealed records summarised, then 10,000, against the old way.

Records: ``--distinct`` (default 1,000) exam records played at random through the exam flow on four
bundled scenarios, each its own playthrough and sealed with its grade as an exam seals it; past that
number, cloned as distinct sealed records (another candidate each: another seal, so none is a duplicate;
the same moves and grade). Each measurement runs in a fresh process (time and peak memory of that
process alone), in this order:

- baseline: the old per-record path (``load_exam``: the scenario loaded, checked and compiled again for
  every record), over 100 records, as milliseconds per record;
- ``build_cohort`` on 1,000 records (a stream, one scenario load per content hash, the grade read from
  each verified seal): seconds, ms per record and the ratio to the baseline per record (target: 1,000
  records in <= 2 s);
- the same regrading every record (``Grader(trust_seals=False)``: what records sealed by another version
  of negosim, or graded under another rubric, cost);
- the same with one process per core (``--workers``, what ``negosim cohort`` does from 200 records):
  wall time against the single process's;
- ``negosim verify --json`` on the folder of the records played on their own (recursive): CPU time of the
  whole process and its peak RSS;
- with ``--scale``, the same on 10,000 records: growth 10k:1k in time (linear: ~10) and in memory above
  the process's size before reading (bounded: what is kept per record is a small summary), and verify on
  all of them (peak RSS against the 1,000's).

Record generation plays every exam for real (about 0.2-0.3 s a record on a loaded 2-core machine): a few
minutes for 1,000, and the clones of ``--scale`` add about as much.

Run: .venv/bin/python benchmarks/bench_cohort.py [--records 1000] [--scale] [--distinct 1000]
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


def make_records(folder: Path, count: int, distinct: int = 1000) -> None:
    """``count`` distinct sealed exam records in ``folder``, the first ``distinct`` each played on its own
    (fsync off: durability is not measured here)."""
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
    for i in range(min(distinct, count)):
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
                seal_journal(journal, rec["sealed_at"], {k: rec[k] for k in ("outcome", "inputs", "grade") if k in rec})
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
elif sys.argv[4] in ("new", "regrade"):
    grader = Grader(trust_seals=sys.argv[4] == "new")
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


VERIFY = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run([sys.executable, "-c", "from simulator.cli.main import main; main()", "verify", "--json", "--key",
                       sys.argv[1], *sys.argv[2:]], stdout=subprocess.PIPE, check=False)
seconds = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": use.ru_utime + use.ru_stime, "peak_mb": use.ru_maxrss / 1024,
                  "records": len(json.loads(done.stdout)), "code": done.returncode}))
"""


def measure_verify(public: Path, folders: list[Path]) -> dict:
    """``negosim verify --json DIR...`` in a process of its own: time and peak memory (RSS)."""
    out = subprocess.run([sys.executable, "-c", VERIFY, str(public), *map(str, folders)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(folder: Path, count: int, how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(folder), str(count), str(ROOT / "tests"), how],
                         capture_output=True, text=True, check=True, env={**os.environ, "NEGOSIM_HOME": str(folder / "home")})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--scale", action="store_true", help="also 10 times as many records (growth and memory)")
    parser.add_argument("--distinct", type=int, default=1000, help="records each played on its own (the rest: clones)")
    args = parser.parse_args()
    big = args.records * 10 if args.scale else args.records
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["NEGOSIM_HOME"] = str(folder / "home")
        start = time.perf_counter()
        make_records(folder / "records", big, args.distinct)
        print(f"{big} enregistrements scellés générés en {time.perf_counter() - start:.1f} s "
              f"({min(args.distinct, big)} parties distinctes)")
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
        again = measure(folder / "records", args.records, "regrade")
        print(f"cohort de {again['records']} en recorrigeant chaque enregistrement (scellé par une autre version) : "
              f"{again['cpu']:.2f} s ({again['seconds']:.2f}), {again['cpu'] / again['records'] * 1000:.1f} ms/enregistrement, "
              f"ratio à l'ancien chemin : {again['cpu'] / again['records'] * 1000 / old_ms:.3f}")
        both = measure(folder / "records", args.records, "parallel")
        print(f"cohort de {both['records']} sur {len(os.sched_getaffinity(0))} processus : {both['seconds']:.2f} s "
              f"(temps mur ; {both['seconds'] / small['seconds']:.2f} fois celui d'un seul processus mesuré juste avant), "
              f"CPU de tous les processus {both['cpu']:.2f} s")
        from exam_support import KEY

        from simulator.exam.keys import write_key_files

        public = write_key_files(KEY, folder / "jury" / "jury.key", "phrase de passe du jury", force=True,
                                 scrypt_n=2**10)[1]
        small_dirs = [folder / "records" / "base"]  # the records each played on their own
        v1 = measure_verify(public, small_dirs)
        print(f"verify --json de {v1['records']} enregistrements (dossier parcouru) : {v1['cpu']:.2f} s CPU "
              f"({v1['seconds']:.2f}), {v1['cpu'] / v1['records'] * 1000:.2f} ms/enregistrement, pic {v1['peak_mb']:.0f} Mo, "
              f"code {v1['code']}")
        if args.scale:
            v10 = measure_verify(public, [folder / "records"])
            print(f"verify --json de {v10['records']} enregistrements : {v10['cpu']:.2f} s CPU ({v10['seconds']:.2f}), "
                  f"croissance x{v10['cpu'] / v1['cpu']:.2f} pour x{v10['records'] / v1['records']:.0f} enregistrements, "
                  f"pic {v10['peak_mb']:.0f} Mo (contre {v1['peak_mb']:.0f})")
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
