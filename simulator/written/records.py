"""Written work in the journal: one ``work`` line per save, the last save of a kind is the one that counts.

A form saves as the learner goes (``final: false`` drafts) and once more when they submit it
(``final: true``), so nothing typed is lost if the process is killed; ``works_of`` reads them back.
Work lines may follow the interview's ``end`` line (the CRM note is written after it); in an exam they
come before the seal, which covers them (docs/exam.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import WORK_KINDS, Work, work_from_dict

WORK_TYPE = "work"


def work_record(work: Work, *, final: bool, at: str) -> dict[str, Any]:
    """The journal line for one save of ``work``."""
    return {"type": WORK_TYPE, "kind": work.kind, "final": final, "data": work.as_dict(), "at": at}


@dataclass(frozen=True)
class Saved:
    """The last save of one kind of work."""

    work: Work
    final: bool  # submitted (True), or a draft the learner was still writing
    at: str


def works_of(records: Iterable[dict[str, Any]]) -> dict[str, Saved]:
    """The last save of each kind of work among a journal's records, in WORK_KINDS order."""
    found: dict[str, Saved] = {}
    for r in records:
        if r.get("type") != WORK_TYPE or r.get("kind") not in WORK_KINDS:
            continue
        work = work_from_dict(r["kind"], r.get("data"))
        if work is not None:
            at = r.get("at")
            found[r["kind"]] = Saved(work, r.get("final") is True, at if isinstance(at, str) else "")
    return {k: found[k] for k in WORK_KINDS if k in found}


__all__ = ["WORK_TYPE", "Saved", "work_record", "works_of"]
