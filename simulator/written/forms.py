"""The forms the learner fills in around an interview, described once for every renderer.

A ``Form`` is a list of typed fields (a choice, several choices, an ordered choice, a line, lines, a
paragraph, an amount, a date, a turn number, a level) with French and English labels. The plain player
and the terminal UI render the same description in their own way and hand back raw values; ``Form.read``
turns them into a ``Work`` (model.py) or says, in the learner's language, what to correct. So the two
players cannot drift apart, and a new field is added in one place.

Values handed to ``read``: text fields a string, ``lines`` a list of strings, ``choice``/``turn``/``level``
a string (an option's value or a number as text), ``multi``/``order`` a list of option values, ``amount``
and ``date`` the text typed (read here, with the project's number reader).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..learner_input import InputProblem, parse_amount
from .model import (
    CrmNote,
    FollowUpEmail,
    JuryAnswer,
    JuryAnswers,
    PreparationSheet,
    SelfAssessment,
    Work,
    WorkKind,
)

FieldKind = Literal["choice", "multi", "order", "line", "lines", "text", "amount", "date", "turn", "level"]

MOTIVE_LABELS: dict[str, tuple[str, str]] = {  # SONCAS, in its usual order
    "securite": ("Sécurité", "Security"),
    "orgueil": ("Orgueil", "Pride"),
    "nouveaute": ("Nouveauté", "Novelty"),
    "confort": ("Confort", "Comfort"),
    "argent": ("Argent", "Money"),
    "sympathie": ("Sympathie", "Liking"),
}
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "rendez_vous": ("Rendez-vous obtenu", "Meeting booked"),
    "vente": ("Vente conclue", "Sale closed"),
    "a_relancer": ("À relancer", "To follow up"),
    "sans_suite": ("Sans suite", "No further action"),
}
LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "acquis": ("Acquis", "Achieved"),
    "en_cours": ("En cours d'acquisition", "In progress"),
    "non_acquis": ("Non acquis", "Not achieved"),
}
_DATE_FR = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?")

# messages of ``read``: field label first, then what to do
PROBLEMS: dict[str, tuple[str, str]] = {
    "required": ("« {label} » est à remplir.", "“{label}” must be filled in."),
    "too_few": ("« {label} » : au moins {n}.", "“{label}”: at least {n}."),
    "too_many": ("« {label} » : au plus {n}.", "“{label}”: at most {n}."),
    "unknown": ("« {label} » : « {value} » n'est pas une des propositions.",
                "“{label}”: “{value}” is not one of the options."),
    "amount": ("« {label} » : {why}", "“{label}”: {why}"),
    "date": ("« {label} » : date attendue sous la forme JJ/MM/AAAA (ex. 14/01/2027).",
             "“{label}”: a date is expected as DD/MM/YYYY (e.g. 14/01/2027)."),
    "turn": ("« {label} » : un numéro de tour entre 1 et {n}.", "“{label}”: a turn number between 1 and {n}."),
}


@dataclass(frozen=True)
class Option:
    value: str
    label_fr: str
    label_en: str

    def label(self, lang: str = "fr") -> str:
        return self.label_en if lang == "en" else self.label_fr


@dataclass(frozen=True)
class FormField:
    """One thing to fill in. ``name`` is the Work field it fills; ``levels.<id>`` and ``answers.<id>`` fill one
    entry of the self-assessment's levels or of the jury answers."""

    name: str
    kind: FieldKind
    label_fr: str
    label_en: str
    help_fr: str = ""
    help_en: str = ""
    options: tuple[Option, ...] = ()
    required: bool = False
    min_items: int = 0  # lines, multi, order
    max_items: int = 0  # 0: no limit
    max_turn: int = 0  # turn: the session's number of turns
    paragraphs: bool = False  # text: written in paragraphs (an email), so an empty line does not end it

    def label(self, lang: str = "fr") -> str:
        return self.label_en if lang == "en" else self.label_fr

    def help(self, lang: str = "fr") -> str:
        return self.help_en if lang == "en" else self.help_fr


