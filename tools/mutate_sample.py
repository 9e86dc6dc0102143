"""A seeded random sample of one module's mutants, run with ``tools/mutate.py``'s settings and tests.

Usage::

    python tools/mutate_sample.py simulator/exam/cohort.py 150 --seed 21   # then: tools/mutate.py MODULE --report
    python tools/mutate_sample.py simulator/exam/cohort.py 150 --seed 21 --survivors   # after adding tests

For a module too large to run whole on a loaded machine (1730 mutants for ``exam/cohort.py``: hours on two
shared cores): the same seed picks the same mutants (``random.Random(seed).sample`` over the sorted names), so the
estimate can be checked and its survivors rerun. ``tools/mutate.py MODULE --report`` then scores the mutants run
(the rest are "not run yet", left out of the score). A larger N with the same seed extends the sample (the mutants
already run keep their verdicts). ``--survivors``: rerun the previous run's survivors that are
not listed as equivalent, with the tests as they are now; every other verdict is kept.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mutate  # noqa: E402 - the tool's own functions, next to this script


def sample_names(meta: Path, n: int, seed: int) -> list[str]:
    names = sorted(json.loads(meta.read_text("utf-8"))["exit_code_by_key"])
    return random.Random(seed).sample(names, min(n, len(names)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="e.g. simulator/exam/cohort.py")
    parser.add_argument("n", type=int, help="how many mutants to run")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--survivors", action="store_true", help="rerun the last run's survivors with today's tests")
    parser.add_argument("--fresh", action="store_true", help="forget the previous run (by default a larger N, same "
                        "seed, runs only the mutants not run yet: random.sample's first picks do not depend on N)")
    args = parser.parse_args(argv)
    tests = mutate.DEFAULT_TESTS[args.module]
    work = mutate.WORK / mutate.slug(args.module)
    meta = work / "mutants" / (args.module + ".meta")
    if args.survivors:
        before = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        listed = mutate.load_equivalents()
        names = [k for k, v in before.items() if v in mutate.SURVIVED | mutate.NO_TESTS and k not in listed]
        mutate.prepare(args.module, tests, keep=True)
    elif meta.exists() and not args.fresh:  # a larger sample, same seed: its first mutants are the ones already run
        before = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        mutate.prepare(args.module, tests, keep=True)
        names = [k for k in sample_names(meta, args.n, args.seed) if before.get(k) is None]
    else:
        before = {}
        mutate.prepare(args.module, tests, keep=False)
        # mutants and test stats only: a name that matches no mutant (mutmut says so, after its stats)
        mutate.mutmut(work, "run", "--max-children", "2", "nothing__mutmut*_0")
        names = sample_names(meta, args.n, args.seed)
    print(f"{args.module}: running {len(names)} mutants", flush=True)
    if names:
        done = mutate.mutmut(work, "run", "--max-children", "2", *(x.replace("__mutmut_", "__mutmut*_") for x in names))
        print(done.stdout[-3000:])
    if before:
        mutate.keep_verdicts(meta, before, set(names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
