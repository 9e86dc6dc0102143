"""The debrief's « Écrits » tab: what grading the written work found (``Debrief.written``), as Rich text.

Per piece of work its findings (a strength, a warning, a fault: marked by a sign, not by colour alone),
the plan set against what the learner then did, the self-assessment beside the grid, and in an exam the
jury's questions with the answers and their automatic pre-grade. Work never written is named, with the
key that opens it. Everything the learner wrote or the content says is added as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...content.typography import localise
from ...i18n import t
from ...written.model import WORK_KINDS

if TYPE_CHECKING:
    from ...scoring import Debrief
    from ...written.results import Finding, WrittenGrading

SEVERITY_SIGN = {"strength": "✓", "warning": "!", "fault": "✗"}
SEVERITY_STYLE = {"strength": "green", "warning": "yellow", "fault": "bold red"}
LEVEL_ORDER = ("acquis", "en_cours", "non_acquis")


def work_title(kind: str) -> str:
    return t(f"written.kind.{kind}")


class _Parts:
    """Text paragraphs and tables, one after the other (a Rich Group): long findings wrap under their own
    start, not under their sign."""

    def __init__(self) -> None:
        self.items: list[RenderableType] = []

    def text(self, value: str = "", style: str = "") -> Text:
        if not self.items or not isinstance(self.items[-1], Text):
            self.items.append(Text())
        last = self.items[-1]
        assert isinstance(last, Text)
        last.append(value, style=style)
        return last

    def table(self) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(width=3, justify="right", no_wrap=True)
        table.add_column(ratio=1)
        self.items.append(table)
        return table

    def group(self) -> Group:
        # a Group puts each part on its own lines: a paragraph's last line break would add a blank line
        return Group(*[_stripped(item) if isinstance(item, Text) else item for item in self.items])


def _stripped(text: Text) -> Text:
    out = text.copy()
    out.rstrip()
    return out


def _findings(out: _Parts, findings: Sequence[Finding], lang: str) -> None:
    table = out.table()
    for f in findings:
        table.add_row(Text(SEVERITY_SIGN.get(f.severity, "·"), style=SEVERITY_STYLE.get(f.severity, "")),
                      Text(localise(f.text(lang), lang)))


def _gap(gap: int | None) -> str:
    if gap is None:
        return ""
    return t("written.gap.same") if gap == 0 else t("written.gap.higher" if gap > 0 else "written.gap.lower")


def written_text(debrief: Debrief, lang: str, pending: Sequence[str] = ()) -> Group:
    """The tab's content. ``pending``: after-interview work not submitted yet, that the learner may still write."""
    written: WrittenGrading | None = debrief.written
    out = _Parts()
    if written is None:
        out.text(t("written.none") + "\n", style="italic")
    else:
        for kind in WORK_KINDS:
            found = written.findings_of(kind)
            if kind not in written.works and not found:  # a work not written is named only if grading says so
                continue
            out.text("\n" + work_title(kind), style="bold")
            if kind in written.drafts:
                out.text("  " + t("written.draft"), style="italic")
            out.text("\n")
            if found:
                _findings(out, found, lang)
            elif kind not in ("self_assessment", "jury_answers"):
                out.text("    " + t("written.nothing_to_say") + "\n", style="dim")
            if kind == "self_assessment" and written.self_vs_grid:
                _self_vs_grid(out, debrief, written, lang)
            if kind == "jury_answers" and written.jury:
                _jury(out, written, lang)
        if written.plan_vs_actual:
            out.text("\n" + t("written.plan_vs_actual") + "\n", style="bold")
            _findings(out, written.plan_vs_actual, lang)
        graded = [(m, debrief.criteria[m.criterion]) for m in written.marks
                  if m.ratio is not None and m.criterion in debrief.criteria]
        if graded:
            out.text("\n" + t("written.marks") + "\n", style="bold")
        for m, c in graded:
            out.text(f"    {c.title(lang)} : " if lang == "fr" else f"    {c.title(lang)}: ")
            out.text(f"{m.points}/{m.max}", style="bold")
            out.text("  " + debrief.level_label(c.level, lang) + "\n")
    if pending:
        names = ", ".join(work_title(k) for k in pending)
        out.text("\n" + t("written.pending", works=names) + "\n", style="bold")
    return out.group()


def _self_vs_grid(out: _Parts, debrief: Debrief, written: WrittenGrading, lang: str) -> None:
    rows = [c for c in written.self_vs_grid if c.self_level or c.grid_level != "non_evalue"]
    if not rows:
        return
    out.text("    " + t("written.self_vs_grid") + "\n", style="italic")
    table = out.table()
    for s in rows:  # the criterion, then both levels under it: readable at any width
        mine = debrief.level_label(s.self_level, lang) if s.self_level else t("written.not_rated")
        line = Text()
        line.append(s.title(lang) + "\n", style="bold")
        line.append(t("written.you", level=mine) + "  ·  " + t("written.grid", level=debrief.level_label(s.grid_level,
                                                                                                          lang)))
        gap = _gap(s.gap)
        if gap:
            line.append("  " + gap, style="bold" if s.gap else "")
        table.add_row("", line)


def _jury(out: _Parts, written: WrittenGrading, lang: str) -> None:
    table = out.table()
    for n, q in enumerate(written.jury, 1):
        body = Text(q.question + "\n", style="bold")
        body.append(q.answer or t("written.no_answer"))
        if q.auto is not None:
            body.append("\n" + t("written.auto", grade=t(f"written.auto.{q.auto}")), style="italic")
        expected = q.expected(lang)
        if expected:
            body.append("\n" + t("written.expected", text=localise(expected, lang)), style="dim")
        table.add_row(Text(f"{n}.", style="bold"), body)


__all__ = ["written_text"]
