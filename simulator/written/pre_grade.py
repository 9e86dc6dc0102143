"""The automatic pre-grade of a factual jury answer, from its question's ``auto`` spec (docs/authoring.md).

A hint for the jury, never a mark: the jury grades every answer on the printed report. An answer is
*correct* when it contains every group of the spec (one of each group's forms), *partial* when it contains
at least ``partial`` groups, *wrong* otherwise. A form is a word or phrase, compared without case or accents,
word for word (« penalit* » matches any word that begins so), or a whole number, found in figures or in words.
"""

from __future__ import annotations

import re
from typing import Literal

from ..content.spec import AutoSpec
from ..understanding.normalize import fold

PreGrade = Literal["correct", "partial", "wrong"]
_NON_WORD = re.compile(r"[^a-z0-9*]+")  # apostrophes and punctuation separate words (« l'avis » is « l avis »)
# a figure, with its thousands separated (« 1 000 ») or not; « 10h30 » gives 10 and 30
_FIGURE = re.compile(r"(?<!\d)\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?!\d)|\d+")
_DIGITS = re.compile(r"\d+")


def words_of(text: str) -> tuple[str, ...]:
    """The words of a form or an answer, folded; a trailing ``*`` stays a word of its own."""
    return tuple(_NON_WORD.sub(" ", fold(text)).replace("*", " * ").split())


def numbers_of(text: str, lang: str = "fr") -> frozenset[int]:
    """Every whole number the answer states, in figures or in words (« soixante jours » is 60)."""
    try:
        from text_to_num import alpha2digit

        text = alpha2digit(text, "en" if lang == "en" else "fr")
    except Exception:  # noqa: BLE001 - without the library, or on odd input, the figures still count
        pass
    joined = {int(re.sub(r"\D", "", m.group())) for m in _FIGURE.finditer(text)}
    return frozenset(joined | {int(d) for d in _DIGITS.findall(text)})  # « 5 000 » states 5000, and may mean 5 and 000


def contains(words: tuple[str, ...], form: tuple[str, ...]) -> bool:
    """Do ``words`` hold the form's words in a row? A form word followed by ``*`` matches any word it begins."""
    pattern: list[tuple[str, bool]] = []
    for w in form:
        if w == "*":
            if pattern:
                pattern[-1] = (pattern[-1][0], True)
        else:
            pattern.append((w, False))
    if not pattern:
        return False
    n = len(pattern)
    return any(all(words[start + i].startswith(w) if prefix else words[start + i] == w
                   for i, (w, prefix) in enumerate(pattern))
               for start in range(len(words) - n + 1))


def groups_found(auto: AutoSpec, answer: str, lang: str = "fr") -> tuple[bool, ...]:
    """For each group of the spec, whether the answer contains one of its forms."""
    words = words_of(answer)
    needs_numbers = any(isinstance(form, int) for group in auto.groups for form in group)
    numbers = numbers_of(answer, lang) if needs_numbers else frozenset()
    return tuple(any(form in numbers if isinstance(form, int) else contains(words, words_of(form)) for form in group)
                 for group in auto.groups)


def pre_grade(auto: AutoSpec, answer: str, lang: str = "fr") -> PreGrade:
    """correct (every group found), partial (at least ``auto.partial`` groups), or wrong."""
    found = sum(groups_found(auto, answer, lang))
    if found == len(auto.groups):
        return "correct"
    return "partial" if found >= auto.partial else "wrong"


__all__ = ["PreGrade", "contains", "groups_found", "numbers_of", "pre_grade", "words_of"]
