"""The CRM note and the follow-up email checked against the session's own record: how it ended, the price and
the counterparts agreed, the needs discovered, the days and dates said; and the email's form, by simple rules.

Each check (``checks.CHECKS``) returns the share of its points kept (0..1; None when it does not apply) with the
findings that explain it. The rules, told to trainers in docs/scoring.md (« Les écrits »):

- ``crm_issue``: the outcome noted fits the ending (a sale only after a deal, no « sans suite » after a success...).
- ``crm_conditions`` (a price negotiated): half for the price (the agreed one, or none without a deal), half for
  the counterparts (those obtained, none invented).
- ``crm_objections``: the objections voiced in the interview that the note mentions (a key word of the label).
- ``crm_besoins``: the needs discovered in the interview that the note mentions (a key word of the need's label).
- ``crm_suite``: half for a next step, half for its date (a real YYYY-MM-DD date, not before the note; after a
  meeting was set, a day or date said in the interview).
- ``email_forme``: subject, salutation, closing formula, formal « vous » (French), no SMS style: a fifth each.
- ``email_contenu``: an equal share for each rule that applies: no amount or date that the interview never said;
  the recap of what was agreed (the price and counterparts of a deal, the day of a meeting, else a need
  discovered; nothing to recap when none of them); a dated next step (not after a failure).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..content.scenario import Scenario
from ..engine.session import Turn
from ..i18n.phrase import Authored, Text, phrase, render
from ..understanding.normalize import fold
from .forms import OUTCOMES
from .model import CrmNote, FollowUpEmail
from .preparation_grading import Graded, money_text, needs_of
from .results import Finding, Severity
from .text import day_months_in, keywords, mentions_date, money, parse_iso, shared_keywords, weekdays_in

# an outcome inside a sentence: « vente conclue » (the form's words, lower-cased)
OUTCOME_FR = {k: render(phrase(f"writing.outcome.{k}"), "fr").lower() for k in OUTCOMES}
OUTCOME_EN = {k: render(phrase(f"writing.outcome.{k}"), "en").lower() for k in OUTCOMES}
SALUTATIONS = {"fr": ("bonjour", "madame", "monsieur", "cher", "chere", "mesdames", "messieurs", "bonsoir"),
               "en": ("dear", "hello", "good morning", "good afternoon", "hi ")}
CLOSINGS = {"fr": ("cordialement", "bien a vous", "salutations", "je vous prie", "veuillez agreer", "belle journee",
                   "bonne journee", "au plaisir", "sinceres", "respectueusement", "bien sincerement"),
            "en": ("regards", "sincerely", "best wishes", "yours", "kind regards", "all the best")}
# the second person of a tutoiement, as whole words, and « t' » (« je t'envoie »), never « a-t-il »
TUTOIEMENT = re.compile(r"(?<![\w-])(tu|te|toi|ton|ta|tes)(?![\w-])|(?<![\w-])t'(?=\w)")
_SMS = ("bjr slt stp svp dsl tt bcp pk pq pcq qd jsuis chui jpeux jvous mdr ptdr lol tkt ptet "
        "ajd auj qqch qqn pr ds tjs thx plz pls u ur asap btw gonna wanna")
SMS_WORDS = frozenset(_SMS.split())
EMOTICON = re.compile(r"(:\)|:-\)|;\)|:d\b|xd\b|<3|!!|\?\?|[\U0001F300-\U0001FAFF\u2600-\u27BF])")


@dataclass(frozen=True)
class Record:
    """What the session's own record holds, that the written follow-up must agree with."""

    ended: bool
    outcome: str | None  # success | partial | failure | None (unfinished)
    summary: str | None  # the ending's summary, as the scenario words it
    deal: int | float | None  # the price agreed, None without a deal
    obtained: tuple[str, ...]  # counterpart ids the client agreed to
    discovered: tuple[str, ...]  # need ids
    objections: tuple[tuple[str, int | None], ...]  # objections voiced, in order, with the turn that handled each
    weekdays: frozenset[int]  # days of the week said in the interview
    dates: frozenset[tuple[int, int]]  # (day, month) said in the interview
    amounts: frozenset[float]  # every amount said in the interview (offers, counters, lines)

    @classmethod
    def of(cls, scenario: Scenario, turns: Sequence[Turn]) -> Record:
        lang = scenario.spec.language
        last = turns[-1] if turns else None
        outcome = last.outcome if last is not None else None
        summary = None
        if last is not None and outcome is not None:
            end = scenario.states[last.next_state].spec.end
            summary = end.summary if end else None
        offers = [t.offer for t in turns if t.offer is not None]
        deal = next((o.amount for o in offers if o.response == "accept"), None)
        obtained = tuple(dict.fromkeys(o.counterpart for o in offers if o.with_counterpart and o.counterpart))
        said = [t.learner_text for t in turns] + [r.text for t in turns for r in t.replies]  # line by line: cached
        amounts = {float(v) for line in said for v in money(line, lang)} | {float(o.amount) for o in offers} | {
            float(o.counter) for o in offers if o.counter is not None}
        discovered = tuple(sorted(last.after.get("discovered", ()))) if last is not None else ()
        voiced = dict.fromkeys(o for t in turns for o in t.raised)
        handled = {o: t.number for t in reversed(turns) for o in t.handled}
        objections = tuple((o, handled.get(o)) for o in voiced)
        return cls(last is not None and outcome is not None, outcome, summary, deal, obtained, discovered, objections,
                   frozenset().union(*(weekdays_in(line, lang) for line in said)),
                   frozenset().union(*(day_months_in(line, lang) for line in said)), frozenset(amounts))


