"""Which session ``--resume last`` means, and closing sessions that ended without their end record.

A process killed between a session's last move and its ``end`` record leaves a journal whose replay is
over but which the index still calls unfinished; left alone it would be offered for resuming forever
and hide the older, really unfinished ones. Such a journal is closed (its end record written and its
result indexed, as the recorder would have) when it is met here, and the search goes on.
"""

from __future__ import annotations

from pathlib import Path

from ..content.diagnostics import ContentError
from . import lock
from .index import SessionIndex
from .journal import JournalError, read_journal
from .recorder import RecordedSession, replay


def latest_resumable(index: SessionIndex, learner: str | None, writing: bool = False) -> Path | None:
    """The newest unfinished session of ``learner`` that can be resumed now (not open in another process).
    ``writing``: the newest session may also be a finished practice one whose written work was left as a draft
    (the player resumes into it)."""
    for i, row in enumerate(index.sessions(learner)):
        if row.finished:
            if writing and i == 0 and row.mode == "practice" and _writing_left(Path(row.journal)):
                return Path(row.journal)
            continue
        path = Path(row.journal)
        if not path.is_file() or lock.locked_elsewhere(path):
            continue
        if close_if_over(path, index):
            continue
        return path
    return None


def _writing_left(path: Path) -> bool:
    """Whether a finished session has written work still in draft (and is not open elsewhere, nor replaced by a
    branch of itself)."""
    from ..written.records import works_of

    if not path.is_file() or lock.locked_elsewhere(path):
        return False
    try:
        records = read_journal(path).records
    except (JournalError, OSError):
        return False
    if any(r.get("type") == "end" and r.get("superseded_by") for r in records):
        return False
    return any(not saved.final for saved in works_of(records).values())


def close_if_over(path: Path, index: SessionIndex) -> bool:
    """Whether the session in ``path`` is in fact over; if its end was never recorded, record it now."""
    try:
        record = read_journal(path, salvage=True)
    except JournalError:
        return False  # offered as it is: resuming it says what is wrong
    if record.ended:  # the journal is closed, only the index missed it
        from .rebuild import RebuildReport, index_row

        index.put_row(index_row(record, {}, RebuildReport()))
        return True
    try:
        session, _ = replay(record, salvage=True)
    except (JournalError, ContentError, OSError):
        return False
    if not session.ended:
        return False
    try:
        RecordedSession.resume(path, index).journal.close()  # resuming an ended session closes it
    except (JournalError, ContentError, OSError):
        return False
    return True


def close_all_over(index: SessionIndex, learner: str | None = None) -> list[Path]:
    """Close every session that ended without its end record (``negosim index rebuild``)."""
    closed = []
    for row in index.sessions(learner):
        path = Path(row.journal)
        if not row.finished and path.is_file() and not lock.locked_elsewhere(path) and close_if_over(path, index):
            closed.append(path)
    return closed
