"""Which offered option a free-text line is closest to: its recognised acts, and its wording compared with
each option's line and the author's ``examples:`` (paraphrases), by rapidfuzz.

The score of an option is ``ACT_WEIGHT`` × (probability the model gives to the option's acts) +
``TEXT_WEIGHT`` × (best similarity to its line or an example). The reasons kept with the match say which
acts and which wording decided, for the journal and the debrief."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .normalize import normalize
from .recognise import Understanding

ACT_WEIGHT = 0.5
TEXT_WEIGHT = 0.5
# Below this score, or with a runner-up closer than MIN_MARGIN, the match is not sure (documented in
# docs/free-text.md): the client asks what the learner means instead of guessing.
MIN_SCORE = 0.25
MIN_MARGIN = 0.05
# The acts the engine gives a price offer (« attribué par le moteur ») never name a scenario's option: the figure is
# typed in a negotiation, where it is an offer. Outside one, a line that states the price (« 48 euros la caisse »
# when the client asks « combien ? ») is the announcement every scenario grades through the option that gives the
# tariff with its value: its probability counts for that act too.
COUNTS_AS = {"annonce_prix": "justification_prix"}
# A line doing another act of the same family and quality as an option's (an echo « Celle que vous aviez ? » where
# the option is a reflection, both good reformulations) is that option in part: without it a good move the scenario
# words differently fits no option, and the client asks what the learner means. Part only: the act itself decides
# between two options of one family, and a weak act never lends to a good one.
KIN_CREDIT = 0.4
# A line that is nearly an option's own words (or one of its examples) is that option, whatever the act model
# makes of it: seen in play, the greeting option typed word for word but for the name was read as « deux questions
# à la fois » and given the other option. The score is then at least that likeness.
VERBATIM = 0.9


@dataclass(frozen=True)
class Candidate:
    id: str
    text: str
    acts: tuple[str, ...]
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class OptionScore:
    id: str
    score: float
    act_score: float
    text_score: float
    closest: str  # the option line or example the wording was closest to
    acts: tuple[str, ...] = ()  # the option's acts (two options with the same acts are graded alike)

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "score": round(self.score, 3), "act_score": round(self.act_score, 3),
                "wording": round(self.text_score, 3), "closest": self.closest}


@dataclass(frozen=True)
class OptionMatch:
    best: OptionScore | None
    runner_up: OptionScore | None
    ranking: tuple[OptionScore, ...]

    @property
    def sure(self) -> bool:
        if self.best is None or self.best.score < MIN_SCORE:
            return False
        if self.runner_up is None or self.best.score - self.runner_up.score >= MIN_MARGIN:
            return True
        # a near tie between two options doing the same acts (two open questions) changes nothing to the grade
        return set(self.best.acts) == set(self.runner_up.acts)

    def as_dict(self) -> dict[str, object]:
        return {"option": self.best.id if self.best else None,
                "runner_up": self.runner_up.id if self.runner_up else None,
                "sure": self.sure, "ranking": [o.as_dict() for o in self.ranking]}


def candidates_from(choices: Iterable[object], text_of=None) -> list[Candidate]:
    """Candidates from the engine's compiled choices (``text_of`` fills templated lines if given)."""
    out = []
    for c in choices:
        spec = getattr(c, "spec", None)
        examples = tuple(getattr(spec, "examples", None) or ())
        text = text_of(c) if text_of else c.text
        out.append(Candidate(c.id, text, tuple(c.acts), examples))
    return out


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    # token_set catches a paraphrase that reuses the key words; the plain ratio keeps short lines honest. A line
    # much shorter than the option (an echo of three of its words) is not that option: token_set would score the
    # shared words as if they were all of it, so its share is scaled by how much of the option the line covers
    words_a, words_b = len(a.split()), len(b.split())
    cover = min(1.0, 2 * min(words_a, words_b) / max(words_a, words_b, 1))
    return max(fuzz.token_set_ratio(a, b) * 0.85 * cover, fuzz.ratio(a, b)) / 100.0


def match_options(u: Understanding, candidates: Sequence[Candidate],
                  counts_as: Mapping[str, str] | None = None) -> OptionMatch:
    """``counts_as``: acts whose probability counts for another at this point of the interview, besides
    ``COUNTS_AS`` (after a deal, a summary is the recap of what was agreed)."""
    if not candidates:
        return OptionMatch(None, None, ())
    mine = normalize(u.text, u.lang, keep_question_mark=False)
    probability = dict(u.scores)
    for act, counted in {**COUNTS_AS, **(counts_as or {})}.items():
        probability[counted] = probability.get(counted, 0.0) + probability.get(act, 0.0)
    kin = _kin_probability(probability)
    scored: list[OptionScore] = []
    for cand in candidates:
        # the best of its acts: a line that does one of them is that option; listing more acts earns nothing
        act_score = max((max(probability.get(a, 0.0), KIN_CREDIT * (kin.get(_kind(a), 0.0) - probability.get(a, 0.0)))
                         for a in cand.acts), default=0.0)
        best_text, closest = 0.0, cand.text
        for line in (cand.text, *cand.examples):
            sim = _similarity(mine, normalize(line, u.lang, keep_question_mark=False))
            if sim > best_text:
                best_text, closest = sim, line
        score = ACT_WEIGHT * act_score + TEXT_WEIGHT * best_text
        if best_text >= VERBATIM:
            score = max(score, best_text)
        scored.append(OptionScore(cand.id, score, act_score, best_text, closest, cand.acts))
    scored.sort(key=lambda o: -o.score)
    return OptionMatch(scored[0], scored[1] if len(scored) > 1 else None, tuple(scored))


def _kind(act: str) -> tuple[str, str] | None:
    """An act's family and quality in the catalogue (None for an act it does not know)."""
    from ..content.acts import default_catalogue

    spec = default_catalogue().acts.get(act)
    return (spec.family, spec.quality) if spec else None


def _kin_probability(probability: dict[str, float]) -> dict[tuple[str, str] | None, float]:
    """The probability of the line's acts summed by family and quality."""
    out: dict[tuple[str, str] | None, float] = {}
    for act, p in probability.items():
        key = _kind(act)
        out[key] = out.get(key, 0.0) + p
    return out
