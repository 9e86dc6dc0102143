"""Load + check time of generated scenarios of 1,000 and 10,000 states, and of bad inputs.

Targets (issue 2): 10,000 states in under 2 s on this machine, and growth close to linear
(10k/1k time ratio <= 12), measured in the same run, best of 3 each, interleaved. Each kind of bad
input (alias bomb, huge file, binary garbage, invalid UTF-8, deep nesting...) must give its located
error within a second and a bounded amount of memory: time and peak traced memory are printed.
Run: .venv/bin/python benchmarks/bench_load.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import generated, verdict

from simulator.content.acts import default_catalogue
from simulator.content.loader import load_scenario


def cpu_time(fn) -> float:
    """CPU seconds: what loading costs, whatever else runs on a shared machine."""
    import time

    start = time.process_time()
    fn()
    return time.process_time() - start


def bad_inputs(folder: Path) -> None:
    import time
    import tracemalloc

    from simulator.content.diagnostics import ContentError

    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        bomb.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]")
    cases = {
        "bombe d'alias (9^12 valeurs)": "\n".join(bomb).encode(),
        "fichier de 17 Mio": b"# " + b"x" * (17 * 1024 * 1024),
        "binaire": bytes(range(256)) * 4096,
        "UTF-8 invalide": "title: \"été\"\n".encode("latin-1") * 1000,
        "imbrication profonde": b"a: " + b"[" * 5000 + b"]" * 5000,
        "100 000 clés en double": b"".join(b"k: 1\n" for _ in range(100_000)),
    }
    for name, blob in cases.items():
        path = folder / "bad.yaml"
        path.write_bytes(blob)
        def attempt(path: Path = path) -> str:
            try:
                load_scenario(path)
                return "chargé ?!"
            except ContentError as exc:
                d = exc.diagnostics[0]
                return f"{d.code} ligne {d.line}"

        start = time.process_time()
        outcome = attempt()
        elapsed = time.process_time() - start
        tracemalloc.start()  # a second run for memory: tracing slows allocation down, so not timed
        attempt()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"  {name:<28} {outcome:<18} {elapsed * 1000:7.0f} ms  pic {peak:6.1f} Mo  "
              f"cible < 1 s : {verdict(elapsed < 1)}")


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
                times[n].append(cpu_time(lambda p=path: load_scenario(p)))
        t1k, t10k = min(times[1_000]), min(times[10_000])
        size = files[10_000].stat().st_size / 1e6
    ratio = t10k / t1k
    print(f"chargement + vérification, 1 000 états  : {t1k:.3f} s CPU")
    print(f"chargement + vérification, 10 000 états : {t10k:.3f} s CPU ({size:.1f} Mo)  cible < 2 s : {verdict(t10k < 2)}")
    print(f"rapport 10k / 1k : {ratio:.1f}  cible <= 12 : {verdict(ratio <= 12)}")
    print("entrées invalides :")
    with tempfile.TemporaryDirectory() as tmp:
        bad_inputs(Path(tmp))


if __name__ == "__main__":
    main()
