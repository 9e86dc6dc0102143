"""The Markdown report (for a wiki, an e-mail or a pull request), from the same view as the HTML one."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..scoring.debrief import Debrief
from .html import view


def _md_cell(value: str) -> str:
    """Text safe inside a Markdown table cell."""
    return value.replace("|", "\\|").replace("\n", " ")


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("simulator.report", "templates"), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = _md_cell
    return env


def render_markdown(debrief: Debrief, lang: str = "fr", **context: Any) -> str:
    return environment().get_template("report.md.j2").render(view(debrief, lang, **context))
