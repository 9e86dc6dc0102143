"""The jury report of one exam record: JSON (data), Markdown and HTML (printable on A4).

Built from the record alone (verified, replayed, scored): candidate, scenario, date, durations, the grid
of criteria with level, mark and evidence, marks per block and overall, the negotiation summary, the
timed transcript, the seal status, the jury's annotations and space for signatures. A record that does
not verify gets a report that says so and shows no grading.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from ..content.typography import localise
from ..i18n import nt, section, t
from .clock import format_clock, format_duration
from .record import ExamRecord, outcome_label
from .verify import INVALID, LATE, UNVERIFIABLE, VALID

FORMATS = ("html", "md", "json")
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
KIND_MARK = {"strength": "+", "weakness": "−", "missed": "○"}


def french_datetime(value: str | datetime | None, lang: str = "fr") -> str:
    if value is None:
        return "—"
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except (TypeError, ValueError):  # a date edited into a number or nonsense: shown as it is, never a crash
        return str(value)
    local = moment.astimezone()
    if lang == "en":
        return local.strftime("%d %B %Y, %H:%M")
    return f"{local.day}\u00a0{MONTHS[local.month - 1]}\u00a0{local.year} à {local.hour:02d}\u00a0h\u00a0{local.minute:02d}"


def seal_status(rec: ExamRecord, lang: str = "fr") -> dict[str, Any]:
    v = rec.verification
    if v.status == VALID:
        which, level = ("signed", "ok") if v.signed else ("unsigned", "warn")
    else:
        which, level = {LATE: ("late", "bad"), UNVERIFIABLE: ("unverifiable", "warn")}.get(v.status, ("invalid", "bad"))
    label = t("jury.seal." + which, lang, key_id=v.key_id)
    return {"status": v.status, "signed": v.signed, "late": v.late, "key_id": v.key_id, "label": label, "level": level,
            "sealed_at": (v.seal or {}).get("sealed_at"),
            "sealed_at_label": french_datetime((v.seal or {}).get("sealed_at"), lang) if v.seal else None,
            "problems": [p.data(lang) for p in v.problems if p.code != "no_key"]}


def jury_data(rec: ExamRecord, lang: str = "fr") -> dict[str, Any]:
    """Everything the report shows, as plain data (the JSON format is exactly this)."""
    from ..store.notice import shown  # the store's notices (a torn tail...) in the report's language

    def loc(s: Any) -> Any:
        return localise(s, lang) if isinstance(s, str) else s

    exam = rec.exam
    data: dict[str, Any] = {
        "kind": "negosim-jury-report", "format": 1, "record": str(rec.path), "mode": rec.header.get("mode"),
        "candidate": rec.candidate, "examiner": exam.get("examiner"),
        "scenario": {"id": rec.scenario_id, "title": loc(rec.scenario_title), "hash": rec.header.get("scenario_hash"),
                     "seed": rec.header.get("seed"), "pool": exam.get("pool") or []},
        "date": rec.interview_started or rec.preparation_started or rec.header.get("started_at"),
        "date_label": french_datetime(rec.date, lang),
        "preparation": {"allowed_minutes": exam.get("preparation_minutes"), "used_seconds": rec.preparation_seconds,
                        "label": _duration_label(rec.preparation_seconds, exam.get("preparation_minutes"), lang)},
        "interview": {"allowed_minutes": exam.get("interview_minutes"), "used_seconds": rec.interview_seconds,
                      "label": _duration_label(rec.interview_seconds, exam.get("interview_minutes"), lang)},
        "writing": None if not exam.get("after_minutes") else {
            "allowed_minutes": exam.get("after_minutes"), "used_seconds": rec.writing_seconds, "end": rec.writing_end,
            "label": _duration_label(rec.writing_seconds, exam.get("after_minutes"), lang)},
        "written": _written(rec, lang),
        "outcome": rec.outcome, "outcome_label": outcome_label(rec.outcome, lang),
        "seal": seal_status(rec, lang), "notices": [loc(shown(n, lang)) for n in rec.notices],
        "error": shown(rec.error, lang) if rec.error else rec.error,
        "graded": rec.debrief is not None, "annotations": [],
    }
    if rec.annotations is not None:
        data["annotations"] = [{"author": a.author, "at": a.at, "at_label": french_datetime(a.at, lang),
                                "comment": loc(a.comment), "decision": loc(a.decision) if a.decision else None,
                                "criteria": {k: loc(v) for k, v in a.criteria.items()}, "signed": a.signed}
                               for a in rec.annotations.annotations]
        data["annotation_problems"] = [p.text(lang) for p in rec.annotations.problems if p.code != "no_key"]
    if rec.debrief is None or rec.verification.status == INVALID:
        data["graded"] = False
        return data
    d = rec.debrief
    data["mark"] = d.mark
    data["blocks"] = [{"id": b.id, "number": b.number, "title": loc(b.title(lang)), "mark": b.mark,
                       "level": b.level, "level_label": d.level_label(b.level, lang)}
                      for b in d.block_results if b.assessed]
    crit_comments = {k: v for a in data["annotations"] for k, v in a["criteria"].items()}
    data["criteria"] = []
    for c in d.criteria.values():
        if c.block not in {b["id"] for b in data["blocks"]}:
            continue
        evidence = sorted(c.evidence, key=lambda e: (e.turn, e.kind))
        data["criteria"].append({
            "id": c.id, "block": c.block, "title": loc(c.title(lang)), "level": c.level,
            "level_label": d.level_label(c.level, lang), "points": c.points, "max": c.max, "mark": c.mark,
            "evidence": [{"turn": e.turn, "kind": e.kind, "sign": KIND_MARK.get(e.kind, "·"), "points": e.points,
                          "rule": e.rule, "text": loc(e.explain(lang))} for e in evidence],
            "observations": _grouped(evidence, lang),
            "jury_comment": crit_comments.get(c.id),
        })
    obj = d.objective
    if obj is not None:  # whether the interview reached its objective, graded beside the criteria
        summary = loc(obj.label(lang) + (f" — {obj.summary}" if obj.summary else ""))
        data["criteria"].append({
            "id": "objectif", "block": None, "title": loc(obj.title(lang)), "level": obj.level,
            "level_label": d.level_label(obj.level, lang), "points": None, "max": None, "mark": obj.mark,
            "evidence": [],
            "observations": [{"kind": "strength" if (obj.ratio or 0) >= 1 else "weakness",
                              "sign": KIND_MARK["strength" if (obj.ratio or 0) >= 1 else "weakness"], "rule": None,
                              "text": summary, "turns": [obj.turn] if obj.turn else [], "points": 0,
                              "turns_label": f"T{obj.turn}" if obj.turn else "—"}],
            "jury_comment": crit_comments.get("objectif"),
        })
    data["negotiation"] = _negotiation(d, lang)
    data["transcript"] = _transcript(rec, lang)
    return data


def _written(rec: ExamRecord, lang: str) -> dict[str, Any] | None:
    """The written work as the jury reads and grades it: each work's content, the findings, and every question put
    with the candidate's answer, its automatic pre-grade and what the jury expects (None: no written work)."""
    from ..report.written import pre_grade_word, work_rows, work_title, written_sections
    from ..written.forms import crm_form, email_form, preparation_form, self_assessment_form
    from ..written.jury_grading import questions_for
    from ..written.model import JuryAnswers, SelfAssessment

    if not rec.works and not rec.questions:
        return None
    def loc(s: str) -> str:
        return localise(s, lang)

    scenario = rec.session.scenario if rec.session is not None else None
    debrief = rec.debrief
    works = []
    for kind, saved in rec.works.items():
        if kind == "jury_answers":
            continue
        if kind == "self_assessment":
            titles = {c.id: c.title(lang) for c in debrief.criteria.values()} if debrief else {}
            levels = saved.work.levels if isinstance(saved.work, SelfAssessment) else {}
            form = self_assessment_form([(cid, titles.get(cid, cid), titles.get(cid, cid)) for cid in levels],
                                        len(rec.turn_times))
        elif scenario is None:
            continue
        else:
            form = {"preparation": preparation_form, "crm_note": crm_form, "email": email_form}[kind](scenario)
        works.append({"kind": kind, "title": work_title(kind, lang), "final": saved.final,
                      "rows": [{"label": loc(k), "text": v} for k, v in work_rows(form, saved.work, lang)]})
    written = debrief.written if debrief is not None else None
    graded = {a.question_id: a for a in written.jury} if written else {}
    saved_answers = rec.works.get("jury_answers")
    typed = ({a.question_id: a.answer for a in saved_answers.work.answers}
             if saved_answers and isinstance(saved_answers.work, JuryAnswers) else {})
    bank = questions_for(scenario) if scenario is not None else {}
    questions = []
    for q in rec.questions:
        pre, asked = graded.get(q["id"]), bank.get(q["id"])
        expected = pre.expected(lang) if pre else asked.expected(lang) if asked is not None else ""
        questions.append({"id": q["id"], "question": loc(q["text_en"] if lang == "en" else q["text_fr"]),
                          "answer": typed.get(q["id"], ""), "auto": pre.auto if pre else None,
                          "auto_label": pre_grade_word(pre, lang) if pre else t("report.written.auto_none", lang),
                          "expected": loc(expected)})
    return {"works": works, "questions": questions,
            "sections": [{"title": loc(title), "lines": [loc(x) for x in lines]}
                         for title, lines in written_sections(debrief, lang)[1:]]  # [0]: what was handed in, shown above
            if debrief is not None else []}