@dataclass(frozen=True)
class Form:
    kind: WorkKind
    title_fr: str
    title_en: str
    intro_fr: str
    intro_en: str
    fields: tuple[FormField, ...]
    questions: dict[str, str] = field(default_factory=dict)  # jury form: question id -> the question as put

    def title(self, lang: str = "fr") -> str:
        return self.title_en if lang == "en" else self.title_fr

    def intro(self, lang: str = "fr") -> str:
        return self.intro_en if lang == "en" else self.intro_fr

    def read(self, values: dict[str, Any], lang: str = "fr") -> tuple[Work, list[str]]:
        """The work these raw values make, and what to correct before submitting (empty: it can be submitted).
        The work is built from whatever is readable, so a draft can be saved at any moment; an unreadable
        amount or date is left out of it (the renderer still shows what was typed)."""
        problems: list[str] = []
        data: dict[str, Any] = {}
        for f in self.fields:
            value, problem = _read_field(f, values.get(f.name), lang)
            if problem:
                problems.append(problem)
            if value not in (None, "", ()):
                _put(data, f.name, value)
        return self._build(data), problems

    def values_of(self, work: Work | None) -> dict[str, Any]:
        """Raw values that show ``work`` (a draft) again in this form's fields."""
        if work is None:
            return {}
        data = work.as_dict()
        values: dict[str, Any] = {}
        for f in self.fields:
            head, _, key = f.name.partition(".")
            if head == "levels":
                raw = data.get("levels", {}).get(key)
            elif head == "answers":
                raw = next((a["answer"] for a in data.get("answers", []) if a.get("question_id") == key), None)
            else:
                raw = data.get(f.name)
            if raw is None:
                continue
            if f.kind in ("amount", "turn"):
                raw = str(raw)
            elif f.kind == "date":
                raw = _show_date(raw)
            values[f.name] = raw
        return values

    def _build(self, data: dict[str, Any]) -> Work:
        if self.kind == "jury_answers":
            answers = data.pop("answers", {})
            return JuryAnswers(tuple(JuryAnswer(qid, self.questions.get(qid, ""), answers.get(qid, ""))
                                     for qid in self.questions))
        cls: Callable[..., Work] = {"preparation": PreparationSheet, "crm_note": CrmNote, "email": FollowUpEmail,
               "self_assessment": SelfAssessment}[self.kind]
        return cls(**data)


def _put(data: dict[str, Any], name: str, value: Any) -> None:
    head, _, key = name.partition(".")
    if key:
        data.setdefault(head, {})[key] = value
    else:
        data[name] = tuple(value) if isinstance(value, list) else value


def _read_field(f: FormField, raw: Any, lang: str) -> tuple[Any, str | None]:
    """(value, problem) for one field."""
    i = 1 if lang == "en" else 0
    label = f.label(lang)
    if f.kind in ("lines", "multi", "order"):
        items = [str(v).strip() for v in (raw or []) if str(v).strip()] if isinstance(raw, (list, tuple)) else []
        if f.kind != "lines":
            allowed = {o.value for o in f.options}
            bad = next((v for v in items if v not in allowed), None)
            if bad is not None:
                return [v for v in items if v in allowed], PROBLEMS["unknown"][i].format(label=label, value=bad)
            items = list(dict.fromkeys(items))
        if f.required and not items:
            return items, PROBLEMS["required"][i].format(label=label)
        if items and len(items) < f.min_items:
            return items, PROBLEMS["too_few"][i].format(label=label, n=f.min_items)
        if f.max_items and len(items) > f.max_items:
            return items[:f.max_items], PROBLEMS["too_many"][i].format(label=label, n=f.max_items)
        return items, None
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None, PROBLEMS["required"][i].format(label=label) if f.required else None
    if f.kind in ("choice", "level"):
        if text not in {o.value for o in f.options}:
            return None, PROBLEMS["unknown"][i].format(label=label, value=text)
        return text, None
    if f.kind == "amount":
        try:
            amount = parse_amount(text, lang)
        except InputProblem as exc:
            return None, PROBLEMS["amount"][i].format(label=label, why=exc.message(lang))
        return round(amount), None
    if f.kind == "date":
        date = parse_date(text)
        return (date, None) if date else (None, PROBLEMS["date"][i].format(label=label))
    if f.kind == "turn":
        if not text.isdigit() or not 1 <= int(text) <= max(f.max_turn, 1):
            return None, PROBLEMS["turn"][i].format(label=label, n=max(f.max_turn, 1))
        return int(text), None
    return text, None


