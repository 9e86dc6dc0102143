"""The plain-text debrief: what the plain player prints at the end, and ``negosim report --format text``."""

from __future__ import annotations

import textwrap

from ..scoring.debrief import Debrief
from .jury_reading import sections
from .labels import (
    hints_summary,
    label,
    mark,
    method,
    money,
    objective_evidence,
    outcome_label,
    percent,
    points_figure,
    session_status,
    signed,
    text,
    weight,
)
from .written import written_sections

WIDTH = 78


def _wrap(line: str, indent: str = "", width: int = WIDTH, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(line, width=width, initial_indent=indent,
                         subsequent_indent=indent if subsequent is None else subsequent,
                         break_on_hyphens=False) or [indent]


def render_debrief_text(debrief: Debrief, lang: str = "fr", width: int = WIDTH) -> str:
    """The debrief in plain text, French by default; no colour, no markup, wrapped to ``width``."""

    def t(value: str) -> str:
        return text(value, lang)

    c = " :" if lang == "fr" else ":"  # French puts a (no-break) space before the colon
    semi = " ;" if lang == "fr" else ";"

    out: list[str] = []
    title = f"{label('debrief', lang)} — {debrief.scenario_title}"
    out.append("=" * min(width, max(20, len(title))))
    out.extend(_wrap(t(title), width=width))
    out.append("=" * min(width, max(20, len(title))))
    headline = debrief.headline(lang)
    if headline:  # the first line when the mark needs explaining (a block capped, an objective missed)
        out.extend(_wrap(t(f"► {headline}"), width=width, subsequent="  "))
    out.append(t(f"{label('overall', lang)}{c} {mark(debrief.mark, lang)}") if debrief.evaluated
               else t(f"{label('overall', lang)}{c} —"))
    for block in debrief.block_results:
        head = f"{label('block', lang)} {block.number} — {block.title(lang)}"
        if not block.assessed:
            value = label("not_assessed_block", lang)
        elif block.mark is None:
            value = label("no_opportunity_block", lang)
        else:
            value = f"{mark(block.mark, lang)} ({debrief.level_label(block.level, lang)})"
        out.extend(_wrap(t(f"{head}{c} {value}"), width=width, subsequent="    "))
    outcome = outcome_label(session_status(debrief), lang)
    line = f"{label('outcome', lang)}{c} {outcome}"
    if debrief.outcome.summary:
        line += f" — {debrief.outcome.summary}"
    out.extend(_wrap(t(line), width=width, subsequent="    "))
    hints = hints_summary(debrief, lang)
    if hints:
        out.extend(_wrap(t(f"{label('hints', lang)}{c} {hints}"), width=width, subsequent="    "))

    out.append("")
    out.append(t(label("criteria", lang)))
    for block in debrief.block_results:
        if not block.assessed:
            continue
        out.append(t(f"  {label('block', lang)} {block.number} — {block.title(lang)}"))
        for cid in block.criteria:
            crit = debrief.criteria[cid]
            level = debrief.level_label(crit.level, lang)
            if crit.evaluated:
                figures = f"{level} — {points_figure(crit, lang)}, {mark(crit.mark, lang)}"
            else:
                figures = level
            out.extend(_wrap(t(f"  • {crit.title(lang)}{c} {figures}"), width=width, subsequent="      "))
            for note in crit.notes(lang):
                out.extend(_wrap(t(f"      {note}"), width=width, subsequent="      "))
        goal = debrief.objective
        if goal is not None:  # the objective of the interview: the last row of each assessed block, with its evidence
            level = debrief.level_label(goal.level, lang)
            if goal.evaluated:
                figures = (f"{level} — {mark(goal.mark, lang)} "
                           f"({label('weight', lang)} {weight(goal.block_weights.get(block.id, goal.weight), lang)})")
            else:
                figures = level
            out.extend(_wrap(t(f"  ► {goal.title(lang)}{c} {figures}"), width=width, subsequent="      "))
            out.extend(_wrap(t(f"      {objective_evidence(goal, lang)}"), width=width, subsequent="      "))

    for title_text, lines in sections(debrief, lang) + written_sections(debrief, lang):
        out.append("")
        out.append(t(title_text))
        for line in lines:
            out.extend(_wrap(t(f"  • {line}"), width=width, subsequent="    "))

    if debrief.strengths:
        out.append("")
        out.append(t(label("strengths", lang)))
        for i, p in enumerate(debrief.strengths, 1):
            out.extend(_wrap(t(f"{i}. {p.title(lang)} — {p.text(lang)}"), "  ", width, "     "))
    if debrief.priorities:
        out.append("")
        out.append(t(label("priorities", lang)))
        for i, p in enumerate(debrief.priorities, 1):
            out.extend(_wrap(t(f"{i}. {p.title(lang)} — {p.text(lang)}"), "  ", width, "     "))
            if p.better is not None:
                q = "« " + p.better.text + " »" if lang == "fr" else f"\"{p.better.text}\""
                out.extend(_wrap(t(f"{label('better', lang)} ({label('turn', lang).lower()} {p.better.turn}){c} {q}"),
                                 "     ", width, "       "))

    n = debrief.negotiation
    if n is not None and n.offers:
        out.append("")
        out.append(t(label("negotiation", lang)))
        if n.deal:
            line = f"{label('deal', lang)}{c} {money(n.final, n.currency, lang)} {n.unit}"
        else:
            line = label("no_deal", lang) + (f" ({label('walked_away', lang)})" if n.walked_away else "")
        out.extend(_wrap(t("  " + line), width=width, subsequent="    "))
        out.extend(_wrap(t(f"  {label('list_price', lang)} {money(n.list_price, n.currency, lang)}, "
                           f"{label('target', lang).lower()} {money(n.target, n.currency, lang)}, "
                           f"{label('floor', lang).lower()} {money(n.floor, n.currency, lang)}"
                           + (f"{semi} {label('discount', lang).lower()} {percent(n.discount_pct, lang)}"
                              if n.discount_pct is not None else "")), width=width, subsequent="    "))
        out.extend(_wrap(t(f"  {label('concessions', lang)}{c} {n.concessions} ({n.with_counterpart} "
                           f"{label('with_cp', lang)}, {n.without_counterpart} {label('without_cp', lang)}){semi} "
                           f"{label('counterparts', lang).lower()}{c} "
                           + (", ".join(n.counterparts) if n.counterparts else label("none", lang))),
                         width=width, subsequent="    "))
    out.append("")
    out.extend(_wrap(t(method(debrief, lang)), width=width))
    return "\n".join(out)


def render_evidence_text(debrief: Debrief, lang: str = "fr", width: int = WIDTH) -> str:
    """Turn by turn: each learner line with the points it earned and, where weak, the better move."""
    out: list[str] = []
    for note in debrief.turns:
        out.extend(_wrap(text(f"{label('turn', lang)} {note.number} — {note.learner}", lang), width=width,
                         subsequent="    "))
        for ev in note.evidence:
            pts = signed(ev.points) if ev.kind != "missed" else label("missed", lang)
            out.extend(_wrap(text(f"  [{pts}] {ev.explain(lang)}", lang), width=width, subsequent="      "))
        if note.better is not None and not any(ev.kind == "missed" and note.better.text in ev.explain("fr")
                                                   for ev in note.evidence):
            out.extend(_wrap(text(f"  {label('better', lang)} : « {note.better.text} »" if lang == "fr"
                                  else f"  {label('better', lang)}: \"{note.better.text}\"", lang),
                             width=width, subsequent="      "))
    return "\n".join(out)
