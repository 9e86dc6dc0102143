"""What the learner writes around an interview, as plain data.

Every kind is a frozen dataclass with ``as_dict``/``from_dict``: it is journaled as is (``records.py``), so
``from_dict`` is lenient (unknown keys ignored, wrong types dropped): a record written by another version or
edited by hand is read as far as it can be, never refused with a traceback.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, TypeVar, get_args

WorkKind = Literal["preparation", "crm_note", "email", "self_assessment", "jury_answers"]
WORK_KINDS: tuple[WorkKind, ...] = get_args(WorkKind)
Level = Literal["acquis", "en_cours", "non_acquis"]
LEVELS: tuple[Level, ...] = get_args(Level)
# what the CRM note says the interview led to (the learner's reading, compared with the session's ending)
CrmOutcome = Literal["rendez_vous", "vente", "a_relancer", "sans_suite"]
CRM_OUTCOMES: tuple[CrmOutcome, ...] = get_args(CrmOutcome)

T = TypeVar("T", bound="Work")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, (list, tuple)) else ()


def _amount(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _turn(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else None


class Work:
    """Shared (de)serialisation: tuples become lists in JSON and come back as tuples."""

    kind: WorkKind

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}  # type: ignore[call-overload]  # dataclass subclasses

    @classmethod
    def from_dict(cls: type[T], data: Any) -> T:
        data = data if isinstance(data, dict) else {}
        return cls(**{f.name: _reader(f.name, f.type)(data.get(f.name)) for f in fields(cls)  # type: ignore[arg-type]  # T is always a dataclass subclass
                      if f.name in data})


@dataclass(frozen=True)
class PreparationSheet(Work):
    """Filled in during the preparation time, the briefing in view."""

    kind = "preparation"
    decision_maker: str = ""  # the id of the actor the learner thinks decides (scenario preparation.actors)
    actors: tuple[str, ...] = ()  # other actors' ids the learner plans to meet or contact
    motives: tuple[str, ...] = ()  # SONCAS hypotheses: securite, orgueil, nouveaute, confort, argent, sympathie
    questions: tuple[str, ...] = ()  # three to five planned questions, in the learner's words
    lead_argument: str = ""  # the argument they will lead with, in their words
    price_opening: int | None = None  # negotiations: the price they will announce
    price_target: int | None = None
    price_walk_away: int | None = None  # the price below which they will not go
    counterparts: tuple[str, ...] = ()  # counterpart ids (scenario price.counterparts), in the order they will ask
    notes: str = ""  # anything else, kept for the jury


@dataclass(frozen=True)
class CrmNote(Work):
    """The customer-file update written after the interview."""

    kind = "crm_note"
    outcome: str = ""  # one of CRM_OUTCOMES
    needs: str = ""  # needs found, in the learner's words
    objections: str = ""  # objections raised and how they ended
    price: int | None = None  # the agreed price, if any
    counterparts: tuple[str, ...] = ()  # counterpart ids agreed
    next_step: str = ""  # what happens next
    next_date: str = ""  # when (ISO date, YYYY-MM-DD), empty when none
    notes: str = ""


@dataclass(frozen=True)
class FollowUpEmail(Work):
    """The short email confirming in writing what was said."""

    kind = "email"
    subject: str = ""
    body: str = ""


@dataclass(frozen=True)
class SelfAssessment(Work):
    """Before seeing the grid: the learner's own level per criterion, best and weakest moment."""

    kind = "self_assessment"
    levels: dict[str, str] = field(default_factory=dict)  # criterion id -> one of LEVELS
    best_turn: int | None = None
    best_why: str = ""
    weakest_turn: int | None = None
    weakest_why: str = ""


@dataclass(frozen=True)
class JuryAnswer:
    question_id: str
    question: str  # the question as it was put (its text is kept: the bank may change)
    answer: str


@dataclass(frozen=True)
class JuryAnswers(Work):
    """The candidate's answers to the jury's questions after an exam's interview."""

    kind = "jury_answers"
    answers: tuple[JuryAnswer, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"answers": [asdict(a) for a in self.answers]}

    @classmethod
    def from_dict(cls, data: Any) -> JuryAnswers:
        items = data.get("answers") if isinstance(data, dict) else None
        answers = tuple(JuryAnswer(_text(a.get("question_id")), _text(a.get("question")), _text(a.get("answer")))
                        for a in (items if isinstance(items, list) else []) if isinstance(a, dict))
        return cls(answers=answers)


def _levels(value: Any) -> dict[str, str]:
    return {k: v for k, v in value.items() if isinstance(k, str) and v in LEVELS} if isinstance(value, dict) else {}


_READERS: dict[Any, Any] = {"str": _text, "tuple[str, ...]": _texts, "int | None": _amount,
                            "dict[str, str]": _levels}
_TURN_FIELDS = ("best_turn", "weakest_turn")  # turn numbers are >= 1, where an amount may be 0


def _reader(name: str, annotation: Any) -> Any:
    return _turn if name in _TURN_FIELDS else _READERS[annotation]

WORK_TYPES: dict[str, type[Work]] = {c.kind: c for c in (PreparationSheet, CrmNote, FollowUpEmail, SelfAssessment,
                                                         JuryAnswers)}


def work_from_dict(kind: str, data: Any) -> Work | None:
    """The work of ``kind`` read from its journaled data (None for an unknown kind)."""
    cls = WORK_TYPES.get(kind)
    return None if cls is None else cls.from_dict(data)


__all__ = ["CRM_OUTCOMES", "LEVELS", "WORK_KINDS", "WORK_TYPES", "CrmNote", "CrmOutcome", "FollowUpEmail",
           "JuryAnswer", "JuryAnswers", "Level", "PreparationSheet", "SelfAssessment", "Work", "WorkKind",
           "work_from_dict"]
