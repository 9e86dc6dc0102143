"""Amounts in a free-text line: « 9 200 € », « douze cents euros », « 1 250,50 € », « 88k », « 3 % ».

Numbers written in words are turned into figures by text2num (French and English), then every figure is
read by the same reader as the keyboard price field (``simulator.learner_input.parse_amount``), so « 8.900 »
and « 65,50 » mean the same thing whether typed in the price field or in a sentence. A figure followed by a
unit that is not money (« 3 ans », « 14 h », « 140 vans ») is a number, not a price."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..learner_input import InputProblem, parse_amount
from .normalize import fold

Kind = Literal["money", "percent"]


@dataclass(frozen=True)
class AmountMention:
    value: float
    kind: Kind
    text: str          # the figure as found (after numbers in words became figures)
    explicit: bool     # a currency sign or word was there; otherwise read from a bare figure

    def as_dict(self) -> dict[str, object]:
        return {"value": self.value, "kind": self.kind, "text": self.text, "explicit": self.explicit}


_FIGURE = re.compile(
    r"(?<![\w.,])(?P<cur1>[€$£]\s?)?(?P<num>\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
    r"(?P<k>\s?[kK]\b)?(?P<after>\s*(?:€|\$|£|euros?\b|eur\b|dollars?\b|balles\b|%|pour ?cents?\b|pour 100\b|"
    r"percent\b|per cent\b))?", re.IGNORECASE)  # « 900 EUR », « 1 200 Euros »: a learner's capitals say the same
_PERCENT_WORDS = ("%", "pour", "percent", "per cent")
# A figure followed by one of these is a quantity, a duration or a time, never a price.
_UNITS = {
    "h", "heure", "heures", "mois", "an", "ans", "annee", "annees", "jour", "jours", "semaine", "semaines", "minute",
    "minutes", "min", "fois", "vans", "van", "camions", "camion", "chauffeurs", "salaries", "personnes", "sieges",
    "postes", "depots", "depot", "machines", "cartons", "palettes", "references", "langues", "km", "m2", "ml",
    "years", "year", "months", "month", "days", "day", "weeks", "week", "hours", "hour", "seats", "drivers", "a.m",
    "am", "pm", "p.m", "agences", "sites", "utilitaires", "passages", "visites", "appels", "calls", "points",
    "ou", "or", "et", "and", "facings", "axes", "cycles", "pouces",
}
_BEFORE_NOT_PRICE = {"le", "du", "au", "en", "depuis", "in", "since", "on", "the", "a", "à", "a partir", "vers"}


def _words_to_figures(text: str, lang: str) -> str:
    try:
        from text_to_num import alpha2digit
    except ImportError:  # text2num is a dependency; without it, figures still work
        return text
    try:
        return alpha2digit(text, "en" if lang == "en" else "fr")
    except Exception:  # a library hiccup on odd input must not lose the learner's line
        return text


def find_amounts(text: str, lang: str = "fr") -> list[AmountMention]:
    """Every price or percentage in the line, in order."""
    spelled = _words_to_figures(text, lang)
    found: list[AmountMention] = []
    for m in _FIGURE.finditer(spelled):
        raw = m.group("num")
        after = fold((m.group("after") or "").strip())
        explicit = bool(m.group("cur1")) or bool(after)
        try:
            value = float(parse_amount(raw.replace("\u202f", " ").replace("\u00a0", " "), lang))
        except InputProblem:
            continue
        if m.group("k"):
            value *= 1000
            explicit = True
        if after.startswith(_PERCENT_WORDS):
            if value <= 100:
                found.append(AmountMention(value, "percent", m.group(0).strip(), True))
            continue
        if not explicit and not _bare_price(spelled, m.start(), m.end(), value):
            continue
        found.append(AmountMention(value, "money", m.group(0).strip(), explicit))
    return found


def _bare_price(text: str, start: int, end: int, value: float) -> bool:
    """A figure without a currency is a price when it is large and not a date, a time or a quantity."""
    if value < 100 or (1900 <= value <= 2100 and float(value).is_integer()):
        return False
    rest = fold(text[end:]).lstrip(" -")
    following = re.match(r"[a-z0-9.]+", rest)
    if following and following.group(0).rstrip(".") in _UNITS:
        return False
    before = fold(text[:start]).split()
    return not (before and before[-1] in _BEFORE_NOT_PRICE and value < 1000)


def first_price(text: str, lang: str = "fr") -> AmountMention | None:
    """The price a line offers: its first money amount (a recap may carry several; the first is the offer)."""
    for mention in find_amounts(text, lang):
        if mention.kind == "money":
            return mention
    return None
