"""Load + check time of generated scenarios of 1,000 and 10,000 states.

Targets (issue 2): 10,000 states in under 2 s on this machine, and growth close to linear
(10k/1k time ratio <= 12). Both are measured in the same run, best of 3 each, interleaved.
Run: .venv/bin/python benchmarks/bench_load.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import best_of, generated, verdict

from simulator.content.acts import default_catalogue
from simulator.content.loader import load_scenario


def main() -> None:
    default_catalogue()  # the act catalogue is loaded once per process, not per scenario
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in (1_000, 10_000):
            path = Path(tmp) / f"genere-{n}.yaml"
            path.write_text(generated(n, price=True), encoding="utf-8")
            files[n] = path
        load_scenario(files[1_000])  # warm-up: imports, catalogue
        times = {1_000: [], 10_000: []}
        for _ in range(3):
            for n, path in files.items():
                times[n].append(best_of(lambda p=path: load_scenario(p), repeats=1))
        t1k, t10k = min(times[1_000]), min(times[10_000])
        size = files[10_000].stat().st_size / 1e6
    ratio = t10k / t1k
    print(f"chargement + vérification, 1 000 états  : {t1k:.3f} s")
    print(f"chargement + vérification, 10 000 états : {t10k:.3f} s ({size:.1f} Mo)  cible < 2 s : {verdict(t10k < 2)}")
    print(f"rapport 10k / 1k : {ratio:.1f}  cible <= 12 : {verdict(ratio <= 12)}")


if __name__ == "__main__":
    main()
