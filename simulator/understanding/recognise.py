"""Understand one learner line: its dialogue acts with their confidence, the cues that decided, the amounts.

``understand("Comment gérez-vous vos encaissements", lang="fr")`` -> acts best first (catalogue ids), the
coarse family (« questionnement »), the cues a trainer would point at, and any price or percentage. The
client's previous line (``context``) lets an echo (« Les délais ? » after « nos délais… ») be read as a
reformulation rather than a closed question."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .amounts import AmountMention, find_amounts
from .calibrate import softmax
from .cues import Cue, cue_label, find_cues
from .features import featurize
from .model import ActModel, default_model
from .normalize import normalize

if TYPE_CHECKING:
    from .figures import FigureChoice, Names

TOP_ACTS = 3           # acts reported per line
MIN_SECONDARY = 0.12   # a second or third act is reported only above this probability


@dataclass(frozen=True)
class ActGuess:
    act: str
    family: str
    confidence: float

    def as_dict(self) -> dict[str, object]:
        return {"act": self.act, "family": self.family, "confidence": round(self.confidence, 3)}


@dataclass(frozen=True)
class Understanding:
    text: str
    lang: str
    context: str | None
    acts: tuple[ActGuess, ...]
    family: str
    family_confidence: float
    cues: tuple[Cue, ...]
    amounts: tuple[AmountMention, ...]
    # the model's act probabilities before calibration: option matching weighs them (its weights and thresholds
    # were chosen on them); the order of the acts is the same as the calibrated one
    scores: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    known_words: int = 0  # words of the line the model learnt something from as whole words

    @property
    def confidence(self) -> float:
        """How sure the reading is: the calibrated probability of the recognised family of acts (« 80 % »
        means right about four times in five on sentences the model never saw, ``calibrate.py``)."""
        return self.family_confidence

    @property
    def price(self) -> AmountMention | None:
        return self.own_price()

    def own_price(self, theirs: Iterable[float] = ()) -> AmountMention | None:
        """The learner's own figure (``price_choice``), or None when the line offers none or hesitates."""
        return self.price_choice(theirs).offer

    def price_choice(self, theirs: Iterable[float] = (), names: Names | None = None) -> FigureChoice:
        """Which figure the learner offers: « 7 200 € ? Je peux descendre à 9 300 € » offers 9 300 €, not the client's
        7 200 € it quotes (``theirs``: figures the client said before, besides those of its last line); « Une panne
        vous coûte 40 000 € ; notre contrat est à 9 600 € TTC » offers 9 600 €, not the cost it quotes; a line
        whose only figure is the client's (« D'accord pour 7 200 € ») offers that one; two figures as likely as
        each other are ``tied`` (the client asks which). The words around each figure decide (``figures.py``), and the
        scenario's proper names (``names``: « Routevia à 64 000 € » quotes a competitor, not the learner's product)."""
        from .figures import NO_NAMES, FigureChoice, choose  # only lines with a figure pay for reading figures

        money = [a for a in self.amounts if a.kind == "money"]
        if len({a.value for a in money}) < 2:
            return FigureChoice(money[0] if money else None)
        return choose(self.text, self.lang, money, self.client_figures(theirs), names or NO_NAMES)

    def client_figures(self, theirs: Iterable[float] = ()) -> set[float]:
        """The figures the client said: ``theirs``, and those of its last line."""
        said = set(theirs)
        if self.context:
            said |= {a.value for a in find_amounts(self.context, self.lang) if a.kind == "money"}
        return said

    def asks_back(self, mention: AmountMention) -> bool:
        """Whether the sentence holding ``mention`` is a question: « 8 100 € aujourd'hui ? » asks the figure back."""
        at = self.text.find(mention.text)
        if at < 0:
            return False
        end = next((i for i in range(at + len(mention.text), len(self.text)) if self.text[i] in ".!?…"), None)
        return end is not None and self.text[end] == "?"

    def cue_words(self, lang: str | None = None) -> list[str]:
        """« mot interrogatif ouvert « comment » » ...: what the explanation quotes."""
        shown = lang or self.lang
        return [f"{cue_label(c.id, shown)} « {c.found} »" for c in self.cues]

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text, "lang": self.lang, "context": self.context,
            "acts": [a.as_dict() for a in self.acts], "family": self.family,
            "confidence": round(self.family_confidence, 3),
            "cues": [c.as_dict() for c in self.cues], "amounts": [a.as_dict() for a in self.amounts],
        }


def understand(text: str, lang: str = "fr", context: str | None = None, model: ActModel | None = None) -> Understanding:
    model = model or default_model()
    norm = normalize(text, lang)
    amounts = find_amounts(text, lang)
    cues = find_cues(text, lang, context, amounts, normalised=norm)
    logits = model.scores(featurize(text, lang, cues, normalised=norm))
    probs = softmax(logits, model.temperature)
    ranked = sorted(zip(model.classes, probs), key=lambda pair: -pair[1])
    by_family: dict[str, float] = {}
    for act, p in ranked:
        fam = model.families.get(act, "")
        by_family[fam] = by_family.get(fam, 0.0) + p
    family, family_p = max(by_family.items(), key=lambda pair: pair[1])
    # the best act of the winning family leads, so the first act and the family never disagree
    lead = next(pair for pair in ranked if model.families.get(pair[0], "") == family)
    rest = [pair for pair in ranked if pair[0] != lead[0]][:TOP_ACTS - 1]
    guesses = [ActGuess(lead[0], family, lead[1])] + [
        ActGuess(act, model.families.get(act, ""), p) for act, p in rest if p >= MIN_SECONDARY]
    raw = dict(zip(model.classes, softmax(logits))) if model.temperature != 1.0 else dict(ranked)
    known = sum(1 for w in norm.split() if model.knows_word(w))
    return Understanding(text, lang, context, tuple(guesses), family, family_p, tuple(cues), tuple(amounts),
                         raw, known)
