"""A session that writes itself down: every input reaches the disk before the client answers.

This is what the players (plain and TUI) drive. The order of a turn is: compute the move in the
engine, append it to the journal (flushed and fsync'ed), update the index, and only then return the
turn so the reply can be shown. A crash at any point loses at most a reply that was never shown.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.diagnostics import ContentError
from ..content.library import resolve_scenario
from ..content.loader import load_scenario
from ..content.scenario import Scenario
from ..engine.session import EngineError, Input, Session, Turn
from .index import SessionIndex
from .journal import Journal, JournalError, JournalRecord, hint_turns, now_iso, read_journal
from .paths import journals_dir


def default_learner() -> str:
    return os.environ.get("NEGOSIM_LEARNER") or os.environ.get("USER") or "apprenant"


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

    @classmethod
    def start(cls, scenario: Scenario, *, seed: int | None = None, learner: str | None = None,
              mode: str = "practice", folder: Path | None = None, extra: dict[str, Any] | None = None,
              index: SessionIndex | None = None) -> RecordedSession:
        seed = secrets.randbelow(2**31) if seed is None else seed
        session = Session.start(scenario, seed)
        header = {"scenario_id": scenario.id, "scenario_path": str(Path(scenario.file).resolve()),
                  "scenario_hash": scenario.content_hash, "scenario_title": scenario.title, "seed": seed,
                  "mode": mode, "learner": learner or default_learner(), **_rubric_header(), **(extra or {})}
        journal = Journal.create(folder or journals_dir(), header)
        index = index or SessionIndex()
        index.record_start(journal.path, header["learner"], scenario.id, scenario.title, mode, now_iso())
        return cls(session, journal, read_journal(journal.path).header, index=index)

    @classmethod
    def resume(cls, path: Path, index: SessionIndex | None = None) -> RecordedSession:
        session, record = load_session(path)
        if record.header.get("mode") == "exam" and not session.ended:  # its timer and session key died with it
            raise JournalError(f"{path} : une épreuve blanche ne reprend jamais (son chronomètre et sa clé de session "
                               "ont disparu avec elle) ; l'enregistrement est conservé tel quel : « negosim exam "
                               "report » en fait le compte rendu, et le jury décide s'il fait repasser l'épreuve.")
        journal = Journal.reopen(path)
        return cls(session, journal, record.header, list(record.notices), index or SessionIndex(), hints=record.hints)

    @property
    def path(self) -> Path:
        return self.journal.path

    def step(self, inp: Input, extra: dict[str, Any] | None = None) -> Turn:
        """``extra``: fields stored on the input's journal line (exams: the interview clock).

        The line also records the options as the learner saw them (``shown``, ids in their order): what
        the learner saw is data that a debrief or a jury can replay, not something to reconstruct."""
        shown = self.session.offered_ids()
        turn = self.session.step(inp)  # raises EngineError on an impossible move: nothing written
        try:
            self.journal.append(inp, {"shown": shown, **(extra or {})})
        except OSError as exc:
            # the move is not on disk: undo it in memory so what is shown matches what is saved
            self.session = Session.replay(self.session.scenario, self.session.seed, self.session.inputs[:-1])
            raise EngineError(f"impossible d'enregistrer le tour ({exc.strerror}) : rien n'est perdu, réessayez") from None
        if self.index:
            self.index.record_progress(self.path, len(self.session.turns), now_iso())
        if self.session.ended:
            self.finish()
        return turn

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

    def finish(self, outcome: str | None = None) -> None:
        """Mark the journal as ended (outcome may be forced, e.g. 'time_up' in exams) and index the result."""
        outcome = outcome or self.session.outcome or "abandoned"
        self.journal.append_record({"type": "end", "outcome": outcome, "at": now_iso()})
        mark, criteria = None, None
        try:
            from ..scoring import default_rubric, score

            debrief = score(self.session.scenario, default_rubric(), self.session.turns, ending=outcome,
                            hints=self.hint_turns)
            if outcome == self.session.outcome:  # a natural ending: what any debrief of these turns says
                self.debrief = debrief
            mark = debrief.mark
            criteria = json.dumps({k: v.level for k, v in debrief.criteria.items()}, ensure_ascii=False)
        except ImportError:
            pass
        if self.index:
            self.index.record_end(self.path, outcome, mark, criteria, now_iso())
        if self.header.get("mode") != "exam":  # an exam record is sent once sealed (exam/flow.py)
            from ..xapi.outbox import queue_finished  # nothing happens unless an LRS is configured

            queue_finished(self.path, self.session, debrief if mark is not None else None)


def load_session(path: Path | str) -> tuple[Session, JournalRecord]:
    """Rebuild a session from its journal by replaying its inputs."""
    record = read_journal(path)
    header = record.header
    scenario = _scenario_for(header)
    if scenario.content_hash != header.get("scenario_hash"):
        record.notices.append("le scénario a été modifié depuis cette session : reprise par identifiants de choix")
    session = Session.start(scenario, int(header.get("seed", 0)))
    for n, inp in enumerate(record.inputs, 1):
        try:
            session.step(inp)
        except EngineError as exc:
            what = getattr(inp, "choice", None)
            if what is not None:
                raise JournalError(f"{record.path} : tour {n} : le choix « {what} » n'existe plus (ou n'est plus "
                                   f"proposé) dans le scénario « {scenario.id} » ({exc})") from None
            raise JournalError(f"{record.path} : tour {n} : {exc}") from None
    return session, record


def _scenario_for(header: dict[str, Any]) -> Scenario:
    candidates: list[Path] = []
    recorded = header.get("scenario_path")
    if recorded and Path(recorded).is_file():
        candidates.append(Path(recorded))
    try:
        candidates.append(resolve_scenario(str(header.get("scenario_id", ""))))
    except ContentError:
        pass
    if not candidates:
        raise JournalError(f"scénario « {header.get('scenario_id')} » introuvable pour reprendre cette session")
    # prefer the file whose content is the one recorded
    loaded = [load_scenario(p) for p in dict.fromkeys(candidates)]
    for scenario in loaded:
        if scenario.content_hash == header.get("scenario_hash"):
            return scenario
    return loaded[0]
