"""The HTML report: one self-contained, printable file (inline CSS and SVG, no network), via Jinja2.

This module prepares a *view* of the debrief (formatted strings, chart coordinates); the template
``templates/report.html.j2`` only lays it out. Every text goes through Jinja2's autoescaping.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..i18n import nt, section
from ..scoring.debrief import Debrief
from .jury_reading import sections
from .labels import (
    hints_summary,
    label,
    mark,
    method,
    money,
    number,
    objective_evidence,
    outcome_label,
    percent,
    points_figure,
    session_status,
    signed,
    speaker_label,
    text,
    weight,
)
from .written import written_sections

LEVEL_CLASS = {"acquis": "ok", "en_cours": "mid", "non_acquis": "ko", "non_evalue": "na"}


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("simulator.report", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env


def render_html(debrief: Debrief, lang: str = "fr", **context: Any) -> str:
    return environment().get_template("report.html.j2").render(view(debrief, lang, **context))


def _shown_lines(scenario: Any, state: str, shown: list[list[str] | None] | None, number: int,
                 t: Any) -> list[str]:
    """The options the learner saw before this turn, in the order shown (from the journal), as lines."""
    if scenario is None or not shown or number > len(shown) or not shown[number - 1]:
        return []
    st = scenario.states.get(state)
    if st is None:
        return []
    return [t(st.by_id[cid].text) if cid in st.by_id else cid for cid in shown[number - 1] or []]


def quote(value: str, lang: str) -> str:
    return text(f"« {value} »", lang) if lang == "fr" else f"\u201c{value}\u201d"


def view(debrief: Debrief, lang: str = "fr", *, header: dict[str, Any] | None = None, opening: Any = (),
         journal: str | None = None, notices: list[str] | None = None, scenario: Any = None,
         shown: list[list[str] | None] | None = None, carried: Collection[int] = ()) -> dict[str, Any]:
    """Everything the templates show, already formatted for ``lang``. ``shown``: the journal's record of the
    options shown before each turn; ``carried``: the turns played as an offer carried from the line before (its
    question for the figure is left out, as the player did)."""

    def t(value: str) -> str:
        return text(value, lang)

    def L(key: str) -> str:  # noqa: N802 - short alias used a lot below
        return t(label(key, lang))

    criteria = []
    for block in debrief.block_results:
        for cid in block.criteria:
            c = debrief.criteria[cid]
            criteria.append({
                "id": c.id, "block": block.number, "title": t(c.title(lang)), "level": debrief.level_label(c.level, lang),
                "cls": LEVEL_CLASS[c.level], "points": points_figure(c, lang, unit=False) if c.evaluated else "—",
                "mark": mark(c.mark, lang) if c.evaluated else "—", "ratio": c.ratio,
                "detail": t(f"{label('evaluated_on', lang)} {nt('report.opportunities', c.opportunities, lang)}")
                if c.evaluated else "",
                "notes": [t(n) for n in c.notes(lang)],
                "assessed": block.assessed,
            })
    goal = debrief.objective
    blocks = []
    for b in debrief.block_results:
        if not b.assessed:
            value = L("not_assessed_block")
        elif b.mark is None:
            value = L("no_opportunity_block")
        else:
            value = mark(b.mark, lang)
        blocks.append({"title": t(f"{label('block', lang)} {b.number} — {b.title(lang)}"), "value": value,
                       "level": debrief.level_label(b.level, lang) if b.mark is not None else "",
                       "cls": LEVEL_CLASS[b.level] if b.assessed else "na", "assessed": b.assessed,
                       "criteria": [c for c in criteria if c["block"] == b.number],
                       "objective": objective_row(debrief, lang, b.id) if b.assessed and goal is not None else None})

    def point(p: Any) -> dict[str, Any]:
        better = None
        if p.better is not None:
            better = {"turn": p.better.turn, "text": quote(p.better.text, lang),
                      "reasons": [t(r) for r in p.better.reasons(lang)]}
        return {"title": t(p.title(lang)), "text": t(p.text(lang)), "better": better}

    turns = []
    for note in debrief.turns:
        chips: list[dict[str, Any]] = []
        said: dict[str, dict[str, Any]] = {}  # a missed opportunity quoting the same line: one chip, its criteria joined
        for ev in note.evidence:
            crit = debrief.criteria[ev.criterion]
            explained = t(ev.explain(lang))
            if ev.kind == "missed" and explained in said:
                said[explained]["criterion"] += " · " + t(crit.title(lang))
                continue
            chip = {"cls": {"strength": "plus", "weakness": "minus", "missed": "missed"}[ev.kind],
                    "points": signed(ev.points) if ev.kind != "missed" else L("missed"),
                    "criterion": t(crit.title(lang)), "text": explained}
            if ev.kind == "missed":
                said[explained] = chip
            chips.append(chip)
        better = None
        quoted = any(ev.kind == "missed" and note.better is not None and note.better.text in ev.explain_fr
                     for ev in note.evidence)
        if note.better is not None and not quoted:  # not when a missed opportunity already quotes it
            better = {"text": quote(note.better.text, lang), "reasons": [t(r) for r in note.better.reasons(lang)]}
        turns.append({"number": note.number, "learner": t(note.learner), "chips": chips, "better": better,
                      "shown": _shown_lines(scenario, note.state, shown, note.number, t),
                      "replies": [{"who": speaker_label(s, lang), "text": t(x)} for s, x in note.replies_shown(carried)],
                      "weak": any(ev.kind != "strength" for ev in note.evidence)})
    h = header or {}
    meta = []
    if h.get("learner"):
        meta.append((L("learner_name"), str(h["learner"])))
    if h.get("started_at"):
        meta.append((L("date"), str(h["started_at"])[:16].replace("T", " ")))
    if h.get("mode"):
        mode = str(h["mode"])
        meta.append((L("mode"), L("mode." + mode) if mode in ("practice", "exam") else mode))
    if h.get("seed") is not None:
        meta.append((L("seed"), str(h["seed"])))
    hints = hints_summary(debrief, lang)
    if hints:
        meta.append((L("hints"), t(hints)))
    meta.append((L("rubric"), f"{debrief.rubric_id} ({debrief.rubric_hash[:10]})"))
    meta.append((L("scenario"), f"{debrief.scenario_id} ({debrief.scenario_hash[:10]})"))
    thresholds = debrief.thresholds
    return {
        "lang": lang, "L": {k: t(v) for k, v in _labels(lang).items()},
        "colon": "\u00a0:" if lang == "fr" else ":", "semi": "\u202f;" if lang == "fr" else ";",
        "title": t(f"{label('debrief', lang)} — {debrief.scenario_title}"),
        "scenario_title": t(debrief.scenario_title),
        "overall": mark(debrief.mark, lang) if debrief.evaluated else "—",
        "outcome": t(outcome_label(session_status(debrief), lang)),
        "outcome_cls": {"success": "ok", "partial": "mid", "failure": "ko", "time_up": "ko",
                        "abandoned": "ko"}.get(session_status(debrief) or "", "na"),
        "outcome_summary": t(debrief.outcome.summary or ""),
        "blocks": blocks, "criteria": criteria, "meta": meta,
        "headline": t(debrief.headline(lang) or ""),
        "jury": [{"title": title, "lines": [t(x) for x in lines]}
                 for title, lines in sections(debrief, lang) + written_sections(debrief, lang)],
        "chart": criteria_chart(criteria + _objective_bar(debrief, lang), lang, thresholds),
        "strengths": [point(p) for p in debrief.strengths],
        "priorities": [point(p) for p in debrief.priorities],
        "negotiation": negotiation_view(debrief, lang, _counterparts(scenario)),
        "opening": [{"who": speaker_label(getattr(x, "speaker", "client"), lang), "text": t(getattr(x, "text", str(x)))}
                    for x in opening or ()],
        "turns": turns,
        "notices": [t(n) for n in notices or []],
        "method": t(method(debrief, lang)),
        "journal": journal,
    }


def objective_row(debrief: Debrief, lang: str, block_id: str) -> dict[str, Any]:
    """The grid's row for the objective of the interview in one block, its evidence being the ending reached."""
    o = debrief.objective
    assert o is not None
    return {"title": text(o.title(lang), lang), "level": debrief.level_label(o.level, lang), "cls": LEVEL_CLASS[o.level],
            "points": percent(100 * o.ratio, lang) if o.ratio is not None else "—",
            "mark": mark(o.mark, lang) if o.evaluated else "—",
            "detail": text(objective_evidence(o, lang), lang),
            "weight": text(f"{label('weight', lang)} {weight(o.block_weights.get(block_id, o.weight), lang)}", lang)}


