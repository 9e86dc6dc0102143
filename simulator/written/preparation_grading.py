"""The preparation sheet graded against the scenario's hidden ``preparation:`` section, and the plan compared
with what the learner then did in the interview.

Each check (``checks.CHECKS``) returns the share of its points kept (0..1; None when it does not apply to this
scenario) with the findings that explain it. The rules, told to trainers in docs/scoring.md (« Les écrits »):

- ``decideur``: the actor named as decision maker is the scenario's ``decideur``.
- ``acteurs``: the actors worth meeting (``meet: true``, the decision maker aside) that were chosen, less one for
  each actor not worth meeting, out of those worth meeting.
- ``mobiles``: SONCAS hypotheses against the hidden motives: right ones / (right ∪ expected ∪ wrong ones).
- ``questions``: open questions (``text.is_open_question``) out of the planned ones, at least three counted.
- ``besoins``: needs worth probing that a planned question covers: close to a line that ``discovers`` the
  need (``text.close_to``) or holding a key word of the need's own (in its label or the lines that discover it,
  in no other need's), out of the needs worth probing.
- ``argument``: the lead argument answers a ``lead`` need or motive (1), another need of the client (0.5).
- ``plan_prix``: four rules kept out of four: all three prices given; opening ≥ target ≥ walk-away; opening
  between the sound opening (``opening_min``, default the scenario's target) and the list price; walk-away at
  least the sound walk-away (``walk_away_min``, default the floor).
- ``contreparties``: 0.7 × the expected counterparts planned + 0.3 × the share of their pairs in the advised
  order, less 0.15 per counterpart the client refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from ..content.scenario import Scenario
from ..content.spec import Counterpart, Need, PreparationActor
from ..engine.price import format_money
from ..engine.session import Turn
from ..i18n.phrase import Authored, Joined, Text, phrase, phrase_n, render
from .forms import MOTIVES
from .model import PreparationSheet
from .results import Finding, Severity
from .text import close_to, is_open_question, keywords, shared_keywords

WORK = "preparation"
# a motive's name inside a sentence: « sécurité, argent » (the form's words, lower-cased)
MOTIVES_FR = {k: render(phrase(f"writing.motive.{k}"), "fr").lower() for k in MOTIVES}
MOTIVES_EN = {k: render(phrase(f"writing.motive.{k}"), "en").lower() for k in MOTIVES}
# words that show an argument speaks to a motive (folded, starts of words), for a ``lead`` given as a motive
MOTIVE_WORDS = {
    "securite": ("securi", "fiab", "garanti", "risque", "serein", "protec", "couvert", "continuit", "panne",
                 "rupture", "safe", "secur", "reliab", "guarant", "risk"),
    "orgueil": ("image", "prestig", "reconn", "fier", "vitrine", "leader", "reputation", "valoris", "pride",
                "showcase", "recogni"),
    "nouveaute": ("nouve", "innov", "modern", "dernier", "recent", "technolog", "inedit", "new", "latest"),
    "confort": ("simpl", "facil", "temps", "tranquil", "confort", "pratique", "unique", "easy", "time", "hassle",
                "convenien"),
    "argent": ("econom", "cout", "rentab", "marge", "budget", "gagn", "rembours", "invest", "chiffre", "save",
               "cost", "margin", "money", "profit", "roi"),
    "sympathie": ("relation", "proximit", "confiance", "ecoute", "accompagn", "partenai", "local", "relationship",
                  "trust", "partner"),
}
QUESTION_ACTS = frozenset({"question_ouverte", "question_fermee", "question_alternative", "question_miroir",
                           "question_suggestive", "question_double"})
ARGUMENT_ACTS = frozenset({"argument_cap", "argument_caracteristiques", "argument_hors_besoin", "argument_sans_preuve"})


@dataclass(frozen=True)
class Graded:
    """One check: the share of its points kept (None: the check does not apply here) and why."""

    share: float | None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Expected:
    """What a good sheet contains for one scenario: its ``preparation:`` section with the defaults filled in."""

    actors: dict[str, PreparationActor]
    decision_maker: str | None
    motives: tuple[str, ...]
    needs: tuple[Need, ...]
    lead: tuple[str, ...]
    counterparts: tuple[Counterpart, ...]  # in the advised order
    opening_min: int | None
    walk_away_min: int | None

    @classmethod
    def of(cls, scenario: Scenario) -> Expected:
        spec, client = scenario.spec, scenario.spec.persona.client
        prep, price = spec.preparation, spec.price
        actors = {a.id: a for a in prep.actors} if prep else {}
        needs_by_id = {n.id: n for n in client.needs}
        need_ids = prep.needs if prep and prep.needs is not None else list(needs_by_id)
        by_cp = {c.id: c for c in price.counterparts} if price else {}
        cp_ids = (prep.counterparts if prep and prep.counterparts is not None
                  else [c.id for c in by_cp.values() if c.client_accepts])
        bounds = prep.price if prep else None
        return cls(actors, next((a.id for a in actors.values() if a.role == "decideur"), None),
                   tuple(prep.motives if prep and prep.motives is not None else client.motives),
                   tuple(needs_by_id[n] for n in need_ids if n in needs_by_id), tuple(prep.lead if prep else ()),
                   tuple(by_cp[c] for c in cp_ids if c in by_cp),
                   (bounds.opening_min if bounds and bounds.opening_min else price.target) if price else None,
                   (bounds.walk_away_min if bounds and bounds.walk_away_min else price.floor) if price else None)


def _f(severity: Severity, wording: Text, field: str | None, check: str | None, turn: int | None = None) -> Finding:
    return Finding(WORK, severity, wording, field, check, turn)


def money_text(value: float | None, currency: str, lang: str) -> Authored:
    """An amount inside a finding: in the scenario's language in French sentences, in English in English ones."""
    if value is None:
        return Authored("?", "?")
    return Authored(format_money(value, currency, lang), format_money(value, currency, "en"))


