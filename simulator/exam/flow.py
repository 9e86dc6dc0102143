"""An exam from set-up to seal, with no UI: the plain player and the terminal app both drive this.

Phases: ``preparation`` (the briefing and the preparation sheet; the candidate may start early, the
interview starts by itself when the time is over), ``interview`` (moves are refused once the time is up:
the session then ends with the outcome ``time_up`` and is graded on what was done), ``writing`` (after the
interview, its own countdown set by the jury, ``after_minutes``, 0 for none: the self-assessment, the CRM
note, the follow-up email and the answers to the jury's questions), ``ended`` (the journal is closed and
sealed: the seal covers the written work). Time is read only from the injected clock. What the record
holds, in order: the header (mode ``exam``, the candidate as learner, the set-up under ``exam``), ``exam``
events (preparation and interview start), the preparation sheet's saves (``work`` lines, drafts as typed),
one line per move with ``t`` (seconds into the interview), the end line with the outcome, the closing
``exam`` event with the durations, then (writing phase) ``writing_started`` with the jury's questions as
they were put, the written work's saves and ``writing_ended``, then the seal.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.scenario import Scenario
from ..engine.session import EngineError, Input, Session, Turn
from ..errors import NegosimError
from ..store.index import SessionIndex
from ..store.recorder import RecordedSession
from ..written.model import Work
from .clock import Clock, Countdown, SystemClock, iso
from .keys import SigningKey
from .seal import SIGNED_ALG, certify_session, seal_journal

PREPARATION, INTERVIEW, WRITING, ENDED = "preparation", "interview", "writing", "ended"
TIME_UP, ABANDONED, DONE = "time_up", "abandoned", "done"
MAX_MINUTES = 240
DEFAULT_AFTER_MINUTES = 15.0  # the writing phase after the interview, unless the jury sets another time (0: none)
DEFAULT_QUESTIONS = 4  # jury questions drawn for the writing phase (0: none)
MAX_QUESTIONS = 10
BEFORE_WORK = ("preparation",)  # written during the preparation time; every other kind after the interview


class ExamError(NegosimError):
    """A move or a set-up the exam refuses; the message is for the jury or the candidate."""

    code = "exam"
    title_key = "err.exam.title"


def draw_scenario(pool: Sequence[str], seed: int) -> str:
    """The scenario a seed draws from a pool; the pool's order does not matter, the same seed draws the same."""
    ids = sorted(set(pool))
    if not ids:
        raise ExamError("le tirage au sort demande au moins un scénario dans le lot")
    return random.Random(f"negosim pool draw:{seed}").choice(ids)


@dataclass(frozen=True)
class ExamSetup:
    candidate: str
    scenario: Scenario
    seed: int
    preparation_minutes: float
    interview_minutes: float
    pool: tuple[str, ...] = ()  # the pool the scenario was drawn from (empty: chosen by the jury)
    examiner: str | None = None
    after_minutes: float = 0.0  # the writing phase after the interview (0: sealed as soon as the interview ends)
    questions: int = 0  # jury questions drawn for the writing phase

    @classmethod
    def create(cls, scenario: Scenario, candidate: str, seed: int | None = None, preparation: float | None = None,
               interview: float | None = None, pool: Sequence[str] = (), examiner: str | None = None,
               after: float | None = None, questions: int | None = None) -> ExamSetup:
        """Defaults from the scenario's ``exam`` block (the writing phase: DEFAULT_AFTER_MINUTES, with
        DEFAULT_QUESTIONS jury questions); checks what a jury may have typed."""
        import secrets

        name = " ".join((candidate or "").split())
        if not name:
            raise ExamError("indiquez le nom du candidat ou de la candidate")
        timing = scenario.spec.exam
        prep = timing.preparation_minutes if preparation is None else preparation
        inter = timing.interview_minutes if interview is None else interview
        if not 0 <= prep <= MAX_MINUTES:
            raise ExamError(f"temps de préparation : {prep} min n'est pas entre 0 et {MAX_MINUTES} min")
        if not 0 < inter <= MAX_MINUTES:
            raise ExamError(f"temps d'entretien : {inter} min n'est pas entre 1 s et {MAX_MINUTES} min")
        after = DEFAULT_AFTER_MINUTES if after is None else after
        if not 0 <= after <= MAX_MINUTES:
            raise ExamError(f"temps des écrits après l'entretien : {after} min n'est pas entre 0 et {MAX_MINUTES} min")
        questions = DEFAULT_QUESTIONS if questions is None else questions
        if not 0 <= questions <= MAX_QUESTIONS:
            raise ExamError(f"questions du jury : {questions} n'est pas entre 0 et {MAX_QUESTIONS}")
        return cls(name, scenario, secrets.randbelow(2**31) if seed is None else seed, prep, inter,
                   tuple(sorted(set(pool))), examiner, after, questions if after else 0)

    def header(self) -> dict[str, Any]:
        return {"candidate": self.candidate, "preparation_minutes": self.preparation_minutes,
                "interview_minutes": self.interview_minutes, "after_minutes": self.after_minutes,
                "questions": self.questions, "pool": list(self.pool), "examiner": self.examiner,
                "objection_order": "seed"}


