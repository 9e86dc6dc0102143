"""Helpers shared by the benchmark scripts: timing with repeats, and the scenario generator."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from factories import generated  # noqa: E402,F401 - re-exported for the scripts


def best_of(fn: Callable[[], object], repeats: int = 3) -> float:
    """Best wall time of a few runs: the least disturbed by other work on a shared machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(fn: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_process(args: list[str], env: dict[str, str]) -> float:
    """Wall time of a fresh process (interpreter start and imports included), its output discarded."""
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "OK" if ok else "HORS CIBLE"
