"""Which of the scenario's counterparts a conditional concession asks for: « si vous signez sur trois ans »
-> ``three_year_term`` (« a three-year commitment »).

Each counterpart label and the learner's condition are reduced to concepts (a duration, a payment, a
reference, a volume, a signature date) and compared, with rapidfuzz on the words as a tie-breaker."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .amounts import _words_to_figures
from .normalize import normalize

_CONCEPTS: dict[str, re.Pattern[str]] = {
    "duree": re.compile(r"\bnum (ans?|annees?|mois|years?|months?)\b|engag|commit|\bterm\b|duree|contrat (sur|de)|sur num"),
    "paiement": re.compile(r"pai|payez|payer|\bpay|avance|upfront|comptant|acompte|prime en une|jours fin de mois|num jours"),
    "reference": re.compile(r"temoign|reference|case study|etude de cas|presentation a|confreres|visites? de prospects|vitrine"),
    "volume": re.compile(r"commande|palettes?|depot|\bsites?\b|machines|seats|postes|facings|references|gondole|"
                         r"volume|quantit|ajout|adding"),
    "date": re.compile(r"avant (le|la fin)|signature|signez (avant|aujourd|cette)|before the end|this month|ce mois|d ici"),
    "franchise": re.compile(r"franchise|deductible"),
    "equipement": re.compile(r"coffres|alarme|equip"),
}
_CONDITION = re.compile(r"(si vous|si on|a condition|en echange|en contrepartie|contre|moyennant|if you|"
                        r"provided|in exchange|in return|as long as)(.*)")


@dataclass(frozen=True)
class CounterpartMatch:
    id: str
    score: float
    concepts: tuple[str, ...]


def _concepts(text: str) -> set[str]:
    return {name for name, pattern in _CONCEPTS.items() if pattern.search(text)}


def find_counterpart(text: str, counterparts: Sequence[tuple[str, str]], lang: str = "fr") -> CounterpartMatch | None:
    """The counterpart (id, label) the line's condition names, or None when there is no condition or no match."""
    from rapidfuzz import fuzz

    norm = normalize(_words_to_figures(text, lang), lang, keep_question_mark=False)
    m = _CONDITION.search(norm)
    if not m or not counterparts:
        return None
    clause = m.group(2) or norm
    mine = _concepts(clause) or _concepts(norm)
    best: CounterpartMatch | None = None
    for cid, label in counterparts:
        theirs_text = normalize(_words_to_figures(label, lang), lang, keep_question_mark=False)
        theirs = _concepts(theirs_text)
        shared = mine & theirs
        score = (len(shared) / len(mine | theirs) if mine | theirs else 0.0) * 0.7
        score += 0.3 * fuzz.token_set_ratio(clause, theirs_text) / 100
        if best is None or score > best.score:
            best = CounterpartMatch(cid, score, tuple(sorted(shared)))
    return best if best is not None and best.score >= 0.35 else None


def names_counterpart(text: str, label: str, lang: str = "fr") -> bool:
    """Whether a line (a recap) names a counterpart, in its own words: a concept of the label is in the line
    (« l'engagement sur trois ans » for « a three-year commitment »), or most of its words are."""
    from rapidfuzz import fuzz

    mine = normalize(_words_to_figures(text, lang), lang, keep_question_mark=False)
    theirs = normalize(_words_to_figures(label, lang), lang, keep_question_mark=False)
    return bool(_concepts(mine) & _concepts(theirs)) or fuzz.partial_ratio(theirs, mine) >= 85
