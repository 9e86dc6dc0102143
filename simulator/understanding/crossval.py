"""Cross-validation on the TRAINING part of the corpus only: how features, cues, ``train.CONFIG`` and the
confidence calibration are chosen without the held-out split ever being looked at.

``python -m simulator.understanding.crossval [--errors] [--set C=4]`` fits the model on four fifths of the
training sentences (a second hash of the text decides the folds, as the held-out split is decided by the
first), reads the fifth as ``recognise.understand`` would (act probabilities summed by family), and prints
the same figures as the bars, a family confusion matrix, the calibration (expected calibration error and
reliability table before and after temperature scaling, and what each confidence threshold catches) and,
with ``--errors``, the misread sentences. Needs scikit-learn (``pip install -e '.[train]'``)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass

from .calibrate import (
    Scored,
    expected_calibration_error,
    family_probabilities,
    family_readings,
    fit_temperature,
    reliability,
    softmax,
    threshold_table,
)
from .corpus import Example, load_corpus
from .evaluate import macro_f1
from .normalize import strip_punctuation
from .train import CONFIG, fit, row_features

FOLDS = 5
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
ABSENT = -1e9  # the score of an act a fold never saw in training: never chosen


def fold_of(ex: Example) -> int:
    return hashlib.sha1(ex.text.encode("utf-8")).digest()[1] % FOLDS


def families_of_acts() -> dict[str, str]:
    from ..content.acts import default_catalogue

    return {a: act.family for a, act in default_catalogue().acts.items()}


@dataclass(frozen=True)
class OutOfFold:
    """Every training sentence scored by a model that never saw it: as typed, and without punctuation."""

    classes: tuple[str, ...]
    examples: tuple[Example, ...]
    typed: tuple[Scored, ...]
    bare: tuple[Scored, ...]
    folds: tuple[int, ...]


def score_items(vec, clf, items: list[tuple[str, str, str | None]], classes: tuple[str, ...]) -> list[tuple[float, ...]]:
    """The fitted model's scores (before the softmax) for each (text, lang, context), in the order of ``classes``."""
    column = {str(c): j for j, c in enumerate(clf.classes_)}
    x = vec.transform([row_features(t, lang, ctx) for t, lang, ctx in items])
    return [tuple(float(row[column[c]]) if c in column else ABSENT for c in classes) for row in clf.decision_function(x)]


def out_of_fold(training: list[Example], config: dict = CONFIG) -> OutOfFold:
    families = families_of_acts()
    classes = tuple(sorted({ex.act for ex in training} | {config["echo_without_context"]}))
    examples, typed, bare, folds = [], [], [], []
    for k in range(FOLDS):
        test_part = [ex for ex in training if fold_of(ex) == k]
        if not test_part:
            continue
        vec, clf, _ = fit([ex for ex in training if fold_of(ex) != k], config)
        for variant, out in ((lambda t: t, typed), (strip_punctuation, bare)):
            items = [(variant(ex.text), ex.lang, ex.context) for ex in test_part]
            for ex, scores in zip(test_part, score_items(vec, clf, items, classes)):
                out.append(Scored(scores, families[ex.act]))
        examples.extend(test_part)
        folds.extend([k] * len(test_part))
    return OutOfFold(classes, tuple(examples), tuple(typed), tuple(bare), tuple(folds))


def cross_fitted(oof: OutOfFold, families: dict[str, str]) -> list[tuple[float, bool]]:
    """(confidence, right) of each reading, scaled by a temperature fitted on the OTHER folds' readings only, so
    the figures after calibration are not measured on what chose the temperature."""
    rows: list[tuple[float, bool]] = []
    for k in sorted(set(oof.folds)):
        others = [s for s, f in zip(oof.typed, oof.folds) if f != k]
        mine = [s for s, f in zip(oof.typed, oof.folds) if f == k]
        t = fit_temperature(oof.classes, others, families)
        rows.extend((c, r) for c, r, _ in family_readings(oof.classes, mine, families, t))
    return rows


