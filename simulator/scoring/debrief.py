"""The debrief: what the scorer found, as immutable values every view renders (text, TUI, md, HTML, JSON).

Everything a reader sees traces to a turn: each piece of evidence names the turn, the learner's line,
the client's answer, the rubric rule and its explanation; the objective names the ending reached and the turn
it was reached at.

Texts the scorer writes are language-neutral values (``simulator.i18n.phrase``: a catalog key and its fields),
rendered in the reader's language by the accessors (``explain(lang)``, ``text(lang)``, ``notes(lang)``,
``headline(lang)``); the ``*_fr`` / ``*_en`` properties render both languages for the JSON debrief, the sealed
records and xAPI. Texts an author wrote (a rubric's titles and labels) stay as written, in both languages.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..i18n.phrase import Text, in_language, render

if TYPE_CHECKING:
    from ..written.results import WrittenGrading

EvidenceKind = Literal["strength", "weakness", "missed"]  # what a piece of evidence says of a move


@dataclass(frozen=True)
class Evidence:
    """One observation on one criterion at one turn."""

    turn: int
    criterion: str
    kind: EvidenceKind
    points: int  # signed points counted (0 for a missed opportunity)
    rule: str | None  # the rubric rule; None for a missed opportunity
    learner: str
    client: str
    explanation: Text  # the rule's explanation as the rubric words it, or the scorer's sentence

    def explain(self, lang: str) -> str:
        return render(self.explanation, lang)

    explain_fr = in_language("explain", "fr")
    explain_en = in_language("explain", "en")

@dataclass(frozen=True)
class Better:
    """A move the same state offered that the rubric grades higher than the one played."""

    turn: int
    criterion: str | None  # None: better overall (transcript annotation)
    chosen: str
    chosen_points: int
    text: str
    input: tuple[tuple[str, Any], ...]  # the engine input, as sorted (key, value) pairs
    points: int
    reasons_fr: tuple[str, ...] = ()
    reasons_en: tuple[str, ...] = ()

    def reasons(self, lang: str) -> tuple[str, ...]:
        return self.reasons_en if lang == "en" else self.reasons_fr

    @property
    def input_dict(self) -> dict[str, Any]:
        return dict(self.input)


@dataclass(frozen=True)
class CriterionResult:
    id: str
    block: str
    title_fr: str
    title_en: str
    weight: int
    level: str  # acquis | en_cours | non_acquis | non_evalue
    points: int  # points kept (between 0 and max)
    max: int  # points the path made available
    earned: int  # sum of positive points
    penalties: int  # sum of negative points (<= 0)
    opportunities: int  # turns where the choice mattered for this criterion
    ratio: float | None  # points / max, None when not evaluated
    mark: float | None  # out of 20
    evidence: tuple[Evidence, ...] = ()
    better: tuple[Better, ...] = ()
    # how the jury's reading changed the raw ratio (thin evidence, a fault's cap, a step never reached...)
    jury_notes: tuple[Text, ...] = ()

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_fr

    def notes(self, lang: str) -> tuple[str, ...]:
        return tuple(render(note, lang) for note in self.jury_notes)

    notes_fr = in_language("notes", "fr")
    notes_en = in_language("notes", "en")

    @property
    def evaluated(self) -> bool:
        return self.level != "non_evalue"


@dataclass(frozen=True)
class TechniqueResult:
    """A technique spanning turns that the path called for: complete, or how far it got."""

    id: str
    label_fr: str
    label_en: str
    criterion: str
    complete: bool
    turns: tuple[int, ...]  # the turns of the complete run (else the last turn it was called for)
    steps_done: int
    steps: int
    points: int
    explain_fr: str
    explain_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_fr


@dataclass(frozen=True)
class FaultResult:
    """A named fault committed on the path and what it caps."""

    id: str
    label_fr: str
    label_en: str
    turns: tuple[int, ...]
    cap: str  # the level the criteria it touches keep at most
    ethical: bool  # it also caps the block
    criteria: tuple[str, ...]
    explain_fr: str
    explain_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_fr

    def explain(self, lang: str) -> str:
        return self.explain_en if lang == "en" else self.explain_fr


@dataclass(frozen=True)
class ConformityResult:
    """A recap that does not state what the negotiation record holds."""

    turn: int
    missing: tuple[str, ...]
    invented: tuple[str, ...]


@dataclass(frozen=True)
class NeedsLeft:
    """The client's needs the offer left without an answer at the end of the interview (judgement.needs_left): found
    but never argued, or never found; they cap ``criteria`` at ``cap``. Needs are given by their labels."""

    unanswered: tuple[str, ...]
    undiscovered: tuple[str, ...]
    cap: str
    criteria: tuple[str, ...]
    turn: int  # the last turn: where the jury reads the offer as a whole


@dataclass(frozen=True)
class BlockResult:
    id: str
    number: int
    title_fr: str
    title_en: str
    assessed: bool  # the scenario declares this block
    mark: float | None
    level: str
    criteria: tuple[str, ...]

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_fr


@dataclass(frozen=True)
class Point:
    """A strength or a priority, phrased for the learner."""

    criterion: str
    title_fr: str
    title_en: str
    wording: Text
    turn: int | None = None
    better: Better | None = None

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_fr

    def text(self, lang: str) -> str:
        return render(self.wording, lang)

    text_fr = in_language("text", "fr")
    text_en = in_language("text", "en")

@dataclass(frozen=True)
class TurnNote:
    """One turn of the transcript with what it produced."""

    number: int
    state: str
    phase: str
    speaker: str
    learner: str
    replies: tuple[tuple[str, str], ...]  # (speaker, text)
    acts: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    better: Better | None = None
    offer: tuple[tuple[str, Any], ...] | None = None
    # its last reply is the line of the state the turn ended in (engine.ArrivalLine): in free text, a figure the
    # learner's line already named is played right after, and that line (« combien ? ») was never shown
    arrival: bool = False

    @property
    def points(self) -> int:
        return sum(e.points for e in self.evidence)

    def replies_shown(self, carried: Collection[int] = ()) -> tuple[tuple[str, str], ...]:
        """The replies as the learner saw them: without the arrival line when the next turn was an offer carried
        from this turn's line (``carried``: those turns' numbers, from the journal's free-text records)."""
        if self.arrival and self.number + 1 in carried:
            return self.replies[:-1]
        return self.replies


