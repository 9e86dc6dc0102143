"""``negosim exam`` in the terminal app: the same app, opened on the jury's set-up screen in exam mode.

The app owns the running :class:`~simulator.exam.flow.ExamRun` and a once-a-second tick that applies the
clock (end of preparation, end of interview, end of the writing phase); the screens in ``screens/exam.py``
show it. After the interview, the writing phase shows the self-assessment, the CRM note, the follow-up
email and the jury's questions one after the other, then asks whether to hand them in (the record is then
sealed). Quitting the app during an exam ends it (``abandoned``) so the record is always sealed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..exam.clock import Clock
    from ..exam.keys import SigningKey

from textual.screen import Screen

from .app import EXAM, NegosimApp


class ExamApp(NegosimApp):
    CSS_PATH = ["negosim.tcss", "exam.tcss"]

    def __init__(self, lang: str | None = None, scenario: str | None = None, pool: list[str] | None = None,
                 seed: int | None = None, candidate: str | None = None, preparation: float | None = None,
                 interview: float | None = None, examiner: str | None = None, key: SigningKey | None = None,
                 clock: Clock | None = None,
                 extra_dirs: list[Path] | None = None, tick_seconds: float = 1.0, after: float | None = None,
                 questions: int | None = None):
        super().__init__(lang=lang, learner=candidate, extra_dirs=extra_dirs, mode=EXAM)
        self.exam_options = {"scenario": scenario, "pool": list(pool or ()), "seed": seed, "candidate": candidate,
                             "preparation": preparation, "interview": interview, "examiner": examiner, "after": after,
                             "questions": questions}
        self.key = key
        self.clock = clock  # None: the system clock (ExamRun's default); tests pass a ManualClock
        self.exam_run: Any = None
        self.tick_seconds = tick_seconds

    def get_default_screen(self) -> Screen:
        from .screens.exam import ExamSetupScreen

        return ExamSetupScreen()

    def on_mount(self) -> None:
        # NegosimApp.on_mount runs by itself (Textual calls the handler of each class in the MRO)
        self.set_interval(self.tick_seconds, self.exam_tick)

    # -- the exam
    def begin_exam(self, setup: Any) -> None:
        from ..exam.flow import ExamRun
        from .screens.exam import ExamPreparationScreen

        self.learner = setup.candidate
        self.exam_run = ExamRun.begin(setup, clock=self.clock, key=self.key)
        self.push_screen(ExamPreparationScreen(self.exam_run))
        self.exam_tick()  # no preparation time: straight to the interview

    def exam_screens(self) -> list[Screen]:
        from .screens.exam import ExamPlayScreen, ExamPreparationScreen, ExamWritingScreen

        kinds = ExamPreparationScreen | ExamPlayScreen | ExamWritingScreen
        return [s for s in self.screen_stack if isinstance(s, kinds)]

    def exam_tick(self) -> None:
        """Apply the clock and keep the screen in step with the exam's phase."""
        from ..exam.flow import ENDED, INTERVIEW, WRITING
        from .screens.exam import ExamEndScreen, ExamPlayScreen, ExamPreparationScreen, ExamWritingScreen

        run = self.exam_run
        if run is None:
            return
        phase = run.tick()
        exam_screens = self.exam_screens()
        if phase == INTERVIEW and exam_screens and isinstance(exam_screens[-1], ExamPreparationScreen):
            self._unwind_to(exam_screens[-1])
            self.switch_screen(ExamPlayScreen(run))
            return
        if phase == WRITING and exam_screens and isinstance(exam_screens[-1], ExamPlayScreen | ExamPreparationScreen):
            # an interview that ended by itself keeps its last line on screen until Enter; time up or stopped: at once
            natural = run.outcome == run.session.outcome
            if not natural or isinstance(exam_screens[-1], ExamPreparationScreen):
                self.open_writing()
                return
        if phase == ENDED and exam_screens and not any(isinstance(s, ExamEndScreen) for s in self.screen_stack):
            natural = run.result is not None and run.result.outcome == run.session.outcome
            # an interview that ended by itself with no writing phase keeps its last line on screen until Enter
            if not natural or run.setup.after_minutes or not isinstance(exam_screens[-1], ExamPlayScreen):
                self.show_exam_end()
                return
        for screen in exam_screens:
            if isinstance(screen, ExamWritingScreen | ExamPlayScreen | ExamPreparationScreen):
                screen.update_clock()

    def open_writing(self) -> None:
        """The writing phase: the forms one after the other over the finished interview."""
        from .screens.exam_writing import open_writing

        exam_screens = self.exam_screens()
        if exam_screens:
            self._unwind_to(exam_screens[-1])
        open_writing(self, self.exam_run)

    def _unwind_to(self, target: Screen) -> None:
        """Close what is over the exam screen (briefing overlay, a question), so the phase change is seen."""
        while self.screen is not target and len(self.screen_stack) > 1:
            self.pop_screen()

    def show_exam_end(self) -> None:
        from .screens.exam import ExamEndScreen

        exam_screens = self.exam_screens()
        if exam_screens:
            self._unwind_to(exam_screens[0])  # the writing forms go; their drafts are on record
        self.switch_screen(ExamEndScreen(self.exam_run))

    def confirm_abandon(self) -> None:
        from ..i18n import t
        from .screens.exam import ConfirmScreen

        run = self.exam_run
        if run is None or run.ended:
            return

        def answer(yes: bool | None) -> None:
            if yes and not run.ended:
                run.abandon()
                self.show_exam_end()

        self.push_screen(ConfirmScreen(t("exam.confirm.abandon")), answer)

    def new_exam(self) -> None:
        from .screens.exam import ExamSetupScreen

        self.exam_run = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        base = self.screen_stack[0]
        if isinstance(base, ExamSetupScreen):
            base.reset()  # same scenario, pool and times; a new candidate and a new seed

    def back_to_library(self) -> None:
        """The palette's "library" during an exam would leave it running: ask to stop it instead."""
        if self.exam_run is not None and not self.exam_run.ended:
            self.confirm_abandon()
            return
        super().back_to_library()

    async def action_quit(self) -> None:
        if self.exam_run is not None and not self.exam_run.ended:
            self.confirm_abandon()
            return
        self.exit(0)


def run_exam_app(lang: str | None = None, scenario: str | None = None, pool: list[str] | None = None,
                 seed: int | None = None, candidate: str | None = None, preparation: float | None = None,
                 interview: float | None = None, examiner: str | None = None, key: Any = None,
                 after: float | None = None, questions: int | None = None) -> int:
    app = ExamApp(lang=lang, scenario=scenario, pool=pool, seed=seed, candidate=candidate, preparation=preparation,
                  interview=interview, examiner=examiner, key=key, after=after, questions=questions)
    try:
        result = app.run()
    finally:
        run = app.exam_run
        if run is not None and not run.ended:  # the app went away mid-exam (terminal closed...): seal what was done
            run.abandon()
    return result or 0