def _lang(scenario: Scenario) -> str:
    return scenario.spec.language


# ---------------------------------------------------------------- the checks

ARTICLES = ("Le ", "La ", "L'", "L’", "Les ", "Un ", "Une ", "Son ", "Sa ", "Ses ", "The ", "A ", "An ")


def _inline(label: str) -> str:
    """An author's label inside a sentence: « L'expert-comptable » becomes « l'expert-comptable »; names stay."""
    return label[0].lower() + label[1:] if label.startswith(ARTICLES) else label


def _why(actor: PreparationActor) -> str:
    """The author's reason as a sentence of its own after the finding's, ending with its stop."""
    if not actor.why:
        return ""
    why = actor.why.strip()
    return " " + (why if why[-1:] in ".!?…" else why + ".")


def check_decideur(sheet: PreparationSheet, exp: Expected) -> Graded:
    if exp.decision_maker is None:
        return Graded(None)
    right = exp.actors[exp.decision_maker]
    why = _why(right)
    who = Authored(_inline(right.label), right.label)
    if sheet.decision_maker == exp.decision_maker:
        return Graded(1.0, (_f("strength", phrase("writing.prep.decider_right", who=who, why=why), "decision_maker",
                               "decideur"),))
    if not sheet.decision_maker:
        return Graded(0.0, (_f("warning", phrase("writing.prep.decider_none", who=who, why=why), "decision_maker",
                               "decideur"),))
    chosen = exp.actors.get(sheet.decision_maker)
    named = _inline(chosen.label) if chosen else sheet.decision_maker
    return Graded(0.0, (_f("fault", phrase("writing.prep.decider_wrong", named=named, who=who, why=why),
                           "decision_maker", "decideur"),))


def check_acteurs(sheet: PreparationSheet, exp: Expected) -> Graded:
    if not exp.actors:
        return Graded(None)
    worth = {a for a, actor in exp.actors.items() if actor.meet and a != exp.decision_maker}
    chosen = [a for a in dict.fromkeys(sheet.actors) if a in exp.actors and a != exp.decision_maker]
    hits = [a for a in chosen if a in worth]
    wrong = [a for a in chosen if not exp.actors[a].meet]
    out = []
    for a in hits:
        actor = exp.actors[a]
        out.append(_f("strength", phrase("writing.prep.actor_good", who=_inline(actor.label), why=_why(actor)),
                      "actors", "acteurs"))
    for a in wrong:
        actor = exp.actors[a]
        out.append(_f("warning", phrase("writing.prep.actor_useless", who=_inline(actor.label), why=_why(actor)),
                      "actors", "acteurs"))
    for a in sorted(worth - set(hits)):
        actor = exp.actors[a]
        out.append(_f("warning", phrase("writing.prep.actor_missed", who=_inline(actor.label), why=_why(actor)),
                      "actors", "acteurs"))
    if worth:
        share = max(0.0, (len(hits) - len(wrong)) / len(worth))
    else:
        share = 0.0 if wrong else 1.0
    return Graded(share, tuple(out))