def _expected_outcomes(scenario: Scenario, rec: Record) -> set[str]:
    """The CRM outcomes that fit how the session ended."""
    if rec.outcome == "failure":  # a price agreed under the floor too: the sale will not stand
        return {"sans_suite", "a_relancer"}
    if rec.deal is not None:
        return {"vente"}
    if rec.outcome == "success":
        if "negociation" not in scenario.spec.blocks:
            return {"rendez_vous"}  # a prospecting call succeeds with a meeting
        # a sale without a price negotiation (a claim settled...), or a negotiation that ends on a next meeting
        return {"vente", "rendez_vous"} if scenario.spec.price is None else {"rendez_vous", "a_relancer"}
    if rec.outcome == "partial":
        return {"a_relancer", "rendez_vous"}
    return {"a_relancer", "rendez_vous", "sans_suite"}  # unfinished: anything but a sale


def _f(work: str, severity: Severity, wording: Text, field: str | None, check: str | None) -> Finding:
    return Finding(work, severity, wording, field, check)


# ---------------------------------------------------------------- the CRM note

def check_crm_issue(note: CrmNote, scenario: Scenario, rec: Record) -> Graded:
    if not note.outcome:
        return Graded(0.0, (_f("crm_note", "warning", phrase("writing.crm.no_outcome"), "outcome", "crm_issue"),))
    fits = _expected_outcomes(scenario, rec)
    noted = Authored(OUTCOME_FR.get(note.outcome, note.outcome), OUTCOME_EN.get(note.outcome, note.outcome))
    summary = rec.summary.rstrip(". ") if rec.summary else ""
    if note.outcome in fits:
        return Graded(1.0, (_f("crm_note", "strength", phrase("writing.crm.outcome_right", noted=noted), "outcome",
                               "crm_issue"),))
    why = phrase("writing.crm.no_deal" if note.outcome == "vente" and rec.deal is None else "writing.crm.other_end")
    ending: Text = phrase("writing.crm.ending", summary=summary) if summary else ""
    return Graded(0.0, (_f("crm_note", "fault", phrase("writing.crm.outcome_wrong", noted=noted, why=why, ending=ending),
                           "outcome", "crm_issue"),))


