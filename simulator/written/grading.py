"""Grading the written work of one session: the entry point the scorer and the reports use.

``grade_works`` grades the sheet, the CRM note and the email on the rubric's written criteria (``written:`` in
each block: checks with points, ``checks.CHECKS``) and compares the plan with the interview; ``grade_written``
adds the self-assessment beside the grid and the jury answers' pre-grades, which need the debrief. The scorer
calls both (``score(..., works=...)``): the debrief's ``written`` is the result, and the written criteria
count in the block marks beside the interview's criteria, « non évalué » when their work was not written.

A criterion's ratio is the points its checks kept / the points of the checks that apply (a price check only
applies to a price negotiation); a check on a work that was not written keeps 0, as long as another work of
the criterion was (the CRM note without the email). Drafts count as they were last saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from ..content.scenario import Scenario
from ..engine.session import Turn
from ..i18n.phrase import phrase
from ..scoring.debrief import Debrief
from ..scoring.rubric import Rubric, WrittenCriterion
from .bank import Question
from .checks import CHECKS
from .followup_grading import Record, grade_crm, grade_email
from .jury_grading import grade_answers, questions_for
from .model import WORK_KINDS, CrmNote, FollowUpEmail, JuryAnswers, PreparationSheet, SelfAssessment, Work
from .preparation_grading import Graded, grade_preparation, plan_vs_actual
from .records import Saved
from .results import CheckResult, Finding, JuryPreGrade, SelfComparison, WrittenGrading, WrittenMark
from .self_assessment import compare


def is_written(work: Work) -> bool:
    """Has the learner written anything in it (an empty form saved as a draft is not written work)?"""
    def filled(value: Any) -> bool:
        if isinstance(value, str):
            return bool(value.strip())
        if isinstance(value, (list, tuple)):
            return any(filled(v) for v in value)
        if isinstance(value, dict):
            return any(filled(v) for v in value.values())
        if is_dataclass(value):  # a jury answer: a question put counts, answered or not (the jury sees both)
            return any(filled(getattr(value, f.name)) for f in fields(value))
        return value is not None

    return any(filled(getattr(work, f.name)) for f in fields(work))  # type: ignore[arg-type]  # every Work is a dataclass


def written_works(works: Mapping[str, Saved] | None) -> dict[str, Saved]:
    """The works that hold something, in WORK_KINDS order."""
    return {k: works[k] for k in WORK_KINDS if works and k in works and is_written(works[k].work)}


def _in_order(findings: list[Finding]) -> tuple[Finding, ...]:
    """Findings grouped by work in WORK_KINDS order, each work's in the order they were found."""
    return tuple(sorted(findings, key=lambda f: WORK_KINDS.index(f.work)))


def _day(at: str) -> date | None:
    try:
        return date.fromisoformat(at[:10]) if len(at) >= 10 else None
    except ValueError:
        return None


def _check_results(scenario: Scenario, turns: Sequence[Turn], works: dict[str, Saved]) -> dict[str, Graded]:
    graded: dict[str, Graded] = {}
    prep = works.get("preparation")
    if prep is not None and isinstance(prep.work, PreparationSheet):
        graded.update(grade_preparation(scenario, prep.work))
    crm, email = works.get("crm_note"), works.get("email")
    rec = Record.of(scenario, turns) if crm is not None or email is not None else None
    if crm is not None and isinstance(crm.work, CrmNote):
        graded.update(grade_crm(scenario, crm.work, turns, _day(crm.at), rec))
    if email is not None and isinstance(email.work, FollowUpEmail):
        graded.update(grade_email(scenario, email.work, turns, rec, _day(email.at)))
    return graded