def check_mobiles(sheet: PreparationSheet, exp: Expected) -> Graded:
    if not exp.motives:
        return Graded(None)
    hyp = {m for m in sheet.motives if m in MOTIVES_FR}
    expected = set(exp.motives)
    right, wrong, missed = hyp & expected, hyp - expected, expected - hyp
    out = []

    def names(ms: set[str]) -> Joined:
        return Joined(tuple(Authored(MOTIVES_FR[m], MOTIVES_EN[m]) for m in sorted(ms, key=list(MOTIVES_FR).index)))

    if right:
        out.append(_f("strength", phrase("writing.prep.motives_right", motives=names(right)), "motives", "mobiles"))
    if missed:
        out.append(_f("warning", phrase("writing.prep.motives_missed", motives=names(missed)), "motives", "mobiles"))
    if wrong:
        out.append(_f("warning", phrase("writing.prep.motives_wrong", motives=names(wrong)), "motives", "mobiles"))
    return Graded(len(right) / len(hyp | expected), tuple(out))


def _questions(sheet: PreparationSheet) -> list[str]:
    return [q.strip() for q in sheet.questions if q.strip()]


def check_questions(sheet: PreparationSheet, lang: str) -> Graded:
    questions = _questions(sheet)
    if not questions:
        return Graded(0.0, (_f("warning", phrase("writing.prep.no_question"), "questions", "questions"),))
    open_ = [q for q in questions if q.count("?") <= 1 and is_open_question(q, lang)]
    out = []
    for q in questions:
        if q.count("?") > 1:
            out.append(_f("warning", phrase("writing.prep.double_question", q=q), "questions", "questions"))
        elif q not in open_:
            out.append(_f("warning", phrase("writing.prep.closed_question", q=q), "questions", "questions"))
    if len(questions) < 3:
        out.append(_f("warning", phrase_n("writing.prep.few_questions", len(questions)), "questions", "questions"))
    elif len(questions) > 5:
        out.append(_f("warning", phrase("writing.prep.many_questions"), "questions", "questions"))
    if open_ and len(open_) == len(questions) >= 3:
        out.append(_f("strength", phrase("writing.prep.open_questions", n=len(open_)), "questions", "questions"))
    return Graded(len(open_) / max(len(questions), 3), tuple(out))


@dataclass(frozen=True)
class NeedLines:
    """What a scenario says about one need: the lines that discover it, those that argue it, and the key words
    of its label no other need's label has."""

    discovering: tuple[str, ...]
    arguing: tuple[str, ...]
    own: frozenset[str]


@lru_cache(maxsize=64)  # scenarios hash by identity: read once per scenario, not once per question
def needs_of(scenario: Scenario) -> dict[str, NeedLines]:
    lang = _lang(scenario)
    needs = scenario.spec.persona.client.needs
    choices = [c for st in scenario.states.values() for c in st.choices]
    out = {}
    lines = {n.id: tuple(line for c in choices if n.id in c.discovers for line in (c.spec.text, *c.spec.examples))
             for n in needs}
    # a need's words: its label's and those of the lines that discover it
    words = {n.id: frozenset().union(keywords(n.label, lang), *(keywords(line, lang) for line in lines[n.id]))
             for n in needs}
    for need in needs:
        theirs: set[str] = set().union(*(words[o.id] for o in needs if o.id != need.id))
        mine = words[need.id]
        out[need.id] = NeedLines(lines[need.id], tuple(c.spec.text for c in choices if need.id in c.spec.argues),
                                  frozenset(mine - shared_keywords(mine, theirs)))
    return out


def _discovering_lines(scenario: Scenario, need: str) -> tuple[str, ...]:
    found = needs_of(scenario).get(need)
    return found.discovering if found else ()


def covers(question: str, need: str, scenario: Scenario) -> bool:
    """Does a planned question probe this need? Close to a line of the scenario that discovers it, or sharing a
    key word with its label that no other need's label has."""
    lines = needs_of(scenario).get(need)
    if lines is None:
        return False
    lang = _lang(scenario)
    return close_to(question, lines.discovering, lang) or bool(shared_keywords(lines.own, keywords(question, lang)))


