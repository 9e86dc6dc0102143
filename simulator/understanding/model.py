"""The act model at run time: a linear model over ``features.featurize`` read from two committed files,
``model/acts.json`` (classes, families, the digest of what it was trained from) and ``model/acts.bin``
(vocabulary and sparse quantised weights). The temperature stored with them (``calibrate.py``)
makes the probabilities honest: « 70 % » means right about 70 % of the time on unseen sentences.
Pure Python: no numpy, no scikit-learn, loads in milliseconds."""

from __future__ import annotations

import json
import sys
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .calibrate import softmax

MODEL_DIR = Path(__file__).parent / "model"
META_FILE = MODEL_DIR / "acts.json"
BIN_FILE = MODEL_DIR / "acts.bin"


class ModelMissing(RuntimeError):
    """The weights are not there: run ``python -m simulator.understanding.train``."""


@dataclass(frozen=True)
class ActModel:
    classes: tuple[str, ...]
    families: dict[str, str]
    intercepts: tuple[float, ...]
    scale: float
    index: dict[str, int]
    ptr: array
    cls: array
    weights: array
    meta: dict
    # scores are divided by it before the softmax (calibrate.py): > 1 when the raw model is over-confident
    temperature: float = 1.0

    def scores(self, feats: dict[str, float]) -> list[float]:
        """The linear scores of each act (before the softmax), in the order of ``classes``."""
        acc = [0.0] * len(self.classes)
        index, ptr, cls, weights = self.index, self.ptr, self.cls, self.weights
        for key, value in feats.items():
            i = index.get(key)
            if i is None:
                continue
            a, b = ptr[i], ptr[i + 1]
            for c, w in zip(cls[a:b], weights[a:b]):  # slices and zip: twice as fast as indexing each weight
                acc[c] += w * value
        return [b + self.scale * a for b, a in zip(self.intercepts, acc)]

    def probabilities(self, feats: dict[str, float], calibrated: bool = True) -> list[float]:
        """Act probabilities; ``calibrated`` divides the scores by the stored temperature first."""
        return softmax(self.scores(feats), self.temperature if calibrated else 1.0)

    def knows_word(self, word: str) -> bool:
        """Whether the model learnt anything from this (normalised) word as a whole."""
        return "w:" + word in self.index


def write_model(meta: dict, vocab: list[str], ptr: list[int], cls: list[int], weights: list[int],
                directory: Path = MODEL_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    blob = "\n".join(vocab).encode("utf-8")
    parts = [array("I", [len(blob), len(vocab), len(weights)]), array("I", ptr), array("H", cls), array("h", weights)]
    if sys.byteorder != "little":
        for part in parts:
            part.byteswap()
    with open(directory / BIN_FILE.name, "wb") as out:
        out.write(parts[0].tobytes())
        out.write(blob)
        for part in parts[1:]:
            out.write(part.tobytes())
    (directory / META_FILE.name).write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                            encoding="utf-8")


def read_model(directory: Path = MODEL_DIR) -> ActModel:
    try:
        meta = json.loads((directory / META_FILE.name).read_text(encoding="utf-8"))
        data = (directory / BIN_FILE.name).read_bytes()
    except FileNotFoundError as exc:
        raise ModelMissing(f"{exc.filename} manquant : lancez « python -m simulator.understanding.train »") from exc
    head = array("I")
    head.frombytes(data[:12])
    if sys.byteorder != "little":
        head.byteswap()
    blob_len, n_vocab, n_weights = head
    pos = 12
    vocab = data[pos:pos + blob_len].decode("utf-8").split("\n")
    pos += blob_len
    arrays = []
    for code, count in (("I", n_vocab + 1), ("H", n_weights), ("h", n_weights)):
        part = array(code)
        size = part.itemsize * count
        part.frombytes(data[pos:pos + size])
        if sys.byteorder != "little":
            part.byteswap()
        arrays.append(part)
        pos += size
    ptr, cls, weights = arrays
    return ActModel(tuple(meta["classes"]), dict(meta["families"]), tuple(meta["intercepts"]), float(meta["scale"]),
                    dict(zip(vocab, range(len(vocab)))), ptr, cls, weights, meta,
                    float(meta.get("calibration", {}).get("temperature", 1.0)))


@cache
def default_model() -> ActModel:
    return read_model()
