"""The grade an exam's seal carries, so a cohort need not replay and score the record again.

An exam ends by grading the session it has just played (the same ``score`` a cohort would run on the
replayed record) and writing the cohort's summary of it into the seal, with what it depends on: the
scenario's and the rubric's content hashes and a fingerprint of the code that replays and grades
(the engine, the scorer, the content compiler, the act catalogue, the cohort's summary). The seal is
signed by the exam's session key, so the grade is as trustworthy as the moves it sits beside.

A cohort uses a carried grade only when the record is valid and signed, and the scenario loaded for it,
the rubric and the code are exactly those the exam graded with; otherwise (an older negosim, a rubric
or scenario edited since, an unsigned record anyone could rewrite) it replays and scores the record as
before. Either way the summary is the same (tests/test_perf_cohort.py compares them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cohort import CriterionResult, Summary

if TYPE_CHECKING:
    from ..content.scenario import Scenario
    from ..engine.session import Turn
    from ..scoring.rubric import Rubric
    from ..written.records import Saved

FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent.parent
_GRADING_CODE = ("scoring", "engine", "content", "written")  # packages of simulator/ whose code decides a grade
_GRADING_FILES = ("exam/cohort.py", "exam/graded.py", "exam/sealed_grade.py", "store/journal.py")


@lru_cache(maxsize=1)
def code_fingerprint() -> str | None:
    """SHA-256 over the source of everything that turns a record into its summary; None when the sources
    are not there to read (then no grade is carried, and none is trusted)."""
    from ..content.bundled import acts_file

    digest = hashlib.sha256()
    try:
        files = sorted(p for d in _GRADING_CODE for p in (_PACKAGE / d).glob("*.py"))
        files += [_PACKAGE / f for f in _GRADING_FILES] + [acts_file()]
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def grade_for_seal(scenario: Scenario, turns: Sequence[Turn], outcome: str, rubric: Rubric | None = None,
                   works: Mapping[str, Saved] | None = None) -> dict[str, Any] | None:
    """The summary of the session just played (under ``rubric``, the default one when None), as the seal
    carries it; None when it cannot be made (the exam is sealed all the same, and a cohort will grade the
    record itself). ``works``: the written work saved in the record (its criteria join the grade)."""
    code = code_fingerprint()
    if code is None:
        return None
    try:
        from ..scoring import default_rubric, score

        rubric = rubric or default_rubric()
        summary = Summary.of(score(scenario, rubric, turns, ending=outcome, works=works or None, mode="exam"))
    except Exception:  # noqa: BLE001 - grading must never stop an exam from being sealed
        return None
    return {"format": FORMAT, "code": code, "rubric": rubric.content_hash, "scenario": scenario.content_hash,
            "mark": summary.mark, "blocks": [list(b) for b in summary.blocks],
            # lists, not objects: the seal's canonical encoding sorts keys, and the rubric's order is kept
            "criteria": [[cid, c.block, c.title, c.level, c.mark, [list(w) for w in c.weaknesses], c.missed]
                         for cid, c in summary.criteria.items()],
            "objective": list(summary.objective) if summary.objective else None,
            "levels": [list(kv) for kv in summary.levels.items()], "written": list(summary.written)}


def carried_summary(seal: dict[str, Any] | None, scenario_hash: str, rubric_hash: str) -> Summary | None:
    """The summary a verified seal carries, if it was made by this code for this scenario and rubric."""
    grade = (seal or {}).get("grade")
    if not isinstance(grade, dict) or grade.get("format") != FORMAT or grade.get("rubric") != rubric_hash \
            or grade.get("scenario") != scenario_hash or grade.get("code") != code_fingerprint():
        return None
    try:
        criteria = {str(cid): CriterionResult(str(block), str(title), str(level), _mark(mark),
                                              tuple((str(r), str(label)) for r, label in weak), int(missed))
                    for cid, block, title, level, mark, weak, missed in grade["criteria"]}
        blocks = tuple((str(b), int(n), str(title), _mark(m)) for b, n, title, m in grade["blocks"])
        objective = grade["objective"]
        return Summary(_mark(grade["mark"]), blocks, criteria,
                       (str(objective[0]), _mark(objective[1])) if objective is not None else None,
                       {str(k): str(v) for k, v in grade["levels"]}, tuple(str(k) for k in grade.get("written", ())))
    except (TypeError, ValueError, KeyError, AttributeError, IndexError):  # a shape this code never writes
        return None


def _mark(value: Any) -> float | None:
    if value is None or isinstance(value, float):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # JSON gives back 20.0 as written, but an int is a mark too
    raise ValueError("note mal formée")