@dataclass(frozen=True)
class NegotiationSummary:
    currency: str
    unit: str
    list_price: int
    target: int
    floor: int
    offers: tuple[tuple[tuple[str, Any], ...], ...]
    deal: bool
    final: int | float | None  # a float only for cents, like every amount (engine/price.py)
    walked_away: bool
    concessions: int
    with_counterpart: int
    without_counterpart: int
    counterparts: tuple[str, ...]  # labels of the counterparts obtained
    discount_pct: float | None
    vs_target: int | float | None
    vs_floor: int | float | None
    normalised: float | None


@dataclass(frozen=True)
class Outcome:
    status: str | None  # success | partial | failure | None (unfinished)
    ending: str | None
    summary: str | None
    turns: int


@dataclass(frozen=True)
class ObjectiveResult:
    """Whether the interview reached its objective: graded from how the session ended, beside the criteria.

    Not a criterion: it depends on the whole path, not on one move. Evaluated once the session has ended
    (an end state, or an exam stopped by time or abandoned); "non évalué" while it is unfinished.
    """

    title_fr: str
    title_en: str
    descriptor_fr: str  # what the objective is in the scenario's block(s)
    descriptor_en: str
    fiche: tuple[str, ...]  # the fiche's words it rests on
    status: str | None  # success | partial | failure | time_up | abandoned | None (unfinished)
    status_label: Text  # the status as the rubric names it (« Objectif en partie atteint »)
    ending: str | None  # the end state reached (None: stopped from outside, or unfinished)
    summary: str | None  # the ending's summary, as the scenario words it: the evidence
    turn: int | None  # the turn the session ended at
    ratio: float | None  # the rubric's share for this status; None when not evaluated
    mark: float | None  # out of 20
    level: str
    weight: float  # its weight in the overall mark, beside the criteria's weights
    block_weights: dict[str, float] = field(default_factory=dict)  # its weight in each assessed block's mark
    share: float = 0.0  # the rubric's relative weight (times the block's criteria weights)
    ratios: dict[str, float] = field(default_factory=dict)  # the rubric's share for each status

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_fr

    def label(self, lang: str) -> str:
        return render(self.status_label, lang)

    label_fr = in_language("label", "fr")
    label_en = in_language("label", "en")

    def descriptor(self, lang: str) -> str:
        return self.descriptor_en if lang == "en" else self.descriptor_fr

    @property
    def evaluated(self) -> bool:
        return self.ratio is not None


@dataclass(frozen=True)
class Debrief:
    scenario_id: str
    scenario_title: str
    scenario_hash: str
    scenario_blocks: tuple[str, ...]
    rubric_id: str
    rubric_hash: str
    language: str
    mark: float  # the weighted mean of the evaluated criteria and, once the session has ended, the objective
    evaluated: bool  # at least one criterion, or the objective, was evaluated
    blocks: dict[str, float | None]
    block_results: tuple[BlockResult, ...]
    criteria: dict[str, CriterionResult]
    strengths: tuple[Point, ...]
    priorities: tuple[Point, ...]
    negotiation: NegotiationSummary | None
    outcome: Outcome
    turns: tuple[TurnNote, ...]
    level_labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # level -> (fr, en)
    thresholds: dict[str, float] = field(default_factory=dict)
    objective: ObjectiveResult | None = None  # None: the rubric has no objective section
    # turn numbers before which the learner asked for a hint (practice mode; once per request): shown to the
    # learner and the trainer beside the mark, never counted in it
    hints: tuple[int, ...] = ()
    techniques: tuple[TechniqueResult, ...] = ()
    faults: tuple[FaultResult, ...] = ()
    conformity: tuple[ConformityResult, ...] = ()
    needs_left: NeedsLeft | None = None  # None: every need answered, or not checked (judgement.needs_left)
    # the first line of the debrief when the mark needs explaining (a block capped, an objective missed)
    headline_text: Text | None = None
    # the written work around the interview (issue 18): findings, plan vs actual, self vs grid, jury pre-grades;
    # None when the session has no written work (its written criteria are then absent from ``criteria``)
    written: WrittenGrading | None = None

    def headline(self, lang: str) -> str | None:
        return None if self.headline_text is None else render(self.headline_text, lang)

    headline_fr = in_language("headline", "fr")
    headline_en = in_language("headline", "en")

    def level_label(self, level: str, lang: str = "fr") -> str:
        fr, en = self.level_labels.get(level, (level, level))
        return en if lang == "en" else fr

    @property
    def evidence(self) -> list[Evidence]:
        return [e for c in self.criteria.values() for e in c.evidence]