def check_besoins(sheet: PreparationSheet, exp: Expected, scenario: Scenario) -> Graded:
    if not exp.needs:
        return Graded(None)
    questions = _questions(sheet)
    out = []
    covered = 0
    for need in exp.needs:
        if any(covers(q, need.id, scenario) for q in questions):
            covered += 1
            out.append(_f("strength", phrase("writing.prep.need_covered", need=need.label), "questions", "besoins"))
            continue
        lines = _discovering_lines(scenario, need.id)
        missed = (phrase("writing.prep.need_missed_example", need=need.label, line=lines[0]) if lines
                  else phrase("writing.prep.need_missed", need=need.label))
        out.append(_f("warning", missed, "questions", "besoins"))
    return Graded(covered / len(exp.needs), tuple(out))


def _speaks_to(argument: str, target: str, scenario: Scenario) -> bool:
    """Does the argument answer a need (close to a line arguing it, or a key word of its label) or a motive?"""
    lang = _lang(scenario)
    if target in MOTIVE_WORDS:
        words = keywords(argument, lang) | set(argument.lower().split())
        return any(w.startswith(MOTIVE_WORDS[target]) for w in words)
    lines = needs_of(scenario).get(target)
    return lines is not None and (close_to(argument, lines.arguing, lang) or covers(argument, target, scenario))


def check_argument(sheet: PreparationSheet, exp: Expected, scenario: Scenario) -> Graded:
    argument = sheet.lead_argument.strip()
    needs = scenario.spec.persona.client.needs
    if not needs and not exp.lead:
        return Graded(None)
    if not argument:
        return Graded(0.0, (_f("warning", phrase("writing.prep.no_argument"), "lead_argument", "argument"),))
    lead = exp.lead or tuple(n.id for n in needs)
    hit = next((t for t in lead if _speaks_to(argument, t, scenario)), None)
    if hit is not None:
        return Graded(1.0, (_f("strength", phrase("writing.prep.argument_right", target=_target(hit, scenario)),
                               "lead_argument", "argument"),))
    wanted = Joined(tuple(phrase("writing.quoted", text=_target(t, scenario)) for t in lead), "writing.sep.or")
    other = next((n.id for n in needs if n.id not in lead and _speaks_to(argument, n.id, scenario)), None)
    if other is not None:
        return Graded(0.5, (_f("warning", phrase("writing.prep.argument_secondary", wanted=wanted), "lead_argument",
                               "argument"),))
    return Graded(0.0, (_f("warning", phrase("writing.prep.argument_none", wanted=wanted), "lead_argument",
                           "argument"),))


def _target(target: str, scenario: Scenario) -> Authored:
    """What the lead argument should answer, as French and English sentences name it."""
    return Authored(_label(target, scenario, "fr"), _label(target, scenario, "en"))


def _label(target: str, scenario: Scenario, lang: str) -> str:
    if target in MOTIVES_FR:
        return (MOTIVES_EN if lang == "en" else MOTIVES_FR)[target]
    need = next((n for n in scenario.spec.persona.client.needs if n.id == target), None)
    return need.label.rstrip(".") if need else target


def check_plan_prix(sheet: PreparationSheet, exp: Expected, scenario: Scenario) -> Graded:
    price = scenario.spec.price
    if price is None:
        return Graded(None)
    lang, cur = _lang(scenario), price.currency

    def m(v: int | None) -> Authored:
        return money_text(v, cur, lang)

    o, t, w = sheet.price_opening, sheet.price_target, sheet.price_walk_away
    out, kept = [], 0
    if None in (o, t, w):
        out.append(_f("warning", phrase("writing.prep.price_incomplete"), "price_opening", "plan_prix"))
    else:
        kept += 1
    if o is not None and t is not None and w is not None:
        if o >= t >= w:
            kept += 1
        else:
            out.append(_f("fault", phrase("writing.prep.price_inconsistent", opening=m(o), target=m(t), walk_away=m(w)),
                          "price_target", "plan_prix"))
    if o is not None:
        low = exp.opening_min or price.target
        if low <= o <= price.list_price:
            kept += 1
        elif o < low:
            out.append(_f("fault", phrase("writing.prep.opening_low", opening=m(o), low=m(low)), "price_opening",
                          "plan_prix"))
        else:
            out.append(_f("warning", phrase("writing.prep.opening_high", opening=m(o), list_price=m(price.list_price)),
                          "price_opening", "plan_prix"))
    if w is not None:
        floor = exp.walk_away_min or price.floor
        if w >= floor:
            kept += 1
        else:
            out.append(_f("fault", phrase("writing.prep.walk_away_low", walk_away=m(w), floor=m(floor)),
                          "price_walk_away", "plan_prix"))
    if w is not None and w < (exp.walk_away_min or price.floor):
        kept = 0  # planning to sell beyond the mandate is a fault in itself, whatever the rest of the plan
    if kept == 4:
        out.append(_f("strength", phrase("writing.prep.price_consistent", opening=m(o), target=m(t), walk_away=m(w)),
                      "price_opening", "plan_prix"))
    return Graded(kept / 4, tuple(out))


