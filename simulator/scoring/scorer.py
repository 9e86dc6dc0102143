"""The scorer: from a session's turns to a debrief, every point traced to a turn.

How a criterion is graded (docs/scoring.md tells it to trainers, with a worked example):

1. Each move is *graded* on each criterion: the sum of the points of the criterion's rules that fire on
   it (the move carries one of the rule's acts and the rule's condition holds in the move's context).
2. At each turn, the moves the state *offered* are graded the same way: every available choice and, in a
   price negotiation, a fixed set of typical offers (hold, target, mid-way, floor; with and without each
   counterpart). If they all grade the same on a criterion, the turn gave no opportunity to show that
   competency and does not count for it. Otherwise the turn counts: the learner's move adds its grade
   (positive or negative) to the criterion's points, and to its maximum the best grade (at least 0, at
   least the move's own) among the *rival* moves: those graded at least as well as the learner's on
   every other criterion. A move better on this criterion but worse on another was a trade-off, not a
   missed opportunity (summarising instead of arguing, say); it is still shown as advice. Rules marked
   ``missable: false`` (fallbacks, attitudes) credit the move played but never raise a maximum.
3. A criterion with no opportunity is "non évalué". Otherwise its ratio is points / maximum, kept within
   [0, 1]; when the path only offered chances to make a mistake (maximum 0), a mistake made gives 0 and
   none made leaves the criterion "non évalué". The level follows the rubric's thresholds; the
   criterion's mark is 20 x ratio.
4. The objective of the interview (rubric section ``objective``) is graded once the session has ended:
   the share the rubric gives the outcome (success 1, partial 0.4, failure 0; an exam stopped by time, or
   a session abandoned, counts as a failure), as one more weighted item beside the criteria. Its weight in
   a block is the rubric's relative weight times the block's criteria weights (0.5 x 11 in Bloc 2,
   0.5 x 20 in Bloc 4). An unfinished session leaves it "non évalué". It is path-level: no move is graded
   by it, so the per-move grading and its monotonicity below are untouched.
5. A block's mark is the weighted mean of its evaluated criteria and the objective (x 20); the overall
   mark is the weighted mean of every evaluated criterion and the objective (its weights summed over
   the scenario's blocks).

The grade of a move depends only on the move and the state it is played in; replacing a move by one the
rubric grades at least as well on every criterion and better on one can only raise the learner's points
and shrink the set of rivals, so it never lowers any criterion (the monotonicity property in the tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from ..content.expressions import names_in
from ..content.scenario import CompiledState, Scenario
from ..content.spec import Block
from ..engine.price import Amount, NegotiationRecord
from ..engine.session import ArrivalLine, ChoiceInput, EngineError, Input, PriceInput, Session, Turn
from ..errors import NegosimError
from ..i18n.phrase import Authored, Joined, Phrase, Text, phrase, phrase_n
from .context import (
    ACT_SETS,
    COUNTERS,
    History,
    acts_tested,
    history_fields_read,
    move_env,
    rubric_names,
    rule_conditions,
)
from .debrief import (
    Better,
    BlockResult,
    ConformityResult,
    CriterionResult,
    Debrief,
    Evidence,
    EvidenceKind,
    FaultResult,
    NeedsLeft,
    NegotiationSummary,
    ObjectiveResult,
    Outcome,
    Point,
    TechniqueResult,
    TurnNote,
)
from .prospects import Prospects, prospects_for
from .rubric import OUTCOMES, Criterion, Rubric, Rule

if TYPE_CHECKING:
    from ..written.records import Saved
    from ..written.results import WrittenMark

Key = tuple[Any, ...]  # a memo table's key: hashable values read from a situation, a move or a history
V = TypeVar("V")

class ScoringError(NegosimError):
    """The turns cannot be scored against this scenario (e.g. a journal from another version)."""

    code = "scoring"


Grade = dict[str, tuple[tuple[Rule, int], ...]]  # criterion -> rules fired with their points


# ---------------------------------------------------------------- grading one move

@dataclass(frozen=True, eq=False)
class Grader:
    """The rubric's rules for one scenario's blocks, indexed by act for speed."""

    criteria: tuple[Criterion, ...]
    by_act: dict[str, tuple[Rule, ...]]
    order: dict[int, int]  # id(rule) -> position in the rubric, so evidence keeps the rubric's order

    @classmethod
    def for_blocks(cls, rubric: Rubric, blocks: Iterable[str]) -> Grader:
        wanted = set(blocks)
        criteria = tuple(c for c in rubric.criteria.values() if c.block in wanted)
        by_act: dict[str, list[Rule]] = {}
        for crit in criteria:
            for rule in crit.rules:
                for act in sorted(rule.acts):
                    by_act.setdefault(act, []).append(rule)
        order = {id(r): i for i, r in enumerate(r for c in criteria for r in c.rules)}
        return cls(criteria, {a: tuple(rs) for a, rs in by_act.items()}, order)

    def grade(self, scenario: Scenario, turn: Turn, history: History) -> Grade:
        rules: dict[int, Rule] = {}
        for act in turn.acts:
            for rule in self.by_act.get(act, ()):
                rules.setdefault(id(rule), rule)
        if not rules:
            return {}
        env = move_env(scenario, turn, history)
        fired: dict[str, list[tuple[Rule, int]]] = {}
        for rule in sorted(rules.values(), key=lambda r: self.order[id(r)]):
            if rule.condition is None or rule.condition(env):
                fired.setdefault(rule.criterion, []).append((rule, rule.points))
        return {k: tuple(v) for k, v in fired.items()}


def total(grade: Grade, criterion: str) -> int:
    return sum(p for _, p in grade.get(criterion, ()))


def offer_value(grade: Grade, criterion: str) -> int:
    """What a move on offer adds to the turn's maximum: its grade without the rules marked not missable."""
    return sum(p for r, p in grade.get(criterion, ()) if r.missable or p < 0)


# ---------------------------------------------------------------- the moves a state offers

def price_candidates(session: Session) -> list[PriceInput]:
    """The typical offers a learner could make now, against which a price move is measured."""
    rec = session.negotiation
    if not session.accepts_price or rec is None:
        return []
    p = rec.price
    amounts: set[Amount] = {p.target, (p.target + p.floor) // 2, p.floor}
    last = rec.last_offer
    amounts.add(last if last is not None else p.list_price)
    amounts = {a for a in amounts if a > 0}
    moves: list[PriceInput] = []
    for amount in sorted(amounts, reverse=True):
        moves.append(PriceInput(amount))
        moves.extend(PriceInput(amount, cp.id) for cp in p.counterparts)
    return moves


def offered_moves(session: Session) -> list[Input]:
    return [ChoiceInput(c.id) for c in session.choices()] + list(price_candidates(session))


def try_move(session: Session, move: Input) -> Turn | None:
    """The turn ``move`` plays from ``session``, on a copy (None: the engine refuses it)."""
    twin = session.fork()
    try:
        return twin.step(move)
    except EngineError:
        return None


def _after_offer(record: NegotiationRecord, inp: Input) -> NegotiationRecord:
    """The price record after an offer (a new record: the one before stays as it was)."""
    twin = record.copy()
    assert isinstance(inp, PriceInput)
    twin.offer(inp.amount, inp.counterpart)
    return twin


def _fresh_record(scenario: Scenario) -> NegotiationRecord | None:
    """The price record at the start of a session (None: the scenario has no price)."""
    price = scenario.spec.price
    return NegotiationRecord(price) if price is not None else None


def _after_move(state: CompiledState, turn: Turn, used_once: frozenset[str],
                record: NegotiationRecord | None) -> tuple[frozenset[str], NegotiationRecord | None]:
    """The once-only choices used and the price record after ``turn``, played in ``state``."""
    inp = turn.input
    choice = state.by_id.get(inp.choice) if type(inp) is ChoiceInput else None
    if choice is not None and choice.once:
        used_once = used_once | {choice.event}
    if turn.offer is not None and record is not None:
        record = _after_offer(record, inp)
    return used_once, record


def input_pairs(inp: Input) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(inp.as_dict().items()))


# ---------------------------------------------------------------- per-criterion accumulation

