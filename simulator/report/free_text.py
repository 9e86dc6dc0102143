"""The free-text section of a report: for each turn typed in free text, the learner's own words, how negosim
understood them (« compris comme »), the option graded, and a flag where the reading was uncertain so the
trainer checks it rather than trusting a silent grade. Fed by the journal's ``free_text`` records."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

WORDS = {
    "fr": {"title": "Texte libre : vos mots et ce que negosim a compris", "turn": "Tour", "said": "Vos mots",
           "as": "compris comme", "option": "réplique notée", "offer": "offre de prix", "unsure":
           "interprétation incertaine : à vérifier par le formateur", "cues": "indices", "clarify":
           "reformulations demandées", "corrected": "corrigé par le formateur{by} : {option} (lecture d'origine : {was})",
           "engine": "contrôle du moteur"},
    "en": {"title": "Free text: your words and what negosim understood", "turn": "Turn", "said": "Your words",
           "as": "understood as", "option": "line graded", "offer": "price offer", "unsure":
           "uncertain reading: for the trainer to check", "cues": "cues", "clarify": "rephrasings asked",
           "corrected": "corrected by the trainer{by}: {option} (original reading: {was})",
           "engine": "engine's check"},
}


def free_text_turns(records: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """(turn number, free_text record) for each move typed in free text, from the journal's records."""
    from .corrections import recorded_corrections

    corrections = recorded_corrections(records)
    out = []
    for r in records:
        if r.get("type") == "input" and isinstance(r.get("free_text"), dict) and isinstance(r.get("n"), int):
            item = dict(r["free_text"])
            if r["n"] in corrections:  # the trainer's reading; the original stays beside it
                item["corrected"] = {"option": corrections[r["n"]].option, "by": corrections[r["n"]].by}
            out.append((r["n"], item))
    return out


def journal_free_text(path: Any) -> dict[int, dict[str, Any]]:
    """``free_text_turns`` of the journal at ``path``, by turn: none for a journal not written yet or not readable."""
    from ..store.journal import JournalError, read_journal

    try:
        return dict(free_text_turns(read_journal(path).records))
    except (JournalError, OSError):
        return {}


def carried_turns(turns: Iterable[tuple[int, dict[str, Any]]]) -> frozenset[int]:
    """The turns played as an offer carried from the free-text line before them (their record says ``carried``):
    that line's question for the figure was never shown (``TurnNote.replies_shown``)."""
    return frozenset(n for n, item in turns if item.get("carried"))


def _understood(item: dict[str, Any], lang: str) -> str:
    from ..content.acts import default_catalogue

    cat = default_catalogue()
    acts = [a for a in item.get("acts") or [] if isinstance(a, dict) and "act" in a]
    engine = WORDS.get(lang, WORDS["fr"])["engine"]  # an act the engine's check gave (an implausible price), not the model
    return ", ".join(f"{cat.label(a['act'], lang).lower()} ("
                     + (engine if a.get("source") == "engine" else f"{float(a.get('confidence', 0)) * 100:.0f} %") + ")"
                     for a in acts)


def _rows(turns: list[tuple[int, dict[str, Any]]], lang: str) -> list[dict[str, str]]:
    w = WORDS.get(lang, WORDS["fr"])
    rows = []
    for n, item in turns:
        graded = (f"{w['offer']} {item['offer']:g}" + (f" + {item['counterpart']}" if item.get("counterpart") else "")
                  if "offer" in item else str(item.get("option", "")))
        fix = item.get("corrected") if isinstance(item.get("corrected"), dict) else None
        if fix:
            by = f" {fix['by']}" if fix.get("by") else ""
            graded = w["corrected"].format(by=by, option=fix.get("option"), was=graded)
        rows.append({"n": str(n), "said": str(item.get("text", "")), "as": _understood(item, lang), "graded": graded,
                     "unsure": w["unsure"] if item.get("low_confidence") and not fix else "",
                     "clarify": f"{w['clarify']} : {item['clarifications']}" if item.get("clarifications") else ""})
    return rows


def section_text(turns: list[tuple[int, dict[str, Any]]], lang: str = "fr") -> str:
    if not turns:
        return ""
    w = WORDS.get(lang, WORDS["fr"])
    lines = [w["title"], "-" * len(w["title"])]
    for r in _rows(turns, lang):
        lines.append(f"{w['turn']} {r['n']} — {w['said']} : « {r['said']} »")
        lines.append(f"    {w['as']} : {r['as']} ; {w['option']} : {r['graded']}")
        for extra in (r["unsure"], r["clarify"]):
            if extra:
                lines.append(f"    ⚠ {extra}" if extra == r["unsure"] else f"    {extra}")
    return "\n".join(lines) + "\n"


def section_markdown(turns: list[tuple[int, dict[str, Any]]], lang: str = "fr") -> str:
    if not turns:
        return ""
    w = WORDS.get(lang, WORDS["fr"])
    out = [f"## {w['title']}", ""]
    for r in _rows(turns, lang):
        out.append(f"- **{w['turn']} {r['n']}** — {w['said']} : « {r['said']} » — *{w['as']}* : {r['as']} ; "
                   f"*{w['option']}* : `{r['graded']}`" + (f" — **⚠ {r['unsure']}**" if r["unsure"] else ""))
    return "\n".join(out) + "\n"


def section_html(turns: list[tuple[int, dict[str, Any]]], lang: str = "fr") -> str:
    if not turns:
        return ""
    w = WORDS.get(lang, WORDS["fr"])
    items = "".join(
        f"<li><strong>{escape(w['turn'])} {escape(r['n'])}</strong> — {escape(w['said'])} : « {escape(r['said'])} » — "
        f"<em>{escape(w['as'])}</em> : {escape(r['as'])} ; <em>{escape(w['option'])}</em> : <code>{escape(r['graded'])}</code>"
        + (f" — <strong class=\"unsure\">⚠ {escape(r['unsure'])}</strong>" if r["unsure"] else "") + "</li>"
        for r in _rows(turns, lang))
    return f'<section class="free-text"><h2>{escape(w["title"])}</h2><ul>{items}</ul></section>'


def json_items(turns: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"turn": n, **item} for n, item in turns]