def check_crm_conditions(note: CrmNote, scenario: Scenario, rec: Record) -> Graded:
    price = scenario.spec.price
    if price is None:
        if note.price is None:
            return Graded(None)
        return Graded(0.0, (_f("crm_note", "fault", phrase("writing.crm.price_without_negotiation"), "price",
                               "crm_conditions"),))
    lang, cur = scenario.spec.language, price.currency
    labels = {c.id: c.label for c in price.counterparts}
    out = []
    if rec.deal is not None:
        agreed = money_text(rec.deal, cur, lang)
        if note.price is None:
            price_share = 0.0
            out.append(_f("crm_note", "warning", phrase("writing.crm.price_missing", agreed=agreed), "price",
                          "crm_conditions"))
        elif note.price == rec.deal:
            price_share = 1.0
            out.append(_f("crm_note", "strength", phrase("writing.crm.price_right", agreed=agreed), "price",
                          "crm_conditions"))
        else:
            price_share = 0.0
            out.append(_f("crm_note", "fault", phrase("writing.crm.price_wrong", noted=money_text(note.price, cur, lang),
                                                      agreed=agreed), "price", "crm_conditions"))
    elif note.price is not None:
        price_share = 0.0
        out.append(_f("crm_note", "fault", phrase("writing.crm.price_without_deal", noted=money_text(note.price, cur, lang)),
                      "price", "crm_conditions"))
    else:
        price_share = 1.0
    noted = [c for c in dict.fromkeys(note.counterparts) if c]
    invented = [c for c in noted if c not in rec.obtained]
    missing = [c for c in rec.obtained if c not in noted]
    for c in invented:
        out.append(_f("crm_note", "fault", phrase("writing.crm.counterpart_invented", label=labels.get(c, c)),
                      "counterparts", "crm_conditions"))
    for c in missing:
        out.append(_f("crm_note", "warning", phrase("writing.crm.counterpart_missing", label=labels.get(c, c)),
                      "counterparts", "crm_conditions"))
    pool = set(noted) | set(rec.obtained)
    cp_share = 1.0 - (len(invented) + len(missing)) / len(pool) if pool else 1.0
    return Graded((price_share + cp_share) / 2, tuple(out))


def _mentioned_needs(text: str, scenario: Scenario, rec: Record) -> tuple[list[str], list[str]]:
    lang = scenario.spec.language
    needs = {n.id: n for n in scenario.spec.persona.client.needs}
    found = keywords(text, lang)
    own = needs_of(scenario)  # a need is named by a key word of its label, or one of its own (« frais de carte »)
    said = [n for n in rec.discovered if n in needs and shared_keywords(keywords(needs[n].label, lang) | own[n].own, found)]
    return said, [n for n in rec.discovered if n in needs and n not in said]


def check_crm_objections(note: CrmNote, scenario: Scenario, rec: Record) -> Graded:
    voiced = [(o, turn) for o, turn in rec.objections if o in scenario.spec.objections]
    if not voiced:
        return Graded(None)
    lang = scenario.spec.language
    written = keywords(" ".join((note.objections, note.needs, note.notes)), lang)
    out, kept = [], 0
    for o, turn in voiced:
        label = scenario.spec.objections[o].label.rstrip(". ")
        end = phrase("writing.crm.objection_handled", turn=turn) if turn else phrase("writing.crm.objection_open")
        if shared_keywords(keywords(label, lang), written):
            kept += 1
            out.append(_f("crm_note", "strength", phrase("writing.crm.objection_recorded", label=label, end=end),
                          "objections", "crm_objections"))
        else:
            out.append(_f("crm_note", "warning", phrase("writing.crm.objection_missing", label=label, end=end),
                          "objections", "crm_objections"))
    return Graded(kept / len(voiced), tuple(out))


def check_crm_besoins(note: CrmNote, scenario: Scenario, rec: Record) -> Graded:
    if not rec.discovered:
        return Graded(None)
    needs = {n.id: n for n in scenario.spec.persona.client.needs}
    said, missed = _mentioned_needs(" ".join((note.needs, note.objections, note.notes)), scenario, rec)
    out = [_f("crm_note", "strength", phrase("writing.crm.need_recorded", need=needs[n].label), "needs", "crm_besoins")
           for n in said]
    out += [_f("crm_note", "warning", phrase("writing.crm.need_missing", need=needs[n].label), "needs", "crm_besoins")
            for n in missed]
    return Graded(len(said) / len(rec.discovered), tuple(out))


