"""Undo and replay-from-a-turn for the UI, kept honest in the journals (no Textual here).

A journal is append-only and its replayer only knows inputs, so taking a move back cannot be written
into the same journal. Instead the UI starts a *branch*: a new journal whose header names the one it
continues (``branch_of``, ``branch_reason``, ``branch_turns``) and which replays the kept inputs, so it
holds the same turns the learner sees. The journal left behind gets an ``end`` record with the outcome
``abandoned`` and ``superseded_by`` pointing to the branch; its index row says ``abandoned`` too, so it
is neither offered for resuming nor counted as a result. Replaying from a finished session's debrief
is the same branch, except that the finished journal is left as it is (its result stands); taking back the
last move of a finished session marks it ``superseded`` instead (its end record stays, the index hides it).
"""

from __future__ import annotations

from typing import Any

from ..engine.session import Input
from .journal import JournalError, now_iso, read_journal
from .recorder import RecordedSession

UNDO, REPLAY = "undo", "replay"


def branch(rec: RecordedSession, keep: int, reason: str, learner: str | None = None) -> RecordedSession:
    """A new recorded session with the first ``keep`` inputs of ``rec`` replayed (each journaled)."""
    session = rec.session
    keep = max(0, min(keep, len(session.turns)))
    inputs: list[Input] = session.inputs[:keep]
    header = rec.header
    extra = {"branch_of": str(rec.path), "branch_reason": reason, "branch_turns": keep}
    new = RecordedSession.start(session.scenario, seed=session.seed, learner=learner or header.get("learner"),
                                mode="exam" if header.get("mode") == "exam" else "practice", extra=extra, index=rec.index)
    # the preparation sheet was written before the interview: the branch plays the same interview, so it keeps it
    # (the written work after the interview is about an ending the branch has not reached: it stays behind)
    sheet = rec.works.get("preparation")
    if sheet is not None:
        new.record_work(sheet.work, final=sheet.final)
    fields, unclear = _typed(rec, keep)
    for number, inp in enumerate(inputs, 1):
        for line in unclear.get(number, ()):
            new.journal.append_record(line)
        new.step(inp, fields.get(number) or None)
    for line in unclear.get(keep + 1, ()):  # typed in the situation the branch resumes at, before the move undone
        new.journal.append_record(line)
    # hints asked for on the turns kept, or in the situation the branch resumes at, stay on record
    for before_turn, criterion in rec.hints:
        if before_turn <= keep + 1:
            new.record_hint(criterion, before_turn)
    return new


# what the recorder writes on an input's line itself; anything else there is what the learner gave with the move
_RECORDER_FIELDS = frozenset({"type", "n", "input", "at", "mono", "prev", "shown"})


def _typed(rec: RecordedSession, keep: int) -> tuple[dict[int, dict[str, Any]], dict[int, list[dict[str, Any]]]]:
    """What the learner typed on the turns kept, besides the moves: each input's own fields (its words in free
    text, how they were read), and the unclear lines before each turn. Without them a branch's debrief would lose
    the learner's words up to the undone move. A journal that cannot be read strictly gives nothing more."""
    try:
        records = read_journal(rec.path).records
    except JournalError:
        return {}, {}
    fields: dict[int, dict[str, Any]] = {}
    unclear: dict[int, list[dict[str, Any]]] = {}
    for r in records:
        if r.get("type") == "input" and isinstance(r.get("n"), int) and r["n"] <= keep:
            fields[r["n"]] = {k: v for k, v in r.items() if k not in _RECORDER_FIELDS}
        elif r.get("type") == "free_text_unclear" and isinstance(r.get("before_turn"), int) \
                and r["before_turn"] <= keep + 1:
            unclear.setdefault(r["before_turn"], []).append(
                {k: v for k, v in r.items() if k not in ("at", "mono", "prev")})
    return fields, unclear


def supersede(old: RecordedSession, new: RecordedSession, reason: str) -> None:
    """Close a journal that a branch replaces, saying so on disk and in the index.

    A finished session replayed from its debrief keeps its result (a new attempt beside it). A finished
    session whose last move is taken back is replaced by the branch: its end record stays as written, a
    ``superseded`` record names the branch, and its index row no longer counts it (it would otherwise be
    listed twice in the history, once ended and once being replayed)."""
    at = now_iso()
    if old.session.ended:
        if reason != UNDO:
            return
        old.journal.append_record({"type": "superseded", "reason": reason, "superseded_by": str(new.path),
                                   "at": at})
    else:
        old.journal.append_record({"type": "end", "outcome": "abandoned", "reason": reason,
                                   "superseded_by": str(new.path), "at": at})
    if old.index is not None:
        old.index.record_end(old.path, "abandoned", None, None, at)


def undo_last(rec: RecordedSession) -> RecordedSession:
    """Practice mode: the session as it was before the learner's last move."""
    if not rec.session.turns:
        raise ValueError("nothing to undo")
    new = branch(rec, len(rec.session.turns) - 1, UNDO)
    supersede(rec, new, UNDO)
    return new


def replay_from(rec: RecordedSession, turn_number: int) -> RecordedSession:
    """Play again from just before turn ``turn_number`` (1-based) of a session."""
    new = branch(rec, turn_number - 1, REPLAY)
    supersede(rec, new, REPLAY)
    return new