def parse_date(text: str, today: dt.date | None = None) -> str | None:
    """An ISO date from ``14/01/2027``, ``14/01`` (this year, or next if past), ``2027-01-14``; None otherwise."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    m = _DATE_FR.fullmatch(text)
    if not m:
        return None
    today = today or dt.date.today()
    day, month, year = int(m[1]), int(m[2]), m[3]
    y = (int(year) + 2000 if len(year) == 2 else int(year)) if year else today.year
    try:
        date = dt.date(y, month, day)
    except ValueError:
        return None
    if not year and date < today:
        try:
            date = date.replace(year=y + 1)
        except ValueError:  # 29 February
            return None
    return date.isoformat()


def _show_date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(iso)


def _options(pairs: dict[str, tuple[str, str]]) -> tuple[Option, ...]:
    return tuple(Option(k, fr, en) for k, (fr, en) in pairs.items())


def preparation_form(scenario: Any) -> Form:
    """The preparation sheet for ``scenario`` (a content.Scenario): the actors of its preparation section
    (sorted by label: the author's order must not hint at the decision maker), and for a negotiation the
    price plan and the counterparts it offers."""
    spec = scenario.spec
    if spec.preparation is not None:
        actors = sorted(((a.id, a.label) for a in spec.preparation.actors), key=lambda a: a[1].casefold())
    else:  # a scenario without the section: the persona's people
        people = [("client", spec.persona.client)] + ([("gatekeeper", spec.persona.gatekeeper)]
                                                      if spec.persona.gatekeeper else [])
        actors = [(pid, f"{p.name}, {p.role}") for pid, p in people]
    actor_options = tuple(Option(aid, label, label) for aid, label in actors)
    fields = [
        FormField("decision_maker", "choice", "Qui décide ?", "Who decides?",
                  "La personne qui prendra la décision d'achat.", "The person who will make the buying decision.",
                  options=actor_options, required=True),
        FormField("actors", "multi", "Autres acteurs à rencontrer ou à contacter",
                  "Other people to meet or contact", options=actor_options),
        FormField("motives", "multi", "Mobiles d'achat pressentis (SONCAS)", "Likely buying motives (SONCAS)",
                  "Vos hypothèses, à vérifier pendant l'entretien.", "Your hypotheses, to check in the interview.",
                  options=_options(MOTIVE_LABELS), max_items=3),
        FormField("questions", "lines", "Questions que vous prévoyez de poser (3 à 5)",
                  "Questions you plan to ask (3 to 5)", "Une question par ligne, dans vos mots.",
                  "One question per line, in your own words.", required=True, min_items=3, max_items=5),
        FormField("lead_argument", "text", "Votre argument d'ouverture", "The argument you will lead with",
                  "Le bénéfice que vous mettrez en avant en premier, et pour quel besoin.",
                  "The benefit you will put forward first, and for which need.", required=True),
    ]
    if spec.price is not None:
        unit = spec.price.unit
        fields += [
            FormField("price_opening", "amount", "Prix annoncé", "Opening price", unit, unit, required=True),
            FormField("price_target", "amount", "Prix visé", "Target price", unit, unit, required=True),
            FormField("price_walk_away", "amount", "Prix de rupture (en dessous, vous ne signez pas)",
                      "Walk-away price (below it, you do not sign)", unit, unit, required=True),
        ]
        if spec.price.counterparts:
            fields.append(FormField(
                "counterparts", "order", "Contreparties à demander, dans l'ordre",
                "Counterparts to ask for, in order", "La première que vous demanderez d'abord.",
                "The one you will ask for first comes first.",
                options=tuple(Option(c.id, c.label, c.label) for c in spec.price.counterparts)))
    fields.append(FormField("notes", "text", "Autres notes", "Other notes"))
    return Form("preparation", "Fiche de préparation", "Preparation sheet",
                "Préparez l'entretien, le dossier sous les yeux : votre fiche sera comparée à ce que vous ferez.",
                "Prepare the interview with the brief in view: your sheet will be compared with what you do.",
                tuple(fields))


def crm_form(scenario: Any) -> Form:
    """The customer-file update after the interview."""
    spec = scenario.spec
    fields = [
        FormField("outcome", "choice", "Résultat de l'entretien", "Outcome of the interview",
                  options=_options(OUTCOME_LABELS), required=True),
        FormField("needs", "text", "Besoins découverts", "Needs found", required=True),
        FormField("objections", "text", "Objections et suite donnée", "Objections and how they ended"),
    ]
    if spec.price is not None:
        fields.append(FormField("price", "amount", "Prix convenu", "Agreed price", spec.price.unit, spec.price.unit))
        if spec.price.counterparts:
            fields.append(FormField("counterparts", "multi", "Contreparties obtenues", "Counterparts obtained",
                                    options=tuple(Option(c.id, c.label, c.label) for c in spec.price.counterparts)))
    fields += [
        FormField("next_step", "line", "Prochaine étape", "Next step", required=True),
        FormField("next_date", "date", "Date de la prochaine étape", "Date of the next step",
                  "JJ/MM/AAAA", "DD/MM/YYYY"),
        FormField("notes", "text", "Autres notes", "Other notes"),
    ]
    return Form("crm_note", "Fiche client (CRM)", "Customer file (CRM)",
                "Mettez à jour la fiche client comme vous le feriez en rentrant au bureau.",
                "Update the customer file as you would back at the office.", tuple(fields))


def email_form(scenario: Any) -> Form:
    """The follow-up email to the client."""
    del scenario  # the same form for every scenario; the check reads the session
    return Form("email", "Courriel de suivi", "Follow-up email",
                "Écrivez au client le courriel qui confirme l'entretien.",
                "Write the client the email that confirms the interview.",
                (FormField("subject", "line", "Objet", "Subject", required=True),
                 FormField("body", "text", "Message", "Message", required=True, paragraphs=True)))


def self_assessment_form(criteria: list[tuple[str, str, str]], turns: int) -> Form:
    """Before the grid: a level per criterion evaluated in the session (id, title fr, title en)."""
    fields = [FormField(f"levels.{cid}", "level", fr, en, options=_options(LEVEL_LABELS), required=True)
              for cid, fr, en in criteria]
    fields += [
        FormField("best_turn", "turn", "Votre meilleur moment (n° du tour)", "Your best moment (turn number)",
                  max_turn=turns, required=turns > 0),
        FormField("best_why", "text", "Pourquoi ?", "Why?"),
        FormField("weakest_turn", "turn", "Votre moment le plus faible (n° du tour)",
                  "Your weakest moment (turn number)", max_turn=turns, required=turns > 0),
        FormField("weakest_why", "text", "Qu'auriez-vous dû faire ?", "What should you have done?"),
    ]
    return Form("self_assessment", "Votre auto-évaluation", "Your self-assessment",
                "Avant de voir la grille : où en êtes-vous, critère par critère ?",
                "Before you see the grid: where do you stand, criterion by criterion?", tuple(fields))


def jury_form(questions: list[tuple[str, str]]) -> Form:
    """The jury's questions after an exam's interview: (question id, the question as put)."""
    fields = tuple(FormField(f"answers.{qid}", "text", text, text) for qid, text in questions)
    return Form("jury_answers", "Questions du jury", "The jury's questions",
                "Répondez comme à l'oral : justifiez vos choix, avec vos mots.",
                "Answer as at the oral: justify your choices, in your own words.", fields, dict(questions))


def assessed_criteria(debrief: Any) -> list[tuple[str, str, str]]:
    """The criteria a self-assessment asks about: those the interview's grid evaluated (id, title fr, title en).
    Pass the interview's debrief, scored without the written work: the learner rates the interview."""
    return [(c.id, c.title_fr, c.title_en) for c in debrief.criteria.values() if c.level != "non_evalue"]


def after_interview_forms(scenario: Any, debrief: Any, turns: int,
                          questions: list[tuple[str, str]] | None = None) -> tuple[Form, ...]:
    """What is written after the interview, in order: the self-assessment (before the grid is shown), the CRM
    note, the follow-up email and, in an exam, the jury's questions (id, the question as put)."""
    forms = (self_assessment_form(assessed_criteria(debrief), turns), crm_form(scenario), email_form(scenario))
    return forms + ((jury_form(questions),) if questions else ())


__all__ = ["LEVEL_LABELS", "MOTIVE_LABELS", "OUTCOME_LABELS", "PROBLEMS", "FieldKind", "Form", "FormField", "Option",
           "after_interview_forms", "assessed_criteria", "crm_form", "email_form", "jury_form", "parse_date",
           "preparation_form", "self_assessment_form"]
