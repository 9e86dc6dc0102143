"""A reason as data: a catalog key and its fields, put into words only when shown, in the reader's language.

``verify`` finds what is wrong with a record long before anyone reads it, and the same finding is read by a
French jury in the terminal, an English trainer in ``negosim --lang en verify`` and a script through ``--json``.
So a finding keeps its catalog key (``verify.*``, simulator/i18n/verify_*.py) and its fields, and is worded by
:meth:`Reason.text` in the language asked for, with the plural its count calls for (:func:`simulator.i18n.nt`).

A field may itself be something to word: another reason (« sceau illisible : {why} »), a list of line numbers
(« lignes 3, 4, 5 … (9 en tout) »), or a list of reasons (joined with « ; »). :meth:`Reason.data` gives the
same fields as plain JSON values for machines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import entries, nt, singular, t

LISTED = 8  # line numbers named in one message, at most


@dataclass(frozen=True)
class Reason:
    key: str  # the catalog key of the sentence
    fields: dict[str, Any] = field(default_factory=dict)
    count: int | None = None  # the number the sentence agrees with (its ``{n}``), if it has a plural

    def text(self, lang: str | None = None) -> str:
        """The sentence in ``lang`` (the current language by default), French with its no-break spaces."""
        shown = {name: worded(value, lang) for name, value in self.fields.items()}
        if self.count is None:
            return t(self.key, lang, **shown)
        return nt(self.key, self.count, lang, **shown)

    def written(self) -> str:
        """The French sentence as the catalog writes it, with ordinary spaces (what logs and ``str()`` keep)."""
        entry = entries("fr").get(self.key, self.key)
        if not isinstance(entry, str):
            entry = entry[0] if singular(self.count or 0, "fr") else entry[1]
        shown = {name: worded(value, None, written=True) for name, value in self.fields.items()}
        return entry.format(**({"n": self.count} if self.count is not None else {}), **shown)

    def data(self) -> dict[str, Any]:
        """The fields as JSON values (a nested reason as its own key and fields), with ``n`` for the count."""
        out = {name: _data(value) for name, value in self.fields.items()}
        return out if self.count is None else {"n": self.count, **out}

    def __str__(self) -> str:
        return self.written()


def worded(value: Any, lang: str | None, written: bool = False) -> Any:
    """A field as the sentence shows it: anything with a ``text(lang)`` worded (a reason, a verdict), line numbers
    named, anything else as it is (``written``: French as the catalog writes it, for :meth:`Reason.written`)."""
    if isinstance(value, Reason) and written:
        return value.written()
    if hasattr(value, "text"):
        return value.text("fr" if written else lang)
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, int) for v in value):
            return lines_named(list(value), "fr" if written else lang)
        return "; ".join(str(worded(v, lang, written)) for v in value)
    return value


def lines_named(numbers: list[int], lang: str | None) -> str:
    """« 3, 4, 5 », or the first LISTED numbers then « … (9 en tout) »: a message stays one readable line."""
    shown = ", ".join(str(n) for n in numbers[:LISTED])
    return shown + (t("verify.lines_more", lang, n=len(numbers)) if len(numbers) > LISTED else "")


def _data(value: Any) -> Any:
    if isinstance(value, Reason):
        return {"key": value.key, **value.data()}
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    return value
