"""One family for every error a user is meant to read: a stable code, a message in the user's language, a hint.

Each area raises its own subclass (``ContentError``, ``EngineError``, ``JournalError``, ``ExamError``...), so
callers still catch what they expect; every front end shows any of them the same way: the terminal UI in
one error modal (``NegosimApp.show_error``), the command line as ``negosim : message`` with the hint and
the error's exit code (``simulator/cli/main.py``), the plain player on one line.

An error is data: a catalog key and its fields (``key="err.engine.unknown_choice", choice="x"``), rendered
in the language asked for by :meth:`NegosimError.message`. ``str(error)`` is the French text as written in
the catalog (ordinary spaces), what logs, journals and existing callers read. An error raised with a
ready-made text instead of a key (a message built by a checker, with a path and a line) shows that text
in every language.
"""

from __future__ import annotations

from typing import ClassVar


class NegosimError(Exception):
    """Base of negosim's user-facing errors (see the module docstring)."""

    code: ClassVar[str] = "negosim"  # stable across versions and languages: scripts and bug reports quote it
    title_key: ClassVar[str] = "err.title"  # the error modal's title
    hint_key: ClassVar[str | None] = None  # what to do, when the same advice fits every error of the class
    exit_code: ClassVar[int] = 1  # the command line's exit status

    def __init__(self, text: str = "", *, key: str | None = None, hint: str = "", **fields: object):
        self.key = key
        self.fields = fields
        self.hint_text = hint
        super().__init__(text if text or key is None else self._render("fr", typeset=False))

    def _render(self, lang: str | None, typeset: bool = True) -> str:
        from .i18n import entries, get_lang, t  # words are above errors in the layers: looked up when shown

        assert self.key is not None
        code = ("en" if (get_lang() if lang is None else lang) == "en" else "fr") if typeset else "fr"
        fields = {name: localised(value, code, typeset) for name, value in self.fields.items()}
        if typeset:
            return t(self.key, lang, **fields)
        entry = entries("fr").get(self.key, self.key)
        return (entry if isinstance(entry, str) else entry[0]).format(**fields)

    def message(self, lang: str | None = None) -> str:
        """What went wrong, in ``lang`` (the current language by default)."""
        return self._render(lang) if self.key is not None else str(self)

    def lines(self, lang: str | None = None) -> list[str]:
        """The message as lines to show; an error listing several problems (diagnostics) gives one each."""
        return [self.message(lang)]

    def hint(self, lang: str | None = None) -> str:
        """What the user can do about it, or ''."""
        if self.hint_text:
            return self.hint_text
        if self.hint_key is None:
            return ""
        from .i18n import t

        return t(self.hint_key, lang)

    def title(self, lang: str | None = None) -> str:
        from .i18n import t

        return t(self.title_key, lang)


def localised(value: object, lang: str, typeset: bool = True) -> object:
    """A field in the message's language: another error gives its message; a field that renders itself (a
    Phrase, a store's notice: called with the language) is rendered; anything else is shown as it is."""
    if isinstance(value, NegosimError):
        return value.message(lang) if typeset else str(value)
    return value(lang) if callable(value) else value
