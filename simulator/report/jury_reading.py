"""The debrief's reading of the whole path, phrased once for every format: the first line when the mark
needs explaining, the techniques across turns, the named faults and the recap's conformity."""

from __future__ import annotations

from ..scoring.debrief import Debrief


def _turns(turns: tuple[int, ...], lang: str) -> str:
    word = "turn" if lang == "en" else "tour"
    return f"{word}{'s' if len(turns) > 1 else ''} {', '.join(map(str, turns))}"


def technique_lines(debrief: Debrief, lang: str) -> list[str]:
    out = []
    for tech in debrief.techniques:
        if tech.complete:
            state = "complete" if lang == "en" else "complète"
        else:
            state = (f"incomplete, {tech.steps_done} of {tech.steps} steps" if lang == "en"
                     else f"incomplète, {tech.steps_done} étape(s) sur {tech.steps}")
        out.append(f"{tech.label(lang)} — {state} ({_turns(tech.turns, lang)})")
    return out


def fault_lines(debrief: Debrief, lang: str) -> list[str]:
    colon = ":" if lang == "en" else " :"
    out = []
    for fault in debrief.faults:
        cap = debrief.level_label(fault.cap, lang)
        what = ((f"criteria capped at « {cap} »" if lang == "en" else f"critères plafonnés à « {cap} »")
                + ((", block too" if lang == "en" else ", bloc compris") if fault.ethical else ""))
        out.append(f"{fault.label(lang)} ({_turns(fault.turns, lang)}){colon} {what}. {fault.explain(lang)}")
    return out


def conformity_lines(debrief: Debrief, lang: str) -> list[str]:
    out = []
    for c in debrief.conformity:
        parts = []
        if c.missing:
            parts.append(("missing: " if lang == "en" else "il manque : ") + "; ".join(c.missing))
        if c.invented:
            parts.append(("never agreed: " if lang == "en" else "non convenu : ") + "; ".join(c.invented))
        head, sep = (f"Turn {c.turn}", "; ") if lang == "en" else (f"Tour {c.turn}", " ; ")
        out.append(f"{head} — {sep.join(parts)}")
    return out


def section_titles(lang: str) -> dict[str, str]:
    if lang == "en":
        return {"techniques": "Techniques across turns", "faults": "Faults", "conformity": "Recap against the record",
                "notes": "How the jury read the evidence"}
    return {"techniques": "Techniques sur plusieurs tours", "faults": "Fautes relevées",
            "conformity": "Récapitulatif et dossier de négociation", "notes": "Lecture du jury"}


def sections(debrief: Debrief, lang: str) -> list[tuple[str, list[str]]]:
    """The path-level sections every debrief format shows, as (title, lines), the empty ones left out."""
    titles = section_titles(lang)
    found = (("techniques", technique_lines(debrief, lang)), ("faults", fault_lines(debrief, lang)),
             ("conformity", conformity_lines(debrief, lang)))
    return [(titles[key], lines) for key, lines in found if lines]
