"""A session that writes itself down: every input reaches the disk before the client answers.

This is what the players (plain and TUI) drive. The order of a turn is: compute the move in the
engine, append it to the journal (flushed and fsync'ed), update the index, and only then return the
turn so the reply can be shown. A crash at any point loses at most a reply that was never shown.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..content.diagnostics import ContentError
from ..content.library import resolve_scenario
from ..content.loader import load_scenario
from ..content.scenario import Scenario
from ..engine.session import EngineError, Input, Session, Turn
from ..i18n.phrase import phrase
from ..lang import default_learner
from ..written.model import Work
from ..written.records import Saved, work_record, works_of
from .index import SessionIndex
from .journal import (
    OS_FILES,
    FileSystem,
    Journal,
    JournalError,
    JournalRecord,
    describe_os_error,
    hint_turns,
    is_exam,
    now_iso,
    read_journal,
)
from .notice import Notice, as_field, of_error
from .paths import journals_dir

Mode = Literal["practice", "exam"]  # a session played for training, or a mock exam (sealed, timed)


def _rubric_header() -> dict[str, Any]:
    try:
        from ..scoring import default_rubric

        rubric = default_rubric()
        return {"rubric_id": getattr(rubric, "id", None), "rubric_hash": getattr(rubric, "content_hash", None)}
    except Exception:  # noqa: BLE001 - a session can be recorded before a rubric exists
        return {}


@dataclass
class RecordedSession:
    session: Session
    journal: Journal
    header: dict[str, Any]
    notices: list[str] = field(default_factory=list)
    index: SessionIndex | None = None
    debrief: Any = None  # graded once when the session reaches its ending; the players show this one
    # each hint asked for (journaled): the turn it came before, the criterion it named
    hints: list[tuple[int, str | None]] = field(default_factory=list)
    closed: bool = False  # the end line is written (see finish)

    @classmethod
    def start(cls, scenario: Scenario, *, seed: int | None = None, learner: str | None = None,
              mode: Mode = "practice", folder: Path | None = None, extra: dict[str, Any] | None = None,
              index: SessionIndex | None = None, fs: FileSystem = OS_FILES) -> RecordedSession:
        seed = secrets.randbelow(2**31) if seed is None else seed
        session = Session.start(scenario, seed)
        header = {"scenario_id": scenario.id, "scenario_path": str(Path(scenario.file).resolve()),
                  "scenario_hash": scenario.content_hash, "scenario_title": scenario.title, "seed": seed,
                  "mode": mode, "learner": learner or default_learner(), **_rubric_header(), **(extra or {})}
        journal = Journal.create(folder or journals_dir(), header, fs)
        index = index or SessionIndex()
        index.record_start(journal.path, header["learner"], scenario.id, scenario.title, mode, now_iso())
        return cls(session, journal, read_journal(journal.path).header, index=index)

    @classmethod
    def resume(cls, path: Path, index: SessionIndex | None = None, fs: FileSystem = OS_FILES) -> RecordedSession:
        """Continue a journal: locked against a second writer, repaired if damaged (a copy kept, the notices
        say what was done), replayed; a session whose last move ended it but whose end record was never
        written (killed in between) is closed now, so it is no longer offered as unfinished."""
        journal = Journal.reopen(Path(path), fs)
        record = journal.record
        assert record is not None
        try:
            session, refused = replay(record, salvage=True)
            if is_exam(record) and not session.ended:  # its timer and session key died with it: never resumed
                raise JournalError(key="err.journal.exam_no_resume", path=path)
            if refused is not None:  # the scenario is unchanged, so a move it refuses is a damaged line
                n, why = refused
                if is_exam(record):
                    raise JournalError(key="err.journal.exam_turn", path=path, turn=n, reason=why)
                journal.rewrite(record, record.input_lines[n - 1])
                record.notices.insert(0, Notice(phrase("err.journal.turn_damaged", turn=n, previous=n - 1,
                                                       reason=as_field(why))))
        except BaseException:
            journal.close()
            raise
        rec = cls(session, journal, record.header, list(record.notices), index or SessionIndex(), hints=record.hints,
                  closed=bool(record.ended))
        if session.ended and not record.ended:
            rec.finish()
            rec.notices.append(Notice(phrase("err.journal.closed_now")))
        return rec

    @property
    def path(self) -> Path:
        return self.journal.path

    def step(self, inp: Input, extra: dict[str, Any] | None = None, *, close: bool = True) -> Turn:
        """``extra``: fields stored on the input's journal line (exams: the interview clock).

        The line also records the options as the learner saw them (``shown``, ids in their order): what
        the learner saw is data that a debrief or a jury can replay, not something to reconstruct.

        A move that ends the session closes it (:meth:`close`) unless ``close`` is false: then the caller
        calls :meth:`close` itself (the terminal UI, once the client's last reply is on screen)."""
        shown = self.session.offered_ids()
        turn = self.session.step(inp)  # raises EngineError on an impossible move: nothing written
        try:
            self.journal.append(inp, {"shown": shown, **(extra or {})})
        except OSError as exc:
            # the move is not on disk: undo it in memory so what is shown matches what is saved
            self.session = Session.replay(self.session.scenario, self.session.seed, self.session.inputs[:-1])
            raise EngineError(key="err.engine.not_saved", error=describe_os_error(exc)) from None
        if self.index:
            self.index.record_progress(self.path, len(self.session.turns), now_iso())
        if self.session.ended and close:
            self.close()
        return turn

    def close(self) -> None:
        """Write the end line of a session its last move has ended and grade it, once; a failure to write is
        kept as a notice (the last move is on disk: the next start closes the session from it)."""
        if self.closed or not self.session.ended:
            return
        try:
            self.finish()
        except OSError as exc:
            self.notices.append(Notice(phrase("err.journal.end_not_saved", reason=as_field(describe_os_error(exc)))))

    def record_hint(self, criterion: str | None, before_turn: int | None = None) -> None:
        """Journal a hint request before it is shown: the trainer sees, beside the mark, where help was used.
        ``before_turn`` defaults to the move the learner is about to make (a branch copies earlier ones)."""
        before_turn = len(self.session.turns) + 1 if before_turn is None else before_turn
        self.journal.append_record({"type": "hint", "before_turn": before_turn, "criterion": criterion,
                                    "at": now_iso()})
        self.hints.append((before_turn, criterion))

    @property
    def hint_turns(self) -> list[int]:
        return hint_turns(self.hints)

    def record_work(self, work: Work, *, final: bool = True) -> None:
        """Journal one save of written work (a draft as the learner types, ``final`` when submitted); it may
        follow the end line: the CRM note and the email are written after the interview."""
        self.journal.append_record(work_record(work, final=final, at=now_iso()))

    @property
    def works(self) -> dict[str, Saved]:
        """The last save of each kind of written work in this session's journal."""
        return works_of(read_journal(self.path).records)

    def finish(self, outcome: str | None = None) -> None:
        """Mark the journal as ended (outcome may be forced, e.g. 'time_up' in exams) and index the result."""
        ended = outcome or self.session.outcome or "abandoned"
        self.journal.append_record({"type": "end", "outcome": ended, "at": now_iso()})
        self.closed = True
        debrief, mark, criteria = grade(self.session, ended, self.hint_turns)
        if debrief is not None and ended == self.session.outcome:  # a natural ending: what any debrief says
            self.debrief = debrief
        if self.index:
            self.index.record_end(self.path, ended, mark, criteria, now_iso())
        if self.header.get("mode") != "exam":  # an exam record is sent once sealed (exam/flow.py)
            from ..xapi.outbox import queue_finished  # nothing happens unless an LRS is configured

            queue_finished(self.path, self.session, debrief if mark is not None else None)


def grade(session: Session, outcome: str, hints: list[int]) -> tuple[Any, float | None, str | None]:
    """The debrief of a finished session, its mark and its levels per criterion (JSON) for the index."""
    try:
        from ..scoring import default_rubric, score
    except ImportError:
        return None, None, None
    debrief = score(session.scenario, default_rubric(), session.turns, ending=outcome, hints=hints)
    criteria = json.dumps({k: v.level for k, v in debrief.criteria.items()}, ensure_ascii=False)
    return debrief, debrief.mark, criteria


def load_session(path: Path | str) -> tuple[Session, JournalRecord]:
    """Rebuild a session from its journal by replaying its inputs (a damaged journal is refused)."""
    record = read_journal(path)
    session, _ = replay(record)
    return session, record


def replay(record: JournalRecord, salvage: bool = False,
           scenario: Scenario | None = None) -> tuple[Session, tuple[int, str] | None]:
    """Replay a journal's inputs in its scenario. A move the scenario refuses raises :class:`JournalError`,
    unless ``salvage`` and the scenario is the one recorded (then only damage explains it): the replay
    stops before it and returns its turn number and why, so the journal can be cut there."""
    header = record.header
    if scenario is None:
        try:
            scenario = scenario_for(header)
        except JournalError as exc:
            raise JournalError(key="err.journal.at", path=record.path, reason=exc) from None
    unchanged = scenario.content_hash == header.get("scenario_hash")
    if not unchanged:
        record.notices.append(Notice(phrase("err.journal.scenario_changed")))
    try:
        seed = int(header.get("seed", 0))
    except (TypeError, ValueError):
        raise JournalError(key="err.journal.bad_seed", path=record.path) from None
    session = Session.start(scenario, seed)
    for n, inp in enumerate(record.inputs, 1):
        try:
            session.step(inp)
        except EngineError as exc:
            if salvage and unchanged:
                return Session.replay(scenario, seed, record.inputs[:n - 1]), (n, of_error(exc))
            what = getattr(inp, "choice", None)
            if what is not None:
                raise JournalError(key="err.journal.choice_gone", path=record.path, turn=n, choice=what,
                                   scenario=scenario.id, reason=exc) from None
            raise JournalError(key="err.journal.turn_refused", path=record.path, turn=n, reason=exc) from None
    return session, None


def scenario_for(header: dict[str, Any]) -> Scenario:
    candidates: list[Path] = []
    recorded = header.get("scenario_path")
    if recorded and Path(recorded).is_file():
        candidates.append(Path(recorded))
    try:
        candidates.append(resolve_scenario(str(header.get("scenario_id", ""))))
    except ContentError:
        pass
    if not candidates:
        raise JournalError(key="err.journal.no_scenario", scenario=header.get("scenario_id"))
    # prefer the file whose content is the one recorded
    loaded = [load_scenario(p) for p in dict.fromkeys(candidates)]
    for scenario in loaded:
        if scenario.content_hash == header.get("scenario_hash"):
            return scenario
    return loaded[0]
