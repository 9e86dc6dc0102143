"""The written work's reading, phrased once for every debrief format (text, Markdown, HTML) and the jury report:
what was handed in, the findings on each work, the plan against the interview, the self-assessment beside the
grid (``self_line``: the self-assessment's findings already name the disagreements, so the debrief sections do
not repeat it) and the jury's answers with their automatic pre-grade. The grading itself is simulator/written/grading.py;
this module only words it.
"""

from __future__ import annotations

from ..i18n import has, t
from ..scoring.debrief import Debrief
from ..written.forms import Form
from ..written.model import WORK_KINDS, Work
from ..written.results import Finding, JuryPreGrade, SelfComparison, WrittenGrading

MARKS = {"strength": "+", "warning": "!", "fault": "✗"}  # a finding's sign, in every format


def work_title(kind: str, lang: str) -> str:
    key = f"writing.work.{kind}"
    return t(key, lang) if has(key) else kind


def finding_line(finding: Finding, lang: str) -> str:
    turn = f" ({t('report.turn', lang).lower()} {finding.turn})" if finding.turn else ""
    return f"{MARKS.get(finding.severity, '•')} {finding.text(lang)}{turn}"


def level_word(debrief: Debrief, level: str | None, lang: str) -> str:
    return debrief.level_label(level, lang) if level else t("report.written.not_rated", lang)


def self_line(debrief: Debrief, row: SelfComparison, lang: str) -> str:
    gap = row.gap
    verdict = ("" if gap is None else t("report.written.gap_same", lang) if gap == 0
               else t("report.written.gap_higher", lang) if gap > 0 else t("report.written.gap_lower", lang))
    return t("report.written.self_row", lang, title=row.title(lang), own=level_word(debrief, row.self_level, lang),
             grid=debrief.level_label(row.grid_level, lang)) + (f" — {verdict}" if verdict else "")


def pre_grade_word(answer: JuryPreGrade, lang: str) -> str:
    return t(f"report.written.auto_{answer.auto}", lang) if answer.auto else t("report.written.auto_none", lang)


def handed_in(written: WrittenGrading, lang: str) -> str:
    """« Fiche de préparation (remise), Note CRM (brouillon) »: what was written, and what stayed a draft."""
    state = {k: t("report.written.draft" if k in written.drafts else "report.written.final", lang) for k in written.works}
    return ", ".join(f"{work_title(k, lang)} ({state[k]})" for k in written.works)


def written_sections(debrief: Debrief, lang: str, jury: bool = False) -> list[tuple[str, list[str]]]:
    """The written work as (title, lines) sections, the empty ones left out; ``jury``: the jury's answers too
    (with what the jury expects), which a learner's debrief does not show."""
    written = debrief.written
    if written is None:
        return []
    out: list[tuple[str, list[str]]] = [(t("report.written.title", lang), [handed_in(written, lang)])]
    for kind in WORK_KINDS:
        if kind == "jury_answers":
            continue
        lines = [finding_line(f, lang) for f in written.findings_of(kind)]
        if lines:
            out.append((work_title(kind, lang), lines))
    plan = [finding_line(f, lang) for f in written.plan_vs_actual]
    if plan:
        out.append((t("report.written.plan", lang), plan))
    if jury and written.jury:
        out.append((t("report.written.jury", lang), [jury_line(a, lang) for a in written.jury]))
    return out


def work_rows(form: Form, work: Work, lang: str) -> list[tuple[str, str]]:
    """What a work says, field by field, as the jury reads it: (label, text), option ids shown by their labels,
    empty fields left out."""
    values = form.values_of(work)
    rows = []
    for f in form.fields:
        value = values.get(f.name)
        if value in (None, "", [], ()):
            continue
        labels = {o.value: o.label(lang) for o in f.options}
        items = value if isinstance(value, list | tuple) else [value]
        rows.append((f.label(lang), " ; ".join(labels.get(str(v), str(v)) for v in items)))
    return rows


def jury_line(answer: JuryPreGrade, lang: str) -> str:
    said = answer.answer.strip() or t("report.written.no_answer", lang)
    return t("report.written.jury_row", lang, question=answer.question, answer=said,
             auto=pre_grade_word(answer, lang))


__all__ = ["MARKS", "finding_line", "handed_in", "jury_line", "pre_grade_word", "self_line", "work_rows", "work_title",
           "written_sections"]