def _grouped(evidence: list[Any], lang: str) -> list[dict[str, Any]]:
    """The jury reads a rule once with every turn it fired at; missed opportunities as one line of turns."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    missed: list[int] = []
    for e in evidence:
        if e.kind == "missed" and not e.rule:  # a missed move; a missed technique gets its own line below
            missed.append(e.turn)
            continue
        key = (e.kind, e.rule or e.explain(lang))
        g = groups.setdefault(key, {"kind": e.kind, "sign": KIND_MARK.get(e.kind, "·"), "rule": e.rule,
                                    "text": localise(e.explain(lang), lang), "turns": [], "points": 0})
        g["turns"].append(e.turn)
        g["points"] += e.points
    out = sorted(groups.values(), key=lambda g: (g["kind"] != "strength", g["turns"][0]))
    if missed:
        out.append({"kind": "missed", "sign": KIND_MARK["missed"], "rule": None, "text": nt("jury.missed", len(missed), lang),
                    "turns": sorted(set(missed)), "points": 0})
    for g in out:
        g["turns_label"] = ", ".join(f"T{t}" for t in dict.fromkeys(g["turns"]))
    return out


def _duration_label(used: float | None, allowed: Any, lang: str) -> str:
    allowed_txt = f"{allowed:g}\u00a0min" if isinstance(allowed, int | float) else "—"
    if used is None:
        return f"— / {allowed_txt}"
    return f"{format_duration(used, lang)} / {allowed_txt}"


def _negotiation(d: Any, lang: str) -> dict[str, Any] | None:
    n = d.negotiation
    if n is None:
        return None
    from ..engine.price import format_money

    def money(v: float | None) -> str:
        return format_money(v, n.currency, lang) if v is not None else "—"

    offers = []
    for raw in n.offers:
        offer = dict(raw)
        offers.append({k: offer.get(k) for k in ("amount", "counter", "counterpart", "response", "kind")})
    return {"unit": n.unit, "list": money(n.list_price), "target": money(n.target), "floor": money(n.floor),
            "deal": n.deal, "final": money(n.final), "walked_away": n.walked_away, "concessions": n.concessions,
            "with_counterpart": n.with_counterpart, "without_counterpart": n.without_counterpart,
            "counterparts": [localise(c, lang) for c in n.counterparts],
            "discount_pct": n.discount_pct, "offers": [{**o, "amount_label": money(o.get("amount")),
                                                        "counter_label": money(o.get("counter"))} for o in offers]}


def _transcript(rec: ExamRecord, lang: str) -> list[dict[str, Any]]:
    session = rec.session
    if session is None:  # not replayed: no transcript (the report says why in its error)
        return []
    spec = session.scenario.spec
    names = {"client": spec.persona.client.name,
             "gatekeeper": spec.persona.gatekeeper.name if spec.persona.gatekeeper else spec.persona.client.name}
    times = {t.number: t for t in rec.turn_times}
    as_played = _replies_as_played(rec)
    rows: list[dict[str, Any]] = [{"turn": 0, "time": "0:00" if rec.is_exam else "", "learner": None,
                                   "replies": [{"who": names.get(c.speaker, c.speaker), "text": localise(c.text, lang)}
                                               for c in session.opening]}]
    for turn in session.turns:
        tt = times.get(turn.number)
        rows.append({"turn": turn.number,
                     "time": format_clock(tt.seconds) if tt and tt.seconds is not None else "",
                     "at": tt.at if tt else None,
                     "learner": localise(turn.learner_text, lang),
                     "replies": [{"who": names.get(speaker, speaker), "text": localise(text, lang)}
                                 for speaker, text in as_played.get(turn.number, turn.replies)]})
    return rows


def _replies_as_played(rec: ExamRecord) -> dict[int, tuple[tuple[str, str], ...]]:
    """Each graded turn's replies as the candidate saw them. In free text, a line that named its figure was
    followed by that figure as an offer carried from it, and the client's question for the figure (« combien pour
    tout ça ? ») was never shown: left out as the training debrief does (``TurnNote.replies_shown``), the turns
    carried read from the sealed record's own free-text lines (every record with a carried offer says so)."""
    from ..report.free_text import carried_turns, free_text_turns

    if rec.debrief is None:
        return {}
    carried = carried_turns(free_text_turns(rec.verification.records))
    return {note.number: note.replies_shown(carried) for note in rec.debrief.turns}


