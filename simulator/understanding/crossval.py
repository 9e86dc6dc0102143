"""Cross-validation on the TRAINING part of the corpus only: how features, cues and ``train.CONFIG`` are
chosen without the held-out split ever being looked at.

``python -m simulator.understanding.crossval [--errors] [--set C=4]`` fits the model on four fifths of the
training sentences (a second hash of the text decides the folds, as the held-out split is decided by the
first), reads the fifth as ``recognise.understand`` would (act probabilities summed by family), and prints
the same figures as the bars, a family confusion matrix and, with ``--errors``, the misread sentences.
Needs scikit-learn (``pip install -e '.[train]'``)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter

from .corpus import Example, load_corpus
from .evaluate import macro_f1
from .normalize import strip_punctuation
from .train import CONFIG, fit, row_features

FOLDS = 5


def fold_of(ex: Example) -> int:
    return hashlib.sha1(ex.text.encode("utf-8")).digest()[1] % FOLDS


def _families() -> dict[str, str]:
    from ..content.acts import default_catalogue

    return {a: act.family for a, act in default_catalogue().acts.items()}


def predict_families(vec, clf, items: list[tuple[str, str, str | None]], families: dict[str, str]) -> list[str]:
    """The family ``recognise.understand`` would choose: the one whose acts add up to the most probability."""
    x = vec.transform([row_features(t, lang, ctx) for t, lang, ctx in items])
    classes = [str(c) for c in clf.classes_]
    out = []
    for row in clf.predict_proba(x):
        total: dict[str, float] = {}
        for act, p in zip(classes, row):
            total[families[act]] = total.get(families[act], 0.0) + float(p)
        out.append(max(total.items(), key=lambda pair: pair[1])[0])
    return out


def crossvalidate(config: dict = CONFIG) -> dict[str, object]:
    families = _families()
    training = [ex for ex in load_corpus() if not ex.held_out]
    records: list[tuple[Example, str, str]] = []  # example, family read as typed, read without punctuation
    for k in range(FOLDS):
        train_part = [ex for ex in training if fold_of(ex) != k]
        test_part = [ex for ex in training if fold_of(ex) == k]
        vec, clf, _ = fit(train_part, config)
        typed = predict_families(vec, clf, [(ex.text, ex.lang, ex.context) for ex in test_part], families)
        bare = predict_families(vec, clf, [(strip_punctuation(ex.text), ex.lang, ex.context) for ex in test_part],
                                families)
        records.extend(zip(test_part, typed, bare))
    f1, per = macro_f1((families[ex.act], got) for ex, got, _ in records)
    f1_en, _ = macro_f1((families[ex.act], got) for ex, got, _ in records if ex.lang == "en")
    f1_bare, _ = macro_f1((families[ex.act], got) for ex, _, got in records)
    return {"sentences": len(records), "macro_f1": f1, "macro_f1_en": f1_en, "family_min": min(per.values()),
            "macro_f1_no_punct": f1_bare, "per_family": per,
            "confusion": Counter((families[ex.act], got) for ex, got, _ in records),
            "errors": [(ex, got) for ex, got, _ in records if got != families[ex.act]]}


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
    if args.errors:
        for ex, got in r["errors"]:
            context = f"  || {ex.context}" if ex.context else ""
            print(f"{ex.source:<22} {ex.act:<28} -> {got:<14} {ex.text}{context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