def _objective_bar(debrief: Debrief, lang: str) -> list[dict[str, Any]]:
    """The objective as the chart's last bar (only once evaluated: an unfinished session has nothing to draw)."""
    o = debrief.objective
    if o is None or not o.evaluated:
        return []
    return [{"title": text(label("objective", lang), lang), "cls": LEVEL_CLASS[o.level], "ratio": o.ratio,
             "mark": mark(o.mark, lang), "level": debrief.level_label(o.level, lang), "assessed": True}]


def _counterparts(scenario: Any) -> dict[str, str]:
    price = getattr(getattr(scenario, "spec", None), "price", None)
    return {c.id: c.label for c in price.counterparts} if price is not None else {}


def _labels(lang: str) -> dict[str, str]:
    return section("report.", lang)


# ---------------------------------------------------------------- charts (coordinates computed here)

def criteria_chart(criteria: list[dict[str, Any]], lang: str, thresholds: dict[str, float]) -> dict[str, Any]:
    """A horizontal bar per assessed criterion, 0-20, with the level thresholds drawn as dashed lines."""
    rows = [c for c in criteria if c["assessed"]]
    left, width, row_h, top = 330, 360, 26, 24
    bars = []
    for i, c in enumerate(rows):
        y = top + i * row_h
        ratio = c["ratio"]
        bars.append({"y": y, "ty": y + 13, "label": c["title"], "cls": c["cls"],
                     "w": round(width * (ratio or 0), 1), "value": c["mark"] if ratio is not None else c["level"],
                     "vx": left + round(width * (ratio or 0), 1) + 6})
    height = top + len(rows) * row_h + 8
    ticks = [{"x": left + width * v / 20, "label": str(v)} for v in (0, 5, 10, 15, 20)]
    lines = [{"x": round(left + width * thresholds.get(k, d), 1),
              "label": number(20 * thresholds.get(k, d), lang)} for k, d in (("en_cours", 0.4), ("acquis", 0.7))]
    return {"left": left, "width": width, "height": height, "bars": bars, "ticks": ticks, "lines": lines,
            "row_h": row_h, "top": top, "total_w": left + width + 70}


