"""Cells of every CSV negosim writes, safe to open in a spreadsheet (no formula injection).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(…)``
sends data away, ``+cmd|' /C calc'!A0`` launches a program), and strips a leading tab or carriage return
first. A learner's name or any text a CSV quotes is data: such a cell is written with a leading
apostrophe, which spreadsheets show as text and do not display. Plain numbers (``-3``, ``12,5``) stay
numbers. Every CSV writer passes its rows through ``csv_row``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
# ASCII triggers and their full-width forms, which some spreadsheets read the same way
_TRIGGERS = "=+-@\uff1d\uff0b\uff0d\uff20"
_LEADING = " \t\r\n\u00a0\u202f\u3000"


def csv_cell(value: Any) -> str:
    """The text of one cell: ``'`` before anything a spreadsheet could run as a formula."""
    text = "" if value is None else str(value)
    if not text or _NUMBER.fullmatch(text):
        return text
    if text[0] in "\t\r\n" or text.lstrip(_LEADING)[:1] in _TRIGGERS:
        return "'" + text
    return text


def csv_row(values: Iterable[Any]) -> list[str]:
    return [csv_cell(v) for v in values]