@dataclass
class ExamResult:
    path: Path
    outcome: str
    seal: dict[str, Any]
    preparation_seconds: float
    interview_seconds: float
    writing_seconds: float = 0.0

    @property
    def signed(self) -> bool:
        return self.seal.get("alg") == SIGNED_ALG


@dataclass
class ExamRun:
    setup: ExamSetup
    rec: RecordedSession
    clock: Clock
    jury_key_id: str | None  # the jury key that certified this exam's session key (None: unsigned)
    preparation: Countdown
    interview: Countdown
    writing: Countdown
    phase: str = PREPARATION
    started_early: bool = False
    outcome: str | None = None  # the interview's, once it is over
    questions: tuple[Any, ...] = ()  # the jury's questions put in the writing phase (written.bank DrawnQuestion)
    result: ExamResult | None = None
    listeners: list[Any] = field(default_factory=list)  # called with the run when the phase changes

    @classmethod
    def begin(cls, setup: ExamSetup, clock: Clock | None = None, key: SigningKey | None = None,
              folder: Path | None = None, index: SessionIndex | None = None) -> ExamRun:
        """Open the record (written at once) and start the preparation countdown.

        ``key``, the jury's unlocked private key, signs the exam's session certificate (line 2) and is not
        kept: every later line is signed by the session key, which lives in this run's memory only.
        """
        clock = clock or SystemClock()
        rec = RecordedSession.start(setup.scenario, seed=setup.seed, learner=setup.candidate, mode="exam",
                                    folder=folder, extra={"exam": setup.header()}, index=index)
        if key is not None:
            rec.journal = certify_session(rec.journal, key)
        run = cls(setup, rec, clock, key.key_id if key else None, Countdown(setup.preparation_minutes * 60, clock),
                  Countdown(setup.interview_minutes * 60, clock), Countdown(setup.after_minutes * 60, clock))
        run._event("preparation_started")
        run.preparation.start()
        if setup.preparation_minutes == 0:
            run.start_interview()
        return run

    # -- reading
    @property
    def session(self) -> Session:
        return self.rec.session

    @property
    def path(self) -> Path:
        return self.rec.path

    @property
    def remaining(self) -> float:
        """Seconds left in the current phase (0 once ended)."""
        self.tick()
        if self.phase == PREPARATION:
            return self.preparation.remaining
        if self.phase == INTERVIEW:
            return self.interview.remaining
        if self.phase == WRITING:
            return self.writing.remaining
        return 0.0

    @property
    def ended(self) -> bool:
        return self.phase == ENDED

    # -- time
    def tick(self) -> str:
        """Apply the clock: end the preparation, the interview or the writing whose time is over. Returns the phase."""
        if self.phase == PREPARATION and self.preparation.expired:
            self._begin_interview(early=False)
        if self.phase == INTERVIEW and self.interview.expired:
            self._close(TIME_UP)
        if self.phase == WRITING and self.writing.expired:
            self._end_writing(TIME_UP)
        return self.phase

    # -- actions
    def start_interview(self) -> None:
        """The candidate is ready before the end of the preparation time."""
        if self.tick() != PREPARATION:
            return
        self._begin_interview(early=True)

    def step(self, inp: Input, extra: dict[str, Any] | None = None) -> Turn:
        """Play a move; refused (ExamError) once the time is up — the exam is then ended and sealed.
        ``extra``: more fields for the move's journal line (free text: the candidate's own words)."""
        phase = self.tick()
        if phase == PREPARATION:
            raise ExamError("l'entretien n'a pas commencé : terminez la préparation d'abord")
        if phase == WRITING:
            raise ExamError("temps écoulé : l'entretien est terminé" if self.outcome == TIME_UP
                            else "l'entretien est terminé")
        if phase == ENDED:
            raise ExamError("temps écoulé : l'épreuve est terminée" if self.result and self.result.outcome == TIME_UP
                            else "l'épreuve est terminée")
        turn = self.rec.step(inp, extra={"t": round(self.interview.elapsed, 3), **(extra or {})})  # EngineError: nothing written
        if self.rec.session.ended:
            self._close(self.rec.session.outcome or "failure", finished=True)
        return turn

    def save_work(self, work: Work, final: bool = False) -> None:
        """Journal one save of written work (a draft as the candidate types, ``final`` when submitted): the
        preparation sheet during the preparation time, the rest in the writing phase. Refused (ExamError,
        nothing written) out of its phase: a save after the time is over does not count, the last one does."""
        phase = self.tick()
        if work.kind in BEFORE_WORK and phase != PREPARATION:
            raise ExamError("temps de préparation écoulé : la fiche est enregistrée telle qu'elle était"
                            if phase != ENDED else "l'épreuve est terminée")
        if work.kind not in BEFORE_WORK and phase != WRITING:
            raise ExamError("l'épreuve est terminée" if phase == ENDED else
                            "les écrits se font après l'entretien, pendant le temps prévu pour eux")
        self.rec.record_work(work, final=final)

    def finish_writing(self) -> None:
        """The candidate hands in the written work before the end of its time: the record is sealed."""
        if self.tick() == WRITING:
            self._end_writing(DONE)

    def abandon(self) -> None:
        """The candidate stops (or the jury ends the exam): graded on what was done, then sealed at once
        (no writing phase after an interview stopped this way; one under way ends with what was saved)."""
        if self.phase == PREPARATION:
            self._begin_interview(early=True)
        if self.phase == INTERVIEW:
            self._close(ABANDONED, writing=False)
        if self.phase == WRITING:
            self._end_writing(ABANDONED)

    # -- internals
    def _event(self, event: str, **fields: Any) -> None:
        self.rec.journal.append_record({"type": "exam", "event": event, "at": iso(self.clock.now()), **fields})

    def _begin_interview(self, early: bool) -> None:
        self.preparation.stop()
        self.started_early = early
        self._event("interview_started", preparation_seconds=round(self.preparation.elapsed, 3), early=early)
        self.phase = INTERVIEW
        self.interview.start()
        self._notify()

    def _close(self, outcome: str, finished: bool = False, writing: bool = True) -> None:
        self.interview.stop()
        self.outcome = outcome
        if not finished:
            self.rec.finish(outcome)  # writes the end line with the forced outcome; a finished session already did
        self._event("interview_ended", outcome=outcome, interview_seconds=round(self.interview_seconds, 3),
                    turns=len(self.rec.session.turns))
        if writing and self.setup.after_minutes > 0:
            self._begin_writing()
        else:
            self._seal()

    @property
    def interview_seconds(self) -> float:
        return min(self.interview.elapsed, self.interview.seconds)

    def _begin_writing(self) -> None:
        self.questions = draw_jury_questions(self.setup, self.session, self.outcome)
        self._event("writing_started", after_minutes=self.setup.after_minutes,
                    questions=[question_record(q) for q in self.questions])
        self.phase = WRITING
        self.writing.start()
        self._notify()

    def _end_writing(self, reason: str) -> None:
        self.writing.stop()
        saved = self.rec.works
        self._event("writing_ended", reason=reason, writing_seconds=round(self.writing_seconds, 3),
                    works=[kind for kind in saved if kind not in BEFORE_WORK])
        self._seal(saved)  # the journal is read once: nothing is written between these lines and the seal

    @property
    def writing_seconds(self) -> float:
        return min(self.writing.elapsed, self.writing.seconds)

    def _seal(self, works: dict[str, Any] | None = None) -> None:
        outcome = self.outcome or ABANDONED
        works = self.rec.works if works is None else works
        seal = seal_journal(self.rec.journal, iso(self.clock.now()),
                            {"outcome": outcome, "inputs": len(self.rec.session.turns), **self._grade(outcome, works)})
        self.phase = ENDED
        self.result = ExamResult(self.rec.path, outcome, seal, self.preparation.elapsed, self.interview_seconds,
                                 self.writing_seconds)
        from ..xapi.outbox import queue_finished  # sealed: its statements can say so (nothing without an LRS)

        queue_finished(self.rec.path)
        self._notify()

    def _grade(self, outcome: str, works: dict[str, Any]) -> dict[str, Any]:
        """The grade the seal carries (sealed_grade.py: a cohort then need not replay and score the record), the
        written work included."""
        from .sealed_grade import grade_for_seal

        grade = grade_for_seal(self.rec.session.scenario, self.rec.session.turns, outcome, works=works)
        return {"grade": grade} if grade is not None else {}

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener(self)


def draw_jury_questions(setup: ExamSetup, session: Any, outcome: str | None) -> tuple[Any, ...]:
    """The jury's questions for this candidate: drawn from the bank by the exam's seed, on the interview just
    played (its weakest and strongest graded turns), so the same record always names the same questions."""
    if setup.questions <= 0:
        return ()
    from ..scoring import default_rubric, score
    from ..written.bank import default_bank, draw_questions

    debrief = score(session.scenario, default_rubric(), session.turns, ending=outcome)
    return tuple(draw_questions(default_bank(), session.scenario, debrief, setup.seed, n=setup.questions))


def question_record(question: Any) -> dict[str, Any]:
    """A drawn question as the record keeps it: its id, its text as it was put, in both languages (the bank may
    change), and the turn a turn question is about."""
    return {"id": question.id, "text_fr": question.text_fr, "text_en": question.text_en, "turn": question.turn}


__all__ = ["ABANDONED", "BEFORE_WORK", "DEFAULT_AFTER_MINUTES", "DONE", "ENDED", "INTERVIEW", "PREPARATION", "TIME_UP",
           "WRITING", "EngineError", "ExamError", "ExamResult", "ExamRun", "ExamSetup", "draw_jury_questions",
           "draw_scenario", "question_record"]
