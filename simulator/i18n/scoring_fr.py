"""Les phrases que le correcteur écrit dans un débriefing (preuves, notes du jury, points forts, priorités), en français.

Rendues par ``simulator.i18n.phrase.render`` telles qu'écrites ici : chaque vue applique la typographie française.
"""
# ruff: noqa: E501 - one sentence per line reads and diffs better than split strings

STRINGS: dict[str, str | tuple[str, str]] = {
    # -- separators of a list inside a sentence
    "scoring.sep.comma": "{a}, {b}",
    "scoring.sep.semicolon": "{a} ; {b}",
    # -- evidence
    "scoring.missed": "Vous pouviez dire « {line} » ({why}).",
    "scoring.missed.clean": "Vous pouviez dire « {line} », sans erreur sur ce point.",
    "scoring.technique.incomplete": ("Technique incomplète : {label} ({n} étape sur {steps} enchaînées). {explain}",
                                     "Technique incomplète : {label} ({n} étapes sur {steps} enchaînées). {explain}"),
    "scoring.recap.mismatch": "Le récapitulatif ne correspond pas à ce qui a été négocié ({parts}).",
    "scoring.recap.missing": "il manque : {items}",
    "scoring.recap.invented": "non convenu : {items}",
    # -- what the jury's reading changed
    "scoring.note.never_reached": "Étape jamais atteinte : l'entretien s'est terminé avant que vous la montriez.",
    "scoring.note.thin": "Peu d'occasions ({n}) : la note est ramenée vers le milieu.",
    "scoring.note.too_few": "Pas assez d'occasions pour conclure : « en cours » au plus et au moins.",
    "scoring.note.ceiling": ("{n} faiblesse relevée : {mark}/20 au plus (19–20 sont réservés à une compétence sans faiblesse).",
                             "{n} faiblesses relevées : {mark}/20 au plus (19–20 sont réservés à une compétence sans faiblesse)."),
    "scoring.note.partly": ("Compétence en partie montrée ({n} bon moment) : « en cours », pas « non acquis ».",
                            "Compétence en partie montrée ({n} bons moments) : « en cours », pas « non acquis »."),
    "scoring.note.floor": "Échelle du jury : une compétence non acquise garde au moins {mark}/20.",
    "scoring.note.fault": "Plafonné par une faute : {label} (tour {turns}).",
    "scoring.note.needs_left": ("Un besoin du client reste sans réponse dans votre proposition : « {cap} » au plus (voir « Besoins sans réponse »).",
                                "{n} besoins du client restent sans réponse dans votre proposition : « {cap} » au plus (voir « Besoins sans réponse »)."),
    "scoring.note.written": "Noté sur les écrits : {checks}.",
    "scoring.note.check": "{label} {points}/{max}",
    # -- the debrief's first line, the objective
    "scoring.headline.ethical": "Faute déontologique — {names} : le bloc ne peut pas être « acquis », quelle que soit la qualité du reste.",
    "scoring.headline.objective": "Toutes les compétences observées sont acquises, mais l'objectif de l'entretien n'est pas atteint ({status}) : il compte pour un tiers de la note du bloc.",
    "scoring.objective.unfinished": "Non évalué : session non terminée",
    # -- strengths and priorities
    "scoring.point.at_turn": "{text} (tour {turn})",
    "scoring.point.better": "Au tour {turn}, un meilleur coup était possible : {why}.",
    "scoring.point.better.bare": "Au tour {turn}, un meilleur coup était possible.",
    "scoring.point.more": "Montrez cette compétence plus souvent.",
}
