"""French typography for displayed text: no-break spaces where French puts them.

Authors type ordinary spaces; the UI and reports show « Bonjour ! » with the thin spaces a
French reader expects, and a line never breaks between a word and its « ? ».
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_BEFORE = re.compile(r"[ \u00a0\u202f]*([;:!?»])")
_AFTER = re.compile(r"(«)[ \u00a0\u202f]*")
_SPACES = re.compile(r"[ \t\r\n]+")
# « 11 000 € », « 30 % »: digit groups and a figure's unit stay on one line (an author types ordinary spaces)
_DIGIT_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_FIGURE_UNIT = re.compile(r"(?<=\d) (?=[€%$£])")
# « 9 h 15 », « 14 h »: an hour stays on one line
_HOUR = re.compile(r"(?<=\d) (?=h\b)|(?<=\d h) (?=\d\d\b)")
_ENTITY = re.compile(r"&#?[A-Za-z0-9]{1,31}$")  # "&lt" before its ";": an HTML entity, not a word


def french(text: str) -> str:
    """Put a narrow no-break space before ; ! ? » and after «, a no-break space before :, and narrow no-break
    spaces inside a figure (« 11 000 € », « 30 % ») and an hour (« 9 h 15 »)."""

    def before(m: re.Match[str]) -> str:
        mark = m.group(1)
        start = m.start()
        # leave URLs, times (14:30) and ratios alone: only a mark after a word or closing quote
        if start == 0 or text[start - 1] in "\n":
            return m.group(0)
        if mark == ":" and m.group(0) == ":" and start + 1 < len(text) and text[start + 1].isdigit():
            return m.group(0)
        if mark == ":" and text[start + 1: start + 3] == "//":
            return m.group(0)
        if mark == ";" and m.group(0) == ";" and _ENTITY.search(text, max(0, start - 32), start):
            return m.group(0)
        return (NBSP if mark == ":" else NNBSP) + mark

    text = _BEFORE.sub(before, text)
    text = _HOUR.sub(NNBSP, _FIGURE_UNIT.sub(NNBSP, _DIGIT_GROUP.sub(NNBSP, text)))
    return _AFTER.sub(lambda m: m.group(1) + NNBSP, text)


def squash(text: str) -> str:
    """Fold runs of ordinary whitespace (YAML folding, line breaks) to one space; keep no-break spaces."""
    return _SPACES.sub(" ", text).strip()


def localise(text: str, lang: str) -> str:
    return french(text) if lang == "fr" else text