def _said_in_interview(day: date, rec: Record) -> bool:
    return day.weekday() in rec.weekdays or (day.day, day.month) in rec.dates


def check_crm_suite(note: CrmNote, rec: Record, written_on: date | None) -> Graded:
    if note.outcome == "sans_suite" and not note.next_step and not note.next_date:
        return Graded(None)
    out = []
    share = 0.0
    if note.next_step.strip():
        share += 0.5
    else:
        out.append(_f("crm_note", "warning", phrase("writing.crm.no_next_step"), "next_step", "crm_suite"))
    day = parse_iso(note.next_date) if note.next_date else None
    if not note.next_date.strip():
        out.append(_f("crm_note", "warning", phrase("writing.crm.no_date"), "next_date", "crm_suite"))
    elif day is None:
        out.append(_f("crm_note", "warning", phrase("writing.crm.bad_date", date=note.next_date), "next_date",
                      "crm_suite"))
    elif written_on is not None and day < written_on:
        out.append(_f("crm_note", "fault", phrase("writing.crm.date_past", date=day.isoformat()), "next_date",
                      "crm_suite"))
    elif note.outcome == "rendez_vous" and (rec.weekdays or rec.dates) and not _said_in_interview(day, rec):
        out.append(_f("crm_note", "fault", phrase("writing.crm.meeting_unsaid", date=day.isoformat()), "next_date",
                      "crm_suite"))
    else:
        share += 0.5
        if (rec.weekdays or rec.dates) and not _said_in_interview(day, rec):
            out.append(_f("crm_note", "warning", phrase("writing.crm.date_unsaid", date=day.isoformat()), "next_date",
                          "crm_suite"))
    if share == 1.0:
        out.append(_f("crm_note", "strength", phrase("writing.crm.dated_next_step"), "next_step", "crm_suite"))
    return Graded(share, tuple(out))


def grade_crm(scenario: Scenario, note: CrmNote, turns: Sequence[Turn], written_on: date | None = None,
              rec: Record | None = None) -> dict[str, Graded]:
    """Every CRM check (``rec``: the session's record when the caller has it already)."""
    rec = rec or Record.of(scenario, turns)
    return {"crm_issue": check_crm_issue(note, scenario, rec), "crm_conditions": check_crm_conditions(note, scenario, rec),
            "crm_objections": check_crm_objections(note, scenario, rec), "crm_besoins": check_crm_besoins(note, scenario, rec),
            "crm_suite": check_crm_suite(note, rec, written_on)}


# ---------------------------------------------------------------- the email

def _lines(body: str) -> list[str]:
    return [line.strip() for line in body.splitlines() if line.strip()]


def check_email_forme(email: FollowUpEmail, lang: str) -> Graded:
    lang = lang if lang in SALUTATIONS else "fr"
    lines = _lines(email.body)
    first = fold(lines[0]) if lines else ""
    tail = fold(" ".join(lines[-3:])) if lines else ""
    folded = fold(f"{email.subject}\n{email.body}").replace("’", "'")
    words = set(re.findall(r"[a-z0-9]+", folded.replace("'", " ")))
    rules: list[tuple[bool, str, str, Severity]] = [  # (kept, field, the finding's key when not, severity)
        (bool(email.subject.strip()), "subject", "writing.email.no_subject", "warning"),
        (first.startswith(SALUTATIONS[lang]), "body", "writing.email.no_salutation", "warning"),
        (any(c in tail for c in CLOSINGS[lang]), "body", "writing.email.no_closing", "warning"),
        (lang != "fr" or not TUTOIEMENT.search(folded), "body", "writing.email.tutoiement", "fault"),
        (not (words & SMS_WORDS) and not EMOTICON.search(f"{email.subject}\n{email.body}".lower()), "body",
         "writing.email.sms", "fault"),
    ]
    out = []
    for ok, field, key, severity in rules:
        if not ok:
            out.append(_f("email", severity, phrase(key), field, "email_forme"))
    if all(r[0] for r in rules):
        out.append(_f("email", "strength", phrase("writing.email.well_formed"), None, "email_forme"))
    return Graded(sum(r[0] for r in rules) / len(rules), tuple(out))


