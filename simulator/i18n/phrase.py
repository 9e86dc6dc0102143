"""Sentences the program writes, as language-neutral values rendered at the edge (a report, a screen, JSON).

The scorer and the written work's grading find things ("you could have said « … »", "2 weaknesses found") in
no language: they build a :class:`Phrase` (a catalog key and its fields) and the view renders it with
:func:`render` in the reader's language. A field is a number, a text the author wrote in one language (a
scenario's line), an :class:`Authored` pair (a rubric's label in French and English), a :class:`Num` whose
decimal separator follows the language, a :class:`Joined` list, or another Phrase.

Rendering uses the catalogs as written (ordinary spaces): each view applies French typography the way it always
did (``report.labels.text``), so a debrief's texts are the same whether they are shown or stored in JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from . import entries, singular


@dataclass(frozen=True, slots=True)
class Authored:
    """A text as an author wrote it in French and English (a rubric's label or explanation): never translated."""

    fr: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True, slots=True)
class Num:
    """A decimal number inside a sentence: ``1,5`` in French, ``1.5`` in English. ``digits`` None: as few
    digits as it needs (``{:g}``); else rounded to ``digits`` with trailing zeros dropped."""

    value: float
    digits: int | None = None

    def __call__(self, lang: str) -> str:
        if self.digits is None:
            out = f"{self.value:g}"
        else:
            out = f"{self.value:.{self.digits}f}"
            out = out.rstrip("0").rstrip(".") if self.digits else out
        return out.replace(".", ",") if lang == "fr" else out


@dataclass(frozen=True, slots=True)
class Joined:
    """Texts run together by a catalog entry joining two of them (``sep``: a key; ``scoring.sep.semicolon`` is
    ``{a} ; {b}`` in French, ``{a}; {b}`` in English). ``inline``: each one read inside a sentence (final stop dropped,
    initial lower-cased), for an author's explanations quoted in parentheses."""

    items: tuple[Text, ...]
    sep: str = "scoring.sep.comma"
    inline: bool = False

    def __call__(self, lang: str) -> str:
        parts = [render(item, lang) for item in self.items]
        if self.inline:
            parts = [p.rstrip(".") for p in parts if p]
            parts = [p[:1].lower() + p[1:] for p in parts]
        if not parts:
            return ""
        out = parts[0]
        for part in parts[1:]:
            out = render(Phrase(self.sep, (("a", out), ("b", part))), lang)
        return out


@dataclass(frozen=True, slots=True)
class Phrase:
    """A catalog key and its fields. ``count`` names the field that chooses the plural form (its entry is a pair
    (one, many), chosen as :func:`simulator.i18n.nt` does)."""

    key: str
    fields: tuple[tuple[str, Field], ...] = ()
    count: str | None = None

    def __call__(self, lang: str) -> str:
        code = "en" if lang == "en" else "fr"
        entry = entries(code).get(self.key)
        if entry is None:
            entry = entries("fr").get(self.key, self.key)
        values = {name: render(value, code) if isinstance(value, _RENDERED) else value for name, value in self.fields}
        if not isinstance(entry, str):
            number = values[self.count] if self.count else 0
            entry = entry[0] if singular(int(number), code) else entry[1]
        return entry.format(**values) if values else entry


Text = Union[Phrase, Authored, Joined, str]  # str: written in one language only (a scenario's line, a label)
Field = Union[Phrase, Authored, Joined, Num, str, int, float]
_RENDERED = (Phrase, Authored, Joined, Num)


def phrase(key: str, **fields: Field) -> Phrase:
    """A sentence of the catalogs (``key``: ``area.name``) with its fields, rendered later by :func:`render`."""
    return Phrase(key, tuple(fields.items()))


def phrase_n(key: str, count: int, **fields: Field) -> Phrase:
    """A sentence agreeing with ``count`` (its ``{n}``): the catalog entry is a pair (one, many)."""
    return Phrase(key, (("n", count), *fields.items()), "n")


def render(text: Text | Num, lang: str) -> str:
    """``text`` in ``lang`` (French unless ``"en"``), as the catalogs write it (typography is the view's)."""
    return text if isinstance(text, str) else text(lang)


def in_language(method: str, lang: str) -> Any:
    """``x_fr = in_language("x", "fr")`` in a class: a read-only attribute giving ``self.x(lang)``. The debrief's
    and the written work's values keep these ``*_fr``/``*_en`` attributes for their readers (the JSON debrief,
    sealed records, cohorts, xAPI statements), the language-neutral value being the only thing they hold."""
    return property(lambda self: getattr(self, method)(lang))


def both(text: Text) -> tuple[str, str]:
    """``text`` in French and English: what the JSON debrief and the sealed records keep."""
    return render(text, "fr"), render(text, "en")


__all__ = ["Authored", "Field", "Joined", "Num", "Phrase", "Text", "both", "in_language", "phrase", "phrase_n", "render"]
