"""The xAPI statements of one session, built from its journal and its debrief (negosim's profile, docs/xapi.md).

A session gives ``launched`` (its header), optionally one ``responded`` per turn, and, once it has
ended, one closing statement that carries the result: ``completed`` (the conversation reached an end
state), ``terminated`` (an exam stopped by its clock) or ``abandoned``. Every id is derived from the
journal's first line and what else shapes the statement (group, site, seal verdict, and for the result
the rubric that graded it), so building twice gives the same statements and an LRS never stores a
session twice.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from ..exam.graded import Graded
from ..store.journal import line_hash
from . import vocabulary as v
from .config import XapiConfig

LANG = "fr-FR"
OUTCOME_VERB = {"success": "completed", "partial": "completed", "failure": "completed", "time_up": "terminated",
                "abandoned": "abandoned"}


def session_key(graded: Graded) -> str:
    """What identifies a session for ever: the hash of its journal's header line."""
    assert graded.record is not None
    return graded.record.hashes[0] if graded.record.hashes else line_hash(repr(graded.header).encode())


def registration(graded: Graded) -> str:
    return v.derived_id("registration", session_key(graded))


def build_statements(graded: Graded, config: XapiConfig, seal: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """All statements of one journal. ``seal``: for an exam record, its verification (status, signed, key id)."""
    if graded.record is None:
        return []
    header = graded.header
    # what shapes a statement besides the journal is in its id: sent again with another group, site or seal
    # verdict, a session gives new statements instead of ones the LRS would refuse as conflicting (same id,
    # other content); sent again unchanged, the same ids, stored once
    key = v.derived_id(session_key(graded), config.homepage, config.group or "", (seal or {}).get("seal", ""))
    context = _context(graded, config, seal)
    actor = _actor(graded, config)
    scenario = _scenario_activity(header)
    out = [_statement(v.derived_id(key, "launched"), actor, "launched", scenario, context,
                      header.get("started_at"))]
    if config.turns and graded.session is not None:
        out += _turn_statements(graded, key, actor, context)
    end = _end_record(graded)
    if end is not None:
        verb = OUTCOME_VERB.get(str(end.get("outcome")), "completed")
        rubric_hash = getattr(graded.debrief, "rubric_hash", None) or "ungraded"
        statement = _statement(v.derived_id(key, verb, rubric_hash), actor, verb, scenario, context, end.get("at"))
        statement["result"] = _result(graded, end)
        out.append(statement)
    return out


def _end_record(graded: Graded) -> dict[str, Any] | None:
    assert graded.record is not None
    ends = [r for r in graded.record.records if r.get("type") == "end"]
    return ends[-1] if ends else None


def _statement(sid: str, actor: dict[str, Any], verb: str, obj: dict[str, Any], context: dict[str, Any],
               at: Any) -> dict[str, Any]:
    iri, fr, en = v.VERBS[verb]
    out = {"id": sid, "actor": actor, "verb": {"id": iri, "display": {"fr-FR": fr, "en-US": en}},
           "object": obj, "context": context, "version": "1.0.3"}
    if isinstance(at, str) and at:
        out["timestamp"] = at
    return out


def learner_name(header: dict[str, Any]) -> str:
    found = header.get("exam")
    exam: dict[str, Any] = found if isinstance(found, dict) else {}
    return str(exam.get("candidate") or header.get("learner") or "apprenant")


def _actor(graded: Graded, config: XapiConfig) -> dict[str, Any]:
    name = learner_name(graded.header)
    return {"objectType": "Agent", "name": name, "account": {"homePage": config.homepage, "name": name}}


def _scenario_activity(header: dict[str, Any]) -> dict[str, Any]:
    scenario_id = str(header.get("scenario_id", "?"))
    title = str(header.get("scenario_title") or scenario_id)
    return {"objectType": "Activity", "id": v.scenario_iri(scenario_id),
            "definition": {"type": v.SIMULATION, "name": {"fr-FR": title}}}


def _context(graded: Graded, config: XapiConfig, seal: dict[str, Any] | None) -> dict[str, Any]:
    header = graded.header
    activities: dict[str, Any] = {"category": [{"objectType": "Activity", "id": v.PROFILE,
                                                "definition": {"type": v.PROFILE_TYPE}}]}
    if config.group:
        activities["grouping"] = [{"objectType": "Activity", "id": v.group_iri(config.group),
                                   "definition": {"type": v.GROUP_TYPE, "name": {"fr-FR": config.group}}}]
    session = {"mode": header.get("mode", "practice"), "seed": header.get("seed"),
               "scenario_hash": header.get("scenario_hash"), "rubric_id": header.get("rubric_id"),
               "negosim": header.get("negosim"), "journal": graded.path.name}
    extensions: dict[str, Any] = {v.ext("session"): session}
    if header.get("mode") == "exam":
        extensions[v.ext("exam")] = {"exam": True, **(seal or {"seal": "unchecked"})}
    out: dict[str, Any] = {"registration": registration(graded), "platform": "negosim", "language": LANG,
                           "contextActivities": activities, "extensions": extensions}
    if config.group:
        out["team"] = {"objectType": "Group", "name": config.group,
                       "account": {"homePage": config.homepage, "name": f"group:{config.group}"}}
    return out


def _result(graded: Graded, end: dict[str, Any]) -> dict[str, Any]:
    outcome = end.get("outcome")
    result: dict[str, Any] = {"completion": outcome not in ("abandoned", "time_up")}
    if outcome in ("success", "partial", "failure"):
        result["success"] = outcome == "success"
    duration = _duration(graded, end)
    if duration is not None:
        result["duration"] = iso_duration(duration)
    d = graded.debrief
    extensions: dict[str, Any] = {v.ext("outcome"): outcome, v.ext("turns"): len(graded.record.inputs) if graded.record else 0}
    if d is not None and d.evaluated:
        result["score"] = {"scaled": round(d.mark / 20, 4), "raw": d.mark, "min": 0, "max": 20}
    if d is not None:
        extensions[v.ext("criteria")] = {
            c.id: {"title": c.title_fr, "block": c.block, "level": c.level, "mark": c.mark,
                   "mistakes": dict(sorted(Counter(e.rule for e in c.evidence if e.kind == "weakness" and e.rule).items())),
                   "mistake_labels": {e.rule: e.explain_fr for e in reversed(c.evidence) if e.kind == "weakness" and e.rule},
                   "missed": sum(1 for e in c.evidence if e.kind == "missed")}
            for c in d.criteria.values()}
        extensions[v.ext("blocks")] = {b.id: {"number": b.number, "title": b.title_fr, "mark": b.mark, "level": b.level}
                                       for b in d.block_results if b.assessed}
        if d.objective is not None:
            o = d.objective
            extensions[v.ext("objective")] = {"status": o.status, "label": o.label_fr, "mark": o.mark, "level": o.level}
        extensions[v.ext("rubric")] = {"id": d.rubric_id, "hash": d.rubric_hash}
        extensions[v.ext("hints")] = len(d.hints)
        if d.written is not None:  # the written work around the interview (issue 18): its criteria are in ``criteria``
            extensions[v.ext("written")] = {"works": list(d.written.works), "drafts": list(d.written.drafts)}
    elif graded.error:
        extensions[v.ext("error")] = graded.error
    result["extensions"] = extensions
    return result


def _duration(graded: Graded, end: dict[str, Any]) -> float | None:
    """An exam's interview clock when it has one, else the wall-clock time from start to end."""
    assert graded.record is not None
    for r in graded.record.records:
        seconds = r.get("interview_seconds")
        if r.get("type") == "exam" and r.get("event") == "interview_ended" and isinstance(seconds, int | float):
            return float(seconds)
    try:
        start = datetime.fromisoformat(str(graded.header.get("started_at")))
        stop = datetime.fromisoformat(str(end.get("at")))
    except ValueError:
        return None
    return max(0.0, (stop - start).total_seconds())


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration as xAPI wants it (hundredths of a second at most): 83.256 -> 'PT1M23.26S'."""
    cs = round(seconds * 100)
    hours, rest = divmod(cs, 360000)
    minutes, rest = divmod(rest, 6000)
    secs = f"{rest // 100}" if rest % 100 == 0 else f"{rest / 100:.2f}".rstrip("0")
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def _turn_statements(graded: Graded, key: str, actor: dict[str, Any], context: dict[str, Any]) -> list[dict[str, Any]]:
    assert graded.record is not None and graded.session is not None
    scenario_id = str(graded.header.get("scenario_id", "?"))
    inputs = [r for r in graded.record.records if r.get("type") == "input"]
    parent = {"parent": [{"objectType": "Activity", "id": v.scenario_iri(scenario_id)}]}
    turn_context = {**context, "contextActivities": {**context["contextActivities"], **parent}}
    out = []
    for turn, line in zip(graded.session.turns, inputs, strict=False):
        obj = {"objectType": "Activity", "id": v.state_iri(scenario_id, turn.state),
               "definition": {"type": v.INTERACTION, "name": {"fr-FR": turn.state}}}
        extensions: dict[str, Any] = {v.ext("turn"): turn.number, v.ext("acts"): list(turn.acts),
                                      v.ext("input"): line.get("input"), v.ext("phase"): turn.phase}
        if isinstance(line.get("shown"), list):  # the options in the order the learner saw them
            extensions[v.ext("shown")] = line["shown"]
        for field, name in (("text", "typed"), ("typed", "typed"), ("interpretation", "interpretation")):
            if field in line:  # free text as typed and how it was understood, when the journal has them
                extensions[v.ext(name)] = line[field]
        statement = _statement(v.derived_id(key, "turn", turn.number), actor, "responded", obj, turn_context, line.get("at"))
        statement["result"] = {"response": turn.learner_text, "extensions": extensions}
        out.append(statement)
    return out
