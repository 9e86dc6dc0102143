"""The features the act model reads: character n-grams of each word (robust to typos and missing accents),
words and word pairs, the trainer's cues, and the length of the line. Training and run time share this
function, so the committed weights always mean the same thing (the feature code is part of their hash)."""

from __future__ import annotations

from .cues import Cue
from .normalize import normalize

CHAR_MIN, CHAR_MAX = 3, 5
CLIENT_CUES = {"client_objection", "client_gatekeeper", "client_complaint"}  # cues read in the client's previous line


def featurize(text: str, lang: str, cues: list[Cue], normalised: str | None = None) -> dict[str, float]:
    norm = normalised if normalised is not None else normalize(text, lang)
    words = [w for w in norm.split() if w != "?"]
    grams: dict[str, float] = {}  # character n-grams, words, word pairs: scaled together below
    for w in words:
        padded = f" {w} "
        for n in range(CHAR_MIN, CHAR_MAX + 1):
            for i in range(len(padded) - n + 1):
                key = padded[i:i + n]
                grams[key] = grams.get(key, 0.0) + 1.0
        grams["w:" + w] = 1.0
    for a, b in zip(words, words[1:]):
        grams[f"b:{a}_{b}"] = 1.0
    if words:
        grams["first:" + words[0]] = 1.0
        grams["first2:" + "_".join(words[:2])] = 1.0
    # character counts saturate: a long line must not drown its cues
    total = sum(grams.values())
    scale = 4.0 / (total ** 0.5) if total > 0 else 0.0
    feats = {k: v * scale for k, v in grams.items()}
    ids = list(dict.fromkeys(cue.id for cue in cues))  # in the order found: the same sums, run after run
    for cue_id in ids:
        feats["c:" + cue_id] = 2.0
    # the same words do another job after an objection (« si je comprends bien… » reformulates the objection) or
    # in front of a gatekeeper (« c'est personnel » is a lie to get through): the learner's cues paired with the client's
    for client_cue in (i for i in ids if i in CLIENT_CUES):
        for cue_id in (i for i in ids if i not in CLIENT_CUES and i != "echo"):
            feats[f"{client_cue}&{cue_id}"] = 1.0
    n = len(words)
    feats["len:" + ("1" if n <= 1 else "2" if n == 2 else "3-5" if n <= 5 else "6-12" if n <= 12 else "13+")] = 1.0
    return feats