def negotiation_view(debrief: Debrief, lang: str, counterpart_labels: dict[str, str] | None = None) -> dict[str, Any] | None:
    n = debrief.negotiation
    if n is None or not n.offers:
        return None
    offers = [dict(o) for o in n.offers]
    labels = dict(counterpart_labels or {})
    rows = []
    for i, o in enumerate(offers, 1):
        cp = ""
        if o["counterpart"]:
            cp = text(f"{labels.get(o['counterpart'], o['counterpart'])} ("
                      f"{label('cp_yes' if o['counterpart_accepted'] else 'cp_no', lang)})", lang)
        rows.append({"n": i, "amount": money(o["amount"], n.currency, lang), "kind": label("kind_" + o["kind"], lang),
                     "counterpart": cp, "response": label("resp_held" if o.get("held") else "resp_" + o["response"], lang),
                     "counter": money(o["counter"], n.currency, lang) if o["counter"] else "—"})
    # price chart: learner offers and client counters against list / target / floor
    values = [n.list_price, n.target, n.floor] + [o["amount"] for o in offers] + [o["counter"] for o in offers if o["counter"]]
    lo, hi = float(min(values)), float(max(values))
    span = max(1, hi - lo)
    w, h, pad_l, pad_r, pad_t, pad_b = 900, 240, 170, 30, 16, 30
    steps = max(1, len(offers) - 1)

    def x(i: int) -> float:
        return round(pad_l + (w - pad_l - pad_r) * (i / steps if len(offers) > 1 else 0.5), 1)

    def y(v: float) -> float:
        return round(pad_t + (h - pad_t - pad_b) * (1 - (v - lo) / span), 1)

    refs = [{"y": y(v), "label": text(f"{label(k, lang)} {money(v, n.currency, lang)}", lang), "cls": k}
            for k, v in (("list_price", n.list_price), ("target", n.target), ("floor", n.floor))]
    mine = [{"x": x(i), "y": y(o["amount"]), "n": i + 1} for i, o in enumerate(offers)]
    theirs = [{"x": x(i), "y": y(o["counter"])} for i, o in enumerate(offers) if o["counter"]]
    chart = {"w": w, "h": h, "pad_l": pad_l, "right": w - pad_r, "refs": refs, "mine": mine, "theirs": theirs,
             "mine_path": " ".join(f"{p['x']},{p['y']}" for p in mine),
             "theirs_path": " ".join(f"{p['x']},{p['y']}" for p in theirs), "base": h - pad_b + 16}
    summary = []
    if n.deal:
        summary.append((label("deal", lang), f"{money(n.final, n.currency, lang)} {n.unit}"))
    else:
        broke = f" ({label('walked_away', lang)})" if n.walked_away else ""
        summary.append((label("deal", lang), label("no_deal", lang) + broke))
    summary += [
        (label("list_price", lang), money(n.list_price, n.currency, lang)),
        (label("target", lang), money(n.target, n.currency, lang)),
        (label("floor", lang), money(n.floor, n.currency, lang)),
    ]
    if n.discount_pct is not None:
        summary.append((label("discount", lang), percent(n.discount_pct, lang)))
    if n.vs_target is not None:
        sign = "+" if n.vs_target > 0 else ""
        summary.append((label("vs_target", lang), sign + money(n.vs_target, n.currency, lang)))
    summary.append((label("concessions", lang), f"{n.concessions} ({n.with_counterpart} {label('with_cp', lang)}, "
                                                 f"{n.without_counterpart} {label('without_cp', lang)})"))
    summary.append((label("counterparts", lang), ", ".join(n.counterparts) if n.counterparts else label("none", lang)))
    return {"summary": [(text(k, lang), text(v, lang)) for k, v in summary], "rows": rows, "chart": chart,
            "unit": n.unit}