def mark_label(value: float | None, lang: str = "fr") -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return (text.replace(".", ",") if lang == "fr" else text) + "\u00a0/\u00a020"


# ---------------------------------------------------------------- renderers

def render_json(rec: ExamRecord, lang: str = "fr") -> str:
    return json.dumps(jury_data(rec, lang), ensure_ascii=False, indent=2) + "\n"


def render_markdown(rec: ExamRecord, lang: str = "fr") -> str:
    from ..report.markdown import md_data

    d = md_data(jury_data(rec, lang))  # names, lines and comments are text, never Markdown or HTML
    def L(key: str, **fields: Any) -> str:  # noqa: N802 - short alias used a lot below
        return t("jury." + key, lang, **fields)

    c_ = " :" if lang == "fr" else ":"  # French puts a space before the colon (made no-break by localise)
    sc = d["scenario"]
    out: list[str] = [f"# {L('title')}", ""]
    out += [f"- **{L('candidate')}**{c_} {d['candidate']}",
            f"- **{L('scenario')}**{c_} {sc['title']} (`{sc['id']}`, {L('seed', seed=sc['seed'])})",
            f"- **{L('date')}**{c_} {d['date_label']}",
            f"- **{L('preparation')}**{c_} {d['preparation']['label']}", f"- **{L('interview')}**{c_} {d['interview']['label']}",
            *([f"- **{L('writing')}**{c_} {d['writing']['label']}"] if d.get("writing") else []),
            f"- **{L('outcome')}**{c_} {d['outcome_label']}", f"- **{L('seal')}**{c_} {d['seal']['label']}"]
    if d.get("examiner"):
        out.append(f"- **{L('examiner')}**{c_} {d['examiner']}")
    for p in d["seal"]["problems"]:
        out.append(f"  - {L('line', line=p['line'] or '—')}{c_} {p['message']}")
    for n in d["notices"]:
        out.append(f"- ⚠ {n}")
    if not d["graded"]:
        out += ["", f"**{L('no_grading')}**{c_} " + (d.get("error") or L("not_verifiable_short"))]
        return localise("\n".join(out), lang) + "\n"
    out += ["", f"## {L('overall')}{c_} {mark_label(d['mark'], lang)}", ""]
    out += [f"| {L('block')} | {L('mark')} | {L('level')} |", "|---|---|---|"]
    out += [f"| {L('block')} {b['number']} — {b['title']} | {mark_label(b['mark'], lang)} | {b['level_label']} |"
            for b in d["blocks"]]
    out += ["", f"## {L('grid')}", "",
            f"| {L('criterion')} | {L('level')} | {L('points')} | {L('mark')} | {L('observations')} |", "|---|---|---|---|---|"]
    for c in d["criteria"]:
        ev = "<br>".join(f"{g['sign']} {g['text']} ({g['turns_label']})" for g in c["observations"])
        if c["jury_comment"]:
            ev += f"<br>**{L('jury')}**{c_} {c['jury_comment']}"
        pts = f"{c['points']}/{c['max']}" if c["level"] != "non_evalue" and c["points"] is not None else "—"
        out.append(f"| {c['title']} | {c['level_label']} | {pts} | {mark_label(c['mark'], lang)} | {ev.replace('|', '/')} |")
    neg = d.get("negotiation")
    if neg:
        out += ["", f"## {L('negotiation')}", "",
                L("negotiation_md", list=neg["list"], target=neg["target"], floor=neg["floor"], unit=neg["unit"]) + " "
                + (L("deal_md", final=neg["final"]) if neg["deal"] else L("no_deal_md")),
                L("concessions_md", n=neg["concessions"], without_cp=neg["without_counterpart"])]
    out += ["", f"## {L('transcript')}", ""]
    for row in d["transcript"]:
        if row["learner"]:
            out.append(f"**[{row['time']}] T{row['turn']} — {L('candidate')}**{c_} {row['learner']}  ")
        for r in row["replies"]:
            out.append(f"*{r['who']}*{c_} {r['text']}  ")
        out.append("")
    out += _written_markdown(d, L, c_)
    if d["annotations"]:
        out += [f"## {L('annotations')}", ""]
        for a in d["annotations"]:
            sig = L("signed") if a["signed"] else L("not_signed")
            out.append(f"- **{a['author']}**, {a['at_label']} ({sig}){c_} {a['comment']}"
                       + (f" — {L('decision').lower()}{c_} {a['decision']}" if a["decision"] else ""))
    out += ["", f"## {L('remarks_and_signatures')}", "", f"{L('remarks_short')}{c_}", "", "&nbsp;", "", "&nbsp;", "",
            f"| {L('name')} | {L('date')} | {L('signature')} |", "|---|---|---|", "| | | |", "| | | |"]
    return localise("\n".join(out), lang) + "\n"


