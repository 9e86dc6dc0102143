"""Which language to speak to the user: French unless asked otherwise (UI-independent)."""

from __future__ import annotations

import locale
import os
from typing import Literal, cast

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")


def detect_lang(explicit: str | None = None, setting: str | None = None) -> Lang:
    """--lang first, then the saved setting, then NEGOSIM_LANG and the locale; French otherwise."""
    for candidate in (explicit, setting):
        if candidate == "fr" or candidate == "en":
            return cast(Lang, candidate)
    for var in ("NEGOSIM_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "en" if loc.lower().startswith("en") else "fr"


ANONYMOUS = {"fr": "apprenant", "en": "learner"}  # the name of a learner nobody named, in the UI's language


def default_learner(lang: str | None = None) -> str:
    """Who plays when nobody said: the classroom server's name, the system user, else « apprenant » (« learner »
    in English)."""
    return (os.environ.get("NEGOSIM_LEARNER") or os.environ.get("USER")
            or ANONYMOUS["en" if (lang or detect_lang()) == "en" else "fr"])
