"""The UI's words: two catalogs (French by default, English) and the language in use.

Catalog strings are written with ordinary spaces; French ones get their no-break spaces once, when
the catalog is first used, so the screens show « Bonjour ! » the way a French reader expects.
"""

from __future__ import annotations

from functools import cache

from ..lang import LANGS, detect_lang  # noqa: F401 - detect_lang re-exported: one rule for every front end

_current = "fr"


@cache
def catalog(lang: str) -> dict[str, str]:
    if lang == "en":
        from .catalog_en import STRINGS
    else:
        from ..content.typography import french
        from .catalog_fr import STRINGS

        # "raw." strings are shown verbatim (e.g. a JSON example a learner copies)
        return {key: text if key.startswith("raw.") else french(text) for key, text in STRINGS.items()}
    return dict(STRINGS)


def set_lang(lang: str) -> None:
    global _current
    _current = lang if lang in LANGS else "fr"


def get_lang() -> str:
    return _current


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language; a missing key shows itself rather than crashing."""
    text = catalog(_current).get(key)
    if text is None:
        text = catalog("fr").get(key, key)
    return text.format(**values) if values else text


