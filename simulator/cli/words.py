"""The commands' own words (simulator/i18n, ``cli.*`` keys) in the user's language: --lang, then the environment.

A command calls ``say("cli.records.missing", path=...)`` for a sentence and ``say_n("cli.validate.files", count)``
for one that agrees with a number, so no message says « fichier(s) » and none stays French under ``--lang en``.
"""

from __future__ import annotations

import click

from simulator.errors import localised
from simulator.i18n import nt, t
from simulator.lang import Lang, detect_lang


def cli_lang(ctx: click.Context | None = None) -> Lang:
    """The root command's ``--lang``, else NEGOSIM_LANG and the locale (simulator.lang), else French."""
    ctx = ctx or click.get_current_context(silent=True)
    return detect_lang(ctx.find_root().params.get("lang") if ctx is not None else None)


def say(key: str, **fields: object) -> str:
    lang = cli_lang()
    return t(key, lang, **{name: localised(value, lang) for name, value in fields.items()})


def say_n(key: str, count: int, **fields: object) -> str:
    lang = cli_lang()
    return nt(key, count, lang, **{name: localised(value, lang) for name, value in fields.items()})
