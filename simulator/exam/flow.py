"""An exam from set-up to seal, with no UI: the plain player and the terminal app both drive this.

Phases: ``preparation`` (the briefing; the candidate may start early, the interview starts by itself
when the time is over), ``interview`` (moves are refused once the time is up: the session then ends
with the outcome ``time_up`` and is graded on what was done), ``ended`` (the journal is closed and
sealed). Time is read only from the injected clock. What the record holds, in order: the header (mode
``exam``, the candidate as learner, the set-up under ``exam``), ``exam`` events (preparation and
interview start), one line per move with ``t`` (seconds into the interview), the end line with the
outcome, the closing ``exam`` event with the durations, then the seal.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.scenario import Scenario
from ..engine.session import EngineError, Input, Turn
from ..store.index import SessionIndex
from ..store.recorder import RecordedSession
from .clock import Clock, Countdown, SystemClock, iso
from .keys import SigningKey
from .seal import SIGNED_ALG, certify_session, seal_journal

PREPARATION, INTERVIEW, ENDED = "preparation", "interview", "ended"
TIME_UP, ABANDONED = "time_up", "abandoned"
MAX_MINUTES = 240


class ExamError(Exception):
    """A move or a set-up the exam refuses; the message is for the jury or the candidate."""


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

    @classmethod
    def create(cls, scenario: Scenario, candidate: str, seed: int | None = None, preparation: float | None = None,
               interview: float | None = None, pool: Sequence[str] = (), examiner: str | None = None) -> ExamSetup:
        """Defaults from the scenario's ``exam`` block; checks what a jury may have typed."""
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
        return cls(name, scenario, secrets.randbelow(2**31) if seed is None else seed, prep, inter,
                   tuple(sorted(set(pool))), examiner)

    def header(self) -> dict[str, Any]:
        return {"candidate": self.candidate, "preparation_minutes": self.preparation_minutes,
                "interview_minutes": self.interview_minutes, "pool": list(self.pool), "examiner": self.examiner,
                "objection_order": "seed"}


@dataclass
class ExamResult:
    path: Path
    outcome: str
    seal: dict[str, Any]
    preparation_seconds: float
    interview_seconds: float

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
    phase: str = PREPARATION
    started_early: bool = False
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
                  Countdown(setup.interview_minutes * 60, clock))
        run._event("preparation_started")
        run.preparation.start()
        if setup.preparation_minutes == 0:
            run.start_interview()
        return run

    # -- reading
    @property
    def session(self):  # noqa: ANN201 - the engine Session, typed at the call sites
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
        return 0.0

    @property
    def ended(self) -> bool:
        return self.phase == ENDED

    # -- time
    def tick(self) -> str:
        """Apply the clock: end the preparation or the interview whose time is over. Returns the phase."""
        if self.phase == PREPARATION and self.preparation.expired:
            self._begin_interview(early=False)
        if self.phase == INTERVIEW and self.interview.expired:
            self._close(TIME_UP)
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
        if phase == ENDED:
            raise ExamError("temps écoulé : l'épreuve est terminée" if self.result and self.result.outcome == TIME_UP
                            else "l'épreuve est terminée")
        turn = self.rec.step(inp, extra={"t": round(self.interview.elapsed, 3), **(extra or {})})  # EngineError: nothing written
        if self.rec.session.ended:
            self._close(self.rec.session.outcome or "failure", finished=True)
        return turn

    def abandon(self) -> None:
        """The candidate stops (or the jury ends the exam): graded on what was done, then sealed."""
        if self.phase == PREPARATION:
            self._begin_interview(early=True)
        if self.phase == INTERVIEW:
            self._close(ABANDONED)

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

    def _close(self, outcome: str, finished: bool = False) -> None:
        self.interview.stop()
        used = min(self.interview.elapsed, self.interview.seconds)
        if not finished:
            self.rec.finish(outcome)  # writes the end line with the forced outcome; a finished session already did
        self._event("interview_ended", outcome=outcome, interview_seconds=round(used, 3),
                    turns=len(self.rec.session.turns))
        seal = seal_journal(self.rec.journal, iso(self.clock.now()),
                            {"outcome": outcome, "inputs": len(self.rec.session.turns), **self._grade(outcome)})
        self.phase = ENDED
        self.result = ExamResult(self.rec.path, outcome, seal, self.preparation.elapsed, used)
        from ..xapi.outbox import queue_finished  # sealed: its statements can say so (nothing without an LRS)

        queue_finished(self.rec.path)
        self._notify()

    def _grade(self, outcome: str) -> dict[str, Any]:
        """The grade the seal carries (sealed_grade.py: a cohort then need not replay and score the record)."""
        from .sealed_grade import grade_for_seal

        grade = grade_for_seal(self.rec.session.scenario, self.rec.session.turns, outcome)
        return {"grade": grade} if grade is not None else {}

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener(self)


__all__ = ["ABANDONED", "ENDED", "INTERVIEW", "PREPARATION", "TIME_UP", "EngineError", "ExamError", "ExamResult",
           "ExamRun", "ExamSetup", "draw_scenario"]