def check_contreparties(sheet: PreparationSheet, exp: Expected, scenario: Scenario) -> Graded:
    price = scenario.spec.price
    if price is None or not price.counterparts:
        return Graded(None)
    by_id = {c.id: c for c in price.counterparts}
    planned = [c for c in dict.fromkeys(sheet.counterparts) if c in by_id]
    if not planned:
        return Graded(0.0, (_f("warning", phrase("writing.prep.no_counterpart"), "counterparts", "contreparties"),))
    expected = [c.id for c in exp.counterparts]
    common = [c for c in planned if c in expected]
    recall = len(common) / len(expected) if expected else 1.0
    pairs = list(combinations(common, 2))
    in_order = sum(expected.index(a) < expected.index(b) for a, b in pairs)
    order = in_order / len(pairs) if pairs else 1.0
    refused = [c for c in planned if not by_id[c].client_accepts]
    out = []
    if common:
        out.append(_f("strength", phrase("writing.prep.counterparts_right",
                                         labels=Joined(tuple(by_id[c].label for c in common))),
                      "counterparts", "contreparties"))
    for c in expected:
        if c not in planned:
            out.append(_f("warning", phrase("writing.prep.counterpart_missed", label=by_id[c].label), "counterparts",
                          "contreparties"))
    if order < 1:
        advised = Joined(tuple(by_id[c].label for c in expected if c in common))
        out.append(_f("warning", phrase("writing.prep.counterparts_order", labels=advised), "counterparts",
                      "contreparties"))
    for c in refused:
        out.append(_f("warning", phrase("writing.prep.counterpart_refused", label=by_id[c].label), "counterparts",
                      "contreparties"))
    return Graded(max(0.0, min(1.0, 0.7 * recall + 0.3 * order - 0.15 * len(refused))), tuple(out))


def grade_preparation(scenario: Scenario, sheet: PreparationSheet) -> dict[str, Graded]:
    """Every preparation check on this sheet (those that do not apply here are None)."""
    exp = Expected.of(scenario)
    lang = _lang(scenario)
    return {
        "decideur": check_decideur(sheet, exp), "acteurs": check_acteurs(sheet, exp),
        "mobiles": check_mobiles(sheet, exp), "questions": check_questions(sheet, lang),
        "besoins": check_besoins(sheet, exp, scenario), "argument": check_argument(sheet, exp, scenario),
        "plan_prix": check_plan_prix(sheet, exp, scenario), "contreparties": check_contreparties(sheet, exp, scenario),
    }


# ---------------------------------------------------------------- the plan against the interview

def plan_vs_actual(scenario: Scenario, sheet: PreparationSheet, turns: Sequence[Turn]) -> list[Finding]:
    """What the learner planned on the sheet, set against what they did: planned questions asked or not,
    counterparts asked for, the opening price, the walk-away price held or not, the lead argument."""
    if not turns:
        return []
    return [*_questions_asked(scenario, sheet, turns), *_lead_played(scenario, sheet, turns),
            *_price_kept(scenario, sheet, turns)]


def _questions_asked(scenario: Scenario, sheet: PreparationSheet, turns: Sequence[Turn]) -> list[Finding]:
    lang = _lang(scenario)
    asked = [t for t in turns if set(t.acts) & QUESTION_ACTS]
    needs = scenario.spec.persona.client.needs
    out = []
    for q in _questions(sheet):
        turn = next((t for t in asked if close_to(q, (t.learner_text,), lang)), None)
        if turn is None:  # asked in other words: a question on the same subject that discovered a need it covers
            turn = next((t for t in asked if shared_keywords(keywords(q, lang), keywords(t.learner_text, lang))
                         for n in needs if n.id in set(t.after.get("discovered", ())) - set(t.before.get("discovered", ()))
                         and covers(q, n.id, scenario)), None)
        if turn is not None:
            out.append(Finding("preparation", "strength", phrase("writing.plan.question_asked", q=q, turn=turn.number),
                               "questions", None, turn.number))
        else:
            out.append(Finding("preparation", "warning", phrase("writing.plan.question_not_asked", q=q), "questions"))
    return out


