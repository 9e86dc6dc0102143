"""What the store tells the user (a journal repaired, an index rebuilt, why a line was set aside), in any language.

A :class:`Notice` is a string, its French text exactly as the store has always written it: journals, JSON
debriefs, exam records and older callers keep reading and comparing plain text. It also keeps the
:class:`~simulator.i18n.phrase.Phrase` it was written from, so a front end shows it in the user's language
with :func:`shown` (the English UI must not show the store's French). Any other string is shown as it is.
"""

from __future__ import annotations

from ..errors import NegosimError
from ..i18n.phrase import Field, Phrase, render


class Notice(str):
    """A store's message: its French text, rendered in another language on demand (``notice("en")``)."""

    phrase: Phrase

    def __new__(cls, phrase: Phrase) -> Notice:
        notice = super().__new__(cls, render(phrase, "fr"))
        notice.phrase = phrase
        return notice

    def __call__(self, lang: str) -> str:
        return render(self.phrase, lang)


def shown(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is a :class:`Notice`, else as it is (a text written in one language only)."""
    return text(lang) if isinstance(text, Notice) else text


def of_error(exc: NegosimError) -> str:
    """An error's message kept as a notice (a keyed error renders in any language; a ready-made text stays)."""
    if exc.key is None:
        return str(exc)
    return Notice(Phrase(exc.key, tuple((name, as_field(value)) for name, value in exc.fields.items())))


def as_field(value: object) -> Field:
    """``value`` as a field of a phrase: a notice or an error renders in the reader's language, a number stays a
    number, anything else is its text."""
    if isinstance(value, NegosimError):
        value = of_error(value)
    if isinstance(value, Notice):
        return value.phrase
    return value if isinstance(value, (int, float, Phrase)) else str(value)


__all__ = ["Notice", "as_field", "of_error", "shown"]
