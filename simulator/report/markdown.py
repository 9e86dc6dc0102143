"""The Markdown report (for a wiki, an e-mail or a pull request), from the same view as the HTML one.

Every value the template prints goes through ``md_text``: scenario text, learner names and lines are
data, never Markdown or HTML. Markdown renderers pass raw HTML through (``<script>``, ``<img onerror>``),
so ``<``, ``>`` and an ``&`` that could start an entity become entities; the characters that open links,
code or emphasis are escaped with a backslash, and a line break cannot start a new block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..scoring.debrief import Debrief
from ..stdio import printable
from .html import view

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# "_" is left alone: inside words it emphasises nothing, and ids (banque_pro) stay readable in code spans
# "&" only where it could start an entity (&lt; &#60;): "Ardoise & Tuffeau" stays as written
_SPECIAL = re.compile(r"[\\`*\[\]|<>]|&(?=[A-Za-z#])|\r\n|[\r\n\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    char = m.group()
    if char in _ENTITIES:
        return _ENTITIES[char]
    if len(char) > 1 or char in "\r\n\u2028\u2029":
        return " "  # a value stays on its line: a break could open a heading, a quote or raw HTML
    return "\\" + char


def md_text(value: Any) -> Any:
    """A value printed in Markdown as the text it is (strings escaped, numbers and others unchanged)."""
    if isinstance(value, str):
        return printable(_SPECIAL.sub(_escape, value))  # and no terminal control from an edited journal
    return value


def md_data(value: Any) -> Any:
    """Every string in nested dicts, lists and tuples escaped with ``md_text`` (for renderers that build
    Markdown with f-strings from a data tree, as the exam's jury report does)."""
    if isinstance(value, str):
        return md_text(value)
    if isinstance(value, Mapping):
        return {k: md_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(md_data(v) for v in value)
    return value


@cache
def environment() -> Environment:
    # finalize escapes every {{ value }}; the template's own text (tables, emphasis, <br>) is markup
    return Environment(loader=PackageLoader("simulator.report", "templates"), autoescape=False, finalize=md_text,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_markdown(debrief: Debrief, lang: str = "fr", **context: Any) -> str:
    return environment().get_template("report.md.j2").render(view(debrief, lang, **context))
