"""A cohort read back from the LRS: the closing statements of a group over a period, as cohort rows.

The trainer sees the class wherever the learners played: each session's closing statement (completed,
terminated, abandoned) carries its mark, blocks, criteria levels and marks, mistakes and objective
(statements.py), which is all a cohort counts. Exam records are counted only if their seal verified
when they were sent; the latest statement of a session wins (a session regraded with a newer rubric).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..exam.cohort import CriterionResult, Flagged, Row, Summary
from . import vocabulary as v
from .client import LrsClient
from .config import XapiConfig


def period_bounds(since: str | None, until: str | None) -> dict[str, str]:
    """xAPI ``since``/``until`` for whole days: ``until`` includes its day."""
    out = {}
    if since:
        out["since"] = f"{date.fromisoformat(since[:10]).isoformat()}T00:00:00+00:00"
    if until:
        out["until"] = f"{(date.fromisoformat(until[:10]) + timedelta(days=1)).isoformat()}T00:00:00+00:00"
    return out


def closing_statements(config: XapiConfig, group: str | None, since: str | None = None,
                       until: str | None = None) -> Iterator[dict[str, Any]]:
    """The group's closing statements (all negosim's when no group is named), latest per session.

    The period is asked of the LRS (``since``/``until``: every LRS filters on them); the verb and the group
    are checked here, because LRS backends differ on the other filters (Ralph's ClickHouse backend compares
    ``activity`` with the object alone, ignoring ``related_activities``; its file backend compares ``verb``
    and ``activity`` with a model object and matches nothing)."""
    wanted = {v.VERBS[verb][0] for verb in v.END_VERBS}
    group_id = v.group_iri(group) if group else None
    latest: dict[str, dict[str, Any]] = {}
    for s in LrsClient(config).query(**period_bounds(since, until)):
        if s.get("verb", {}).get("id") not in wanted or not _negosim(s):
            continue
        if group_id and group_id not in _grouping(s):
            continue
        reg = str(s.get("context", {}).get("registration") or s.get("id"))
        if reg not in latest or str(s.get("stored", "")) > str(latest[reg].get("stored", "")):
            latest[reg] = s
    yield from latest.values()


def _activities(s: dict[str, Any], kind: str) -> list[str]:
    found = s.get("context", {}).get("contextActivities", {}).get(kind, [])
    return [str(a["id"]) for a in (found if isinstance(found, list) else [found]) if isinstance(a, dict) and a.get("id")]


def _grouping(s: dict[str, Any]) -> list[str]:
    return _activities(s, "grouping")


def _negosim(s: dict[str, Any]) -> bool:
    return v.PROFILE in _activities(s, "category")


def _seconds(duration: str | None) -> float | None:
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", duration or "")
    if not m:
        return None
    h, mi, s = m.groups()
    return int(h or 0) * 3600 + int(mi or 0) * 60 + float(s or 0)


def row_of(statement: dict[str, Any]) -> tuple[Row, Summary] | Flagged:
    """One closing statement as a cohort row and summary, or why it is set aside."""
    result = statement.get("result", {})
    ext = result.get("extensions", {})
    context = statement.get("context", {}).get("extensions", {})
    session = context.get(v.ext("session"), {})
    exam = context.get(v.ext("exam"))
    where = Path("lrs") / str(statement.get("context", {}).get("registration") or statement.get("id"))
    if exam and exam.get("seal") != "valid":
        category = "unverifiable" if exam.get("seal") == "unverifiable" else "invalid"
        return Flagged.worded(where, category, "cli.cohort.reason.lrs_seal", seal=exam.get("seal"))
    criteria_ext = ext.get(v.ext("criteria"))
    if not criteria_ext or "score" not in result:
        error = ext.get(v.ext("error"))  # the sender's own words, passed on as they are
        if error:
            return Flagged(where, "ungraded", str(error))
        return Flagged.worded(where, "ungraded", "cli.cohort.reason.no_score")
    blocks_ext = ext.get(v.ext("blocks"), {})
    criteria = {cid: CriterionResult(c["block"], c["title"], c["level"], c.get("mark"),
                                     tuple((rule, c.get("mistake_labels", {}).get(rule, rule))
                                           for rule, n in c.get("mistakes", {}).items() for _ in range(n)),
                                     int(c.get("missed", 0)))
                for cid, c in criteria_ext.items() if c.get("block") in blocks_ext}
    objective = ext.get(v.ext("objective"))
    summary = Summary(result["score"].get("raw"),
                      tuple((b, d["number"], d["title"], d.get("mark")) for b, d in blocks_ext.items()),
                      criteria, (objective["label"], objective.get("mark")) if objective else None,
                      {cid: c["level"] for cid, c in criteria_ext.items()})
    actor = statement.get("actor", {})
    obj = statement.get("object", {})
    seconds = _seconds(result.get("duration"))
    row = Row(where, str(actor.get("name") or actor.get("account", {}).get("name") or "?"),
              str(obj.get("id", "")).rsplit("/", 1)[-1], str(obj.get("definition", {}).get("name", {}).get("fr-FR", "")),
              statement.get("timestamp"), ext.get(v.ext("outcome")), summary.mark,
              {b: m for b, _, _, m in summary.blocks}, summary.levels, bool(exam and exam.get("signed")),
              int(ext.get(v.ext("turns"), 0)), seconds if exam else None, session.get("seed"),
              "exam" if exam else "practice", objective["label"] if objective else None,
              {cid: c.mark for cid, c in criteria.items()})
    return row, summary
