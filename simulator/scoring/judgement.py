"""What a jury sees beyond single moves: techniques across turns, named faults, recap conformity, steps never
reached, thin evidence and the difference between a strong interview and a flawless one.

The scorer grades each move against the moves the state offered (scorer.py). A jury also judges the path:
- a **technique** (CRAC, CROC, the price sandwich, the discovery funnel) is credited when its steps follow
  each other within a few turns, never by a single line that names them all;
- a **fault** (a lie, a discount beyond the mandate, running down a competitor...) caps the criteria it
  touches whatever else was done, and an ethical fault caps the block;
- the **recap** at the close must state what the negotiation record holds, nothing less, nothing more;
- the **offer** must answer every need found: one never argued (and, if the rubric says so, one never found)
  caps the criterion that grades the fit of the offer;
- a **step never reached** because the path ended early is "non acquis", not "non évalué";
- a criterion seen once or twice is **not judged on so little**: "en cours", mark drawn to the middle;
- **19–20 is for a criterion with no weakness**: each weakness or missed opportunity lowers its ceiling.
Everything here is declared in the rubric (``judgement``, ``faults``, ``techniques``, ``needs_coverage``,
``required``) and only ever lowers a ratio, except a completed technique, which adds what it is worth to the
points and the maximum.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..content.acts import ENGINE_ACTS
from ..content.scenario import Scenario
from ..content.spec import Block
from ..engine.price import format_money
from ..engine.session import Turn
from ..i18n.phrase import Authored, Joined, Num, Text, phrase, phrase_n
from .context import History, move_env
from .debrief import ConformityResult, Evidence, FaultResult, NeedsLeft, TechniqueResult
from .rubric import Rubric, TechniqueSpec

FLAW_STEP = 0.05  # each weakness past the first lowers the ceiling by one mark out of 20
MIDDLE = 0.55  # the middle of the « en cours » band: where thin evidence is drawn to
CONFORMITY_POINTS = -2
RECAP_ACTS = frozenset({"recapitulatif_engagements", "recapitulatif_incomplet"})


@dataclass
class Adjusted:
    """A criterion's ratio after the jury's reading, with the reasons shown in the debrief."""

    ratio: float | None
    notes: list[Text]
    level: str | None = None  # forced level (thin evidence, steps never reached), else from the ratio


# ---------------------------------------------------------------- techniques across turns

@lru_cache(maxsize=64)  # scenarios and rubrics hash by identity: one scan per scenario, not one per debrief
def _scenario_acts(scenario: Scenario, phases: tuple[str, ...] = ()) -> frozenset[str]:
    """The acts some choice of the scenario performs (in states of these phases, when given)."""
    return frozenset(a for st in scenario.states.values() if not phases or st.spec.phase in phases
                     for c in st.choices for a in c.spec.acts)


def techniques(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn],
               criteria: frozenset[str]) -> list[TechniqueResult]:
    """Each technique the path called for (a turn in its phases, every step possible in the scenario): complete
    when its steps follow each other in order, at most two steps on one turn, within its window of turns."""
    out = []
    for tech, criterion in _possible(scenario, rubric, criteria):
        relevant = [t for t in turns if not tech.phases or t.phase in tech.phases]
        if not relevant:
            continue
        done, found = _match(tech.steps, relevant, tech.window)
        out.append(TechniqueResult(tech.id, tech.label_fr, tech.label_en, criterion, found is not None,
                                   found or (relevant[-1].number,), done, len(tech.steps),
                                   tech.points, tech.explain_fr, tech.explain_en))
    return out


@lru_cache(maxsize=8)  # scenarios and rubrics hash by identity: once per pair in use (each entry keeps its scenario alive)
def _possible(scenario: Scenario, rubric: Rubric, criteria: frozenset[str]) -> tuple[tuple[TechniqueSpec, str], ...]:
    """The rubric's techniques the scenario makes possible (every step some move can perform), each with the
    criterion among ``criteria`` it credits (a technique crediting none of them is left out)."""
    out = []
    for tech in rubric.techniques:
        criterion = next((c for c in tech.criteria if c in criteria), None)
        offered = _scenario_acts(scenario, tuple(tech.phases))
        if tech.phases and scenario.spec.price is not None and "prix" in tech.phases:
            offered |= {"annonce_prix", "maintien_prix"}  # said by typing a price, not by a choice
        if criterion is not None and all(set(step) & offered for step in tech.steps):
            out.append((tech, criterion))
    return tuple(out)


def _match(steps: list[list[str]], turns: list[Turn], window: int) -> tuple[int, tuple[int, ...] | None]:
    """(the most steps reached from any start, the turns of a complete run or None)."""
    best = 0
    for i, first in enumerate(turns):
        k, used = 0, []
        for turn in turns[i:]:
            if turn.number - first.number >= window:
                break
            taken = 0
            while k < len(steps) and taken < 2 and set(turn.acts) & set(steps[k]):
                k, taken = k + 1, taken + 1
            if taken:
                used.append(turn.number)
            elif not used:
                break  # a run starts with its first step
            if k == len(steps):
                return k, tuple(used)
        best = max(best, k)
    return best, None


# ---------------------------------------------------------------- faults

def faults(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn]) -> list[FaultResult]:
    """The named faults committed on the path, with the turns they were committed at."""
    seen: dict[str, list[int]] = {}
    # Most turns carry no act any fault names, and most faults read no history: the history before a turn is
    # worked out (from where it was last) only when a fault's condition is about to read it.
    history, upto = History(), 0
    named = _fault_acts(rubric)
    for i, turn in enumerate(turns):
        if named.isdisjoint(turn.acts):
            continue
        acts = set(turn.acts)
        env = None
        for fault in rubric.faults:
            if not acts & fault.acts:
                continue
            if fault.condition is not None:
                if env is None:
                    for earlier in turns[upto:i]:
                        history = history.after(earlier)
                    upto = i
                    env = move_env(scenario, turn, history)
                if not fault.condition(env):
                    continue
            seen.setdefault(fault.id, []).append(turn.number)
    if not seen:  # the usual case: no fault committed (each is counted from one occurrence up)
        return []
    out = []
    for fault in rubric.faults:
        at = seen.get(fault.id, [])
        spec = fault.spec
        if len(at) < spec.min_count:
            continue
        # repeated: committed once more than the fault needs. A fault of one act counts lapses: kept up on the very
        # next turn (a promise confirmed when the client takes it up, a lie maintained), it is the same lapse; a
        # fault of several acts (concessions given one after another) counts each act
        count = len(at) if spec.min_count > 1 else 1 + sum(b - a > 1 for a, b in zip(at, at[1:]))
        repeated = count > spec.min_count
        cap = spec.repeated_cap if repeated and spec.repeated_cap else spec.cap
        out.append(FaultResult(spec.id, spec.label_fr, spec.label_en, tuple(at), cap, spec.ethical,
                               tuple(spec.criteria), spec.explain_fr, spec.explain_en))
    return out


@lru_cache(maxsize=64)  # rubrics hash by identity
def _fault_acts(rubric: Rubric) -> frozenset[str]:
    """Every act some fault of the rubric is committed by."""
    return frozenset(a for fault in rubric.faults for a in fault.acts)


# ---------------------------------------------------------------- the offer against the client's needs

@lru_cache(maxsize=8)  # scenarios hash by identity: one scan per scenario in use (each entry keeps it alive)
def _argues(scenario: Scenario) -> dict[tuple[str, str], frozenset[str]]:
    """The needs each choice's argument answers (``argues``), by (state, choice): empty when the scenario tags
    none, and then the offer cannot be held against the needs."""
    return {(st.id, c.id): frozenset(c.spec.argues) for st in scenario.states.values() for c in st.choices
            if c.spec.argues}


def needs_left(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn]) -> NeedsLeft | None:
    """The client's needs an ended interview left without an answer (``needs_coverage`` in the rubric): found but
    never answered by an argument, and (when the rubric says so) never found. None when every need was answered,
    the interview has not ended (the offer may still come), the scenario grades none of the criteria it caps (a
    prospecting call), or the scenario does not say which arguments answer which needs."""
    spec = rubric.spec.needs_coverage
    if spec is None or not turns or turns[-1].outcome is None:
        return None
    # only where the scenario grades the fit of an offer (a prospecting call's offer is the meeting)
    capped = tuple(c for c in spec.criteria if rubric.criteria[c].block in scenario.spec.blocks)
    if not capped:
        return None
    needs = scenario.spec.persona.client.needs
    argues = _argues(scenario) if needs else None
    if not argues:
        return None
    answered: set[str] = set()
    for turn in turns:
        choice = turn.choice_id
        if choice is not None:
            answered |= argues.get((turn.state, choice), frozenset())
    found = turns[-1].after.get("discovered", frozenset())
    unanswered = tuple(n.label for n in needs if n.id in found and n.id not in answered)
    undiscovered = tuple(n.label for n in needs if n.id not in found) if spec.undiscovered else ()
    if not unanswered and not undiscovered:
        return None
    return NeedsLeft(unanswered, undiscovered, spec.cap, capped, turns[-1].number)


# ---------------------------------------------------------------- recap conformity

def _norm(text: str) -> str:
    """A recap and a label compared as a reader would: any run of spaces (no-break ones included: ``\\s`` matches
    them) as one, and case folded (« Straße » reads as « strasse », « ﬁ » as « fi », which ``lower`` keeps apart)."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def conformity(scenario: Scenario, turns: Sequence[Turn]) -> list[ConformityResult]:
    """Recaps made after a deal, checked against the record: the agreed price and every counterpart obtained
    must be stated; a counterpart the client refused or was never asked must not be."""
    price = scenario.spec.price
    if price is None:
        return []
    lang = scenario.spec.language
    labels = {c.id: c.label for c in price.counterparts}
    out = []
    deal = None
    obtained: list[str] = []
    for turn in turns:
        offer = turn.offer
        if offer is not None:
            if offer.with_counterpart and offer.counterpart and offer.counterpart not in obtained:
                obtained.append(offer.counterpart)
            if offer.response == "accept":
                deal = offer.amount
        if deal is None or not RECAP_ACTS & set(turn.acts):
            continue
        said = _norm(turn.learner_text)
        missing, invented = [], []
        if _norm(format_money(deal, price.currency, lang)) not in said:
            missing.append(("le prix convenu (" if lang != "en" else "the agreed price (")
                           + format_money(deal, price.currency, lang) + ")")
        missing += [labels[c] for c in obtained if _norm(labels[c]) not in said]
        invented += [label for cid, label in labels.items() if cid not in obtained and _norm(label) in said]
        if missing or invented:
            out.append(ConformityResult(turn.number, tuple(missing), tuple(invented)))
    return out


