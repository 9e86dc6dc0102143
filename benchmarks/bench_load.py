"""Load + check time of generated scenarios of 1,000 and 10,000 states, and of bad inputs.

Targets (issue 2): 10,000 states in under 2 s on this machine, and growth close to linear
(10k/1k time ratio <= 11), measured in the same run, best of 3 each, interleaved. Each kind of bad
input (alias bomb, huge file, binary garbage, invalid UTF-8, deep nesting...) must give its located
error within a second and a bounded amount of memory.

Memory (issue 22), traced by tracemalloc in a second, untimed run, in three figures:
- « lecture » : the peak while reading the file. ``read_bytes`` asks for ``max_bytes + 1`` bytes at once
  (16 Mio + 1), which CPython reserves whatever the file's size and shrinks right after: the same
  16.8 Mo for a 5-byte file. It is the size limit, not the file; a file over the limit is refused
  before it is read (0 Mo).
- « analyse » : the peak after reading (decoding, YAML, checks): what the input itself costs.
- « gardé » : what is still allocated afterwards (after a garbage collection): for a bad input, what
  the error keeps (target < 1 Mo: nothing of the input); for a scenario, what the loaded scenario
  holds while it is in use, and what is left once it is dropped (target < 1 Mo: no leak).
Run: .venv/bin/python benchmarks/bench_load.py [--runs N]  (best of N loads of each size, 3 by default: on a
shared machine more runs give a steadier best)

Of the CPU time, the system's share is printed too: a 10,000-state load touches ~450 Mo, part of which the
allocator gives back to the system after each load and faults in again on the next (~0.06 s a load here; a
first load in a fresh process, as ``negosim validate`` does, faults all of it: ~0.2 s). A 1,000-state load
reuses what it freed, so this share weighs on the 10k:1k ratio.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import generated, verdict

from simulator.content import yaml_source
from simulator.content.acts import default_catalogue
from simulator.content.loader import load_scenario

MB = 1e6


def cpu_time(fn) -> tuple[float, float]:
    """CPU seconds (user + system): what loading costs, whatever else runs on a shared machine; and the system's part."""
    import resource
    import time

    start, before = time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_stime
    fn()
    return time.process_time() - start, resource.getrusage(resource.RUSAGE_SELF).ru_stime - before


def traced(fn) -> tuple[float, float, float, float]:
    """Run ``fn`` under tracemalloc, in bytes above the start: the peak while reading the file, the peak
    after reading, what is still allocated when it returns (its result alive), and once its result is dropped."""
    import gc
    import tracemalloc

    real_read = yaml_source.read_bytes
    reading = 0

    def read_bytes(*args, **kwargs):  # ``load_document`` looks it up in its module at each call
        nonlocal reading
        tracemalloc.reset_peak()
        try:
            return real_read(*args, **kwargs)
        finally:
            reading = max(reading, tracemalloc.get_traced_memory()[1] - base)
            tracemalloc.reset_peak()  # from here on, the peak is the analysis's

    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    yaml_source.read_bytes = read_bytes
    try:
        result = fn()
        analysis = tracemalloc.get_traced_memory()[1] - base
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - base
        del result
        gc.collect()
        left = tracemalloc.get_traced_memory()[0] - base
    finally:
        yaml_source.read_bytes = real_read
        tracemalloc.stop()
    return reading, analysis, kept, left


def bad_inputs(folder: Path) -> None:
    import time

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
    print(f"  {'cas':<28} {'erreur':<16} {'temps CPU':>9}      {'fichier':>8} {'lecture':>8} {'analyse':>8} "
          f"{'gardé':>7}")
    worst = (0.0, "")
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
        reading, analysis, kept, _ = traced(attempt)  # a second run: tracing slows allocation down, so not timed
        worst = max(worst, (analysis, name))
        print(f"  {name:<28} {outcome:<16} {elapsed * 1000:6.0f} ms {verdict(elapsed < 1):<5} {len(blob) / MB:>5.1f} Mo "
              f"{reading / MB:5.1f} Mo {analysis / MB:5.1f} Mo {kept / MB:4.1f} Mo {verdict(kept < MB)}")
    print(f"  mémoire bornée : le pic d'un fichier refusé est le plus grand du tampon de lecture (fixe : la limite de "
          f"taille) et de l'analyse, au plus {worst[0] / MB:.1f} Mo ici ({worst[1]}) ; l'erreur ne garde rien du fichier")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="loads of each size, interleaved; the best is kept")
    runs = parser.parse_args().runs
    default_catalogue()  # the act catalogue is loaded once per process, not per scenario
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in (1_000, 10_000):
            path = Path(tmp) / f"genere-{n}.yaml"
            path.write_text(generated(n, price=True), encoding="utf-8")
            files[n] = path
        load_scenario(files[1_000])  # warm-up: imports, catalogue
        times: dict[int, list[tuple[float, float]]] = {1_000: [], 10_000: []}
        for _ in range(runs):
            for n, path in files.items():
                times[n].append(cpu_time(lambda p=path: load_scenario(p)))
        (t1k, sys1k), (t10k, sys10k) = min(times[1_000]), min(times[10_000])
        size = files[10_000].stat().st_size / 1e6
        reading, analysis, kept, left = traced(lambda: load_scenario(files[10_000]))  # after the timings: not timed
    ratio = t10k / t1k
    print(f"chargement + vérification, 1 000 états  : {t1k:.3f} s CPU (dont système {sys1k:.3f} s)")
    print(f"chargement + vérification, 10 000 états : {t10k:.3f} s CPU (dont système {sys10k:.3f} s) ({size:.1f} Mo)  "
          f"cible < 2 s : {verdict(t10k < 2)}")
    print(f"rapport 10k / 1k : {ratio:.1f}  cible <= 11 : {verdict(ratio <= 11)}")
    print("mémoire (tracemalloc, hors temps) :")
    print(f"  10 000 états ({size:.1f} Mo) : lecture {reading / MB:.1f} Mo, analyse {analysis / MB:.1f} Mo, "
          f"gardé par le scénario chargé {kept / MB:.1f} Mo, reste une fois lâché {left / MB:.1f} Mo  "
          f"cible < 1 Mo : {verdict(left < MB)}")
    print("entrées invalides : temps CPU, cible < 1 s ; lecture = tampon de 16 Mio + 1 que read_text réserve quelle "
          "que soit la taille (au-delà de la limite, le fichier est refusé avant d'être lu) ; analyse = pic après "
          "la lecture ; gardé = ce que l'erreur retient, cible < 1 Mo")
    with tempfile.TemporaryDirectory() as tmp:
        bad_inputs(Path(tmp))


if __name__ == "__main__":
    main()
