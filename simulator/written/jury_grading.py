"""The candidate's answers to the jury's questions, each with its question's expected answer and, for a factual
question, the automatic pre-grade of ``pre_grade.py`` (from the question's ``auto:`` spec, docs/authoring.md).

The jury grades every answer itself; the pre-grade is a hint printed beside it. Questions are looked up by id
in the question bank and in the scenario's own ``jury_questions`` (« scenario-id/question-id »); an answer to a
question neither holds (the bank changed since the exam) keeps the question as it was put, without pre-grade.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..content.scenario import Scenario
from .bank import Question, default_bank, scenario_questions
from .model import JuryAnswers
from .pre_grade import groups_found, pre_grade
from .results import JuryPreGrade


def questions_for(scenario: Scenario) -> dict[str, Question]:
    """The questions an exam on ``scenario`` may have drawn, by id: the bundled bank's and the scenario's own."""
    try:
        bank = default_bank().questions
    except Exception:  # noqa: BLE001 - a bank that cannot be read leaves the answers without pre-grade, never the debrief broken
        bank = ()
    return {q.id: q for q in (*bank, *scenario_questions(scenario.spec))}


def grade_answers(answers: JuryAnswers, questions: Mapping[str, Question], lang: str = "fr") -> tuple[JuryPreGrade, ...]:
    """Each answer with its expected answer and pre-grade (None without an ``auto`` spec or a known question);
    ``found``/``missing``: the groups of the spec the answer holds or lacks, each shown by its first form."""
    out = []
    for a in answers.answers:
        q = questions.get(a.question_id)
        if q is None or q.auto is None:
            out.append(JuryPreGrade(a.question_id, a.question, a.answer, None, q.expected_fr if q else "",
                                    q.expected_en if q else ""))
            continue
        hits = groups_found(q.auto, a.answer, lang)
        shown = [str(group[0]) for group in q.auto.groups]
        out.append(JuryPreGrade(a.question_id, a.question, a.answer, pre_grade(q.auto, a.answer, lang), q.expected_fr,
                                q.expected_en, tuple(s for s, hit in zip(shown, hits) if hit),
                                tuple(s for s, hit in zip(shown, hits) if not hit)))
    return tuple(out)


__all__ = ["grade_answers", "questions_for"]