def _written_markdown(d: dict[str, Any], L: Any, c_: str) -> list[str]:  # noqa: N803 - the jury words, as above
    """The written work in the Markdown jury report: contents, findings, the questions with a place to grade."""
    w = d.get("written")
    if not w:
        return []
    out = ["", f"## {L('written')}"]
    for work in w["works"]:
        state = L("final_version") if work["final"] else L("draft")
        out += ["", f"### {work['title']} ({state})", ""]
        out += [f"- **{r['label']}**{c_} {r['text']}" for r in work["rows"]]
    for section_ in w["sections"]:
        out += ["", f"### {section_['title']}", ""] + [f"- {line}" for line in section_["lines"]]
    if w["questions"]:
        out += ["", f"## {L('questions')}", ""]
        for i, q in enumerate(w["questions"], 1):
            out += [f"{i}. **{q['question']}**", f"   - {L('answer')}{c_} {q['answer'] or L('no_answer')}",
                    f"   - {L('pre_grade')}{c_} {q['auto_label']}"]
            if q["expected"]:
                out.append(f"   - {L('expected')}{c_} {q['expected']}")
            out.append(f"   - {L('jury_grade')}{c_} {L('grade_boxes')}")
    return out


def render_html(rec: ExamRecord, lang: str = "fr") -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["mark"] = lambda v: mark_label(v, lang)
    return env.get_template("jury.html.j2").render(d=jury_data(rec, lang), lang=lang, L=section("jury.", lang),
                                                   colon="\u00a0:" if lang == "fr" else ":")


def render(rec: ExamRecord, fmt: str, lang: str = "fr") -> str:
    if fmt == "json":
        return render_json(rec, lang)
    if fmt == "md":
        return render_markdown(rec, lang)
    return render_html(rec, lang)
