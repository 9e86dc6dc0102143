"""Keep French no-break spaces unbreakable when Textual and Rich wrap text.

``localise`` puts U+00A0 / U+202F before « : ; ! ? » and inside guillemets so that a line never starts
with a colon or a question mark. Both wrappers split words on ``\\s``, which matches those spaces too,
so « frais : » could still be cut before the colon. We swap their word patterns for the same ones
minus the no-break spaces (Textual is pinned, and ``tests/test_tui_typography.py`` checks it holds).
"""

from __future__ import annotations

import re

NO_BREAK = "\u00a0\u202f\u2007\u2060"
_BREAK = rf"[^\S{NO_BREAK}]"  # whitespace a line may break at
_WORD = rf"(?:\S|[{NO_BREAK}])"  # anything else, no-break spaces included


def install() -> None:
    import rich._wrap
    import textual._wrap

    textual._wrap.re_chunk = re.compile(rf"{_WORD}+{_BREAK}*|{_BREAK}+")
    rich._wrap.re_word = re.compile(rf"{_BREAK}*{_WORD}+{_BREAK}*")
