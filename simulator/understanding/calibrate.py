"""Confidence calibration of the act model: temperature scaling, and how well a confidence is kept.

A logistic model trained to the last sentence of its corpus says « 99 % » of lines it reads wrongly. Temperature
scaling divides its scores by one number ``T`` (> 1 softens them) chosen so that, on out-of-fold readings of the
training part (``crossval.out_of_fold``), the probability given to the right family of acts is as high as it can
be on average (least negative log-likelihood). The order of the acts never changes, only how sure it says it is.

``expected_calibration_error`` and ``reliability`` say how far « 80 % sure » is from « right 80 % of the time »:
``crossval`` prints them before and after, ``train`` stores ``T`` and the figures with the weights. Pure Python."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

BINS = 10
T_LOW, T_HIGH = 0.25, 20.0  # the search interval of the temperature (a ratio: searched on its logarithm)
GRID = 24                   # grid points on log T before the fine search


def softmax(scores: Sequence[float], temperature: float = 1.0) -> list[float]:
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def family_probabilities(classes: Sequence[str], probs: Sequence[float], families: dict[str, str]) -> dict[str, float]:
    """Act probabilities summed by family, as ``recognise.understand`` reads them."""
    total: dict[str, float] = {}
    for act, p in zip(classes, probs):
        fam = families.get(act, "")
        total[fam] = total.get(fam, 0.0) + p
    return total


@dataclass(frozen=True)
class Scored:
    """One out-of-fold reading: the model's scores per act and the family it should have found."""

    scores: tuple[float, ...]
    gold: str


def family_readings(classes: Sequence[str], readings: Sequence[Scored], families: dict[str, str],
                    temperature: float) -> list[tuple[float, bool, float]]:
    """(confidence, right, probability of the gold family) for each reading at this temperature."""
    out = []
    for r in readings:
        by_family = family_probabilities(classes, softmax(r.scores, temperature), families)
        family, confidence = max(by_family.items(), key=lambda pair: pair[1])
        out.append((confidence, family == r.gold, by_family.get(r.gold, 0.0)))
    return out


def negative_log_likelihood(classes: Sequence[str], readings: Sequence[Scored], families: dict[str, str],
                            temperature: float) -> float:
    rows = family_readings(classes, readings, families, temperature)
    return -sum(math.log(max(p, 1e-12)) for _, _, p in rows) / len(rows) if rows else 0.0


def fit_temperature(classes: Sequence[str], readings: Sequence[Scored], families: dict[str, str],
                    steps: int = 25) -> float:
    """The temperature of least family negative log-likelihood: the best of a grid on log T (1.0 included, so
    the fitted temperature is never worse than none), refined by golden-section search between its neighbours;
    rounded to 3 decimals so that the stored value is the same from one machine to the next."""
    if not readings:
        return 1.0

    def cost(x: float) -> float:
        return negative_log_likelihood(classes, readings, families, math.exp(x))

    lo, hi = math.log(T_LOW), math.log(T_HIGH)
    grid = sorted({lo + (hi - lo) * i / GRID for i in range(GRID + 1)} | {0.0})
    costs = [cost(x) for x in grid]
    best = min(range(len(grid)), key=costs.__getitem__)
    lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)]
    ratio = (math.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = cost(a), cost(b)
    for _ in range(steps):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = cost(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = cost(b)
    x = (lo + hi) / 2
    return round(math.exp(x if cost(x) <= costs[best] else grid[best]), 3)


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    confidence: float  # mean confidence of the readings in the bin
    accuracy: float    # share of them that were right


def reliability(rows: Sequence[tuple[float, bool]], bins: int = BINS) -> list[Bin]:
    """Readings grouped by confidence in equal-width bins (the last one includes 1.0): the reliability table."""
    groups: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, right in rows:
        groups[min(int(confidence * bins), bins - 1)].append((confidence, right))
    out = []
    for i, group in enumerate(groups):
        n = len(group)
        out.append(Bin(i / bins, (i + 1) / bins, n, sum(c for c, _ in group) / n if n else 0.0,
                       sum(1 for _, r in group if r) / n if n else 0.0))
    return out


def expected_calibration_error(rows: Sequence[tuple[float, bool]], bins: int = BINS) -> float:
    """Mean gap between confidence and accuracy, each bin weighted by its share of readings (0 = calibrated)."""
    total = len(rows)
    if not total:
        return 0.0
    return sum(b.count / total * abs(b.confidence - b.accuracy) for b in reliability(rows, bins))


def threshold_table(rows: Sequence[tuple[float, bool]], thresholds: Sequence[float]) -> list[tuple[float, float, float]]:
    """(threshold, share of wrong readings below it — caught —, share of right readings below it — questioned)."""
    wrong = [c for c, r in rows if not r]
    right = [c for c, r in rows if r]
    out = []
    for t in thresholds:
        caught = sum(1 for c in wrong if c < t) / len(wrong) if wrong else 0.0
        questioned = sum(1 for c in right if c < t) / len(right) if right else 0.0
        out.append((t, caught, questioned))
    return out