def _lead_played(scenario: Scenario, sheet: PreparationSheet, turns: Sequence[Turn]) -> list[Finding]:
    argument = sheet.lead_argument.strip()
    first = next((t for t in turns if set(t.acts) & ARGUMENT_ACTS), None)
    if not argument or first is None:
        return []
    lang = _lang(scenario)
    if shared_keywords(keywords(argument, lang), keywords(first.learner_text, lang)):
        return [Finding("preparation", "strength", phrase("writing.plan.lead_kept", turn=first.number), "lead_argument",
                        None, first.number)]
    return [Finding("preparation", "warning", phrase("writing.plan.lead_changed", argument=argument, turn=first.number),
                    "lead_argument", None, first.number)]


def _price_kept(scenario: Scenario, sheet: PreparationSheet, turns: Sequence[Turn]) -> list[Finding]:
    price = scenario.spec.price
    if price is None:
        return []
    lang, cur = _lang(scenario), price.currency
    offers = [t for t in turns if t.offer is not None]
    planned_price = any(v is not None for v in (sheet.price_opening, sheet.price_target, sheet.price_walk_away))
    by_id = {c.id: c for c in price.counterparts}
    planned_cps = [c for c in dict.fromkeys(sheet.counterparts) if c in by_id]
    if not offers:
        if planned_price or planned_cps:
            return [Finding("preparation", "warning", phrase("writing.plan.no_price"), "price_opening")]
        return []
    out = []

    def m(v: float) -> Authored:
        return money_text(v, cur, lang)

    first = offers[0]
    assert first.offer is not None
    o = sheet.price_opening
    if o is not None and first.offer.amount < o:
        out.append(Finding("preparation", "warning", phrase("writing.plan.opening_lower", planned=m(o),
                                                            amount=m(first.offer.amount), turn=first.number),
                           "price_opening", None, first.number))
    elif o is not None:
        out.append(Finding("preparation", "strength", phrase("writing.plan.opening_kept", amount=m(first.offer.amount),
                                                             turn=first.number, planned=m(o)),
                           "price_opening", None, first.number))
    w = sheet.price_walk_away
    deal = next((t for t in offers if t.offer is not None and t.offer.response == "accept"), None)
    if w is not None:
        below = next((t for t in offers if t.offer is not None and t.offer.amount < w), None)
        if deal is not None and deal.offer is not None and deal.offer.amount < w:
            out.append(Finding("preparation", "fault", phrase("writing.plan.walk_away_agreed", walk_away=m(w),
                                                              amount=m(deal.offer.amount), turn=deal.number),
                               "price_walk_away", None, deal.number))
        elif below is not None and below.offer is not None:
            out.append(Finding("preparation", "fault", phrase("writing.plan.walk_away_offered", walk_away=m(w),
                                                              amount=m(below.offer.amount), turn=below.number),
                               "price_walk_away", None, below.number))
        elif deal is not None and deal.offer is not None:
            out.append(Finding("preparation", "strength", phrase("writing.plan.walk_away_kept", amount=m(deal.offer.amount),
                                                                 walk_away=m(w)),
                               "price_walk_away", None, deal.number))
    t = sheet.price_target
    if t is not None and deal is not None and deal.offer is not None and deal.offer.amount >= t:
        out.append(Finding("preparation", "strength", phrase("writing.plan.target_reached", amount=m(deal.offer.amount),
                                                             target=m(t)),
                           "price_target", None, deal.number))
    asked_at: dict[str, Turn] = {}
    for turn in offers:
        if turn.offer is not None and turn.offer.counterpart and turn.offer.counterpart not in asked_at:
            asked_at[turn.offer.counterpart] = turn
    for c in planned_cps:
        label = by_id[c].label
        asked_turn = asked_at.get(c)
        if asked_turn is None:
            out.append(Finding("preparation", "warning", phrase("writing.plan.counterpart_not_asked", label=label),
                               "counterparts"))
            continue
        assert asked_turn.offer is not None
        answer = phrase("writing.plan.granted" if asked_turn.offer.counterpart_accepted else "writing.plan.refused")
        out.append(Finding("preparation", "strength", phrase("writing.plan.counterpart_asked", label=label,
                                                             turn=asked_turn.number, answer=answer),
                           "counterparts", None, asked_turn.number))
    asked = [c for c in planned_cps if c in asked_at]
    if any(asked_at[a].number > asked_at[b].number for a, b in combinations(asked, 2)):
        out.append(Finding("preparation", "warning", phrase("writing.plan.counterparts_order"), "counterparts"))
    return out


__all__ = ["Expected", "Graded", "covers", "grade_preparation", "money_text", "needs_of", "plan_vs_actual"]
