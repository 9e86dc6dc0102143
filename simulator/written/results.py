"""What grading the written work finds, as immutable values every view renders (text, TUI, md, HTML, JSON).

``WrittenGrading`` is the debrief's ``written`` part (``Debrief.written``; None when the session has no
written work): findings per work, the plan compared with what the learner then did, the self-assessment
beside the grid, the jury's answers with their automatic pre-grade, and each written criterion's checks.
A text the grading writes is a language-neutral phrase (``simulator.i18n.phrase``) rendered by the accessors
(``text(lang)``, ``label(lang)``; ``*_fr`` / ``*_en`` render both for the JSON debrief); a text the author wrote
(a rubric title, a bank's expected answer) stays as written, in French and English. Nothing here computes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..i18n.phrase import Text, in_language, render

Severity = Literal["strength", "warning", "fault"]
SEVERITIES: tuple[Severity, ...] = ("strength", "warning", "fault")
AutoGrade = Literal["correct", "partial", "wrong"]


@dataclass(frozen=True)
class Finding:
    """One observation on one piece of written work (or on the plan against the interview)."""

    work: str  # a WORK_KINDS kind: preparation, crm_note, email, self_assessment, jury_answers
    severity: Severity  # strength (well done), warning (missing or weak), fault (contradicts the record, wrong)
    wording: Text
    field: str | None = None  # the form field it is about (PreparationSheet.price_walk_away...), None: the whole work
    check: str | None = None  # the rubric check it counts for (docs/scoring.md, « Les écrits »), None: shown only
    turn: int | None = None  # the interview turn it points at (plan vs actual, best moment...)

    def text(self, lang: str) -> str:
        return render(self.wording, lang)

    text_fr = in_language("text", "fr")
    text_en = in_language("text", "en")

@dataclass(frozen=True)
class CheckResult:
    """One check of a written criterion: the points it kept out of the rubric's points for it."""

    check: str
    work: str
    points: int
    max: int
    name: Text  # the check's name (catalog ``written.check.<id>``)

    def label(self, lang: str) -> str:
        return render(self.name, lang)

    label_fr = in_language("label", "fr")
    label_en = in_language("label", "en")

@dataclass(frozen=True)
class WrittenMark:
    """A written criterion of the rubric (``p_preparation``, ``n_preparation``, ``n_suivi``...) graded from the
    work: the sum of its checks. ``ratio`` is None when none of the works it reads was written."""

    criterion: str
    block: str
    points: int
    max: int
    ratio: float | None
    checks: tuple[CheckResult, ...] = ()
    works: tuple[str, ...] = ()  # the kinds of work it reads that were written


@dataclass(frozen=True)
class SelfComparison:
    """The learner's own level on a criterion beside the grid's (before they saw it)."""

    criterion: str
    title_fr: str
    title_en: str
    self_level: str | None  # acquis | en_cours | non_acquis, None when the learner did not rate it
    grid_level: str  # acquis | en_cours | non_acquis | non_evalue

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_fr

    @property
    def gap(self) -> int | None:
        """Steps between the two levels: > 0 the learner rated themselves higher than the grid, < 0 lower, 0
        the same; None when either is missing (not rated, or not evaluated)."""
        order = {"non_acquis": 0, "en_cours": 1, "acquis": 2}
        if self.self_level not in order or self.grid_level not in order:
            return None
        return order[self.self_level] - order[self.grid_level]


@dataclass(frozen=True)
class JuryPreGrade:
    """A jury question, the candidate's answer and, for a factual question, an automatic pre-grade (the jury
    grades every answer itself; the pre-grade is a hint)."""

    question_id: str
    question: str
    answer: str
    auto: AutoGrade | None  # None: no automatic pre-grade (a reflection, an unknown question, no answer)
    expected_fr: str = ""  # what the jury expects (from the question bank)
    expected_en: str = ""
    found: tuple[str, ...] = ()  # the expected elements the answer contains
    missing: tuple[str, ...] = ()  # those it lacks

    def expected(self, lang: str) -> str:
        return self.expected_en if lang == "en" else self.expected_fr


@dataclass(frozen=True)
class WrittenGrading:
    """Everything graded in the written work of one session."""

    findings: tuple[Finding, ...] = ()
    plan_vs_actual: tuple[Finding, ...] = ()
    self_vs_grid: tuple[SelfComparison, ...] = ()
    jury: tuple[JuryPreGrade, ...] = ()
    marks: tuple[WrittenMark, ...] = ()  # one per written criterion of the scenario's blocks
    works: tuple[str, ...] = ()  # the kinds of work written (non-empty), in WORK_KINDS order
    drafts: tuple[str, ...] = ()  # among them, those never submitted (the last save was a draft)

    def findings_of(self, work: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.work == work)

    def mark(self, criterion: str) -> WrittenMark | None:
        return next((m for m in self.marks if m.criterion == criterion), None)


__all__ = ["SEVERITIES", "AutoGrade", "CheckResult", "Finding", "JuryPreGrade", "SelfComparison", "Severity",
           "WrittenGrading", "WrittenMark"]