def _mark(crit: WrittenCriterion, scenario: Scenario, graded: dict[str, Graded], written: dict[str, Saved]) -> WrittenMark:
    present = tuple(w for w in crit.works if w in written)
    results = []
    for check in crit.spec.checks:
        info = CHECKS[check.id]
        if info.price_only and scenario.spec.price is None:
            continue
        if info.work in written:
            share = graded[check.id].share if check.id in graded else None
            if share is None:
                continue  # does not apply to this scenario (no actors declared, no need discovered...)
        else:
            share = 0.0  # the criterion's other work was written, this one was not
        results.append(CheckResult(check.id, info.work, round(share * check.points), check.points,
                                   phrase(f"writing.check.{check.id}")))
    top = sum(r.max for r in results)
    points = sum(r.points for r in results)
    ratio = round(points / top, 4) if present and top else None
    return WrittenMark(crit.id, crit.block, points if ratio is not None else 0, top if ratio is not None else 0, ratio,
                       tuple(results) if ratio is not None else (), present)


def grade_works(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn], works: Mapping[str, Saved] | None,
                mode: str = "practice") -> WrittenGrading | None:
    """The sheet, the CRM note and the email graded (no self-assessment or jury part yet); None when no work
    was written at all, so a session without written work is graded exactly as before."""
    written = written_works(works)
    if not written:
        return None
    graded = _check_results(scenario, turns, written)
    blocks = set(scenario.spec.blocks)
    marks = tuple(_mark(c, scenario, graded, written) for c in rubric.written.values() if c.block in blocks)
    findings: list[Finding] = []
    for kind in WORK_KINDS:
        saved = written.get(kind)
        if saved is not None and not saved.final:
            findings.append(Finding(kind, "warning", phrase("writing.draft.exam" if mode == "exam" else "writing.draft.practice",
                                                            work=phrase(f"writing.work.{kind}")), None))
        order = [c for c in CHECKS if CHECKS[c].work == kind]
        for check in order:
            if check in graded:
                findings.extend(graded[check].findings)
    read = {w for m in marks for w in m.works}
    for m in marks:  # a criterion's work that is missing while another of its works was written
        crit = rubric.written[m.criterion]
        for missing in crit.works:
            if m.works and missing not in written and missing not in read:
                findings.append(Finding(missing, "warning",
                                        phrase("writing.missing_work", work=phrase(f"writing.work_inside.{missing}")), None))
                read.add(missing)
    plan: tuple[Finding, ...] = ()
    prep = written.get("preparation")
    if prep is not None and isinstance(prep.work, PreparationSheet):
        plan = tuple(plan_vs_actual(scenario, prep.work, turns))
    return WrittenGrading(findings=_in_order(findings), plan_vs_actual=plan, marks=marks, works=tuple(written),
                          drafts=tuple(k for k, s in written.items() if not s.final))


def grade_written(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn], works: Mapping[str, Saved] | None,
                  debrief: Debrief, mode: str = "practice", *, questions: Mapping[str, Question] | None = None,
                  graded: WrittenGrading | None = None) -> WrittenGrading | None:
    """Everything graded in the written work: ``grade_works`` plus the self-assessment beside ``debrief``'s grid
    and the jury answers' pre-grades (``questions``: by id; default: the bundled bank's and the scenario's own).
    None when no work was written. ``graded``: ``grade_works``' result when the caller already has it."""
    base = graded if graded is not None else grade_works(scenario, rubric, turns, works, mode)
    if base is None:
        return None
    written = written_works(works)
    findings = list(base.findings)
    rows: tuple[SelfComparison, ...] = ()
    saved = written.get("self_assessment")
    if saved is not None and isinstance(saved.work, SelfAssessment):
        rows, found = compare(saved.work, debrief)
        findings.extend(found)
    jury: tuple[JuryPreGrade, ...] = ()
    answers = written.get("jury_answers")
    if answers is not None and isinstance(answers.work, JuryAnswers):
        jury = grade_answers(answers.work, questions if questions is not None else questions_for(scenario),
                             scenario.spec.language)
    return WrittenGrading(findings=_in_order(findings), plan_vs_actual=base.plan_vs_actual, self_vs_grid=rows, jury=jury,
                          marks=base.marks, works=base.works, drafts=base.drafts)


__all__ = ["CheckResult", "Finding", "JuryPreGrade", "SelfComparison", "WrittenGrading",
           "WrittenMark", "grade_works", "grade_written", "is_written", "written_works"]
