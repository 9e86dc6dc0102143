"""The writing phase of an exam in the terminal app: after the interview, with its own countdown, the
self-assessment, the CRM note, the follow-up email and the jury's questions, one form after the other.

Each save goes through ``ExamRun.save_work`` (refused once the time is over: the last save before it is what
counts). Ctrl+S hands a form in and goes on, Escape goes on keeping the draft; after the last form the
candidate is asked whether to hand everything in, which ends the writing phase and seals the record (no: back
to the first form). When the time runs out the app closes the forms and shows the end of the exam.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...i18n import get_lang, t
from .exam import ConfirmScreen, ExamWritingScreen
from .written import turn_lines

if TYPE_CHECKING:
    from ...exam.flow import ExamRun
    from ...written.forms import Form
    from ..exam import ExamApp


def writing_forms(run: ExamRun) -> list[Form]:
    """The forms of the writing phase, in order (the plain exam's): the jury's form only when questions were drawn."""
    from ...scoring import default_rubric, score
    from ...written.forms import after_interview_forms

    session = run.session
    # the learner rates the interview: its grid without the written work
    debrief = score(session.scenario, default_rubric(), session.turns, ending=run.outcome)
    lang = get_lang()
    questions = [(q.id, q.text_en if lang == "en" else q.text_fr) for q in run.questions]
    return list(after_interview_forms(session.scenario, debrief, len(session.turns), questions or None))


def open_writing(app: ExamApp, run: ExamRun) -> None:
    """Push the writing phase's forms over the finished interview, from the first."""
    forms = writing_forms(run)
    lines = turn_lines(run.rec)

    def show(index: int) -> None:
        if run.ended:
            return  # the time ran out meanwhile: the app shows the end
        if index >= len(forms):
            ask_to_hand_in()
            return
        form = forms[index]
        saved = run.rec.works.get(form.kind)
        screen = ExamWritingScreen(run, form, lambda work, final: run.save_work(work, final=final),
                                   saved.work if saved is not None else None,
                                   step=t("written.step", n=index + 1, total=len(forms)),
                                   turn_lines=lines if form.kind == "self_assessment" else (),
                                   on_done=lambda _result: show(index + 1))
        app.push_screen(screen)

    def ask_to_hand_in() -> None:
        def answer(yes: bool | None) -> None:
            if run.ended:
                return
            if yes:
                run.finish_writing()  # the record is sealed
                app.show_exam_end()
            else:
                show(0)

        app.push_screen(ConfirmScreen(t("exam.confirm.hand_in")), answer)

    show(0)


__all__ = ["open_writing", "writing_forms"]
