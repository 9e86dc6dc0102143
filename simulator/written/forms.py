"""The forms the learner fills in around an interview, described once for every renderer.

A ``Form`` is a list of typed fields (a choice, several choices, an ordered choice, a line, lines, a
paragraph, an amount, a date, a turn number, a level) with their labels: the catalogs' words (area ``writing``,
``writing.form.*``) or the author's (an actor, a counterpart, a criterion's title), rendered in the learner's
language by the accessors (``label(lang)``, ``help(lang)``, ``title(lang)``, ``intro(lang)``). The plain player
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

from ..i18n.phrase import Authored, Text, phrase, render
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

# the options' ids, in the order shown; their words are ``writing.motive.<id>``, ``writing.outcome.<id>``...
MOTIVES = ("securite", "orgueil", "nouveaute", "confort", "argent", "sympathie")  # SONCAS, in its usual order
OUTCOMES = ("rendez_vous", "vente", "a_relancer", "sans_suite")
LEVELS = ("acquis", "en_cours", "non_acquis")
_DATE_FR = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?")

# what ``read`` says to correct: ``writing.problem.<kind>`` (the field's label first, then what to do)


@dataclass(frozen=True)
class Option:
    value: str
    caption: Text

    def label(self, lang: str = "fr") -> str:
        return render(self.caption, lang)


@dataclass(frozen=True)
class FormField:
    """One thing to fill in. ``name`` is the Work field it fills; ``levels.<id>`` and ``answers.<id>`` fill one
    entry of the self-assessment's levels or of the jury answers."""

    name: str
    kind: FieldKind
    caption: Text
    hint: Text = ""
    options: tuple[Option, ...] = ()
    required: bool = False
    min_items: int = 0  # lines, multi, order
    max_items: int = 0  # 0: no limit
    max_turn: int = 0  # turn: the session's number of turns
    paragraphs: bool = False  # text: written in paragraphs (an email), so an empty line does not end it

    def label(self, lang: str = "fr") -> str:
        return render(self.caption, lang)

    def help(self, lang: str = "fr") -> str:
        return render(self.hint, lang)


@dataclass(frozen=True)
class Form:
    kind: WorkKind
    heading: Text
    lead: Text
    fields: tuple[FormField, ...]
    questions: dict[str, str] = field(default_factory=dict)  # jury form: question id -> the question as put

    def title(self, lang: str = "fr") -> str:
        return render(self.heading, lang)

    def intro(self, lang: str = "fr") -> str:
        return render(self.lead, lang)

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
    label = f.label(lang)

    def problem(kind: str, **fields: str | int) -> str:
        return render(phrase(f"writing.problem.{kind}", label=label, **fields), lang)

    if f.kind in ("lines", "multi", "order"):
        items = [str(v).strip() for v in (raw or []) if str(v).strip()] if isinstance(raw, (list, tuple)) else []
        if f.kind != "lines":
            allowed = {o.value for o in f.options}
            bad = next((v for v in items if v not in allowed), None)
            if bad is not None:
                return [v for v in items if v in allowed], problem("unknown", value=bad)
            items = list(dict.fromkeys(items))
        if f.required and not items:
            return items, problem("required")
        if items and len(items) < f.min_items:
            return items, problem("too_few", n=f.min_items)
        if f.max_items and len(items) > f.max_items:
            return items[:f.max_items], problem("too_many", n=f.max_items)
        return items, None
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None, problem("required") if f.required else None
    if f.kind in ("choice", "level"):
        if text not in {o.value for o in f.options}:
            return None, problem("unknown", value=text)
        return text, None
    if f.kind == "amount":
        try:
            amount = parse_amount(text, lang)
        except InputProblem as exc:
            return None, problem("amount", why=exc.message(lang))
        return round(amount), None
    if f.kind == "date":
        date = parse_date(text)
        return (date, None) if date else (None, problem("date"))
    if f.kind == "turn":
        if not text.isdecimal() or not 1 <= int(text) <= max(f.max_turn, 1):  # int() refuses « ² »
            return None, problem("turn", n=max(f.max_turn, 1))
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


