"""Reading the learner's free text in written work: questions, similarity to a scenario's lines, key words,
dates and amounts. Built on the free-text mode's reading (``simulator.understanding``), so a question on the
preparation sheet is recognised as open the way a typed line is, and « 8 500 € » is read the same way.

Every rule here is simple and documented in docs/scoring.md (« Les écrits »): a trainer can predict it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from ..understanding.amounts import find_amounts
from ..understanding.matching import _similarity
from ..understanding.normalize import fold, normalize

# Open question: it opens with an interrogative of the QQOQCCP family or an invitation to talk (« Parlez-moi
# de… »), or else the act model reads it as one.
OPEN_STARTS = {
    "fr": ("qui ", "que ", "quoi", "qu ", "quest ce", "ou ", "quand", "comment", "combien", "pourquoi", "quel",
           "dans quelle", "en quoi", "de quelle", "a quel", "sur quel", "parlez", "racontez", "decrivez",
           "expliquez", "dites moi", "selon vous"),
    "en": ("who", "what", "where", "when", "why", "how", "which", "tell me", "describe", "walk me", "explain"),
}
OPEN_ACTS = frozenset({"question_ouverte", "question_miroir"})
# a sentence is similar to a scenario line from this score on (rapidfuzz on normalised words, matching.py)
SIMILAR = 0.62
# words too common to say what a line is about
_STOP_WORDS = (
    "aujourdhui avez vous votre vos nous notre nos cette cest pour dans avec sans comment pourquoi quels quelles "
    "quelle quel combien quand est-ce estce quest faire etre avoir plus moins tout tous toute toutes leur leurs "
    "alors donc bien tres deja encore entre depuis apres avant chez mais aussi comme elle elles ils sont etait "
    "serait seront quoi dont your what when where which have about with from that this they them their there "
    "would could should will been more most into over also just like than then what does doing today "
    "passe passent passer allez aller pensez pouvez voulez devez comptez faites etes maintenant actuel actuelle "
    "actuellement aujourd going think could want entends entend parce personne exactement vraiment simplement "
    "quelque chose choses autre autres toujours jamais souvent comprendre comprends")
_STOP = frozenset(_STOP_WORDS.split())


@lru_cache(maxsize=4096)  # the scenario's lines are read again for every question and every session
def norm(text: str, lang: str = "fr") -> str:
    return normalize(text, lang, keep_question_mark=False)


def similarity(a: str, b: str, lang: str = "fr") -> float:
    """How alike two sentences are, 0..1, on their normalised words (the free-text mode's measure)."""
    na, nb = norm(a, lang), norm(b, lang)
    return _similarity(na, nb) if na and nb else 0.0


def close_to(text: str, lines: Iterable[str], lang: str = "fr") -> bool:
    """Does the text say what one of the lines says: similar wording (``SIMILAR``) and its key words in common,
    two of them when it has two or more? (A bare « Comment ? » is worded like every question of a scenario and
    says none of them; « une belle machine » is not every line that mentions a machine.)"""
    mine = keywords(text, lang)
    need = min(2, len(mine))
    return need > 0 and any(len(shared_keywords(mine, keywords(line, lang))) >= need
                            and similarity(text, line, lang) >= SIMILAR for line in lines)


@lru_cache(maxsize=4096)
def keywords(text: str, lang: str = "fr") -> frozenset[str]:
    """The words that say what a sentence is about: five letters or more, not a common word (« d'équipe » gives
    « equipe »); the plural -s/-x is dropped so that « frais de cartes » meets « frais de carte »."""
    out = set()
    for w in norm(re.sub(r"[’'`´]", " ", text), lang).split():
        if len(w) >= 5 and w not in _STOP and w != "num":
            out.add(w[:-1] if w[-1] in "sx" and len(w) > 5 else w)
    return frozenset(out)


STEM = 6  # two key words meet when they are the same or share their first six letters (« intervention », « intervenir »)


def shared_keywords(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> set[str]:
    """The key words of ``a`` that meet one of ``b``."""
    stems = {w[:STEM] for w in b}
    return {w for w in a if w[:STEM] in stems}


@lru_cache(maxsize=1024)
def is_open_question(text: str, lang: str = "fr") -> bool:
    """Is this planned question an open one (the client must answer with more than yes or no)? One that opens
    with an interrogative of the QQOQCCP family or an invitation to talk is; any other is read by the free-text
    mode's act model (« Avez-vous… », « Est-ce que… » are closed; « Et au quotidien, comment faites-vous ? » is
    open), which costs more: it is asked only then."""
    if not text.strip():
        return False
    start = " ".join(fold(text).replace("'", " ").replace("’", " ").replace("-", " ").split()) + " "
    if start.startswith(OPEN_STARTS.get(lang, OPEN_STARTS["fr"])):
        return True
    from ..understanding.recognise import understand

    reading = understand(text, lang)
    return bool(reading.acts) and reading.acts[0].act in OPEN_ACTS


@lru_cache(maxsize=4096)  # a session's lines are read again by each check
def money(text: str, lang: str = "fr") -> tuple[float, ...]:
    """Every money amount in a text (« 8 500 € », « huit mille cinq cents euros »), in order."""
    return tuple(a.value for a in find_amounts(text, lang) if a.kind == "money")


# ---------------------------------------------------------------- dates and days

WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}
MONTHS = {
    "fr": ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
           "novembre", "decembre"),
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"),
}
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:er)?\s+([a-z]+)")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b")