def _dates_said(dates: frozenset[tuple[int, int]], rec: Record, written_on: date | None) -> frozenset[tuple[int, int]]:
    """The (day, month) dates the interview set: named as such, or falling on a weekday it named (« jeudi » said,
    « jeudi 10 décembre » written: the next such date from the day the email was written, within a month)."""
    if written_on is None:
        return frozenset(d for d in dates if d in rec.dates)
    said = set()
    for day, month in dates:
        for year in (written_on.year, written_on.year + 1):
            try:
                when = date(year, month, day)
            except ValueError:
                continue
            if 0 <= (when - written_on).days <= 31 and _said_in_interview(when, rec):
                said.add((day, month))
    return frozenset(said) | (dates & rec.dates)


def check_email_contenu(email: FollowUpEmail, scenario: Scenario, rec: Record,
                        written_on: date | None = None) -> Graded:
    lang = scenario.spec.language
    text = f"{email.subject}\n{email.body}"
    price = scenario.spec.price
    cur = price.currency if price else "EUR"
    out = []
    # 1. nothing the interview never said: an amount, a day, a date
    wrong_amounts = [a for a in money(text, lang) if a not in rec.amounts and a != rec.deal]
    days = weekdays_in(text, lang) - rec.weekdays
    named = day_months_in(text, lang)
    dates = named - _dates_said(named, rec, written_on)
    faithful = not wrong_amounts and not ((rec.weekdays or rec.dates) and (days or dates))
    for a in wrong_amounts:
        quoted = money_text(a, cur, lang)
        out.append(_f("email", "fault", phrase("writing.email.amount_unsaid", amount=quoted) if rec.deal is None
                      else phrase("writing.email.amount_unsaid_deal", amount=quoted, agreed=money_text(rec.deal, cur, lang)),
                      "body", "email_contenu"))
    if (rec.weekdays or rec.dates) and (days or dates):
        out.append(_f("email", "fault", phrase("writing.email.date_unsaid"), "body", "email_contenu"))
    kept = [faithful]
    # 2. the recap of what was agreed (nothing to recap when nothing was agreed, set or found)
    words = keywords(text, lang)
    recap: bool | None = None
    if rec.deal is not None:
        labels = {c.id: c.label for c in price.counterparts} if price else {}
        recap = rec.deal in money(text, lang) and all(shared_keywords(keywords(labels.get(c, c), lang), words)
                                                      for c in rec.obtained)
        missing = "writing.email.miss_price_counterparts" if rec.obtained else "writing.email.miss_price"
    elif rec.weekdays or rec.dates:
        recap = bool(weekdays_in(text, lang) & rec.weekdays or _dates_said(day_months_in(text, lang), rec, written_on))
        missing = "writing.email.miss_day"
    elif rec.discovered:
        recap = bool(_mentioned_needs(text, scenario, rec)[0])
        missing = "writing.email.miss_needs"
    if recap is not None:
        kept.append(recap)
        if recap:
            out.append(_f("email", "strength", phrase("writing.email.recap"), "body", "email_contenu"))
        else:
            out.append(_f("email", "warning", phrase("writing.email.no_recap", missing=phrase(missing)), "body",
                          "email_contenu"))
    # 3. a next step, unless the interview failed (a thank-you after a refusal sets no date)
    if rec.outcome != "failure":
        kept.append(mentions_date(text, lang))
        if not kept[-1]:
            out.append(_f("email", "warning", phrase("writing.email.no_next_step"), "body", "email_contenu"))
    return Graded(sum(kept) / len(kept), tuple(out))


def grade_email(scenario: Scenario, email: FollowUpEmail, turns: Sequence[Turn],
                rec: Record | None = None, written_on: date | None = None) -> dict[str, Graded]:
    rec = rec or Record.of(scenario, turns)
    return {"email_forme": check_email_forme(email, scenario.spec.language),
            "email_contenu": check_email_contenu(email, scenario, rec, written_on)}


__all__ = ["Record", "grade_crm", "grade_email"]