def calibration(oof: OutOfFold, families: dict[str, str]) -> dict[str, object]:
    """The temperature fitted on every out-of-fold reading (what ``train`` stores), and (confidence, right) of each
    reading before and after scaling, with its expected calibration error."""
    before = [(c, r) for c, r, _ in family_readings(oof.classes, oof.typed, families, 1.0)]
    after = cross_fitted(oof, families)
    return {"temperature": fit_temperature(oof.classes, oof.typed, families), "before": before, "after": after,
            "ece_before": expected_calibration_error(before), "ece_after": expected_calibration_error(after)}


def crossvalidate(config: dict = CONFIG) -> dict[str, object]:
    families = families_of_acts()
    training = [ex for ex in load_corpus() if not ex.held_out]
    oof = out_of_fold(training, config)
    # the order of the families does not depend on the temperature: the readings are those of the raw model
    typed = [_best(oof.classes, s, families) for s in oof.typed]
    bare = [_best(oof.classes, s, families) for s in oof.bare]
    records = list(zip(oof.examples, typed, bare))
    f1, per = macro_f1((families[ex.act], got) for ex, got, _ in records)
    f1_en, _ = macro_f1((families[ex.act], got) for ex, got, _ in records if ex.lang == "en")
    f1_bare, _ = macro_f1((families[ex.act], got) for ex, _, got in records)
    return {"sentences": len(records), "macro_f1": f1, "macro_f1_en": f1_en, "family_min": min(per.values()),
            "macro_f1_no_punct": f1_bare, "per_family": per,
            "confusion": Counter((families[ex.act], got) for ex, got, _ in records),
            "errors": [(ex, got) for ex, got, _ in records if got != families[ex.act]],
            **calibration(oof, families)}


def _best(classes: tuple[str, ...], scored: Scored, families: dict[str, str]) -> str:
    by_family = family_probabilities(classes, softmax(scored.scores), families)
    return max(by_family.items(), key=lambda pair: pair[1])[0]


def print_calibration(r: dict[str, object]) -> None:
    before, after = r["before"], r["after"]
    print(f"\ncalibration : température {r['temperature']:.3f} ; erreur de calibration attendue (ECE) "
          f"{r['ece_before']:.3f} avant, {r['ece_after']:.3f} après "
          "(température ajustée sur les autres plis)")
    print("  confiance      n avant  conf.  exact.     n après  conf.  exact.")
    for b0, b1 in zip(reliability(before), reliability(after)):
        print(f"  {b0.low:.1f}-{b0.high:.1f} {b0.count:>9} {b0.confidence:>6.3f} {b0.accuracy:>7.3f}"
              f" {b1.count:>11} {b1.confidence:>6.3f} {b1.accuracy:>7.3f}")
    print("  seuil   lectures fausses sous le seuil (rattrapées)   justes sous le seuil (questionnées)")
    for t, caught, questioned in threshold_table(after, THRESHOLDS):
        print(f"  {t:.2f}   {caught:>10.1%}{'':>35}{questioned:>8.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator.understanding.crossval", description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the misread training sentences")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON", help="override a CONFIG value")
    args = parser.parse_args(argv)
    config = dict(CONFIG)
    for item in args.set:
        key, _, value = item.partition("=")
        config[key] = json.loads(value)
    r = crossvalidate(config)
    print(f"validation croisée ({FOLDS} plis, partie d'entraînement, {r['sentences']} phrases) : "
          f"macro-F1 {r['macro_f1']:.3f}, anglais {r['macro_f1_en']:.3f}, famille la plus faible "
          f"{r['family_min']:.3f}, sans ponctuation {r['macro_f1_no_punct']:.3f}")
    names = sorted(r["per_family"])
    print(" " * 15 + " ".join(n[:6].rjust(6) for n in names) + "    F1")
    for gold in names:
        row = " ".join(str(r["confusion"].get((gold, got), 0)).rjust(6) for got in names)
        print(f"{gold[:14]:<15}{row}  {r['per_family'][gold]:.3f}")
    print_calibration(r)
    if args.errors:
        for ex, got in r["errors"]:
            context = f"  || {ex.context}" if ex.context else ""
            print(f"{ex.source:<22} {ex.act:<28} -> {got:<14} {ex.text}{context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