def conformity_evidence(result: ConformityResult, criterion: str, turn: Turn) -> Evidence:
    parts: list[Text] = []
    if result.missing:
        parts.append(phrase("scoring.recap.missing", items=Joined(result.missing, "scoring.sep.semicolon")))
    if result.invented:
        parts.append(phrase("scoring.recap.invented", items=Joined(result.invented, "scoring.sep.semicolon")))
    return Evidence(turn.number, criterion, "weakness", CONFORMITY_POINTS, "conformite_recapitulatif", turn.learner_text,
                    " ".join(line.text for line in turn.replies),
                    phrase("scoring.recap.mismatch", parts=Joined(tuple(parts))))


# ---------------------------------------------------------------- a criterion as a jury reads it

@lru_cache(maxsize=64)
def offered_criteria(scenario: Scenario, rubric: Rubric) -> frozenset[str]:
    """Criteria the scenario gives a chance to show somewhere (one of their acts is on some choice), or by a
    price negotiation (the engine's price acts)."""
    acts = set(_scenario_acts(scenario))
    if scenario.spec.price is not None:
        acts.update(ENGINE_ACTS)
    return frozenset(c.id for c in rubric.criteria.values() if c.acts & acts)


def adjust(rubric: Rubric, criterion: str, block: Block, ratio: float | None, opportunities: int, flaws: int,
           ended: bool, offered: bool, fault_caps: Sequence[FaultResult], shown: int = 0,
           needs: NeedsLeft | None = None) -> Adjusted:
    judgement = rubric.spec.judgement
    notes: list[Text] = []  # phrases, rendered only when a debrief is shown (the marks never render them)
    level: str | None = None
    if ratio is None:
        # nothing to its credit could be shown on this path (never reached, or only mistakes to avoid)
        if not (ended and offered and criterion in rubric.spec.required.get(block, [])):
            return Adjusted(None, notes)
        notes.append(phrase("scoring.note.never_reached"))
        ratio, level = 0.0, "non_acquis"
    elif opportunities < judgement.thin_below and judgement.prior and ratio > MIDDLE:
        # one good line is not a 20: drawn down towards the middle (the jury's scale keeps a 0 off the floor)
        n, prior = opportunities, judgement.prior
        ratio = (n * ratio + prior * MIDDLE) / (n + prior)
        notes.append(phrase("scoring.note.thin", n=opportunities))
    if level is None and opportunities < judgement.min_opportunities:
        ratio = min(max(ratio, rubric.spec.levels.en_cours.min), rubric.cap_ratio("en_cours"))
        level = "en_cours"
        notes.append(phrase("scoring.note.too_few"))
    if flaws and judgement.flawless_ceiling < 1:
        # 19–20 is for a criterion with no weakness: each weakness or missed opportunity lowers the ceiling,
        # never below the bottom of « acquis » (the count alone moves the mark, not the level)
        ceiling = max(judgement.flawless_ceiling - FLAW_STEP * (flaws - 1), rubric.spec.levels.acquis.min)
        if ratio > ceiling:
            ratio = ceiling
            notes.append(phrase_n("scoring.note.ceiling", flaws, mark=Num(20 * ceiling, 1)))
    threshold = rubric.spec.levels.en_cours.min
    if level is None and shown and judgement.partly_shown and judgement.partly_shown <= ratio < threshold:
        # shown at least once, with no fault to contradict it (faults cap below): partly shown, « en cours »
        ratio = threshold
        notes.append(phrase_n("scoring.note.partly", shown))
    if judgement.floor and ratio < threshold:  # the jury's scale: « non acquis » spans [floor, threshold[
        ratio = judgement.floor + (threshold - judgement.floor) * ratio / threshold
        notes.append(phrase("scoring.note.floor", mark=Num(20 * judgement.floor)))
    for fault in fault_caps:
        cap = rubric.cap_ratio(fault.cap)
        if criterion in fault.criteria and ratio > cap:
            ratio = cap
            if level is not None and fault.cap == "non_acquis":
                level = "non_acquis"
            notes.append(phrase("scoring.note.fault", label=Authored(fault.label_fr, fault.label_en),
                                turns=Joined(tuple(map(str, fault.turns)))))
    if needs is not None and criterion in needs.criteria:
        cap = rubric.cap_ratio(needs.cap)
        if ratio > cap:
            ratio = cap
            if level is not None and needs.cap == "non_acquis":
                level = "non_acquis"
            notes.append(phrase_n("scoring.note.needs_left", len(needs.unanswered) + len(needs.undiscovered),
                                  cap=Authored(rubric.level_label(needs.cap, "fr"), rubric.level_label(needs.cap, "en"))))
    return Adjusted(ratio, notes, level)


def interview_ceiling(rubric: Rubric, flaws: int) -> float:
    """The highest share a block or the whole interview keeps with ``flaws`` weaknesses: a strong interview is
    not a perfect one (19–20 only without any), and each weakness more shows in the mark, never in the level."""
    judgement = rubric.spec.judgement
    if not flaws or judgement.interview_ceiling >= 1:
        return 1.0
    floor = rubric.spec.levels.acquis.min
    return max(judgement.interview_ceiling - judgement.interview_flaw_step * (flaws - 1), floor)
