"""Train the act model from the labelled corpus: ``python -m simulator.understanding.train``.

Reproducible: fixed split (a hash of each sentence), fixed hyper-parameters (``CONFIG``, chosen by
cross-validation on the training part only), deterministic augmentation (seeded). The result is written to
``model/acts.json`` + ``model/acts.bin`` with the digest of the corpus, the configuration and the feature
code, so ``tests/test_understanding.py`` fails when the committed weights are stale.

Needs scikit-learn (``pip install -e '.[train]'``); run time does not."""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

from .corpus import Example, corpus_digest, load_corpus
from .cues import find_cues
from .features import featurize
from .model import MODEL_DIR, write_model
from .normalize import strip_punctuation

CONFIG = {
    "C": 8.0,              # inverse regularisation of the logistic regression
    "min_count": 2,        # a feature seen in fewer training rows is dropped
    # weights smaller than this (absolute) are dropped from the export: 0.05 keeps half the weights of 0.02 for the
    # same cross-validated macro-F1 (0.895 against 0.894; 0.1 loses 0.012), so the weights load faster
    "prune": 0.05,
    "augment_seed": 14,
    # rare acts (a price put back up, a price held) weigh as much as common ones: +0.008 family macro-F1 in
    # cross-validation on the training part, and better on every family-level figure
    "class_weight": "balanced",
    # an echo with no client line before it is a closed question
    "echo_without_context": "question_fermee",
}
# the code the weights depend on: the features, and the folds and calibration that choose the temperature
FEATURE_CODE = ("normalize.py", "cues.py", "features.py", "amounts.py", "calibrate.py", "crossval.py")
QUANT = 32767
# Acts the words cannot show: whether a figure is plausible depends on the scenario's list price and floor, which the
# engine checks (``Session.plausible``). Labelled sentences would teach the model "small number -> absurd price".
ENGINE_ONLY_ACTS = frozenset({"prix_aberrant"})


def training_digest() -> str:
    """What the weights depend on: corpus, configuration, feature code."""
    h = hashlib.sha256(corpus_digest().encode())
    h.update(json.dumps(CONFIG, sort_keys=True).encode())
    here = Path(__file__).parent
    for name in FEATURE_CODE:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1:] if rng.random() < 0.5 else w[:j - 1] + w[j] + w[j - 1] + w[j + 1:]
    return " ".join(words)


def augmented(examples: list[Example], seed: int,
              config: dict = CONFIG) -> list[tuple[str, str, str | None, str, float]]:
    """(text, lang, context, label, weight) rows: each sentence as written, without punctuation and with a
    typo; an echo also without its client line, as the closed question it then is."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, str | None, str, float]] = []
    for ex in examples:
        for text in (ex.text, strip_punctuation(ex.text), _typo(ex.text, rng)):
            rows.append((text, ex.lang, ex.context, ex.act, 1.0))
        if ex.act == "reformulation_echo":
            rows.append((ex.text, ex.lang, None, config["echo_without_context"], 1.0))
    return rows


def row_features(text: str, lang: str, context: str | None) -> dict[str, float]:
    from .amounts import find_amounts

    return featurize(text, lang, find_cues(text, lang, context, find_amounts(text, lang)))


def fit(training: list[Example], config: dict = CONFIG):
    """A fitted (vectoriser, classifier, rows) on ``training`` (never the held-out split), small weights already
    pruned: what ``train`` exports and what ``crossval`` scores on folds of the training part."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = augmented(training, config["augment_seed"], config)
    feats = [row_features(t, lang, ctx) for t, lang, ctx, _, _ in rows]
    counts: dict[str, int] = {}
    for f in feats:
        for key in f:
            counts[key] = counts.get(key, 0) + 1
    keep = {k for k, c in counts.items() if c >= config["min_count"]}
    feats = [{k: v for k, v in f.items() if k in keep} for f in feats]
    labels = [row[3] for row in rows]
    weights_in = [row[4] for row in rows]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=config["C"], max_iter=3000, class_weight=config["class_weight"])
    clf.fit(x, labels, sample_weight=weights_in)
    clf.coef_[abs(clf.coef_) < config["prune"]] = 0.0  # the weights as exported, so cross-validation reads the same
    return vec, clf, len(rows)


def calibration_of(training: list[Example]) -> dict[str, float]:
    """The temperature that makes the confidence honest, fitted on out-of-fold readings of the training part
    (five more fits), and the expected calibration error before and after it, as ``crossval`` prints them."""
    from .crossval import calibration, families_of_acts, out_of_fold

    figures = calibration(out_of_fold(training), families_of_acts())
    return {"temperature": figures["temperature"], "ece_before": round(figures["ece_before"], 4),
            "ece_after": round(figures["ece_after"], 4)}


def train(out_dir: Path = MODEL_DIR) -> dict:
    from ..content.acts import default_catalogue

    catalogue = default_catalogue()
    corpus = load_corpus()
    unknown = sorted({a for ex in corpus for a in ex.acts if a not in catalogue.acts})
    if unknown:
        raise SystemExit(f"actes inconnus du catalogue dans le corpus : {', '.join(unknown)}")
    engine_only = sorted({f"{ex.source} ({a})" for ex in corpus for a in ex.acts if a in ENGINE_ONLY_ACTS})
    if engine_only:
        raise SystemExit("actes décidés par le moteur, pas par les mots (retirez ces phrases ou changez leur acte) : "
                         + ", ".join(engine_only))
    training = [ex for ex in corpus if not ex.held_out]
    calibrated = calibration_of(training)
    vec, clf, n_rows = fit(training)
    classes = [str(c) for c in clf.classes_]
    coef = clf.coef_
    scale = float(abs(coef).max()) / QUANT
    vocab: list[str] = []
    ptr, cls, weights = [0], [], []
    for j, name in enumerate(vec.feature_names_):
        column = coef[:, j]
        nz = [(k, w) for k, w in enumerate(column) if abs(w) >= CONFIG["prune"]]
        if not nz:
            continue
        vocab.append(name)
        for k, w in nz:
            cls.append(k)
            weights.append(int(round(w / scale)))
        ptr.append(len(cls))
    meta = {
        "format": 1,
        "digest": training_digest(),
        "config": CONFIG,
        "classes": classes,
        "families": {a: catalogue.acts[a].family for a in classes},
        "intercepts": [float(b) for b in clf.intercept_],
        "scale": scale,
        "training_sentences": len(training),
        "held_out_sentences": len(corpus) - len(training),
        "calibration": calibrated,
    }
    write_model(meta, vocab, ptr, cls, weights, out_dir)
    return {"features": len(vocab), "weights": len(weights), "classes": len(classes), "rows": n_rows, **calibrated}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator.understanding.train", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the committed weights are stale")
    args = parser.parse_args(argv)
    if args.check:
        meta = json.loads((MODEL_DIR / "acts.json").read_text(encoding="utf-8"))
        fresh = meta.get("digest") == training_digest()
        print("à jour" if fresh else "périmés : relancez python -m simulator.understanding.train")
        return 0 if fresh else 1
    info = train()
    print(f"modèle écrit dans {MODEL_DIR} : {info['classes']} actes, {info['features']} traits, "
          f"{info['weights']} poids, {info['rows']} lignes d'entraînement ; température {info['temperature']:.3f} "
          f"(ECE {info['ece_before']:.3f} -> {info['ece_after']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
