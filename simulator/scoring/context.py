"""What a rubric rule can read about a move: the state before it, and names describing the move itself.

Rules are written in the scenarios' expression language. They see the engine's built-ins as they
stood *before* the move (``discovered``, ``open_objections``, ``phase``...) plus the "act context"
defined here (the move's acts, the previous ones, what the move discovered or handled, the price
offer and the client's answer). Scenario variables (patience, confiance...) are deliberately not
visible: a rubric must grade every scenario the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from ..content.expressions import (
    BOOL,
    INT,
    Binary,
    Call,
    ExprError,
    Name,
    Scope,
    Text,
    Type,
    Unary,
    VarInfo,
    parse_condition,
)
from ..content.loader import BUILTIN_BOOLS, BUILTIN_INTS
from ..content.spec import PHASES

OUTCOMES = frozenset({"success", "partial", "failure", "none"})
SPEAKERS = frozenset({"client", "gatekeeper"})


def _set(domain: frozenset[str] | None = None) -> VarInfo:
    return VarInfo(Type("set", domain), writable=False)


def _ro(t: Type) -> VarInfo:
    return VarInfo(t, writable=False)


# name -> (type maker, French description for docs/scoring.md and error hints)
CONTEXT_DOC: dict[str, str] = {
    "acts": "les actes du coup joué (ensemble)",
    "prev_acts": "les actes du coup précédent (ensemble, vide au premier tour)",
    "earlier_acts": "les actes de tous les coups précédents (ensemble)",
    "new_needs": "nombre de besoins découverts par ce coup",
    "prev_new_needs": "nombre de besoins découverts par le coup précédent (le client vient d'exprimer un besoin)",
    "needs_total": "nombre de besoins cachés du client dans le scénario",
    "argued": "nombre de besoins auxquels ce coup répond (« argues » du choix)",
    "argued_known": "parmi eux, ceux déjà découverts avant ce coup",
    "handled_now": "nombre d'objections levées par ce coup",
    "raised_now": "nombre d'objections soulevées par ce coup",
    "close_blocked": "le coup visait la conclusion alors qu'une objection bloquante restait ouverte",
    "speaker": "à qui parle l'apprenant : 'client' ou 'gatekeeper' (barrage)",
    "next_phase": "la phase de l'état où mène le coup",
    "is_offer": "le coup est une proposition de prix",
    "offer_amount": "montant proposé (0 si ce n'est pas une offre)",
    "offer_concession": "baisse par rapport à l'offre précédente ou au prix catalogue (0 sinon)",
    "prev_concession": "montant de la concession précédente (0 si aucune)",
    "counterpart_asked": "une contrepartie est demandée avec l'offre",
    "counterpart_obtained": "le client accepte la contrepartie demandée",
    "counterpart_repeat": "cette contrepartie avait déjà été obtenue",
    "deal_now": "le client accepte cette offre",
    "walkaway_now": "le client rompt la négociation après cette offre",
    "list_price": "prix catalogue du scénario (0 sans négociation)",
    "target": "prix objectif (0 sans négociation)",
    "floor": "prix plancher (0 sans négociation)",
    "ends": "le coup termine la session",
    "outcome": "issue de la session si le coup la termine : 'success', 'partial', 'failure', sinon 'none'",
}


def rule_scope(act_ids: Iterable[str]) -> Scope:
    """The names a rule condition may use, typed, for checking the rubric when it loads."""
    acts = frozenset(act_ids)
    entries: dict[str, VarInfo] = {name: _ro(INT) for name in BUILTIN_INTS}
    entries.update({name: _ro(BOOL) for name in BUILTIN_BOOLS})
    # needs and objections are named per scenario: a rubric counts them, it never names one
    for name in ("discovered", "raised_objections", "open_objections", "handled_objections"):
        entries[name] = _set()
    entries["phase"] = _ro(Type("text", frozenset(PHASES)))
    entries["state"] = _ro(Type("text", None))
    entries.update({
        "acts": _set(acts), "prev_acts": _set(acts), "earlier_acts": _set(acts),
        "speaker": _ro(Type("text", SPEAKERS)), "next_phase": _ro(Type("text", frozenset(PHASES))),
        "outcome": _ro(Type("text", OUTCOMES)),
    })
    for name in ("new_needs", "prev_new_needs", "needs_total", "argued", "argued_known", "handled_now", "raised_now",
                 "offer_amount", "offer_concession", "prev_concession", "list_price", "target", "floor"):
        entries[name] = _ro(INT)
    for name in ("close_blocked", "is_offer", "counterpart_asked", "counterpart_obtained", "counterpart_repeat",
                 "deal_now", "walkaway_now", "ends"):
        entries[name] = _ro(BOOL)
    assert set(CONTEXT_DOC) <= set(entries)
    return Scope(entries)


class History(NamedTuple):  # immutable and cheap to make: one is made per turn graded (twice: scorer, faults)
    """What came before a move, as far as rules care."""

    prev_acts: frozenset[str] = frozenset()
    earlier_acts: frozenset[str] = frozenset()
    prev_new_needs: int = 0
    prev_concession: int = 0
    obtained: frozenset[str] = frozenset()  # counterparts already obtained

    def after(self, turn: Any) -> History:
        offer = turn.offer
        now, before = turn.after["discovered"], turn.before["discovered"]
        # most moves discover nothing: the engine then leaves the very same set in place
        new_needs = (0 if now is before else len(now - before) if type(now) is frozenset and type(before) is frozenset
                     else len(set(now) - set(before)))
        obtained = self.obtained
        prev_concession = self.prev_concession
        if offer is not None:
            if offer.with_counterpart:
                obtained = obtained | {offer.counterpart}
            if offer.concession > 0:
                prev_concession = offer.concession
        acts = frozenset(turn.acts)
        earlier = self.earlier_acts
        # tuple.__new__ directly: the NamedTuple's own __new__ is a Python function, and this runs twice a turn
        return _new_history(History, (acts, earlier if acts <= earlier else earlier | acts, new_needs, prev_concession,
                                      obtained))


_new_history = tuple.__new__


# The History field behind each context name a rule may read (a field no rule reads cannot change a grade).
HISTORY_READ_AS: dict[str, str] = {"prev_acts": "prev_acts", "earlier_acts": "earlier_acts",
                                   "prev_new_needs": "prev_new_needs", "prev_concession": "prev_concession",
                                   "counterpart_repeat": "obtained"}
# Built-ins the engine only counts with: nothing but an expression naming them reads their value.
COUNTERS = ("turn",)


def rule_conditions(rubric: Any) -> list[str]:
    """The rubric's rule conditions, as written."""
    return [r.spec.if_ for c in rubric.criteria.values() for r in c.rules if r.spec.if_]