@dataclass(slots=True)  # its fields are updated several times a turn
class _Acc:
    """One criterion's account. ``keep`` False (marks only): the evidence is counted, not written out, since
    the marks read only how many flaws there were and on which turns (``flaws``, ``strong``, ``seen``)."""

    points: int = 0
    maximum: int = 0
    earned: int = 0
    penalties: int = 0
    opportunities: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    better: list[Better] = field(default_factory=list)
    keep: bool = True
    flaws: int = 0  # weaknesses and missed opportunities: the ceilings read them
    strong: set[int] = field(default_factory=set)  # the turns with a strength
    seen: set[int] = field(default_factory=set)  # the turns with any evidence (where a fault was committed)

    def count(self, kind: str, turn: int) -> None:
        self.seen.add(turn)
        if kind == "strength":
            self.strong.add(turn)
        else:
            self.flaws += 1

    def add(self, ev: Evidence) -> None:
        self.count(ev.kind, ev.turn)
        if self.keep:
            self.evidence.append(ev)


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: a memo key (ScoringMemo.decide)
class _Scores:
    """A move's grade with its points and its offer value on each criterion, worked out once."""

    grade: Grade
    totals: dict[str, int]
    values: dict[str, int]
    sum: int

    @classmethod
    def of(cls, grader: Grader, grade: Grade) -> _Scores:
        ids = [c.id for c in grader.criteria]
        return cls(grade, {cid: total(grade, cid) for cid in ids}, {cid: offer_value(grade, cid) for cid in ids},
                   sum(p for fired in grade.values() for _, p in fired))


