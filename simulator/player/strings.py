"""The plain player's words, in French and English (kept complete by a test)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "context": "Contexte :",
        "company": "Votre entreprise :",
        "offer": "Votre offre :",
        "contact": "Votre interlocuteur :",
        "prices": "Prix catalogue {list}, objectif {target}, plancher {floor} ({unit}).",
        "counterparts": "Contreparties possibles :",
        "objective": "Objectif :",
        "price_option": "p. Proposer un prix (ex. : p 1100, ou p 1100 2 pour demander la contrepartie n°2)",
        "resumed": "Reprise de la session après {n} tour(s).",
        "empty": "Tapez le numéro d'une réponse (1 à {n}), « ? » pour l'aide ou « q » pour quitter.",
        "help": "Tapez le numéro de votre réponse. « p » pour proposer un prix pendant une négociation, "
                "« b » pour relire la fiche de préparation, « i » pour un indice (la compétence en jeu, pas "
                "la réponse ; noté dans le débriefing), « q » pour quitter (la session est enregistrée "
                "et pourra reprendre là où vous en êtes).",
        "no_hint": "Pas d'indice à ce moment de l'entretien.",
        "no_hint_exam": "Pas d'indice en mode examen.",
        "hint_not_saved": "indice non enregistré ({reason}) : il n'est pas affiché. Réessayez.",
        "out_of_range": "Ce numéro n'est pas proposé : choisissez entre 1 et {n}.",
        "not_understood": "« {text} » n'est pas une réponse : tapez un numéro entre 1 et {n}, ou « ? » pour l'aide.",
        "no_price_now": "Ce n'est pas le moment de proposer un prix : choisissez une réponse.",
        "ask_price": "Votre prix ({unit}) : ",
        "confirm_implausible": ("{amount}, c'est hors de toute plage plausible (prix catalogue : {list}). "
                                "Le proposer quand même ? (o/N) "),
        "price_not_sent": "Prix non proposé : tapez « p » et un autre montant.",
        "ask_counterpart": "Contrepartie demandée (numéro, ou Entrée pour aucune) : ",
        "bad_counterpart": "Contrepartie inconnue : tapez un numéro entre 1 et {n}, ou Entrée pour aucune.",
        "you": "Vous :",
        "outcome": "Fin de l'entretien :",
        "outcome_success": "réussite",
        "outcome_partial": "résultat partiel",
        "outcome_failure": "échec",
        "outcome_time_up": "temps écoulé",
        "deal_at": "Accord conclu à {price} {unit}.",
        "journal_at": "Session enregistrée : {path}",
        "saved": "Session enregistrée. Pour la reprendre plus tard : ",
        "interrupted": "Interrompu (Ctrl+C).",
    },
    "en": {
        "context": "Context:",
        "company": "Your company:",
        "offer": "Your offer:",
        "contact": "You will speak to:",
        "prices": "List price {list}, target {target}, floor {floor} ({unit}).",
        "counterparts": "Counterparts you may ask for:",
        "objective": "Objective:",
        "price_option": "p. Propose a price (e.g. p 1100, or p 1100 2 to ask for counterpart no. 2)",
        "resumed": "Session resumed after {n} turn(s).",
        "empty": "Type the number of an answer (1 to {n}), '?' for help or 'q' to quit.",
        "help": "Type the number of your answer. 'p' to propose a price during a negotiation, 'b' to read the "
                "briefing again, 'i' for a hint (the competency at stake, not the answer; noted in the debrief), "
                "'q' to quit (the session is saved and can resume where you left it).",
        "no_hint": "No hint at this point of the interview.",
        "no_hint_exam": "No hints in exam mode.",
        "hint_not_saved": "hint not saved ({reason}), so it is not shown. Try again.",
        "out_of_range": "That number is not offered: choose between 1 and {n}.",
        "not_understood": "'{text}' is not an answer: type a number between 1 and {n}, or '?' for help.",
        "no_price_now": "This is not the moment to propose a price: choose an answer.",
        "ask_price": "Your price ({unit}): ",
        "confirm_implausible": "{amount} is outside any plausible range (list price: {list}). Offer it anyway? (y/N) ",
        "price_not_sent": "Price not offered: type 'p' and another amount.",
        "ask_counterpart": "Counterpart you ask for (number, or Enter for none): ",
        "bad_counterpart": "Unknown counterpart: type a number between 1 and {n}, or Enter for none.",
        "you": "You:",
        "outcome": "End of the interview:",
        "outcome_success": "success",
        "outcome_partial": "partial result",
        "outcome_failure": "failure",
        "outcome_time_up": "time up",
        "deal_at": "Deal closed at {price} {unit}.",
        "journal_at": "Session saved: {path}",
        "saved": "Session saved. To resume it later: ",
        "interrupted": "Interrupted (Ctrl+C).",
    },
}


def t(key: str, lang: str = "fr") -> str:
    return STRINGS.get(lang, STRINGS["fr"]).get(key) or STRINGS["fr"][key]
