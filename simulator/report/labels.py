"""Words and number formats the debrief views share, in French (default) and English."""

from __future__ import annotations

from typing import Any

from ..content.typography import french
from ..engine.price import format_money

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "debrief": "Débriefing",
        "overall": "Note globale",
        "block": "Bloc",
        "not_assessed_block": "non évalué (le scénario ne porte pas sur ce bloc)",
        "no_opportunity_block": "non évalué (aucune occasion sur ce parcours)",
        "criteria": "Grille des critères",
        "criterion": "Critère",
        "level": "Niveau",
        "points": "Points",
        "mark": "Note",
        "pts": "pts",
        "strengths": "Points forts",
        "priorities": "Axes de progrès",
        "better": "Mieux",
        "better_move": "Meilleur coup possible",
        "negotiation": "Négociation",
        "outcome": "Issue",
        "transcript": "Transcription annotée",
        "turn": "Tour",
        "learner": "Vous",
        "shown": "Options affichées, dans l'ordre",
        "client": "Client",
        "gatekeeper": "Barrage",
        "evidence": "Éléments observés",
        "chart": "Profil de compétences",
        "success": "réussite",  # the word the app and the exam records use
        "partial": "résultat partiel",
        "failure": "échec",
        "unfinished": "session non terminée",
        "time_up": "temps écoulé",
        "abandoned": "session arrêtée avant la fin",
        "hints": "Indices demandés",
        "hints_when": "avant le tour {turns}",
        "hints_when_many": "avant les tours {turns}",
        "hints_note": "la note n'en tient pas compte",
        "objective": "Objectif de l'entretien",
        "objective_ending": "Fin de l'entretien",
        "objective_stopped": "Session arrêtée avant une fin du scénario",
        "objective_unfinished": "Session non terminée : l'objectif n'est pas encore évalué.",
        "weight": "poids",
        "method_objective": ("Une fois la session terminée, l'atteinte de l'objectif de l'entretien compte à côté des critères, "
                             "dans la note de chaque bloc et dans la note globale : réussite {success} %, résultat partiel "
                             "{partial} %, échec {failure} % (une épreuve arrêtée par le temps ou abandonnée compte "
                             "{time_up} %), avec un poids égal à {share} fois le poids total des critères du bloc."),
        "deal": "Accord",
        "no_deal": "Pas d'accord",
        "walked_away": "le client a rompu",
        "list_price": "Prix catalogue",
        "target": "Objectif",
        "floor": "Plancher",
        "final": "Prix final",
        "discount": "Remise",
        "vs_target": "Écart à l'objectif",
        "concessions": "Concessions",
        "with_cp": "avec contrepartie",
        "without_cp": "sans contrepartie",
        "counterparts": "Contreparties obtenues",
        "none": "aucune",
        "offers": "Propositions",
        "your_offer": "votre offre",
        "client_counter": "contre-proposition du client",
        "learner_name": "Apprenant·e",
        "date": "Date",
        "mode": "Mode",
        "mode.practice": "entraînement",
        "mode.exam": "épreuve",
        "seed": "Graine",
        "scenario": "Scénario",
        "rubric": "Grille",
        "method": "Comment la note est calculée",
        "method_text": ("Chaque réponse est notée sur les critères qu'elle touche. Un tour compte pour un critère quand les "
                        "réponses possibles à ce moment-là n'ont pas la même valeur pour lui : vous gagnez les points de votre "
                        "réponse (négatifs pour une erreur) sur le maximum qu'offrait la meilleure réponse. Un critère sans "
                        "occasion est « non évalué » et ne compte pas. Seuils : « Acquis » dès {acquis} %, « En cours "
                        "d'acquisition » dès {en_cours} %."),
        "missed": "occasion manquée",
        "strength": "point fort",
        "weakness": "erreur",
        "notices": "Remarques",
        "opening": "Ouverture",
        "generated": "Rapport généré par negosim",
        "no_evidence": "Aucun élément noté à ce tour.",
        "of": "sur",
        "evaluated_on": "évalué sur",
        "opportunities": "occasion(s)",
        "kind_first": "première offre",
        "kind_hold": "maintien",
        "kind_concession": "concession",
        "kind_raise": "remontée",
        "resp_counter": "contre-propose",
        "resp_accept": "accepte",
        "resp_walkaway": "rompt",
        "resp_held": "ne bouge pas (concession sans contrepartie)",
        "cp_yes": "acceptée",
        "cp_no": "refusée",
        "counterpart": "Contrepartie demandée",
        "response": "Réponse du client",
        "amount": "Montant",
        "kind": "Nature",
        "counter": "Contre-proposition",
        "threshold_note": "Traits pointillés : seuils « En cours d'acquisition » et « Acquis ».",
    },
    "en": {
        "debrief": "Debrief",
        "overall": "Overall mark",
        "block": "Block",
        "not_assessed_block": "not assessed (the scenario does not cover this block)",
        "no_opportunity_block": "not assessed (no opportunity on this path)",
        "criteria": "Criteria grid",
        "criterion": "Criterion",
        "level": "Level",
        "points": "Points",
        "mark": "Mark",
        "pts": "pts",
        "strengths": "Strengths",
        "priorities": "Priorities",
        "better": "Better",
        "better_move": "Best move on offer",
        "negotiation": "Negotiation",
        "outcome": "Outcome",
        "transcript": "Annotated transcript",
        "turn": "Turn",
        "learner": "You",
        "shown": "Options shown, in order",
        "client": "Client",
        "gatekeeper": "Gatekeeper",
        "evidence": "Evidence",
        "chart": "Competency profile",
        "success": "success",
        "partial": "partial result",
        "failure": "failure",
        "unfinished": "unfinished session",
        "time_up": "time up",
        "abandoned": "session stopped before the end",
        "hints": "Hints asked for",
        "hints_when": "before turn {turns}",
        "hints_when_many": "before turns {turns}",
        "hints_note": "not counted in the mark",
        "objective": "Objective of the interview",
        "objective_ending": "End of the interview",
        "objective_stopped": "Session stopped before an ending of the scenario",
        "objective_unfinished": "Unfinished session: the objective is not assessed yet.",
        "weight": "weight",
        "method_objective": ("Once the session has ended, reaching the interview's objective counts beside the criteria, in "
                             "each block's mark and in the overall mark: success {success}%, partial result {partial}%, "
                             "failure {failure}% (an exam stopped by time or abandoned counts {time_up}%), with a weight "
                             "of {share} times the block's criteria weights together."),
        "deal": "Deal",
        "no_deal": "No deal",
        "walked_away": "the client walked away",
        "list_price": "List price",
        "target": "Target",
        "floor": "Floor",
        "final": "Final price",
        "discount": "Discount",
        "vs_target": "Against target",
        "concessions": "Concessions",
        "with_cp": "with a counterpart",
        "without_cp": "without a counterpart",
        "counterparts": "Counterparts obtained",
        "none": "none",
        "offers": "Offers",
        "your_offer": "your offer",
        "client_counter": "client's counter-offer",
        "learner_name": "Learner",
        "date": "Date",
        "mode": "Mode",
        "mode.practice": "practice",
        "mode.exam": "exam",
        "seed": "Seed",
        "scenario": "Scenario",
        "rubric": "Grid",
        "method": "How the mark is computed",
        "method_text": ("Each answer is graded on the criteria it touches. A turn counts for a criterion when the answers "
                        "possible at that moment are not worth the same for it: you earn your answer's points (negative for "
                        "an error) out of the maximum the best answer offered. A criterion with no opportunity is \"not "
                        "assessed\" and does not count. Thresholds: \"Acquired\" from {acquis}%, \"In progress\" from "
                        "{en_cours}%."),
        "missed": "missed opportunity",
        "strength": "strength",
        "weakness": "error",
        "notices": "Notes",
        "opening": "Opening",
        "generated": "Report generated by negosim",
        "no_evidence": "Nothing graded at this turn.",
        "of": "of",
        "evaluated_on": "assessed on",
        "opportunities": "opportunity(ies)",
        "kind_first": "first offer",
        "kind_hold": "hold",
        "kind_concession": "concession",
        "kind_raise": "raise",
        "resp_counter": "counters",
        "resp_accept": "accepts",
        "resp_walkaway": "walks away",
        "resp_held": "does not move (concession for nothing)",
        "cp_yes": "accepted",
        "cp_no": "refused",
        "counterpart": "Counterpart asked",
        "response": "Client's answer",
        "amount": "Amount",
        "kind": "Kind",
        "counter": "Counter-offer",
        "threshold_note": "Dashed lines: the \"In progress\" and \"Acquired\" thresholds.",
    },
}


def label(key: str, lang: str) -> str:
    return LABELS.get(lang, LABELS["fr"]).get(key) or LABELS["fr"][key]


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


def money(amount: int | None, currency: str, lang: str) -> str:
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