class _Alt:
    """A move on offer, the turn it plays, its grade. Shared between sessions by a ``ScoringMemo``: what is
    derived from it (its points, the reasons quoted when it is the better move) is computed once."""

    __slots__ = ("move", "turn", "scores", "grade", "totals", "values", "points", "_reasons", "standing")

    def __init__(self, move: Input, turn: Turn, scores: _Scores):
        self.move, self.turn, self.scores = move, turn, scores
        self.grade, self.totals, self.values, self.points = scores.grade, scores.totals, scores.values, scores.sum
        self._reasons: dict[str | None, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        # its grade and the best ending it keeps in reach, as the marks compare moves (ScoringMemo._tallies)
        self.standing: tuple[_Scores, int] | None = None

    def sum(self) -> int:
        return self.points

    def reasons(self, criterion: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Why this move is better on ``criterion`` (None: overall), in French and English."""
        found = self._reasons.get(criterion)
        if found is None:
            fired = self.grade.get(criterion, ()) if criterion else [rp for v in self.grade.values() for rp in v]
            positive = [r for r, p in fired if p > 0] or [r for r, _ in fired]
            found = self._reasons[criterion] = (tuple(r.explain("fr") for r in positive),
                                                tuple(r.explain("en") for r in positive))
        return found


def _why(reasons_fr: Sequence[str], reasons_en: Sequence[str]) -> Joined | None:
    """Rule explanations run together inside a sentence (no final stops, lower-case initials); None: none."""
    if not reasons_fr:
        return None
    return Joined(tuple(map(Authored, reasons_fr, reasons_en)), "scoring.sep.semicolon", inline=True)


def _client_text(turn: Turn) -> str:
    return " ".join(line.text for line in turn.replies)


def _better(turn_no: int, criterion: str | None, chosen: Turn, chosen_points: int, alt: _Alt, points: int) -> Better:
    reasons_fr, reasons_en = alt.reasons(criterion)
    return Better(turn_no, criterion, chosen.learner_text, chosen_points, alt.turn.learner_text, input_pairs(alt.move),
                  points, reasons_fr, reasons_en)


# ---------------------------------------------------------------- what a turn decides, and its memo

@dataclass(frozen=True, slots=True)
class _CriterionCall:
    """What one turn decided on one criterion it gave an opportunity for."""

    criterion: str
    mine: int  # the learner's move's points
    maximum: int  # what the turn adds to the criterion's maximum
    fired: tuple[tuple[Rule, int], ...]  # the learner's move's rules, for the evidence
    top: _Alt | None  # the move quoted as better ("Mieux"), None when none was
    top_points: int
    missed: bool  # the better move was a rival: a missed opportunity, not only advice
    # worked out once from the above: the learner's rules as (kind, points, rule id, explanation) and their
    # sums, and the missed opportunity's explanation
    evidence: tuple[tuple[EvidenceKind, int, str, Text], ...] = ()
    earned: int = 0
    penalties: int = 0
    missed_text: Text = ""

    @classmethod
    def of(cls, criterion: str, mine: int, maximum: int, fired: tuple[tuple[Rule, int], ...], top: _Alt | None,
           top_points: int, missed: bool) -> _CriterionCall:
        evidence: tuple[tuple[EvidenceKind, int, str, Text], ...] = tuple(
            ("strength" if pts > 0 else "weakness", pts, rule.id, Authored(rule.explain("fr"), rule.explain("en")))
            for rule, pts in fired)
        missed_text: Text = ""
        if missed and top is not None:
            why = _why(*top.reasons(criterion))
            line = top.turn.learner_text
            missed_text = (phrase("scoring.missed", line=line, why=why) if why is not None
                           else phrase("scoring.missed.clean", line=line))
        return cls(criterion, mine, maximum, fired, top, top_points, missed, evidence,
                   sum(p for p in (e[1] for e in evidence) if p > 0), sum(p for p in (e[1] for e in evidence) if p <= 0),
                   missed_text)


@dataclass(frozen=True, slots=True)
class _TurnPlan:
    """A turn's grading, decided from grades alone: the same situation, history and move decide the same."""

    calls: tuple[_CriterionCall, ...]
    mine: int  # the learner's move's points on every criterion
    note_top: _Alt | None  # the move quoted as better overall on the turn's note


# What a turn adds to one criterion's account when only the marks are wanted (``_grade_turn`` with ``write``
# False, worked out once): criterion, points, maximum, flaws (weaknesses and a missed opportunity), whether the
# turn shows a strength, whether it has any evidence there. Not the points earned and lost: only the debrief
# shows those, the marks never read them.
_Tally = tuple[str, int, int, int, bool, bool]


def _tallies(plan: _TurnPlan) -> tuple[_Tally, ...]:
    """``plan`` as ``_grade_turn(..., write=False)`` counts it into the criteria's accounts."""
    out = []
    for call in plan.calls:
        kinds = [kind for kind, *_ in call.evidence]
        missed = call.top is not None and call.missed
        out.append((call.criterion, call.mine, call.maximum, sum(k != "strength" for k in kinds) + missed,
                    "strength" in kinds, bool(kinds) or missed))
    return tuple(out)


def _count_tallies(tallies: tuple[_Tally, ...], numbers: list[int], accs: dict[str, _Acc]) -> None:
    """The tallies of the turns ``numbers`` (the same for each) into the criteria's accounts: what ``_grade_turn``
    does without ``write`` (but the points earned and lost, which the marks do not read)."""
    times = len(numbers)
    for criterion, mine, maximum, flaws, strong, seen in tallies:
        acc = accs[criterion]
        acc.opportunities += times
        acc.points += mine * times
        acc.maximum += maximum * times
        acc.flaws += flaws * times
        if strong:
            acc.strong.update(numbers)
        if seen:
            acc.seen.update(numbers)


class _Node:
    """A situation with a history, as sessions of a batch meet it (``ScoringMemo.node``): the once-only choices
    used, price record and history of the first session that met it (any other gives the same keys), and the
    turns played from it so far, by ``_edge``: each with its tallies and the node it leads to."""

    __slots__ = ("situation", "history_key", "used_once", "record", "history", "edges")

    def __init__(self, situation: Key, history_key: Key, used_once: frozenset[str], record: NegotiationRecord | None,
                 history: History):
        self.situation, self.history_key = situation, history_key
        self.used_once, self.record, self.history = used_once, record, history
        self.edges: dict[Key, tuple[tuple[_Tally, ...], _Node]] = {}


_NONE_USED: frozenset[str] = frozenset()
_NO_HISTORY = History()


def _edge(turn: Turn) -> Key:
    """What tells apart, for the marks, the turns one move makes from one situation: the move, where the client
    went and which objections blocked the close. Both depend on the objections already voiced, which no situation
    holds, and on the seed (the order of objections met together). The rest follows from the situation and these
    (the engine is deterministic): the variables after the turn, and what it raised, as a set; the order the
    seed gives the objections raised together changes no mark."""
    return turn.input, turn.next_state, turn.close_blocked_by


class ScoringMemo:
    """Grading shared by many sessions of one scenario under one rubric (``negosim simulate``, calibration).

    What a turn's grading depends on is its *situation* (state, variables, once-only choices used, price
    record), the *history* the rubric reads (``context.History``) and the learner's move with what it did.
    So the moves a situation offers are played once (not forked again at every turn that meets it), graded
    once per history, and each turn's decisions (``_TurnPlan``) are kept: a batch of sessions is graded at
    about the engine's speed. The debriefs are the same as without the memo, "Mieux" included
    (tests/test_perf_scoring_memo.py compares them on thousands of seeded sessions).

    The marks (``marks``) walk it as a graph: each situation met with a history is a node (``_Node``), each
    turn an edge to the node it leads to, labelled by what the situation does not decide (``_edge``) and
    carrying the turn's tallies. A session's turns go from node to node: a turn played as one was before is one
    dictionary look-up, the situation's key built only where a session starts or a turn does not follow on
    from the one before (tests/test_perf_scoring_graph.py).
    """

    LIMIT = 100_000  # entries per table (``limit``): past this a table is emptied (memory stays bounded)

    def __init__(self, scenario: Scenario, rubric: Rubric, limit: int | None = None):
        self.scenario, self.rubric = scenario, rubric
        self.limit = limit or self.LIMIT
        self.grader = Grader.for_blocks(rubric, scenario.spec.blocks)
        read = rubric_names(rubric)
        # The turn counter only counts, unless an expression reads it: then it is part of the situation.
        self._unread = frozenset(n for n in COUNTERS if n not in read and not _scenario_reads(scenario, n))
        self._history_fields = history_fields_read(read)
        # the history's fields rules read, as a tuple; a set of acts the rules only test for a few acts is read
        # as those of them it holds (``raison_appel in earlier_acts``: the other earlier acts change no grade)
        conditions = rule_conditions(rubric)
        narrowed = {f: acts for f in ACT_SETS if f in self._history_fields
                    and (acts := acts_tested(conditions, f)) is not None}
        self._history_key = _history_reader(self._history_fields, narrowed)
        kept = [n for n in scenario.initial_env if n not in self._unread]
        self._env_size = len(scenario.initial_env)
        self._kept_values = itemgetter(*kept)  # the builtins are always there: never empty
        # what a move's grade reads of the variables before it (context.move_env): the ones rules name, and
        # the needs discovered (new_needs, argued_known)
        self._graded_names = tuple(sorted(n for n in read if n in scenario.initial_env and n != "discovered"))
        self._graded_values = _tuple_getter(self._graded_names)
        self._grades: dict[Key, _Scores] = {}
        # [move, what it plays] lists, filled lazily: _UNPLAYED until some session needs the move (_played_moves)
        self._played: dict[Key, list[list[Any]]] = {}
        self._graded: dict[Key, list[list[Any]]] = {}
        self._plans: dict[Key, _TurnPlan] = {}
        # marks only: a turn's tallies by the grades that decide them (the learner's move's, those of the moves on
        # offer and how far each keeps the best ending): far fewer than situations
        self._by_grades: dict[Key, tuple[_Tally, ...]] = {}
        self._same_tallies: dict[tuple[_Tally, ...], tuple[_Tally, ...]] = {}
        # marks only: a session's marks by what they are worked out from (_marks_key): a batch's sessions end
        # with few distinct accounts (800 for 10,000 random sessions on the 1,000-state scenario)
        self._marks: dict[Key, Marks] = {}
        # marks only: the situations met, with their histories, each with the turns played from it (_Node)
        self._nodes: dict[Key, _Node] = {}
        self._cursor = Session.start(scenario, 0)
        self._cursor.mute = True  # its forks draw no client line: the memo keeps none (_lean)

    def plan(self, turn: Turn, used_once: frozenset[str], record: NegotiationRecord | None, history: History,
             prospects: Prospects) -> _TurnPlan:
        """The grading of ``turn``, played after ``history`` with these once-only choices used and price record."""
        situation = self._situation(turn, used_once, record)
        history_key = self._history_key(history)
        key = (situation, history_key, _move_key(turn))
        plan = self._plans.get(key)
        if plan is None:
            chosen, alts = self._offered(turn, used_once, record, situation, history, history_key)
            plan = self._remember(self._plans, key, _plan_turn(self.grader, turn, chosen, alts, _viable(prospects, alts)))
        return plan

    def node(self, turn: Turn, after: _Node | None) -> _Node:
        """The node of the situation ``turn`` is played in, found by its key: at the start of a session
        (``after`` None), or after the node ``after`` when ``turn`` does not follow on from the turn before
        (a price offer works on a copy of the variables, a list of turns may be cut and spliced)."""
        if after is None:
            used_once, record, history = _NONE_USED, _fresh_record(self.scenario), _NO_HISTORY
        else:
            used_once, record, history = after.used_once, after.record, after.history
        return self._node_at(turn.state, turn.before, used_once, record, history)

    def follow(self, node: _Node, turn: Turn, prospects: Prospects) -> tuple[tuple[_Tally, ...], _Node]:
        """What ``turn``, played from ``node``, adds to the criteria's accounts for the marks (``_tallies``), and the
        node it leads to. A turn played from a node the way one was before is one look-up: no situation, history or
        move key is built, none hashed."""
        edge = _edge(turn)
        found = node.edges.get(edge)
        if found is None:
            used_once, record = _after_move(self.scenario.states[turn.state], turn, node.used_once, node.record)
            found = node.edges[edge] = (self._tallies(node, turn, prospects),
                                        self._node_at(turn.next_state, turn.after, used_once, record,
                                                      node.history.after(turn)))
        return found

    def _tallies(self, node: _Node, turn: Turn, prospects: Prospects) -> tuple[_Tally, ...]:
        """``follow``'s tallies. They depend on the grades alone, not on which moves or lines carry them: once the
        grades of the moves on offer are known, a turn graded like one met before is not planned again."""
        history, history_key = node.history, node.history_key
        chosen = self._grade(turn, history, history_key)  # the learner's move: read like any other
        graded = self._graded_alts(turn, node.used_once, node.record, node.situation, history, history_key)
        inp = turn.input
        # the _Scores are the memo's own (one per distinct grade, compared by identity): equal keys are equal
        # grades; the best ending each move keeps in reach decides which moves are viable
        standings = []
        for move, alt in graded:
            if move == inp:
                standings.append((chosen, prospects.after(turn)))
            elif alt is not None:
                if alt.standing is None:
                    alt.standing = (alt.scores, prospects.after(alt.turn))
                standings.append(alt.standing)
        grades = (chosen, tuple(standings))
        found = self._by_grades.get(grades)
        if found is None:
            alts = _with_own(graded, turn, chosen)
            plan = _plan_turn(self.grader, turn, chosen, alts, _viable(prospects, alts))
            tallies = _tallies(plan)
            # one object for equal tallies (far fewer than grades): the walk groups a session's turns by identity
            same = self._same_tallies.get(tallies)
            found = self._remember(self._by_grades, grades,
                                   same if same is not None else self._remember(self._same_tallies, tallies, tallies))
        return found

    def _node_at(self, state: str, before: Mapping[str, Any], used_once: frozenset[str],
                 record: NegotiationRecord | None, history: History) -> _Node:
        key = situation, history_key = self._situation_at(state, before, used_once, record), self._history_key(history)
        found = self._nodes.get(key)
        if found is not None:
            return found
        if len(self._nodes) >= self.limit:
            # a full table is emptied (_remember); its nodes' edges are dropped first: a turn that leaves the
            # situation as it was makes a loop, which only the collector frees, and a batch pauses it
            for old in self._nodes.values():
                old.edges.clear()
        return self._remember(self._nodes, key, _Node(situation, history_key, used_once, record, history))

    def _offered(self, turn: Turn, used_once: frozenset[str], record: NegotiationRecord | None, situation: Key,
                 history: History, history_key: Key) -> tuple[_Scores, list[_Alt]]:
        """The learner's move's grade, and the moves on offer with theirs (the learner's own among them)."""
        chosen = self._grade(turn, history, history_key)  # the learner's move: read like any other
        return chosen, _with_own(self._graded_alts(turn, used_once, record, situation, history, history_key), turn,
                                 chosen)

    def _remember(self, table: dict[Key, V], key: Key, value: V) -> V:
        if len(table) >= self.limit:
            table.clear()
        table[key] = value
        return value

    def _situation(self, turn: Turn, used_once: frozenset[str], record: NegotiationRecord | None) -> Key:
        """Everything the moves on offer before ``turn``, and what they do, depend on (without the variables
        no expression reads)."""
        return self._situation_at(turn.state, turn.before, used_once, record)

    def _situation_at(self, state: str, before: Mapping[str, Any], used_once: frozenset[str],
                      record: NegotiationRecord | None) -> Key:
        """``_situation`` of a turn played in ``state`` with the variables ``before``."""
        try:
            if len(before) != self._env_size:
                raise KeyError  # a variable the scenario does not declare: read it the general way
            values = self._kept_values(before)
            hash(values)
        except (KeyError, TypeError):  # a list among the values is compared by value all the same
            values = _hashable({k: v for k, v in before.items() if k not in self._unread})
        price = None if record is None else tuple(_hashable(v) for k, v in vars(record).items() if k != "price")
        return state, values, used_once, price

    def _graded_alts(self, turn: Turn, used_once: frozenset[str], record: NegotiationRecord | None, situation: Key,
                     history: History, history_key: Key) -> list[list[Any]]:
        """[move, its _Alt (None: the engine refuses it)] for each move on offer; the learner's own move stays
        _UNPLAYED until another session needs it as an alternative (``plan`` grades the learner's own turn)."""
        played = self._played_moves(turn, used_once, record, situation)
        key = (situation, history_key)
        graded = self._graded.get(key)
        if graded is None:
            graded = self._remember(self._graded, key, [[move, _UNPLAYED] for move, _ in played])
        for entry, (move, done) in zip(graded, played):
            if entry[1] is _UNPLAYED and done is not _UNPLAYED:
                entry[1] = None if done is None else _Alt(move, done, self._grade(done, history, history_key))
        return graded

    def _grade(self, played: Turn, history: History, history_key: Key) -> _Scores:
        """A move's grade: the same move doing the same thing after the same history, in situations that
        differ only in what no rule reads (patience, say), grades the same."""
        before = played.before
        # (a turn lacking a variable its rules read cannot be graded: KeyError here as in the rules' expressions)
        key = (_move_key(played), played.state, before["discovered"], self._graded_values(before), history_key)
        scores = self._grades.get(key)
        if scores is None:
            scores = self._remember(self._grades, key, _Scores.of(self.grader, self.grader.grade(self.scenario, played, history)))
        return scores

    def _played_moves(self, turn: Turn, used_once: frozenset[str], record: NegotiationRecord | None,
                      situation: Key) -> list[list[Any]]:
        """[move, the turn it plays (None: refused)] for each move on offer in the situation. A move is played
        when some session needs it as an alternative, not before: the learner's own move is graded from the
        learner's turn, so a situation met once plays one move fewer."""
        played = self._played.get(situation)
        cursor = None
        if played is None:
            cursor = self._put_back(turn, used_once, record)
            played = self._remember(self._played, situation, [[move, _UNPLAYED] for move in offered_moves(cursor)])
        for entry in played:
            if entry[1] is _UNPLAYED and entry[0] != turn.input:
                cursor = cursor or self._put_back(turn, used_once, record)
                entry[1] = _lean(try_move(cursor, entry[0]), cursor.env)
        return played

    def _put_back(self, turn: Turn, used_once: frozenset[str], record: NegotiationRecord | None) -> Session:
        """The memo's cursor put back in the situation before ``turn``, as the scorer's own cursor is."""
        cursor = self._cursor
        # read only (the variables, the once-only choices): moves are tried on forks (try_move), which copy them
        cursor.state, cursor.env, cursor.outcome = turn.state, turn.before, None  # type: ignore[assignment]
        cursor.used_once = used_once  # type: ignore[assignment]
        cursor.negotiation = record
        return cursor


def _tuple_getter(indices: tuple[int, ...] | tuple[str, ...]) -> Callable[[Any], Key]:
    """``lambda x: tuple(x[i] for i in indices)``, at C speed (``itemgetter``) whatever the number of indices (or
    names)."""
    if not indices:
        return lambda _: ()
    get = itemgetter(*indices)
    if len(indices) == 1:
        return lambda x: (get(x),)
    return get


def _history_reader(fields: tuple[str, ...], narrowed: Mapping[str, frozenset[str]]) -> Callable[[History], Key]:
    """The memo's key of a history: its ``fields``, those in ``narrowed`` cut down to the acts given there."""
    whole = _tuple_getter(tuple(History._fields.index(f) for f in fields if f not in narrowed))
    if not narrowed:
        return whole
    cuts = tuple((attrgetter(f), acts) for f, acts in narrowed.items())
    if len(cuts) == 1:  # the usual case (earlier_acts), read once a turn: one closure, no loop
        [(get, acts)] = cuts
        return lambda history: (whole(history), get(history) & acts)
    return lambda history: (whole(history), *(get(history) & acts for get, acts in cuts))


_UNPLAYED = object()  # a move on offer not played yet (see ScoringMemo._played_moves)


def _with_own(graded: list[list[Any]], turn: Turn, chosen: _Scores) -> list[_Alt]:
    """The moves on offer (``ScoringMemo._graded_alts``) but those the engine refuses, the learner's own as the
    learner's turn graded ``chosen`` (played by another session or not)."""
    inp = turn.input
    return [_Alt(move, turn, chosen) if move == inp else alt for move, alt in graded if alt is not None or move == inp]


def _lean(turn: Turn | None, before: dict[str, Any]) -> Turn | None:
    """A tried move's turn as the memo keeps it: what grading reads (``context.move_env``, ``prospects``,
    the better move's line), with the situation's variables shared instead of copied."""
    if turn is None:
        return None
    # the turn is the memo's own (played on a fork nobody else keeps): slimmed in place, not copied
    turn.replies, turn.before, turn.after, turn.visited = (), before, {"discovered": turn.after["discovered"]}, ()
    return turn


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    if isinstance(value, dict):
        return tuple((k, _hashable(v)) for k, v in value.items())
    return value


def _scenario_reads(scenario: Scenario, name: str) -> bool:
    """Does any text of the scenario mention ``name`` as an expression would (conditions, effects; lines
    too, to be safe: a line mentioning the word only costs the memo some sharing)?"""
    def texts(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from texts(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                yield from texts(v)

    return any(name in text and name in names_in(text) for text in texts(scenario.spec.model_dump(by_alias=True)))


def _move_key(turn: Turn) -> Key:
    """What the learner's move did, as far as grading reads it (the situation and history aside)."""
    return (turn.input, turn.acts, frozenset(turn.after["discovered"]), turn.handled, turn.raised,
            turn.close_blocked_by, turn.next_state, turn.next_phase, turn.offer, turn.outcome)


# ---------------------------------------------------------------- the scorer

def score(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn], ending: str | None = None,
          hints: Sequence[int] = (), memo: ScoringMemo | None = None,
          works: Mapping[str, Saved] | None = None, mode: str = "practice") -> Debrief:
    """The debrief of ``turns`` played on ``scenario``.

    ``ending``: how the session was closed when that is not in its turns, as its journal records it
    (``time_up`` for an exam stopped by its clock, ``abandoned``); it counts only when the turns did not
    reach an end state themselves. Without it, a session whose last turn has no outcome is unfinished.
    ``hints``: the turns before which the learner asked for a hint (the journal's hint records): reported
    in the debrief, not graded.
    ``memo``: a ``ScoringMemo`` for this scenario and rubric, shared by the sessions of a batch; without it
    every move on offer is tried afresh at every turn (the same debrief, slower).
    ``works``: the session's written work (``written.records.works_of`` of its journal): the rubric's written
    criteria are graded from it and the debrief's ``written`` holds the findings (``mode``: practice or exam).
    Without written work the debrief is exactly what it was before written work existed.
    """
    grader, accs, notes = _walk(scenario, rubric, turns, memo, write=True)
    found = _path_judgement(scenario, rubric, grader, accs, turns, notes)
    if not works:
        return _assemble(scenario, rubric, grader, accs, turns, notes, ending, tuple(sorted(hints)), found)
    from ..written.grading import grade_works, grade_written

    graded = grade_works(scenario, rubric, turns, works, mode)
    debrief = _assemble(scenario, rubric, grader, accs, turns, notes, ending, tuple(sorted(hints)), found,
                        graded.marks if graded is not None else ())
    if graded is None:
        return debrief
    return replace(debrief, written=grade_written(scenario, rubric, turns, works, debrief, mode, graded=graded))


@dataclass(frozen=True)
class Marks:
    """A session's marks and levels without the debrief's texts: what ``negosim simulate`` and a batch of
    sessions need. The same figures as ``score``'s debrief (tests/test_perf_marks.py checks it)."""

    mark: float  # the overall mark /20 (0 when nothing was evaluated, as ``Debrief.mark``)
    evaluated: bool
    blocks: dict[str, float | None]  # block -> mark /20, as ``Debrief.blocks``
    block_levels: dict[str, str]
    levels: dict[str, str]  # criterion -> level, as ``Debrief.criteria[...].level``
    criteria: dict[str, float | None]  # criterion -> mark /20, as ``Debrief.criteria[...].mark``
    objective: float | None  # the objective's mark /20 (None: not evaluated, or no objective in the rubric)


def marks(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn], ending: str | None = None,
          memo: ScoringMemo | None = None) -> Marks:
    """The marks and levels of ``turns`` played on ``scenario``, as ``score`` gives them (same arguments),
    without writing the evidence, the turn notes, "Mieux", strengths and priorities: a scored batch then
    costs about what playing it does."""
    grader, accs, notes = _walk(scenario, rubric, turns, memo, write=False)
    found = _path_judgement(scenario, rubric, grader, accs, turns, notes)
    if memo is None:
        return _marks_of(_grid(scenario, rubric, grader, accs, turns, ending, found))
    key = _marks_key(accs, turns, ending, found)
    known = memo._marks.get(key)
    if known is None:
        known = memo._remember(memo._marks, key, _marks_of(_grid(scenario, rubric, grader, accs, turns, ending, found)))
    # each caller gets dicts of its own: the memo's stay as they were worked out
    return Marks(known.mark, known.evaluated, dict(known.blocks), dict(known.block_levels), dict(known.levels),
                 dict(known.criteria), known.objective)


def _marks_of(grid: _Grid) -> Marks:
    return Marks(_mark(grid.overall) or 0.0, grid.overall is not None, grid.blocks, grid.block_levels, grid.levels,
                 {cid: _mark(r.ratio) for cid, r in grid.reads.items()} | {cid: c.mark for cid, c in grid.written.items()},
                 grid.objective.mark if grid.objective is not None else None)


def _marks_key(accs: dict[str, _Acc], turns: Sequence[Turn], ending: str | None, found: _PathFindings) -> Key:
    """Everything ``_grid`` reads to work out the marks (``Marks``): each criterion's account as the jury's reading
    takes it (``_ratio``, ``judgement.adjust``: opportunities, points, maximum, flaws, turns with a strength),
    whether the session ended, how (the objective's status: the last turn's outcome, else ``ending``), and
    what the faults cap (``judgement.adjust``: their caps, criteria, and whether they are ethical) and the needs
    left unanswered (their cap and criteria)."""
    last = turns[-1].outcome if turns else None
    needs = found.needs_left
    return (tuple((a.opportunities, a.points, a.maximum, a.flaws, len(a.strong)) for a in accs.values()),
            bool(turns) and last is not None, last, ending,
            tuple((f.cap, f.ethical, f.criteria) for f in found.faults),
            None if needs is None else (needs.cap, needs.criteria))


def _walk(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn], memo: ScoringMemo | None,
          write: bool) -> tuple[Grader, dict[str, _Acc], list[TurnNote]]:
    """Every turn graded against the moves its state offered, into the criteria's accounts (and the turns'
    notes when ``write``; without, the evidence is only counted: what the marks need)."""
    if memo is not None and (memo.scenario is not scenario or memo.rubric is not rubric):
        raise ValueError("ce mémo de notation sert un autre scénario ou une autre grille")
    grader = memo.grader if memo is not None else Grader.for_blocks(rubric, scenario.spec.blocks)
    accs = {c.id: _Acc(keep=write) for c in grader.criteria}
    prospects = prospects_for(scenario)
    if memo is not None and not write:
        _count_along(memo, turns, accs, prospects)
        return grader, accs, []
    # To know what each state offered, a session is put back in the situation before each turn (the turn's
    # recorded environment, the once-only choices used, the price record) and each other move is tried on a
    # copy. The learner's own path is taken from the turns as recorded: no replay, so no dependence on the
    # seed (which orders simultaneous objections and picks among equivalent client lines).
    cursor = Session.start(scenario, 0) if memo is None else None  # the memo keeps a cursor of its own
    used_once: frozenset[str] = frozenset()
    record = _fresh_record(scenario)
    history = History()
    notes: list[TurnNote] = []
    for turn in turns:
        state = _played_in(scenario, turn)
        if memo is not None:
            plan = memo.plan(turn, used_once, record, history, prospects)
        else:
            assert cursor is not None
            cursor.state, cursor.env, cursor.outcome = turn.state, dict(turn.before), None
            # read only: moves are tried on forks (try_move), which copy it into a set of their own
            cursor.used_once = used_once  # type: ignore[assignment]
            cursor.negotiation = record
            chosen = _Scores.of(grader, grader.grade(scenario, turn, history))
            alts = []
            for move in offered_moves(cursor):
                if move == turn.input:
                    alts.append(_Alt(move, turn, chosen))
                    continue
                alt_turn = try_move(cursor, move)
                if alt_turn is not None:
                    alts.append(_Alt(move, alt_turn, _Scores.of(grader, grader.grade(scenario, alt_turn, history))))
            plan = _plan_turn(grader, turn, chosen, alts, _viable(prospects, alts))
        if plan is not None:
            turn_evidence = _grade_turn(turn, plan, accs, write)
            if write:
                notes.append(_note(scenario, turn, turn_evidence, plan))
        used_once, record = _after_move(state, turn, used_once, record)
        history = history.after(turn)
    return grader, accs, notes


def _played_in(scenario: Scenario, turn: Turn) -> CompiledState:
    """The state ``turn`` was played in; a turn said to be played in a state the scenario lacks, or in an ending,
    is refused."""
    state = scenario.states.get(turn.state)
    if state is None or state.is_end:
        raise ScoringError(key="err.scoring.unknown_state", turn=turn.number, state=turn.state, scenario=scenario.id)
    return state


def _count_along(memo: ScoringMemo, turns: Sequence[Turn], accs: dict[str, _Acc], prospects: Prospects) -> None:
    """``_walk`` for the marks with a memo: each turn's tallies into the accounts, turn after turn from node to
    node of the memo (``ScoringMemo.follow``), the situation looked up by its key only where a turn does not
    follow on from the one before. (This runs for every turn of a simulated batch: the edge look-up is inlined.)"""
    scenario = memo.scenario
    node: _Node | None = None
    after: Mapping[str, Any] | None = None  # the variables and the state the turn before left
    reached = ""
    # the turns' numbers by their tallies (the memo's own, one object per distinct tallies: grouped by identity),
    # counted once each at the end: a batch's turns have few distinct tallies (6 on the 1,000-state scenario)
    groups: dict[int, list[Any]] = {}
    for turn in turns:
        _played_in(scenario, turn)
        if node is None or turn.before is not after or turn.state != reached:
            node = memo.node(turn, node)
        after, reached = turn.after, turn.next_state
        found = node.edges.get((turn.input, reached, turn.close_blocked_by))  # _edge(turn)
        tallies, node = found if found is not None else memo.follow(node, turn, prospects)
        group = groups.get(id(tallies))
        if group is None:
            group = groups[id(tallies)] = [tallies]
        group.append(turn.number)
    for tallies, *numbers in groups.values():
        _count_tallies(tallies, numbers, accs)


def _attach(notes: list[TurnNote], ev: Evidence) -> None:
    """Path-level evidence sits on the turn it names, like every other piece of evidence."""
    i = ev.turn - 1
    notes[i] = replace(notes[i], evidence=notes[i].evidence + (ev,))


@dataclass
class _PathFindings:
    techniques: list[TechniqueResult]
    faults: list[FaultResult]
    conformity: list[ConformityResult]
    needs_left: NeedsLeft | None = None


def _path_judgement(scenario: Scenario, rubric: Rubric, grader: Grader, accs: dict[str, _Acc],
                    turns: Sequence[Turn], notes: list[TurnNote]) -> _PathFindings:
    """What the jury reads across turns (judgement.py): techniques credited or missed, recaps checked
    against the record, faults named. Techniques and conformity add evidence to the criteria's accounts."""
    from . import judgement

    ids = frozenset(c.id for c in grader.criteria)
    techs = judgement.techniques(scenario, rubric, turns, ids)
    by_number = {t.number: t for t in turns}
    for tech in techs:
        acc = accs[tech.criterion]
        turn = by_number[tech.turns[-1]]
        acc.opportunities += 1
        acc.maximum += tech.points
        client = _client_text(turn)
        if tech.complete:
            acc.points += tech.points
            acc.earned += tech.points
            ev = Evidence(turn.number, tech.criterion, "strength", tech.points, tech.id,
                          turn.learner_text, client, Authored(tech.explain_fr, tech.explain_en))
        else:
            ev = Evidence(  # a missed technique names itself, unlike a missed move
                turn.number, tech.criterion, "missed", 0, tech.id, turn.learner_text, client,
                phrase_n("scoring.technique.incomplete", tech.steps_done, steps=tech.steps,
                         label=Authored(tech.label_fr, tech.label_en), explain=Authored(tech.explain_fr, tech.explain_en)))
        acc.add(ev)
        if acc.keep:
            _attach(notes, ev)
    # a recap is checked where the rubric grades the close (none: no recap to check)
    target = next((c for c in ("n_conclusion", "p_engagement") if c in ids), None)
    conformity: list[ConformityResult] = []
    if target is not None:
        conformity = judgement.conformity(scenario, turns)
        for result in conformity:
            ev = judgement.conformity_evidence(result, target, by_number[result.turn])
            acc = accs[target]
            acc.points += ev.points
            acc.penalties += ev.points
            acc.add(ev)
            if acc.keep:
                _attach(notes, ev)
    return _PathFindings(techs, [_where_committed(f, accs) for f in judgement.faults(scenario, rubric, turns)],
                         conformity, judgement.needs_left(scenario, rubric, turns))


def _where_committed(fault: FaultResult, accs: dict[str, _Acc]) -> FaultResult:
    """A fault caps the competency it was committed in, as a jury reads it: among the criteria the rubric names
    for it, those the faulty turns were graded on (a promise made to lift an objection caps the objection
    handling, not the discovery); all of them when the turns were graded on none."""
    turns = set(fault.turns)
    touched = tuple(c for c in fault.criteria if c in accs and not accs[c].seen.isdisjoint(turns))
    return replace(fault, criteria=touched) if touched else fault


def _viable(prospects: Prospects, alts: list[_Alt]) -> list[_Alt]:
    """The moves on offer that keep the best ending within reach (prospects.py): the only ones the debrief
    may hold up as better. It does not depend on the learner's own move, so grading stays monotone."""
    ranks = [prospects.after(a.turn) for a in alts]
    best = max(ranks, default=0)
    return [a for a, r in zip(alts, ranks) if r >= best]


def _plan_turn(grader: Grader, turn: Turn, chosen: _Scores, alts: list[_Alt], viable: list[_Alt]) -> _TurnPlan:
    """What the turn decides on each criterion, from the grades of the moves on offer (``alts``, the learner's
    own among them when it is one) and of the learner's move (``chosen``). Rivals and advice come only from
    the ``viable`` moves, those that keep the best ending in reach: a move that closes the interview early
    is not a missed opportunity, however well its line grades."""
    calls: list[_CriterionCall] = []
    ids = [c.id for c in grader.criteria]
    offered = alts  # the moves the state offered (the learner's own when it is one of them)
    mine_t, mine_v = chosen.totals, chosen.values
    # the criteria on which each viable move is worth less than the learner's: it is a rival on ``cid`` when
    # that is none, or ``cid`` alone (at least as good on every other criterion)
    below = [[d for d in ids if a.values[d] < mine_v[d]] for a in viable]
    for cid in ids:
        if len({a.totals[cid] for a in offered}) <= 1:
            continue  # every move on offer grades the same: no opportunity for this criterion here
        mine = mine_t[cid]
        # The moves held up against the learner's on this criterion: those at least as good on every other
        # criterion. A move that is better here but worse elsewhere was a trade-off, not a mistake.
        rivals = [a for a, worse in zip(viable, below) if not worse or worse == [cid]]
        bound = max([0, *(a.values[cid] for a in rivals)])
        top, beating = None, []
        if mine < max(a.totals[cid] for a in viable):
            beating = [a for a in rivals if a.values[cid] > mine]
            if beating:  # a missed opportunity: a rival move did better here at no cost elsewhere
                top = max(beating, key=lambda a: (a.values[cid], a.totals[cid], a.sum()))
            else:  # a better move existed here, at a cost elsewhere: advice only
                top = max(viable, key=lambda a: (a.totals[cid], a.values[cid], a.sum()))
        calls.append(_CriterionCall.of(cid, mine, max(bound, mine), chosen.grade.get(cid, ()), top,
                                    top.totals[cid] if top is not None else 0, bool(beating)))
    mine_sum = chosen.sum
    top = max(viable, key=lambda a: a.sum(), default=None)
    note_top = top if top is not None and top.sum() > mine_sum and top.move != turn.input else None
    return _TurnPlan(tuple(calls), mine_sum, note_top)


def _grade_turn(turn: Turn, plan: _TurnPlan, accs: dict[str, _Acc], write: bool = True) -> list[Evidence]:
    """The turn's decisions written into the criteria's accounts, with the turn's own words as evidence
    (``write`` False: counted only, for the marks)."""
    out: list[Evidence] = []
    client = _client_text(turn) if write else ""
    number, said = turn.number, turn.learner_text
    for call in plan.calls:
        acc = accs[call.criterion]
        acc.opportunities += 1
        acc.points += call.mine
        acc.maximum += call.maximum
        acc.earned += call.earned
        acc.penalties += call.penalties
        for kind, pts, rule_id, explanation in call.evidence:
            if not write:
                acc.count(kind, number)
                continue
            ev = Evidence(number, call.criterion, kind, pts, rule_id, said, client, explanation)
            acc.add(ev)
            out.append(ev)
        if call.top is None:
            continue
        if write:
            acc.better.append(_better(number, call.criterion, turn, call.mine, call.top, call.top_points))
        if not call.missed:
            continue
        if not write:
            acc.count("missed", number)
            continue
        ev = Evidence(number, call.criterion, "missed", 0, None, said, client, call.missed_text)
        acc.add(ev)
        out.append(ev)
    return out


def _note(scenario: Scenario, turn: Turn, evidence: list[Evidence], plan: _TurnPlan) -> TurnNote:
    top = plan.note_top
    better = _better(turn.number, None, turn, plan.mine, top, top.sum()) if top is not None else None
    state = scenario.states[turn.state]
    return TurnNote(turn.number, turn.state, turn.phase, state.spec.speaker, turn.learner_text,
                    tuple((line.speaker, line.text) for line in turn.replies), tuple(turn.acts), tuple(evidence),
                    better, tuple(sorted(turn.offer.as_dict().items())) if turn.offer else None,
                    bool(turn.replies) and type(turn.replies[-1]) is ArrivalLine)


# ---------------------------------------------------------------- assembling the debrief

def _ratio(acc: _Acc) -> float | None:
    if acc.opportunities == 0:
        return None
    if acc.maximum > 0:
        return min(1.0, max(0.0, acc.points / acc.maximum))
    # Only errors were possible: making one is evidence (0); avoiding it shows no competency either way.
    return 0.0 if acc.points < 0 else None


def _mean(pairs: list[tuple[float, float]]) -> float | None:
    weight = sum(w for w, _ in pairs)
    if not weight:
        return None
    return sum(w * r for w, r in pairs) / weight


def _mark(ratio: float | None) -> float | None:
    return None if ratio is None else round(20 * ratio, 1)


@dataclass
class _Grid:
    """A debrief's figures, from the criteria's accounts: what ``marks`` returns and ``_assemble`` writes out,
    worked out by the same code so the two can never disagree."""

    reads: dict[str, Any]  # interview criterion -> judgement.Adjusted (its ratio after the jury's reading)
    levels: dict[str, str]  # every criterion of the grid (the written ones graded) -> its level
    ratios: dict[str, float]  # the evaluated criteria's ratios
    written: dict[str, CriterionResult]  # the written criteria graded, as the grid shows them
    objective: ObjectiveResult | None
    blocks: dict[str, float | None]  # block -> mark
    block_levels: dict[str, str]
    overall: float | None
    ethical: list[FaultResult]


@dataclass(frozen=True)
class _Layout:
    """What ``_grid`` reads of the rubric for the blocks a scenario assesses: the same for every session, so
    worked out once (``_layout``), not per session."""

    criteria: tuple[tuple[str, Block], ...]  # every interview criterion (id, block), in the rubric's order
    assessed: frozenset[str]  # those the scenario's blocks grade
    offered: frozenset[str]  # judgement.offered_criteria
    members: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # block -> its interview criteria (id, weight)
    every: tuple[tuple[str, int], ...]  # every criterion (id, weight), the written ones after the interview's
    cap: float  # the cap an ethical fault sets (rubric.cap_ratio("en_cours"))


@lru_cache(maxsize=64)  # scenarios and rubrics hash by identity
def _layout(scenario: Scenario, rubric: Rubric, assessed: frozenset[str]) -> _Layout:
    from . import judgement

    interview = list(rubric.criteria.values())
    return _Layout(tuple((c.id, c.block) for c in interview), assessed, judgement.offered_criteria(scenario, rubric),
                   tuple((b.id, tuple((c.id, c.weight) for c in interview if c.block == b.id))
                         for b in rubric.spec.blocks),
                   tuple((c.id, c.weight) for c in [*interview, *rubric.written.values()]),
                   rubric.cap_ratio("en_cours"))


def _grid(scenario: Scenario, rubric: Rubric, grader: Grader, accs: dict[str, _Acc], turns: Sequence[Turn],
          ending: str | None, found: _PathFindings, written: Sequence[WrittenMark] = ()) -> _Grid:
    from . import judgement

    layout = _layout(scenario, rubric, frozenset(c.id for c in grader.criteria))
    reads: dict[str, Any] = {}
    levels: dict[str, str] = {}
    ratios: dict[str, float] = {}
    flaws: dict[str, int] = {}  # weaknesses and missed opportunities per criterion: the ceilings read them
    ended = bool(turns) and turns[-1].outcome is not None
    offered, assessed, faults = layout.offered, layout.assessed, found.faults
    for cid, block in layout.criteria:
        acc = accs.get(cid)
        if acc is None or cid not in assessed:
            flaws[cid] = acc.flaws if acc is not None else 0
            reads[cid] = judgement.Adjusted(None, [])
            levels[cid] = "non_evalue"
            continue
        flaws[cid] = acc.flaws
        read = judgement.adjust(rubric, cid, block, _ratio(acc), acc.opportunities, acc.flaws, ended, cid in offered,
                                faults, len(acc.strong), found.needs_left)
        reads[cid] = read
        ratio = read.ratio
        levels[cid] = "non_evalue" if ratio is None else (read.level or rubric.level_for(ratio))
        if ratio is not None:
            ratios[cid] = ratio
    papers_graded: dict[str, CriterionResult] = {}
    if written:
        _written_results(rubric, written, papers_graded, ratios)
        levels.update({cid: c.level for cid, c in papers_graded.items()})
    objective = _objective(scenario, rubric, turns, ending)
    # once the session has ended, the objective is one more (weight, ratio) pair in each assessed block's mean
    # and in the overall mean
    goal: dict[str, list[tuple[float, float]]] = {}
    overall_goal: list[tuple[float, float]] = []
    if objective is not None and objective.ratio is not None:
        goal = {b: [(w, objective.ratio)] for b, w in objective.block_weights.items() if w > 0}
        overall_goal = [(objective.weight, objective.ratio)] if objective.weight > 0 else []
    blocks: dict[str, float | None] = {}
    block_levels: dict[str, str] = {}
    ethical = [f for f in faults if f.ethical]
    block_cap = layout.cap if ethical else 1.0  # an ethical fault caps the block (and the mark)
    # a criterion « non acquis » keeps the floor (judgement.adjust); a failed objective counts 0, so without this a
    # weak interview fell under it (2/20 where the blind jury gave 3 to 5)
    floor = rubric.spec.judgement.floor
    # a block, or an interview, with a competency « non acquis » is not « acquis » (a jury does not validate a block
    # one of whose competencies is not acquired): « en cours » at most, as an ethical fault caps it
    not_acquired_cap = rubric.cap_ratio("en_cours")
    for block_id, members in layout.members:
        pairs = [(w, ratios[cid]) for cid, w in members if cid in ratios]
        if papers_graded:  # graded from the written work, after the interview's criteria
            pairs += [(c.weight, ratios[c.id]) for c in rubric.written_of(block_id)
                      if c.id in papers_graded and c.id in ratios]
        mean = _mean(pairs + goal.get(block_id, []))
        if mean is not None:
            if pairs:  # the jury's scale: an interview led keeps at least the floor, as each criterion does
                mean = max(mean, floor)
            ceiling = judgement.interview_ceiling(rubric, sum(flaws[cid] for cid, _ in members if cid in ratios))
            if any(levels[cid] == "non_acquis" for cid, _ in members if cid in ratios):
                ceiling = min(ceiling, not_acquired_cap)
            mean = min(mean, block_cap, ceiling)
        blocks[block_id] = _mark(mean)
        block_levels[block_id] = "non_evalue" if mean is None else rubric.level_for(mean)
    graded = [(w, ratios[cid]) for cid, w in layout.every if cid in ratios]
    overall = _mean(graded + overall_goal)
    if overall is not None:
        if graded:
            overall = max(overall, floor)
        overall = min(overall, block_cap, judgement.interview_ceiling(rubric, sum(n for cid, n in flaws.items()
                                                                                  if cid in ratios)))
        if any(levels[cid] == "non_acquis" for cid in ratios):
            overall = min(overall, not_acquired_cap)
    return _Grid(reads, levels, ratios, papers_graded, objective, blocks, block_levels, overall, ethical)


def _assemble(scenario: Scenario, rubric: Rubric, grader: Grader, accs: dict[str, _Acc], turns: Sequence[Turn],
              notes: list[TurnNote], ending: str | None = None, hints: tuple[int, ...] = (),
              found: _PathFindings | None = None, written: Sequence[WrittenMark] = ()) -> Debrief:
    found = found or _PathFindings([], [], [])
    grid = _grid(scenario, rubric, grader, accs, turns, ending, found, written)
    criteria: dict[str, CriterionResult] = {}
    for crit in rubric.criteria.values():
        acc = accs.get(crit.id, _Acc())
        read, ratio = grid.reads[crit.id], grid.reads[crit.id].ratio
        kept = min(acc.maximum, max(0, acc.points))
        criteria[crit.id] = CriterionResult(
            crit.id, crit.block, crit.spec.title_fr, crit.spec.title_en, crit.weight, grid.levels[crit.id], kept,
            acc.maximum, acc.earned, acc.penalties, acc.opportunities, None if ratio is None else round(ratio, 4),
            _mark(ratio), tuple(acc.evidence), tuple(acc.better), tuple(read.notes))
    interview = dict(criteria)  # strengths and priorities quote turns: the written criteria have none
    criteria.update(grid.written)
    def members(block: str) -> tuple[str, ...]:
        """The block's criteria ids: the interview's, then those graded from the written work."""
        return (*(c.id for c in rubric.criteria.values() if c.block == block),
                *(c.id for c in rubric.written_of(block) if c.id in criteria))

    block_results = [BlockResult(block.id, block.number, block.title_fr, block.title_en,
                                 block.id in scenario.spec.blocks, grid.blocks[block.id], grid.block_levels[block.id],
                                 members(block.id))
                     for block in rubric.spec.blocks]
    levels = rubric.spec.levels
    headline = _headline(rubric, criteria, block_results, grid.ethical, grid.objective)
    return Debrief(
        scenario_id=scenario.id, scenario_title=scenario.title, scenario_hash=scenario.content_hash,
        scenario_blocks=tuple(scenario.spec.blocks), rubric_id=rubric.id, rubric_hash=rubric.content_hash,
        language=scenario.spec.language, mark=_mark(grid.overall) or 0.0, evaluated=grid.overall is not None,
        blocks=grid.blocks, block_results=tuple(block_results), criteria=criteria,
        strengths=_strengths(rubric, interview), priorities=_priorities(rubric, interview),
        negotiation=_negotiation(scenario, turns), outcome=_outcome(scenario, turns), turns=tuple(notes),
        level_labels={k: (getattr(levels, k).label_fr, getattr(levels, k).label_en)
                      for k in ("acquis", "en_cours", "non_acquis", "non_evalue")},
        thresholds={"acquis": levels.acquis.min, "en_cours": levels.en_cours.min,
                    **({"floor": rubric.spec.judgement.floor} if rubric.spec.judgement.floor else {})},
        objective=grid.objective,
        hints=hints,
        techniques=tuple(found.techniques), faults=tuple(found.faults), conformity=tuple(found.conformity),
        needs_left=found.needs_left, headline_text=headline,
    )


def _written_results(rubric: Rubric, marks: Sequence[WrittenMark], criteria: dict[str, CriterionResult],
                     ratios: dict[str, float]) -> None:
    """The written criteria as the grid shows them, beside the interview's (their checks are in the debrief's
    ``written``); « non évalué » when the work they read was not written."""
    for m in marks:
        crit = rubric.written.get(m.criterion)
        if crit is None:
            continue
        level = "non_evalue" if m.ratio is None else rubric.level_for(m.ratio)
        if m.ratio is not None:
            ratios[m.criterion] = m.ratio
        checks = Joined(tuple(phrase("scoring.note.check", label=c.name, points=c.points, max=c.max) for c in m.checks))
        criteria[m.criterion] = CriterionResult(
            m.criterion, m.block, crit.spec.title_fr, crit.spec.title_en, crit.weight, level, m.points, m.max, m.points,
            0, len(m.checks), m.ratio, _mark(m.ratio), (), (),
            (phrase("scoring.note.written", checks=checks),) if m.checks else ())


def _headline(rubric: Rubric, criteria: dict[str, CriterionResult], blocks: list[BlockResult], ethical: list[Any],
              objective: ObjectiveResult | None) -> Phrase | None:
    """The debrief's first line when the block's level would surprise a reader of the criteria."""
    if ethical:
        return phrase("scoring.headline.ethical", names=Joined(tuple(Authored(f.label_fr, f.label_en) for f in ethical)))
    for block in blocks:
        if not block.assessed or block.level == "acquis":
            continue
        members = [criteria[c] for c in block.criteria if criteria[c].evaluated]
        if members and all(c.level == "acquis" for c in members) and objective is not None and objective.status:
            return phrase("scoring.headline.objective",
                          status=Authored(objective.label_fr.lower(), objective.label_en.lower()))
    return None


def _objective(scenario: Scenario, rubric: Rubric, turns: Sequence[Turn], ending: str | None) -> ObjectiveResult | None:
    """How far the interview reached its objective, from how the session ended (None: no objective in the rubric)."""
    last = turns[-1] if turns else None
    return _objective_at(scenario, rubric, None if last is None else _Last(last.outcome, last.next_state, last.number),
                         ending)


class _Last(NamedTuple):
    """What the objective reads of a session's last turn."""

    outcome: str | None
    next_state: str
    number: int


@lru_cache(maxsize=4096)  # a batch's sessions end in few ways: each result is worked out once (it is immutable)
def _objective_at(scenario: Scenario, rubric: Rubric, last: _Last | None, ending: str | None) -> ObjectiveResult | None:
    spec = rubric.spec.objective
    if spec is None:
        return None
    status: str | None = None
    end_state, summary, turn = None, None, None
    if last is not None and last.outcome is not None:  # the scenario's own ending comes first
        status, end_state, turn = last.outcome, last.next_state, last.number
        end = scenario.states[last.next_state].spec.end
        summary = end.summary if end else None
    elif ending in OUTCOMES and ending not in ("success", "partial", "failure"):
        # stopped from outside (an exam's clock, an abandon): the objective was not reached on this path
        status, turn = ending, last.number if last is not None else None
    assessed = [b for b in scenario.spec.blocks if rubric.block(b) is not None]
    parts = [part for b in assessed if (part := spec.blocks.get(b)) is not None]
    outcome = getattr(spec.outcomes, status) if status else None
    ratio = outcome.ratio if outcome is not None else None
    block_weights: dict[str, float] = {b: rubric.objective_weight(b) for b in assessed}
    label: Text = (Authored(outcome.label_fr, outcome.label_en) if outcome is not None
                   else phrase("scoring.objective.unfinished"))
    return ObjectiveResult(
        spec.title_fr, spec.title_en,
        " ".join(p.descriptor_fr for p in parts) or spec.descriptor_fr,
        " ".join(p.descriptor_en for p in parts) or spec.descriptor_en,
        tuple(q for p in parts for q in p.fiche), status, label, end_state, summary, turn,
        ratio, _mark(ratio), "non_evalue" if ratio is None else rubric.level_for(ratio),
        round(sum(block_weights.values()), 4), block_weights, spec.weight,
        {name: getattr(spec.outcomes, name).ratio for name in OUTCOMES})


def _strengths(rubric: Rubric, criteria: dict[str, CriterionResult]) -> tuple[Point, ...]:
    order = {cid: i for i, cid in enumerate(rubric.criteria)}
    floor = rubric.spec.levels.en_cours.min  # a strength is shown on a criterion at least "en cours"
    pool = [c for c in criteria.values()
            if c.ratio is not None and c.ratio >= floor and any(e.kind == "strength" for e in c.evidence)]
    pool.sort(key=lambda c: (-(c.ratio or 0), -c.weight, order[c.id]))
    out = []
    for c in pool[:3]:
        best = max((e for e in c.evidence if e.kind == "strength"), key=lambda e: (e.points, -e.turn))
        out.append(Point(c.id, c.title_fr, c.title_en,
                         phrase("scoring.point.at_turn", text=best.explanation, turn=best.turn), best.turn))
    return tuple(out)


def _priorities(rubric: Rubric, criteria: dict[str, CriterionResult]) -> tuple[Point, ...]:
    order = {cid: i for i, cid in enumerate(rubric.criteria)}
    pool = [c for c in criteria.values() if c.ratio is not None and c.ratio < 1]
    pool.sort(key=lambda c: (-(c.weight * (1 - (c.ratio or 0))), order[c.id]))
    out = []
    for c in pool[:3]:
        worst = min((e for e in c.evidence if e.kind == "weakness"), key=lambda e: (e.points, e.turn), default=None)
        better = max(c.better, key=lambda b: (b.points - b.chosen_points, -b.turn), default=None)
        wording: Text
        if worst is not None:
            wording = phrase("scoring.point.at_turn", text=worst.explanation, turn=worst.turn)
            turn = worst.turn
            better = next((b for b in c.better if b.turn == worst.turn), better)
        elif better is not None:
            why = _why(better.reasons_fr, better.reasons_en)
            wording = (phrase("scoring.point.better", turn=better.turn, why=why) if why is not None
                       else phrase("scoring.point.better.bare", turn=better.turn))
            turn = better.turn
        else:
            wording, turn = phrase("scoring.point.more"), None
        out.append(Point(c.id, c.title_fr, c.title_en, wording, turn, better))
    return tuple(out)


def _negotiation(scenario: Scenario, turns: Sequence[Turn]) -> NegotiationSummary | None:
    price = scenario.spec.price
    if price is None:
        return None
    offers = [t.offer for t in turns if t.offer is not None]
    record = NegotiationRecord(price, offers=list(offers))
    record.final = next((o.amount for o in offers if o.response == "accept"), None)
    record.walked_away = any(o.response == "walkaway" for o in offers)
    margin = record.margin()
    labels = {c.id: c.label for c in price.counterparts}
    obtained = list(dict.fromkeys(o.counterpart for o in offers if o.with_counterpart and o.counterpart))
    conceded = [o for o in offers if o.concession > 0]
    return NegotiationSummary(
        price.currency, price.unit, price.list_price, price.target, price.floor,
        tuple(tuple(sorted(o.as_dict().items())) for o in offers), record.final is not None, record.final,
        record.walked_away, len(conceded), sum(o.with_counterpart for o in conceded),
        sum(not o.with_counterpart for o in conceded), tuple(labels.get(c, c) for c in obtained),
        margin["discount_pct"], margin["vs_target"], margin["vs_floor"], margin["normalised"])


def _outcome(scenario: Scenario, turns: Sequence[Turn]) -> Outcome:
    last = turns[-1] if turns else None
    if last is None or last.outcome is None:
        return Outcome(None, None, None, len(turns))
    end = scenario.states[last.next_state].spec.end
    return Outcome(last.outcome, last.next_state, end.summary if end else None, len(turns))
