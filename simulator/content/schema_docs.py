"""What editors show when hovering a key of a scenario or playtest: one line in French, then in English.

Filled into the generated JSON Schema where the models carry no description of their own; the key is
``Model.key`` where a name means different things in different places, else just ``key``."""

from __future__ import annotations

DESCRIPTIONS: dict[str, str] = {
    # scenario: top level
    "ScenarioSpec.format": "Version du format de fichier : toujours 1. — File format version: always 1.",
    "ScenarioSpec.id": "Identifiant du scénario, égal au nom du fichier (minuscules, chiffres, - et _). — "
                       "Scenario id, same as the file name.",
    "ScenarioSpec.title": "Titre affiché dans la bibliothèque. — Title shown in the library.",
    "language": "Langue du scénario : fr ou en. — Scenario language: fr or en.",
    "blocks": "Blocs de la certification travaillés : prospection, negociation. — Certification blocks practised.",
    "sector": "Secteur d'activité (liste fermée ; « autre » avec sector_label). — Business sector (closed list; "
              "« autre » with sector_label).",
    "difficulty": "Difficulté de 1 (débutant) à 3 (confirmé). — Difficulty from 1 (beginner) to 3 (advanced).",
    "duration_minutes": "Durée indicative d'une partie, en minutes. — Typical length of a session, in minutes.",
    "ScenarioSpec.summary": "Résumé d'une phrase pour la bibliothèque. — One-sentence summary for the library.",
    "exam": "Durées de préparation et d'entretien en mode examen. — Preparation and interview times in exam mode.",
    "briefing": "Consignes de l'apprenant et attentes du jury. — Learner's brief and the jury's expectations.",
    "persona": "Le client (et l'éventuel barrage) : identité, mobiles et besoins cachés. — The client (and "
               "gatekeeper): identity, hidden motives and needs.",
    "variables": "Variables du scénario (patience, confiance…) : int, bool ou set. — Scenario variables.",
    "objections": "Objections du client, par identifiant. — The client's objections, by id.",
    "price": "Bloc de négociation du prix (prix catalogue, objectif, plancher, client). — Price negotiation block.",
    "start": "État de départ. — Starting state.",
    "states": "Les états du dialogue, par identifiant. — The dialogue states, by id.",
    # preparation (the preparation sheet, issue 18)
    "PreparationActor.id": "Identifiant de l'acteur (la fiche de l'apprenant le désigne ainsi). — Actor id.",
    "Preparation.price": "Bornes d'un plan de prix sensé (annonce, rupture). — Bounds of a sound price plan.",
    "Preparation.counterparts": "Contreparties à prévoir, dans l'ordre conseillé. — Counterparts to plan, in order.",
    # jury questions (the bank rubrics/jury-questions.yaml, and a scenario's jury_questions)
    "JuryQuestionSpec.text_fr": "La question posée, en français ; une question de tour cite {n} et {line}. — "
                                "The question, in French; a turn question quotes {n} and {line}.",
    "JuryQuestionSpec.text_en": "La question posée, en anglais. — The question, in English.",
    "JuryQuestionSpec.expected_en": "Ce que le jury attend, en anglais. — What the jury expects, in English.",
    "JuryBankSpec.format": "Version du format : toujours 1. — Format version: always 1.",
    "JuryBankSpec.id": "Identifiant de la banque de questions. — Id of the question bank.",
    "JuryBankSpec.questions": "Les questions du jury. — The jury's questions.",
    # briefing
    "LearnerBriefing.context": "La situation, telle que l'apprenant la lit avant de commencer. — The situation.",
    "offer": "Ce que l'apprenant vend. — What the learner sells.",
    "objective": "Ce que l'apprenant doit obtenir. — What the learner must obtain.",
    "notes": "Informations utiles en plus (une par ligne). — Extra useful facts.",
    "expectations": "Ce que le jury attend d'un bon entretien. — What the jury expects.",
    "traps": "Pièges que le jury surveille. — Traps the jury watches for.",
    "learner": "Consignes de l'apprenant. — The learner's brief.",
    "jury": "Consignes du jury. — The jury's brief.",
    "preparation_minutes": "Temps de préparation en examen. — Preparation time in exam mode.",
    "interview_minutes": "Durée de l'entretien en examen. — Interview time in exam mode.",
    # persona
    "Persona.client": "Le client qui décide. — The decision maker.",
    "gatekeeper": "Le barrage (assistante, standard) qui filtre l'appel. — The gatekeeper who screens the call.",
    "Person.name": "Nom affiché. — Displayed name.",
    "role": "Fonction (ex. « Gérante »). — Job title.",
    "Person.company": "Entreprise. — Company.",
    "temperament": "Caractère, pour le formateur et le jury. — Temperament, for the trainer and the jury.",
    "Need.id": "Identifiant du besoin, repris dans discovers et argues. — Need id, used in discovers and argues.",
    "Need.label": "Le besoin en clair. — The need in plain words.",
    "motive": "Mobile SONCAS du besoin. — SONCAS motive behind the need.",
    # variables
    "type": "int (nombre borné), bool (vrai/faux) ou set (ensemble d'éléments). — Variable type.",
    "min": "Valeur minimale. — Lowest value.",
    "max": "Valeur maximale. — Highest value.",
    "initial": "Valeur au début de la partie. — Value at the start.",
    "items": "Éléments possibles de l'ensemble. — The set's possible items.",
    "label": "Nom affiché. — Displayed name.",
    # objections
    "Objection.type": "Nature de l'objection : sincere_fondee, sincere_non_fondee, reflexe, tactique, test. — "
                      "Kind of objection.",
    # price
    "currency": "Devise : EUR, USD, GBP, CHF. — Currency.",
    "counterparts": "Contreparties que l'apprenant peut demander en échange d'une concession. — Counterparts "
                    "the learner may ask for.",
    "Counterpart.id": "Identifiant de la contrepartie (tests de jeu : counterpart). — Counterpart id.",
    "Counterpart.label": "La contrepartie en clair ({contrepartie} dans les répliques). — Counterpart in words.",
    "Price.client": "Comportement caché du client dans la négociation. — The client's hidden bargaining.",
    "Price.lines": "Répliques du client pendant la négociation ({offre}, {contre}, {contrepartie}). — "
                   "Client lines while bargaining.",
    "max_rounds": "Nombre de tours avant que le client rompe. — Rounds before the client walks away.",
    "PriceLines.accept": "Quand le client accepte ; {offre} est remplacé. — When the client accepts.",
    "PriceLines.walkaway": "Quand le client rompt. — When the client walks away.",
    "counterpart_accepted": "Quand le client accepte la contrepartie ; {contrepartie} est remplacé. — "
                            "When the client accepts the counterpart.",
    "counterpart_refused": "Quand le client refuse la contrepartie. — When the client refuses the counterpart.",
    "counterpart_repeated": ("Quand l'apprenant redemande une contrepartie déjà obtenue (elle ne compte pas deux fois). "
                             "— When the learner asks again for a counterpart already granted (it does not count twice)."),
    # states
    "phase": "Phase de l'entretien (barrage, contact, decouverte… fin). — Interview phase.",
    "speaker": "Qui parle : client ou gatekeeper. — Who speaks.",
    "say": "Réplique du client en entrant dans l'état : un texte, ou des variantes (text, if). — "
           "The client's line on entering.",
    "choices": "Ce que l'apprenant peut dire ici. — What the learner may say here.",
    "auto": "Transitions automatiques (if, next), testées à l'entrée. — Automatic transitions.",
    "State.negotiation": "Fait de cet état une négociation de prix (accept, walkaway). — Makes it a price "
                         "negotiation.",
    "end": "Fait de cet état une fin : outcome (success, partial, failure) et summary. — Makes it an ending.",
    "State.note": "Commentaire du formateur sur l'état. — Trainer's note.",
    "Negotiation.accept": "État atteint quand le client accepte un prix. — State reached on a deal.",
    "Negotiation.walkaway": "État atteint quand le client rompt. — State reached when the client walks away.",
    "Ending.outcome": "Issue : success, partial ou failure. — Outcome.",
    "Ending.summary": "Ce qui s'est passé, en une phrase (débriefing). — What happened, for the debrief.",
    # choices
    "Choice.id": "Identifiant du choix dans l'état (tests de jeu : inputs). — Choice id (playtests' inputs).",
    "Choice.if": "Condition pour que le choix soit proposé (ex. « patience > 2 »). — Condition to offer it.",
    "effects": "Effets sur les variables (ex. « patience -= 1 », « confiance += 2 »). — Effects on variables.",
    "next": "État suivant. — Next state.",
    "raises": "Objections que ce choix fait surgir. — Objections this choice raises.",
    "handles": "Objections que ce choix traite. — Objections this choice handles.",
    "once": "true : le choix disparaît une fois pris. — true: offered only once.",
    "AutoTransition.if": "Condition de la transition. — Condition of the transition.",
    "AutoTransition.reply": "Réplique dite en passant. — Line said on the way.",
    "Variant.text": "Le texte de la variante. — The variant's text.",
    # playtests
    "PlaytestSpec.format": "Version du format : toujours 1. — Format version: always 1.",
    "PlaytestSpec.scenario": "Identifiant du scénario testé. — Id of the scenario under test.",
    "paths": "Parcours scriptés : entrées de l'apprenant et résultat attendu. — Scripted paths.",
    "PlaytestPath.name": "Nom du parcours (affiché dans les rapports). — Path name.",
    "PlaytestPath.description": "Ce que le parcours illustre. — What the path shows.",
    "seed": "Graine du tirage (ordre des options, variantes). — Random seed.",
    "inputs": "Entrées dans l'ordre : identifiants de choix, {price: 900, counterpart: id}, ou {say: phrase, "
              "option: id} en texte libre. — Inputs.",
    "PriceStep.price": "Prix proposé. — Price offered.",
    "PriceStep.counterpart": "Contrepartie demandée avec ce prix. — Counterpart asked with it.",
    "expect": "Ce que le parcours doit donner. — What the path must give.",
    "Expect.outcome": "Issue attendue : success, partial ou failure. — Expected outcome.",
    "mark_min": "Note minimale attendue, sur 20. — Lowest expected mark, out of 20.",
    "mark_max": "Note maximale attendue, sur 20. — Highest expected mark, out of 20.",
}
