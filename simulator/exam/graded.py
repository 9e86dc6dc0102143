"""Journals replayed and graded in bulk: each scenario is loaded once per content hash, the rubric once.

A cohort of a thousand records or an xAPI export of a whole data folder names only a handful of
distinct scenarios; loading, checking and compiling one of them costs far more than replaying a session
on it. ``Grader`` keeps what it loaded (keyed by the content hash the journal header records) and
replays each journal with it, so the cost per record is the replay and the scoring alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.diagnostics import ContentError
from ..content.scenario import Scenario
from ..engine.session import EngineError, Session
from ..i18n.phrase import phrase
from ..store.journal import JournalError, JournalRecord, hint_turns, read_journal
from ..store.notice import Notice
from ..written.records import works_of

if TYPE_CHECKING:
    from ..scoring.debrief import Debrief

MEMO_LIMIT = 20_000  # entries per table of each scenario's ScoringMemo


@dataclass
class Graded:
    """One journal replayed: its record, the session rebuilt from it and its debrief (or why not)."""

    path: Path
    record: JournalRecord | None = None
    session: Session | None = None
    debrief: Debrief | None = None
    error: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def header(self) -> dict[str, Any]:
        return self.record.header if self.record else {}

    @property
    def outcome(self) -> str | None:
        """How the journal says the session ended (``None``: not ended)."""
        if not self.record:
            return None
        ends = [r.get("outcome") for r in self.record.records if r.get("type") == "end"]
        return ends[-1] if ends else None


class Grader:
    """Replays and scores journals, loading each distinct scenario (by content hash) and the rubric once.
    Situations met again in other journals of a scenario are graded once (``ScoringMemo``: same debriefs).
    ``trust_seals=False``: a cohort regrades exam records even when their seal carries the grade."""

    def __init__(self, trust_seals: bool = True) -> None:
        self.trust_seals = trust_seals
        self._scenarios: dict[tuple[str, str], Scenario] = {}
        self._memos: dict[int, Any] = {}  # id(scenario) -> ScoringMemo: situations met again are graded once
        self._rubric: Any = None
        self.loads = 0  # scenarios actually loaded: what the cache saves is visible to tests and benchmarks

    @property
    def rubric(self) -> Any:
        if self._rubric is None:
            from ..scoring import default_rubric

            self._rubric = default_rubric()
        return self._rubric

    def scenario(self, header: dict[str, Any]) -> Scenario:
        key = (str(header.get("scenario_hash")), str(header.get("scenario_id")))
        found = self._scenarios.get(key)
        if found is None:
            from ..store.recorder import scenario_for  # the players' own resolution: recorded path, then library

            found = self._scenarios[key] = scenario_for(header)
            self.loads += 1
        return found

    def _memo(self, scenario: Scenario) -> Any:
        memo = self._memos.get(id(scenario))
        if memo is None:
            from ..scoring.scorer import ScoringMemo

            # records of a group share fewer situations than a simulated batch: smaller tables, so ten thousand
            # records regraded keep a few tens of MB (a table past its limit is emptied)
            memo = self._memos[id(scenario)] = ScoringMemo(scenario, self.rubric, limit=MEMO_LIMIT)
        return memo

    def grade(self, path: Path | str, record: JournalRecord | None = None, ending: str | None = None,
              with_hints: bool = True) -> Graded:
        """Replay ``path`` and score it. ``ending``: the outcome to grade with when the journal's own end record
        is not the one to use (an exam record's verified end). Never raises for a bad journal: ``error`` says why."""
        out = Graded(Path(path))
        try:
            out.record = record or read_journal(path)
            scenario = self.scenario(out.record.header)
        except (JournalError, ContentError, OSError) as exc:
            out.error = f"rejeu impossible : {exc}"
            return out
        out.notices.extend(out.record.notices)
        if scenario.content_hash != out.record.header.get("scenario_hash"):
            out.notices.append(Notice(phrase("err.record.scenario_changed")))
        session = Session.start(scenario, int(out.record.header.get("seed", 0) or 0))
        for n, inp in enumerate(out.record.inputs, 1):
            try:
                session.step(inp)
            except EngineError as exc:
                out.error = f"rejeu impossible : tour {n} : {exc}"
                return out
        out.session = session
        try:
            from ..scoring import score

            hints = hint_turns(out.record.hints) if with_hints else ()
            works = works_of(out.record.records) or None  # the written work joins the grid (issue 18)
            mode = "exam" if out.record.header.get("mode") == "exam" else "practice"
            out.debrief = score(scenario, self.rubric, session.turns, ending=ending or out.outcome, hints=hints,
                                memo=self._memo(scenario), works=works, mode=mode)
        except Exception as exc:  # noqa: BLE001 - one ungradable record must not stop a whole cohort
            out.error = f"correction impossible : {exc}"
        return out
