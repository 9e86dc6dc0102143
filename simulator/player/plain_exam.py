"""The plain player in exam mode: preparation with a countdown, a timed interview, a sealed record.

Same screens as practice (briefing, numbered choices, ``p`` for a price) with the exam's rules: the
remaining time is shown at every prompt, the candidate may start the interview before the end of the
preparation, there is no resuming (``q`` ends the exam after confirmation) and no score before the end;
when the time is up the interview stops and is graded on what was done. The rules themselves live in
:class:`simulator.exam.flow.ExamRun`; this module only talks.
"""

from __future__ import annotations

import select
import shlex
from collections.abc import Callable
from typing import IO

from ..content.typography import localise
from ..engine.session import EngineError, Input
from ..exam.clock import format_clock
from ..exam.flow import ENDED, INTERVIEW, PREPARATION, WRITING, ExamError, ExamRun
from ..exam.record import outcome_label
from ..i18n import t
from ..written.forms import after_interview_forms, preparation_form
from ..written.model import Work
from .plain import PlainIO, PlainPlayer
from .plain_forms import fill_form


class _Timeout:
    def __repr__(self) -> str:
        return "TIMEOUT"


TIMEOUT = _Timeout()
TimedRead = Callable[[str, float], "str | None | _Timeout"]  # (prompt, seconds) -> line, None at end, TIMEOUT


def timed_reader(inp: IO[str], out: IO[str]) -> TimedRead:
    """Read a line from a terminal, giving up when the time is over (POSIX select on the line-buffered tty)."""
    def read(prompt: str, seconds: float) -> str | None | _Timeout:
        out.write(prompt)
        out.flush()
        try:
            ready, _, _ = select.select([inp], [], [], max(0.0, seconds))
        except (OSError, ValueError):  # not selectable (e.g. Windows console): wait without a limit
            ready = [inp]
        if not ready:
            out.write("\n")
            return TIMEOUT
        line = inp.readline()
        if not line:
            out.write("\n")
            return None
        return line.rstrip("\n")

    return read


