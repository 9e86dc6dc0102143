"""Reading a finished exam record back: who, what, when, how long, how it ended, and its grading.

The record is verified first; a record that does not verify is never graded (its content cannot be
trusted). A valid one is replayed with the scenario it names and scored with the default rubric, so
the jury report and the cohort always show what the record proves, not what an index says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import has, t
from ..i18n.phrase import phrase
from ..store.notice import Notice, as_field
from ..written.records import works_of
from .annotate import AnnotationCheck, read_annotations
from .keys import PublicKey
from .verify import INVALID, LATE, Verification, verify_record

if TYPE_CHECKING:
    from ..engine.session import Session
    from ..scoring.debrief import Debrief
    from ..written.records import Saved


def outcome_label(outcome: str | None, lang: str = "fr") -> str:
    """How an exam ended, capitalised for a jury's table (``record.*`` in simulator/i18n/report_*.py)."""
    key = "record." + (outcome or "unfinished")
    return t(key, lang) if has(key) else outcome or "?"


@dataclass(frozen=True)
class TurnTime:
    number: int
    seconds: float | None  # into the interview (exam records); None for practice records
    at: str  # wall-clock timestamp written with the move


@dataclass
class ExamRecord:
    path: Path
    verification: Verification
    header: dict[str, Any] = field(default_factory=dict)
    exam: dict[str, Any] = field(default_factory=dict)
    outcome: str | None = None
    preparation_started: str | None = None
    interview_started: str | None = None
    ended_at: str | None = None
    preparation_seconds: float | None = None
    interview_seconds: float | None = None
    writing_seconds: float | None = None  # the writing phase after the interview (None: there was none)
    writing_end: str | None = None  # how it ended: done (handed in), time_up, abandoned
    questions: list[dict[str, Any]] = field(default_factory=list)  # the jury's questions as put (id, text_fr, text_en, turn)
    works: dict[str, Saved] = field(default_factory=dict)  # kind -> the last save of each
    turn_times: list[TurnTime] = field(default_factory=list)
    session: Session | None = None  # replayed from the record
    debrief: Debrief | None = None
    annotations: AnnotationCheck | None = None
    notices: list[str] = field(default_factory=list)
    error: str | None = None  # why it could not be replayed or graded

    @property
    def candidate(self) -> str:
        return str(self.exam.get("candidate") or self.header.get("learner") or "?")

    @property
    def scenario_id(self) -> str:
        return str(self.header.get("scenario_id", "?"))

    @property
    def scenario_title(self) -> str:
        return str(self.header.get("scenario_title", self.scenario_id))

    @property
    def is_exam(self) -> bool:
        return self.header.get("mode") == "exam"

    @property
    def trusted(self) -> bool:
        """The record verifies (signed, or unsigned but intact) — the only ones a cohort counts."""
        return self.verification.status not in (INVALID, LATE)

    @property
    def date(self) -> datetime | None:
        when = self.interview_started or self.preparation_started or self.header.get("started_at")
        try:
            return datetime.fromisoformat(str(when))
        except ValueError:
            return None


def load_exam(path: Path | str, key: PublicKey | None = None, grade: bool = True,
              verification: Verification | None = None) -> ExamRecord:
    """Read a record; a line whose fields have unexpected types (edited by hand, then re-chained) is read as
    far as it makes sense and never crashes: what cannot be read is left empty."""
    path = Path(path)
    verification = verification or verify_record(path, key)
    rec = ExamRecord(path, verification)
    if verification.header is None:
        rec.error = Notice(phrase("err.record.header"))
        return rec
    rec.header = verification.header
    exam = rec.header.get("exam")
    rec.exam = dict(exam) if isinstance(exam, dict) else {}
    for r in verification.records:
        kind = r.get("type")
        if kind == "exam":
            event = r.get("event")
            if event == "preparation_started":
                rec.preparation_started = _text(r.get("at"))
            elif event == "interview_started":
                rec.interview_started = _text(r.get("at"))
                rec.preparation_seconds = _num(r.get("preparation_seconds"))
            elif event == "interview_ended":
                rec.ended_at = _text(r.get("at"))
                rec.interview_seconds = _num(r.get("interview_seconds"))
            elif event == "writing_started":
                rec.questions = _questions(r.get("questions"))
            elif event == "writing_ended":
                rec.writing_seconds = _num(r.get("writing_seconds"))
                rec.writing_end = _text(r.get("reason"))
        elif kind == "input":
            n = r.get("n")
            rec.turn_times.append(TurnTime(n if type(n) is int else len(rec.turn_times) + 1, _num(r.get("t")),
                                           str(r.get("at", ""))))
        elif kind == "end":
            rec.outcome = _text(r.get("outcome"))
            rec.ended_at = rec.ended_at or _text(r.get("at"))
    rec.works = works_of(verification.records)
    rec.annotations = read_annotations(path, key, verification)
    if verification.status == INVALID or not grade:
        return rec
    _replay_and_grade(rec)
    return rec


def _replay_and_grade(rec: ExamRecord) -> None:
    from ..content.diagnostics import ContentError
    from ..store.journal import JournalError
    from ..store.recorder import load_session

    try:
        session, journal = load_session(rec.path)
    except (JournalError, ContentError, OSError) as exc:
        rec.error = Notice(phrase("err.record.replay", why=as_field(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - a record edited into nonsense must be reported, not crash the report
        rec.error = Notice(phrase("err.record.malformed", kind=type(exc).__name__, detail=str(exc)))
        return
    rec.session = session
    rec.notices.extend(journal.notices)
    try:
        from ..scoring import default_rubric, score

        rubric = default_rubric()
        rec.debrief = score(session.scenario, rubric, session.turns, ending=rec.outcome,  # time_up: objective not reached
                            works=rec.works or None, mode="exam" if rec.is_exam else "practice")
    except Exception as exc:  # noqa: BLE001 - a scoring failure must not hide the record from the jury
        rec.error = Notice(phrase("err.record.grading", why=as_field(exc)))
        return
    recorded = rec.header.get("rubric_hash")
    if recorded and recorded != getattr(rubric, "content_hash", recorded):
        rec.notices.append(Notice(phrase("err.record.rubric_changed")))


def _questions(value: Any) -> list[dict[str, Any]]:
    """The questions of a ``writing_started`` line, as far as they read (a hand-edited line never crashes)."""
    items = value if isinstance(value, list) else []
    return [{"id": q["id"], "text_fr": q["text_fr"],
             "text_en": q["text_en"] if isinstance(q.get("text_en"), str) else q["text_fr"],
             "turn": q["turn"] if type(q.get("turn")) is int else None}
            for q in items if isinstance(q, dict) and isinstance(q.get("id"), str) and isinstance(q.get("text_fr"), str)]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _num(value: Any) -> float | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of thousands of digits
        return None
    return number if math.isfinite(number) else None  # JSON lets "Infinity" and "NaN" through


def is_exam_record(path: Path | str) -> bool:
    """Whether a journal was written in exam mode (read from its first line only)."""
    import json

    try:
        with Path(path).open("rb") as fh:
            head = json.loads(fh.readline().decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(head, dict) and head.get("mode") == "exam"
