"""Automatic pre-grading of the candidate's answers to factual jury questions, from the bank's ``auto:`` spec.

The jury grades every answer itself; the pre-grade is a hint printed beside it. A factual question's ``auto``
lists groups of expected elements: each group is a list of alternatives, key words or figures (« 8 h »,
« Bloctel », « 60 jours »...). A group is found when one alternative is in the answer: a word or phrase matched
on folded text (no accents, no case), at the start of a word; a figure matched as a number, written in
figures or in words (« soixante jours »). All groups found: « correct »; at least ``partial`` of them (default:
half, at least one): « partial »; fewer, or no answer: « wrong ». A question without ``auto`` (a reflection, a
« why at turn N ») gets no pre-grade (None).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..understanding.amounts import _words_to_figures
from ..understanding.normalize import fold
from .model import JuryAnswers
from .results import AutoGrade, JuryPreGrade


@dataclass(frozen=True)
class AutoSpec:
    """What a correct answer contains: groups of alternatives, and how many groups make a partial answer."""

    groups: tuple[tuple[str, ...], ...]
    partial: int | None = None  # groups needed for « partial »; None: half of them, at least one

    @classmethod
    def read(cls, value: Any) -> AutoSpec | None:
        """From the bank's ``auto`` (a mapping or an object with ``groups`` and optional ``partial``/``min``)."""
        if value is None:
            return None
        if isinstance(value, AutoSpec):
            return value
        get: Callable[[str], Any] = (value.get if isinstance(value, Mapping)
                                     else lambda k: getattr(value, k, None))
        raw = get("groups")
        if not isinstance(raw, Iterable) or isinstance(raw, (str, bytes)):
            return None
        groups = tuple(tuple(str(a) for a in ([g] if isinstance(g, (str, int, float)) else g) if str(a).strip())
                       for g in raw if isinstance(g, (str, int, float, list, tuple)))
        groups = tuple(g for g in groups if g)
        partial = get("partial") if get("partial") is not None else get("min")
        return cls(groups, partial if isinstance(partial, int) and not isinstance(partial, bool) else None) if groups else None


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _numbers(text: str, lang: str) -> set[float]:
    spelled = _words_to_figures(text, lang)
    return {float(n.replace(",", ".")) for n in _NUMBER.findall(spelled.replace("\u202f", "").replace("\u00a0", ""))}


def _found(alternative: str, folded: str, numbers: set[float]) -> bool:
    """A figure (« 60 », « 60 jours », « 8 h ») is found when the answer has that number, however written; any
    other alternative when its folded words start a word of the answer."""
    alt = fold(alternative).strip()
    figure = re.match(r"(\d+(?:[.,]\d+)?)(?:\s*\S+)?$", alt)
    if figure:
        return float(figure.group(1).replace(",", ".")) in numbers
    return re.search(r"(?<![a-z0-9])" + re.escape(alt), folded) is not None


def auto_grade(answer: str, spec: AutoSpec, lang: str = "fr") -> tuple[AutoGrade, tuple[str, ...], tuple[str, ...]]:
    """(the pre-grade, the groups found, the groups missing), each group shown by its first alternative."""
    folded = fold(answer).replace("’", "'")
    numbers = _numbers(answer, lang)
    found = tuple(g[0] for g in spec.groups if any(_found(a, folded, numbers) for a in g))
    missing = tuple(g[0] for g in spec.groups if g[0] not in found)
    need = spec.partial if spec.partial is not None else max(1, len(spec.groups) // 2)
    if not answer.strip() or not found:
        return "wrong", found, missing
    if not missing:
        return "correct", found, missing
    return ("partial" if len(found) >= need else "wrong"), found, missing


def _bank_questions(bank: Any) -> dict[str, Any]:
    """The bank's questions by id (the bank of simulator.written.bank, a mapping, or a list of questions)."""
    if bank is None:
        return {}
    questions = getattr(bank, "questions", bank)
    if isinstance(questions, Mapping):
        return dict(questions)
    return {getattr(q, "id", None): q for q in questions if getattr(q, "id", None)} if isinstance(questions, Iterable) else {}


def default_questions() -> dict[str, Any]:
    """The bundled question bank's questions, or none when the bank cannot be read."""
    try:
        from . import bank as bank_module  # written by the question-bank work (issue 18)
    except ImportError:
        return {}
    try:
        return _bank_questions(bank_module.default_bank())
    except Exception:  # a bank that cannot be read leaves the answers without pre-grade, never the debrief broken
        return {}


def pre_grade(answers: JuryAnswers, questions: Mapping[str, Any], lang: str = "fr") -> tuple[JuryPreGrade, ...]:
    """Each answer with its pre-grade (None where the question has no ``auto`` spec or is not in the bank)."""
    out = []
    for a in answers.answers:
        q = questions.get(a.question_id)
        spec = AutoSpec.read(getattr(q, "auto", None) if q is not None and not isinstance(q, Mapping)
                             else (q or {}).get("auto"))
        expected_fr = _attr(q, "expected_fr")
        expected_en = _attr(q, "expected_en")
        if spec is None:
            out.append(JuryPreGrade(a.question_id, a.question, a.answer, None, expected_fr, expected_en))
            continue
        grade, found, missing = auto_grade(a.answer, spec, lang)
        out.append(JuryPreGrade(a.question_id, a.question, a.answer, grade, expected_fr, expected_en, found, missing))
    return tuple(out)


def _attr(q: Any, name: str) -> str:
    value = q.get(name) if isinstance(q, Mapping) else getattr(q, name, None)
    return value if isinstance(value, str) else ""


__all__ = ["AutoSpec", "auto_grade", "default_questions", "pre_grade"]
