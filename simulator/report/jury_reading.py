"""The debrief's reading of the whole path, phrased once for every format: the first line when the mark
needs explaining, the techniques across turns, the named faults, the recap's conformity and the needs the offer
left unanswered."""

from __future__ import annotations

from ..i18n import nt, section, t
from ..scoring.debrief import Debrief


def _turns(turns: tuple[int, ...], lang: str) -> str:
    return nt("report.turns", len(turns), lang, list=", ".join(map(str, turns)))


def technique_lines(debrief: Debrief, lang: str) -> list[str]:
    out = []
    for tech in debrief.techniques:
        state = (t("report.technique_complete", lang) if tech.complete
                 else nt("report.technique_incomplete", tech.steps_done, lang, done=tech.steps_done, n=tech.steps))
        out.append(f"{tech.label(lang)} — {state} ({_turns(tech.turns, lang)})")
    return out


def fault_lines(debrief: Debrief, lang: str) -> list[str]:
    out = []
    for fault in debrief.faults:
        what = (t("report.fault_capped", lang, cap=debrief.level_label(fault.cap, lang))
                + (t("report.fault_block_too", lang) if fault.ethical else ""))
        out.append(t("report.fault", lang, label=fault.label(lang), turns=_turns(fault.turns, lang), what=what,
                     explain=fault.explain(lang)))
    return out


def conformity_lines(debrief: Debrief, lang: str) -> list[str]:
    out = []
    for c in debrief.conformity:
        parts = []
        if c.missing:
            parts.append(t("report.missing", lang, items="; ".join(c.missing)))
        if c.invented:
            parts.append(t("report.never_agreed", lang, items="; ".join(c.invented)))
        both = t("report.recap_pair", lang, first=parts[0], second=parts[-1]) if len(parts) == 2 else "".join(parts)
        out.append(t("report.recap_turn", lang, turn=c.turn, parts=both))
    return out


def needs_lines(debrief: Debrief, lang: str) -> list[str]:
    """The client's needs the offer left without an answer, each with why (found but never argued, never found)."""
    left = debrief.needs_left
    if left is None:
        return []
    titles = ", ".join(debrief.criteria[cid].title(lang) for cid in left.criteria if cid in debrief.criteria)
    return ([t("report.need_unanswered", lang, need=need) for need in left.unanswered]
            + [t("report.need_undiscovered", lang, need=need) for need in left.undiscovered]
            + [t("report.needs_capped", lang, criteria=titles, cap=debrief.level_label(left.cap, lang))])


def section_titles(lang: str) -> dict[str, str]:
    return section("report.section.", lang)


def sections(debrief: Debrief, lang: str) -> list[tuple[str, list[str]]]:
    """The path-level sections every debrief format shows, as (title, lines), the empty ones left out."""
    titles = section_titles(lang)
    found = (("techniques", technique_lines(debrief, lang)), ("faults", fault_lines(debrief, lang)),
             ("conformity", conformity_lines(debrief, lang)), ("needs", needs_lines(debrief, lang)))
    return [(titles[key], lines) for key, lines in found if lines]
