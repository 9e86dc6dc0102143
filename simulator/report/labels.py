"""Words and number formats the debrief views share, in French (default) and English (words: simulator/i18n)."""

from __future__ import annotations

from typing import Any

from ..content.typography import french
from ..engine.price import format_money
from ..i18n import t


def label(key: str, lang: str) -> str:
    """A report word: catalog key ``report.<key>`` (simulator/i18n/report_*.py)."""
    return t("report." + key, lang)


def text(value: str, lang: str) -> str:
    """Displayed text: French typography (no-break spaces) in French."""
    return french(value) if lang == "fr" else value


def number(value: float | int | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        out = f"{int(value)}"
    else:
        out = f"{value:.{digits}f}"
    return out.replace(".", ",") if lang == "fr" else out


def _plain(value: float, lang: str) -> str:
    """A number with as many decimals as it has (0.5, 0.25), with the language's decimal separator."""
    out = f"{value:g}"
    return out.replace(".", ",") if lang == "fr" else out


def weight(value: float, lang: str) -> str:
    return _plain(round(value, 2), lang)


def mark(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return f"{number(value, lang)}/20"


def signed(points: int) -> str:
    return f"+{points}" if points > 0 else ("0" if points == 0 else f"\u2212{-points}")


def points_figure(crit: Any, lang: str, unit: bool = True) -> str:
    """A criterion's points out of its maximum, with the points its errors cost when there were any: « 0/0 » alone
    would hide that a criterion with no good move on offer was failed by two errors."""
    out = f"{crit.points}/{crit.max}" + (f" {label('pts', lang)}" if unit else "")
    if crit.penalties < 0:
        out += f" ({t('report.errors_points', lang, points=signed(crit.penalties))})"
    return out


def money(amount: float | None, currency: str, lang: str) -> str:
    return "—" if amount is None else format_money(amount, currency, lang)


def percent(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    sep = "\u00a0" if lang == "fr" else ""
    return f"{number(value, lang)}{sep}%"


def outcome_label(status: str | None, lang: str) -> str:
    return label(status or "unfinished", lang)


def session_status(debrief: Any) -> str | None:
    """How the session ended: the scenario's ending, else how it was stopped (time up, abandoned), else None."""
    objective = getattr(debrief, "objective", None)
    return debrief.outcome.status or (objective.status if objective is not None else None)


def method(debrief: Any, lang: str) -> str:
    """How the mark is computed, with the rubric's thresholds and, if it has one, its objective's shares."""
    thresholds = debrief.thresholds
    out = label("method_text", lang).format(acquis=number(100 * thresholds.get("acquis", 0.7), lang),
                                            en_cours=number(100 * thresholds.get("en_cours", 0.4), lang))
    o = getattr(debrief, "objective", None)
    if o is not None:
        r = o.ratios
        shares = {k: number(100 * r.get(k, 0), lang) for k in ("success", "partial", "failure", "time_up")}
        out += " " + label("method_objective", lang).format(share=_plain(o.share, lang), **shares)
    if thresholds.get("floor"):  # the jury's scale: why a weak interview's mark is not the plain mean
        out += " " + label("method_floor", lang).format(floor=number(20 * thresholds["floor"], lang))
    return out


def hints_summary(debrief: Any, lang: str) -> str | None:
    """« 3 (avant les tours 2 et 5) — la note n'en tient pas compte », or None when no hint was asked for."""
    hints = getattr(debrief, "hints", ())
    if not hints:
        return None
    turns = sorted(set(hints))
    if len(turns) == 1:
        when = label("hints_when", lang).format(turns=turns[0])
    else:
        last = " et " if lang == "fr" else " and "
        when = label("hints_when_many", lang).format(turns=", ".join(map(str, turns[:-1])) + last + str(turns[-1]))
    return f"{len(hints)} ({when}) — {label('hints_note', lang)}"


def objective_evidence(objective: Any, lang: str) -> str:
    """The objective's evidence: the ending reached, as the scenario sums it up, and the turn."""
    if objective.status is None:
        return label("objective_unfinished", lang)
    turn = f" ({label('turn', lang).lower()} {objective.turn})" if objective.turn else ""
    c = " :" if lang == "fr" else ":"
    if objective.summary:
        return f"{objective.label(lang)}. {label('objective_ending', lang)}{turn}{c} {objective.summary}"
    return f"{objective.label(lang)}. {label('objective_stopped', lang)}{turn}."


def speaker_label(speaker: str, lang: str) -> str:
    return label("gatekeeper" if speaker == "gatekeeper" else "client", lang)


def input_text(pairs: Any) -> dict[str, Any]:
    return dict(pairs) if pairs else {}