class ExamPlainPlayer(PlainPlayer):
    def __init__(self, exam: ExamRun, io: PlainIO, lang: str = "fr", width: int = 88,
                 read_timed: TimedRead | None = None):
        super().__init__(exam.rec, io, lang=lang, width=width)
        self.exam = exam
        self.read_timed = read_timed

    def ask(self, prompt: str, seconds: float) -> str | None | _Timeout:
        if self.read_timed is not None:
            return self.read_timed(prompt, seconds)
        return self.io.read_line(prompt)

    # -- the exam
    def run(self, resumed: bool = False) -> int:  # noqa: ARG002 - an exam never resumes
        exam, lang = self.exam, self.lang
        setup = exam.setup
        self.say("#" * min(self.width, 72))
        self.para(t("player.exam.title", lang).format(candidate=setup.candidate))
        self.para(t("player.exam.times", lang, prep=f"{setup.preparation_minutes:g}", interview=f"{setup.interview_minutes:g}"))
        if setup.after_minutes:
            self.para(t("player.exam.times_after", lang, after=f"{setup.after_minutes:g}"))
        self.briefing()
        self.preparation()
        if exam.tick() == INTERVIEW:
            self.say("")
            self.para(t("player.exam.interview_start", lang).format(minutes=f"{setup.interview_minutes:g}"))
            self.show_replies(exam.session.opening)
            self.interview()
        if exam.tick() == WRITING:
            self.writing()
        self.ending()
        return 0

    def preparation(self) -> None:
        exam, lang = self.exam, self.lang
        while exam.tick() == PREPARATION:
            line = self.ask(t("player.exam.prep_prompt", lang).format(left=format_clock(exam.remaining)), exam.remaining)
            if line is TIMEOUT:
                continue  # tick() starts the interview
            if exam.tick() != PREPARATION:
                self.para(t("player.exam.prep_over", lang))
                return
            if line is None:
                exam.abandon()  # nobody there: the exam ends, recorded as abandoned
                return
            assert isinstance(line, str)
            word = line.strip().lower()
            if word in ("b", "fiche", "brief", "briefing"):
                self.briefing()
            elif word in ("f", "préparation", "preparation"):
                self.preparation_sheet()
                if self.input_ended:
                    exam.abandon()
                    return
            elif word in ("", "go", "ok", "start", "commencer"):
                exam.start_interview()
            else:
                self.para(t("player.exam.unknown_prep", lang))
        if exam.phase == INTERVIEW and not exam.started_early:
            self.para(t("player.exam.prep_over", lang))

    def interview(self) -> None:
        exam, lang = self.exam, self.lang
        while exam.tick() == INTERVIEW:
            action = self.follow_up()
            if action is None:
                self.say("")
                choices = self.show_choices()
                line = self.ask(t("player.exam.prompt", lang).format(left=format_clock(exam.remaining)), exam.remaining)
                if line is TIMEOUT:
                    continue
                if line is None:
                    exam.abandon()
                    return
                assert isinstance(line, str)
                if exam.tick() != INTERVIEW:
                    return  # the time ran out while the candidate was typing: the move is not played
                action = self.parse(line.strip(), choices)
            if action is None:
                continue
            if action == "quit":
                answer = self.ask(t("player.exam.confirm_quit", lang), exam.remaining)
                if answer is None or (isinstance(answer, str) and answer.strip().lower() in ("o", "oui", "y", "yes")):
                    exam.abandon()
                    return
                continue
            assert not isinstance(action, str)
            try:
                turn = exam.step(action)
            except ExamError:
                return
            except EngineError as exc:
                self.para("✗ " + str(exc))
                continue
            self.show_turn(turn)

    # -- written work: the sheet during the preparation, the rest in the writing phase after the interview
    def save_work(self, work: Work, final: bool) -> bool:
        try:
            self.exam.save_work(work, final=final)
        except ExamError as exc:  # its time is over: the last save counts
            self.para("✗ " + str(exc))
            return False
        except OSError as exc:
            self.para("✗ " + t("player.written.not_saved", self.lang, reason=exc.strerror or exc))
            return False
        return True

    def timed_line(self, phase: str) -> Callable[[str], str | None]:
        """A form's reader during ``phase``: the time left before each prompt; None once the time is over."""
        exam = self.exam

        def read(prompt: str) -> str | None:
            if exam.tick() != phase:
                return None
            left = t("player.exam.left", self.lang, left=format_clock(exam.remaining))
            line = self.ask(left + prompt.lstrip(), exam.remaining)
            if line is None:
                self.input_ended = True
                return None
            if line is TIMEOUT or exam.tick() != phase:
                return None  # typed after the time: not saved
            assert isinstance(line, str)
            return line

        return read

    def preparation_sheet(self) -> None:
        if self.exam.tick() != PREPARATION:
            self.para(t("player.written.sheet_too_late", self.lang))
            return
        saved = self.rec.works.get("preparation")
        fill_form(self, preparation_form(self.scenario), self.timed_line(PREPARATION), self.save_work,
                  saved.work if saved else None)

    def writing(self) -> None:
        """After the interview: the self-assessment, the CRM note, the email, the jury's questions, in the time
        the jury set; handed in (sealed) at the end, or when the time is over with what was saved."""
        exam, lang = self.exam, self.lang
        self.say("")
        self.say("=" * min(self.width, 72))
        self.para(t("player.exam.writing_start", lang, minutes=f"{exam.setup.after_minutes:g}"))
        questions = [(q.id, q.text_en if lang == "en" else q.text_fr) for q in exam.questions]
        for form in after_interview_forms(self.scenario, self.interview_debrief(), len(exam.session.turns), questions):
            if exam.tick() != WRITING or self.input_ended:
                break
            fill_form(self, form, self.timed_line(WRITING), self.save_work)
        if self.input_ended:
            exam.abandon()  # nobody there: sealed with what was saved
        elif exam.tick() == WRITING:
            exam.finish_writing()
            self.para(t("player.exam.writing_done", lang))
        else:
            self.para(t("player.exam.writing_over", lang))

    def interview_debrief(self):  # noqa: ANN201 - a scoring Debrief
        from ..scoring import default_rubric, score

        return score(self.scenario, default_rubric(), self.exam.session.turns, ending=self.exam.outcome)

    def parse(self, line: str, choices: list) -> Input | str | None:
        if line.lower() in ("?", "h", "aide", "help"):
            self.para(t("player.exam.help", self.lang))
            return None
        return super().parse(line, choices)

    def ending(self) -> None:
        exam, lang = self.exam, self.lang
        result = exam.result
        if exam.phase != ENDED or result is None:  # pragma: no cover - every path above ends the exam
            return
        self.say("")
        if result.outcome == "time_up":
            self.para(t("exam.play.time_up", lang))
        elif result.outcome == "abandoned":
            self.para(t("player.exam.abandoned", lang))
        self.say("=" * min(self.width, 72))
        end = exam.session.current.spec.end if exam.session.ended else None
        self.para(t("player.exam.outcome", lang) + " " + outcome_label(result.outcome, lang).lower()
                  + (f" — {end.summary}" if end and result.outcome == exam.session.outcome else ""))
        self.marks()
        path = str(result.path)
        if result.signed:
            self.para(t("player.exam.sealed_signed", lang).format(key_id=result.seal.get("key_id"), path=path))
        else:
            self.para(t("player.exam.sealed_plain", lang).format(path=path))
        self.para(t("player.exam.next", lang))
        quoted = shlex.quote(path)
        self.say(f"  negosim exam report {quoted} --format html -o rapport.html")
        self.say(f"  negosim verify {quoted}")

    def marks(self) -> None:
        try:
            from ..scoring import default_rubric, score
        except ImportError:  # pragma: no cover - the scorer ships with negosim
            return
        from ..exam.report import mark_label

        result = self.exam.result
        debrief = score(self.scenario, default_rubric(), self.exam.session.turns, ending=result.outcome if result else None,
                        works=self.rec.works or None, mode="exam")
        self.para(localise(t("exam.end.mark", self.lang).format(mark=mark_label(debrief.mark, self.lang)), self.lang))
        for b in debrief.block_results:
            if b.assessed:
                self.say("  " + localise(t("exam.end.block", self.lang).format(number=b.number, title=b.title(self.lang),
                                                                mark=mark_label(b.mark, self.lang)), self.lang))