@lru_cache(maxsize=4096)
def weekdays_in(text: str, lang: str = "fr") -> frozenset[int]:
    """The days of the week a text names (0 = Monday)."""
    words = set(re.findall(r"[a-z]+", fold(text)))
    return frozenset(i for i, d in enumerate(WEEKDAYS.get(lang, WEEKDAYS["fr"])) if d in words or d + "s" in words)


@lru_cache(maxsize=4096)
def day_months_in(text: str, lang: str = "fr") -> frozenset[tuple[int, int]]:
    """The (day, month) dates a text names: « le 12 mars », « 12/03 », « March 12 »."""
    folded = fold(text)
    months = MONTHS.get(lang, MONTHS["fr"])
    found: set[tuple[int, int]] = set()
    for m in _DAY_MONTH.finditer(folded):
        if m.group(2) in months and 1 <= int(m.group(1)) <= 31:
            found.add((int(m.group(1)), months.index(m.group(2)) + 1))
    for m in re.finditer(r"\b([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?\b", folded):
        if m.group(1) in months and 1 <= int(m.group(2)) <= 31:
            found.add((int(m.group(2)), months.index(m.group(1)) + 1))
    for m in _NUMERIC_DATE.finditer(folded):
        d, mo = int(m.group(1)), int(m.group(2))
        if 1 <= d <= 31 and 1 <= mo <= 12:
            found.add((d, mo))
    return frozenset(found)


def parse_iso(text: str) -> date | None:
    """A YYYY-MM-DD date, or None when the text is not one."""
    try:
        return date.fromisoformat(text.strip()) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()) else None
    except ValueError:
        return None


def mentions_date(text: str, lang: str = "fr") -> bool:
    """Does the text give a when: a day, a date, or words such as « demain », « semaine prochaine »?"""
    folded = fold(text)
    relative = (r"\b(demain|apres demain|semaine prochaine|mois prochain|d ici|avant le|avant la fin|fin de (la )?"
                r"semaine|fin du mois|tomorrow|next week|next month|by the end|within \d+)\b")
    return bool(weekdays_in(text, lang) or day_months_in(text, lang) or re.search(relative, folded))


__all__ = ["SIMILAR", "STEM", "close_to", "day_months_in", "is_open_question", "keywords", "mentions_date",
           "money", "norm", "parse_iso", "shared_keywords", "similarity", "weekdays_in"]