def rubric_names(rubric: Any) -> frozenset[str]:
    """Every name the rubric's rule conditions mention."""
    from ..content.expressions import names_in

    return frozenset(n for text in rule_conditions(rubric) for n in names_in(text))


def history_fields_read(names: Iterable[str]) -> tuple[str, ...]:
    """The History fields that rules mentioning ``names`` can read, in a fixed order."""
    wanted = {HISTORY_READ_AS[n] for n in names if n in HISTORY_READ_AS}
    return tuple(f for f in ("prev_acts", "earlier_acts", "prev_new_needs", "prev_concession", "obtained") if f in wanted)


# History fields that hold acts: a rule may only test them for one act at a time (see acts_tested)
ACT_SETS = ("prev_acts", "earlier_acts")


def acts_tested(conditions: Iterable[str], name: str) -> frozenset[str] | None:
    """The acts ``conditions`` test the set ``name`` for (``ACT in name``, ``ACT not in name``), when that is
    all they do with it: a move's grade then depends on which of those acts the set holds, not on the rest of
    it. None when some condition reads the set any other way (its size, say), or cannot be read."""
    tested: set[str] = set()

    def visit(node: Any) -> bool:  # False: ``name`` read otherwise than as the right of ``in``
        if isinstance(node, Binary):
            if node.op == "in" and isinstance(node.right, Name) and node.right.name == name:
                if isinstance(node.left, Text):
                    tested.add(node.left.value)
                    return True
                if isinstance(node.left, Name):  # a bare act name (a loaded rubric compiled it as an element)
                    tested.add(node.left.name)
                    return True
                return False
            return visit(node.left) and visit(node.right)
        if isinstance(node, Unary):
            return visit(node.operand)
        if isinstance(node, Call):
            return all(visit(arg) for arg in node.args)
        return not (isinstance(node, Name) and node.name == name)

    for text in conditions:
        try:
            if not visit(parse_condition(text)):
                return None
        except ExprError:
            return None
    return frozenset(tested)


def move_env(scenario: Any, turn: Any, history: History) -> dict[str, Any]:
    """The environment a rule condition is evaluated in for ``turn`` (a real or a hypothetical move)."""
    before: Mapping[str, Any] = turn.before
    env = dict(before)
    spec = scenario.spec
    state = scenario.states[turn.state]
    choice = state.by_id.get(turn.choice_id) if turn.choice_id else None
    discovered_before = set(before["discovered"])
    argues = set(choice.spec.argues) if choice is not None else set()
    offer = turn.offer
    price = spec.price
    env.update({
        "acts": frozenset(turn.acts),
        "prev_acts": history.prev_acts,
        "earlier_acts": history.earlier_acts,
        "new_needs": len(set(turn.after["discovered"]) - discovered_before),
        "prev_new_needs": history.prev_new_needs,
        "needs_total": len(spec.persona.client.needs),
        "argued": len(argues),
        "argued_known": len(argues & discovered_before),
        "handled_now": len(turn.handled),
        "raised_now": len(turn.raised),
        "close_blocked": bool(turn.close_blocked_by),
        "speaker": state.spec.speaker,
        "next_phase": turn.next_phase,
        "is_offer": offer is not None,
        "offer_amount": offer.amount if offer else 0,
        "offer_concession": offer.concession if offer else 0,
        "prev_concession": history.prev_concession,
        "counterpart_asked": bool(offer and offer.counterpart),
        "counterpart_obtained": bool(offer and offer.with_counterpart),
        "counterpart_repeat": bool(offer and offer.with_counterpart and offer.counterpart in history.obtained),
        "deal_now": bool(offer and offer.response == "accept"),
        "walkaway_now": bool(offer and offer.response == "walkaway"),
        "list_price": price.list_price if price else 0,
        "target": price.target if price else 0,
        "floor": price.floor if price else 0,
        "ends": turn.outcome is not None,
        "outcome": turn.outcome or "none",
    })
    return env