def _options(kind: str, ids: tuple[str, ...]) -> tuple[Option, ...]:
    return tuple(Option(k, phrase(f"writing.{kind}.{k}")) for k in ids)


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
    actor_options = tuple(Option(aid, label) for aid, label in actors)
    fields = [
        FormField("decision_maker", "choice", phrase("writing.form.prep.decision_maker"),
                  phrase("writing.form.prep.decision_maker.help"),
                  options=actor_options, required=True),
        FormField("actors", "multi", phrase("writing.form.prep.actors"), options=actor_options),
        FormField("motives", "multi", phrase("writing.form.prep.motives"), phrase("writing.form.prep.motives.help"),
                  options=_options("motive", MOTIVES), max_items=3),
        FormField("questions", "lines", phrase("writing.form.prep.questions"), phrase("writing.form.prep.questions.help"),
                  required=True, min_items=3, max_items=5),
        FormField("lead_argument", "text", phrase("writing.form.prep.lead_argument"),
                  phrase("writing.form.prep.lead_argument.help"), required=True),
    ]
    if spec.price is not None:
        unit = spec.price.unit
        fields += [
            FormField("price_opening", "amount", phrase("writing.form.prep.price_opening"), unit, required=True),
            FormField("price_target", "amount", phrase("writing.form.prep.price_target"), unit, required=True),
            FormField("price_walk_away", "amount", phrase("writing.form.prep.price_walk_away"), unit,
                      required=True),
        ]
        if spec.price.counterparts:
            fields.append(FormField(
                "counterparts", "order", phrase("writing.form.prep.counterparts"),
                phrase("writing.form.prep.counterparts.help"),
                options=tuple(Option(c.id, c.label) for c in spec.price.counterparts)))
    fields.append(FormField("notes", "text", phrase("writing.form.prep.notes")))
    return Form("preparation", phrase("writing.form.prep.title"), phrase("writing.form.prep.intro"),
                tuple(fields))


def crm_form(scenario: Any) -> Form:
    """The customer-file update after the interview."""
    spec = scenario.spec
    fields = [
        FormField("outcome", "choice", phrase("writing.form.crm.outcome"),
                  options=_options("outcome", OUTCOMES), required=True),
        FormField("needs", "text", phrase("writing.form.crm.needs"), required=True),
        FormField("objections", "text", phrase("writing.form.crm.objections")),
    ]
    if spec.price is not None:
        fields.append(FormField("price", "amount", phrase("writing.form.crm.price"), spec.price.unit))
        if spec.price.counterparts:
            fields.append(FormField("counterparts", "multi", phrase("writing.form.crm.counterparts"),
                                    options=tuple(Option(c.id, c.label) for c in spec.price.counterparts)))
    fields += [
        FormField("next_step", "line", phrase("writing.form.crm.next_step"), required=True),
        FormField("next_date", "date", phrase("writing.form.crm.next_date"),
                  phrase("writing.form.crm.next_date.help")),
        FormField("notes", "text", phrase("writing.form.crm.notes")),
    ]
    return Form("crm_note", phrase("writing.form.crm.title"), phrase("writing.form.crm.intro"), tuple(fields))


def email_form(scenario: Any) -> Form:
    """The follow-up email to the client."""
    del scenario  # the same form for every scenario; the check reads the session
    return Form("email", phrase("writing.form.email.title"), phrase("writing.form.email.intro"),
                (FormField("subject", "line", phrase("writing.form.email.subject"), required=True),
                 FormField("body", "text", phrase("writing.form.email.body"), required=True, paragraphs=True)))


def self_assessment_form(criteria: list[tuple[str, str, str]], turns: int) -> Form:
    """Before the grid: a level per criterion evaluated in the session (id, title fr, title en)."""
    fields = [FormField(f"levels.{cid}", "level", Authored(fr, en), options=_options("level", LEVELS), required=True)
              for cid, fr, en in criteria]
    fields += [
        FormField("best_turn", "turn", phrase("writing.form.self.best_turn"),
                  max_turn=turns, required=turns > 0),
        FormField("best_why", "text", phrase("writing.form.self.best_why")),
        FormField("weakest_turn", "turn", phrase("writing.form.self.weakest_turn"), max_turn=turns, required=turns > 0),
        FormField("weakest_why", "text", phrase("writing.form.self.weakest_why")),
    ]
    return Form("self_assessment", phrase("writing.form.self.title"), phrase("writing.form.self.intro"),
                tuple(fields))


def jury_form(questions: list[tuple[str, str]]) -> Form:
    """The jury's questions after an exam's interview: (question id, the question as put)."""
    fields = tuple(FormField(f"answers.{qid}", "text", text) for qid, text in questions)
    return Form("jury_answers", phrase("writing.form.jury.title"), phrase("writing.form.jury.intro"), fields,
                dict(questions))


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


__all__ = ["LEVELS", "MOTIVES", "OUTCOMES", "FieldKind", "Form", "FormField", "Option",
           "after_interview_forms", "assessed_criteria", "crm_form", "email_form", "jury_form", "parse_date",
           "preparation_form", "self_assessment_form"]
