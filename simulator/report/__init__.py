"""Debrief reports: plain text, Markdown, HTML (self-contained, printable) and JSON (versioned schema).

``render(debrief, fmt, lang, scenario=..., header=..., opening=..., journal=..., notices=...)`` is the one
entry point the CLI, the TUI and the exam helpers call; everything after ``lang`` is optional context
(the journal header for the learner and date, the client's opening line for the transcript...).
"""

from __future__ import annotations

from typing import Any

from ..scoring.debrief import Debrief

FORMATS = ("text", "md", "html", "json")
EXTENSIONS = {"text": ".txt", "md": ".md", "html": ".html", "json": ".json"}


def render(debrief: Debrief, fmt: str = "text", lang: str = "fr", *, scenario: Any = None,
           header: dict[str, Any] | None = None, opening: Any = (), journal: str | None = None,
           notices: list[str] | None = None, transcript_turns: Any = None,
           shown: list[list[str] | None] | None = None,
           free_text: list[tuple[int, dict[str, Any]]] | None = None, carried: frozenset[int] = frozenset()) -> str:
    """The debrief in ``fmt`` (text, md, html, json), in ``lang`` (fr, en; JSON carries both).

    ``transcript_turns`` is accepted for callers that hold the session's turns; the debrief already
    carries its annotated transcript, so it is not needed. ``shown``: for each turn, the option ids in the
    order the learner saw them (the journal's record), shown in the HTML and JSON transcripts.
    ``free_text``: the turns typed in free text (``report.free_text.free_text_turns`` of the journal's
    records): the learner's own words and « compris comme » are added to every format, and the HTML transcript
    leaves out the question a carried figure answered (``carried``: those turns, worked out from ``free_text``).
    """
    lang = lang if lang in ("fr", "en") else "fr"
    if free_text:
        from .free_text import carried_turns

        carried = carried_turns(free_text)
        return with_free_text(render(debrief, fmt, lang, scenario=scenario, header=header, opening=opening,
                                      journal=journal, notices=notices, shown=shown, carried=carried),
                              fmt, lang, free_text)
    if fmt == "text":
        from .text import render_debrief_text, render_evidence_text

        return render_debrief_text(debrief, lang) + "\n\n" + render_evidence_text(debrief, lang) + "\n"
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(debrief, lang, header=header, opening=opening, journal=journal, notices=notices,
                               scenario=scenario)
    if fmt == "html":
        from .html import render_html

        return render_html(debrief, lang, header=header, opening=opening, journal=journal, notices=notices,
                           scenario=scenario, shown=shown, carried=carried)
    if fmt == "json":
        from .json_report import render_json

        return render_json(debrief, header=header, opening=opening, journal=journal, notices=notices, shown=shown)
    raise ValueError(f"format de rapport inconnu « {fmt} » (possibles : {', '.join(FORMATS)})")


def with_free_text(text: str, fmt: str, lang: str, turns: list[tuple[int, dict[str, Any]]]) -> str:
    """The report with its free-text section (added, so the formats' own layouts are untouched)."""
    from . import free_text as ft

    if fmt == "json":
        import json

        doc = json.loads(text)
        doc["free_text"] = ft.json_items(turns)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        section = ft.section_html(turns, lang)
        return text.replace("</body>", section + "</body>", 1) if "</body>" in text else text + section
    section = ft.section_markdown(turns, lang) if fmt == "md" else ft.section_text(turns, lang)
    return text.rstrip("\n") + "\n\n" + section


__all__ = ["EXTENSIONS", "FORMATS", "render", "with_free_text"]
