"""Every word negosim shows a learner, a trainer or a jury, in French (the default) and English.

One flat catalog per language, assembled from one module per area (``catalog_*``: the terminal UI,
``player_*``: the plain player, ``exam_*``: the exam screens, ``report_*``: debriefs, outcomes and phases,
``jury_*``: the jury report of an exam, ``errors_*``: errors, ``cli_*``: the commands' own messages, ``help_*``:
their --help, ``scoring_*``: the scorer's sentences, ``writing_*``: the written work's findings and forms); keys carry the
area as prefix, so the areas can never collide (checked when the catalog is built). A value is a text, or for a
word that depends on a count, a pair (one, many) chosen by :func:`nt` as :func:`gettext.ngettext` would, with
French's rule (0 and 1 take the singular).

Catalog texts are written with ordinary spaces; French ones get their no-break spaces once, when the
catalog is first used, so every front end shows « Bonjour ! » the way a French reader expects. Keys
starting with ``raw.`` are shown verbatim (a JSON example a learner copies). Nothing here imports a UI
library: the plain player, the reports, the CLI and the Textual app share these words. The scorer and the
written work write no text: they build phrases (``phrase.py``) that the views render.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module
from typing import cast

from ..lang import LANGS, Lang, detect_lang

__all__ = ["LANGS", "Lang", "catalog", "detect_lang", "get_lang", "has", "nt", "section", "set_lang", "shown", "singular", "t"]

# one module per area and language: simulator/i18n/<area>_<lang>.py
AREAS = ("catalog", "player", "exam", "report", "jury", "errors", "cli", "verify", "scoring", "writing", "help")

Entry = str | tuple[str, str]

_current: Lang = "fr"


@cache
def entries(lang: str) -> Mapping[str, Entry]:
    """The catalog of ``lang`` as written, all areas together (French typography not yet applied)."""
    merged: dict[str, Entry] = {}
    for area in AREAS:
        strings: dict[str, Entry] = import_module(f"{__name__}.{area}_{lang}").STRINGS
        clash = merged.keys() & strings.keys()
        assert not clash, f"keys defined twice in the {lang} catalogs: {sorted(clash)}"
        merged.update(strings)
    return merged


@cache
def _ui_area(lang: str) -> Mapping[str, Entry]:
    """The terminal UI's area alone (``catalog_<lang>``): importing the ten others cost ~1 % of the app's start."""
    return cast("Mapping[str, Entry]", import_module(f"{__name__}.{AREAS[0]}_{lang}").STRINGS)


def _typeset(key: str, entry: Entry, lang: str) -> Entry:
    if lang != "fr" or key.startswith("raw."):
        return entry
    from ..content.typography import french

    return french(entry) if isinstance(entry, str) else (french(entry[0]), french(entry[1]))


_typeset_entries: dict[str, dict[str, Entry]] = {}  # lang -> key -> entry as shown, filled as keys are asked


def _shown_entry(key: str, lang: str) -> Entry | None:
    """One entry as shown, typeset the first time it is asked: the app's first screen needs a few dozen of
    the ~800 texts, and typesetting them all cost about 2 % of its start-up."""
    done = _typeset_entries.setdefault(lang, {})
    entry = done.get(key)
    if entry is None:
        written = _ui_area(lang).get(key)  # the app's own words: its first screen needs no other area
        if written is None:
            written = entries(lang).get(key)
        if written is None:
            return None
        entry = done[key] = _typeset(key, written, lang)
    return entry


@cache
def shown(lang: str) -> dict[str, Entry]:
    """The catalog of ``lang`` as shown: French typography applied, plurals as (one, many)."""
    return {key: cast(Entry, _shown_entry(key, lang)) for key in entries(lang)}


def catalog(lang: str) -> dict[str, str]:
    """The texts of ``lang`` as shown (plural entries give their singular here: use :func:`nt` for them)."""
    return _texts(lang if lang in LANGS else "fr")


@cache
def _texts(lang: str) -> dict[str, str]:
    return {key: entry if isinstance(entry, str) else entry[0] for key, entry in shown(lang).items()}


def section(prefix: str, lang: str) -> dict[str, str]:
    """The texts of one area (``"report."``) keyed without their prefix, for a template's ``L.word``."""
    return {key.removeprefix(prefix): text for key, text in catalog(lang).items() if key.startswith(prefix)}


def set_lang(lang: str) -> None:
    """The language of the running front end (the Textual app's setting, ``--lang``)."""
    global _current
    _current = "en" if lang == "en" else "fr"


def get_lang() -> Lang:
    return _current


def has(key: str) -> bool:
    return key in entries("fr")


def _entry(key: str, lang: str | None) -> tuple[Entry, str]:
    code = lang if lang in LANGS else _current if lang is None else "fr"
    entry = _shown_entry(key, code)
    if entry is None:
        fallback = _shown_entry(key, "fr")
        entry, code = (key if fallback is None else fallback), "fr"
    return entry, code


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The text for ``key`` in ``lang`` (the current language by default), its ``{fields}`` filled in.

    A key missing from English falls back to French, and a key missing everywhere shows itself rather than
    crashing a screen (the parity tests keep both from happening)."""
    entry, _ = _entry(key, lang)
    text = entry if isinstance(entry, str) else entry[0]
    return text.format(**fields) if fields else text


def singular(count: int, lang: str) -> bool:
    """Whether a noun counted ``count`` times takes the singular (gettext's rule: French for 0 and 1, English
    for 1 only)."""
    return count <= 1 if lang == "fr" else count == 1


def nt(key: str, count: int, lang: str | None = None, **fields: object) -> str:
    """The text for ``key`` agreeing with ``count`` (gettext's ngettext: French singular for 0 and 1).

    ``count`` is the text's ``{n}`` unless ``fields`` gives ``n`` another value."""
    entry, code = _entry(key, lang)
    if isinstance(entry, str):
        text = entry
    else:
        text = entry[0] if singular(count, code) else entry[1]
    return text.format(**{"n": count, **fields})
