"""Static checks over a compiled scenario's graph: what Yarn Spinner and ChoiceScript's quicktest give.

Errors: no reachable success ending. Warnings: unreachable states, states from which no ending can be
reached, conditions that can never hold, objections never raised, needs never discovered, and a price line
quoting the client's figure where it may not have named one yet.
Reachability is conservative: an edge counts unless its condition can never hold.
"""

from __future__ import annotations

import itertools
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from .acts import Catalogue
from .diagnostics import Diagnostic
from .expressions import ExprError, Scope, Type, VarInfo, compile_condition, parse_condition, tokenize
from .repeats import line_items
from .scenario import Scenario
from .spec import Price

MAX_CANDIDATES = 4096


def graph_checks(scenario: Scenario, catalogue: Catalogue) -> list[Diagnostic]:
    src = scenario.source
    spec = scenario.spec
    out: list[Diagnostic] = []
    if spec.start not in scenario.states:
        return out  # already reported as an unknown state
    holds = _Satisfiability(scenario)
    edges = successors(scenario, holds)
    reached = _bfs(spec.start, edges)

    for sid in scenario.states:
        if sid not in reached:
            out.append(src.diagnostic("NS201", ("states", sid), f"état « {sid} » inaccessible depuis le départ",
                                      "aucun choix possible n'y mène : ajoutez un chemin ou supprimez-le",
                                      key=True, severity="warning"))
    ends = {sid: st.spec.end.outcome for sid, st in scenario.states.items() if st.spec.end}
    if not any(ends[s] == "success" for s in ends if s in reached):
        out.append(src.diagnostic("NS106", ("start",), "aucune fin « success » n'est accessible",
                                  "le meilleur apprenant doit pouvoir réussir : ajoutez un chemin vers une fin success"))
    # states from which no ending is reachable (the learner would loop forever)
    reverse: defaultdict[str, set[str]] = defaultdict(set)
    for a, bs in edges.items():
        for b in bs:
            reverse[b].add(a)
    can_end = _bfs_many(ends, reverse)
    for sid in reached:
        if sid not in can_end:
            out.append(src.diagnostic("NS207", ("states", sid), f"depuis « {sid} », aucune fin n'est accessible",
                                      "l'apprenant tournerait en rond : ajoutez une sortie", key=True,
                                      severity="warning"))
    raised: set[str] = set()
    discovered: set[str] = set()
    for sid, st in scenario.states.items():  # one pass over the choices for the three checks that read them
        for i, ch in enumerate(st.choices):
            if ch.spec.if_ and not holds(ch.spec.if_):
                out.append(src.diagnostic("NS202", ("states", sid, "choices", i, "if"),
                                          f"la condition du choix « {ch.id} » ne peut jamais être vraie",
                                          "vérifiez les bornes des variables et les comparaisons",
                                          severity="warning"))
            if ch.raises:
                raised.update(ch.raises)
            if ch.discovers:
                discovered |= ch.discovers
    for oid, obj in spec.objections.items():
        if oid not in raised and (not obj.raise_when or not holds(obj.raise_when)):
            out.append(src.diagnostic("NS203", ("objections", oid), f"l'objection « {oid} » n'est jamais soulevée",
                                      "ajoutez raise_when ou un choix avec « raises: [" + oid + "] »",
                                      key=True, severity="warning"))
    for i, need in enumerate(spec.persona.client.needs):
        if need.id not in discovered:
            out.append(src.diagnostic("NS208", ("persona", "client", "needs", i),
                                      f"le besoin « {need.id} » n'est découvert par aucun choix",
                                      "ajoutez « discovers: [" + need.id + "] » à une bonne question",
                                      severity="warning"))
    return out


def early_contre_checks(scenario: Scenario) -> list[Diagnostic]:
    """NS210: a price line the client may say before it has named any figure quotes ``{contre}``.

    There the engine fills ``{contre}`` with the figure the client would open with (Session._client_figure):
    a figure the learner never heard, said as if it had been."""
    price = scenario.spec.price
    if price is None:
        return []
    out: list[Diagnostic] = []
    for name, why in _early_price_lines(price).items():
        for text, path in line_items(getattr(price.lines, name), ("price", "lines", name)):
            at = text.find("{contre}")
            if at >= 0:
                out.append(scenario.source.diagnostic_in_text(
                    "NS210", path, at,
                    f"la réplique « {name} » cite {{contre}}, le chiffre du client, qu'il n'a peut-être pas encore "
                    f"donné : {why}",
                    f"{{contre}} y vaudrait son prix d'ouverture ({price.client.opening}), jamais annoncé à "
                    "l'apprenant : citez plutôt l'offre de l'apprenant avec {offre}, ou retirez le chiffre",
                    severity="warning"))
    return out


def _early_price_lines(price: Price) -> dict[str, str]:
    """The price lines the client may say before its first counter-offer, each with the move that does it."""
    client = price.client
    low, high = price.floor / 2, price.list_price * 2  # plausible first offers (engine.price.plausible_range)
    last_round = client.max_rounds == 1  # the first offer is also the last: accepted or walked away from
    accepts = low <= client.opening or (last_round and low <= client.reservation)
    walks = last_round and high > client.reservation
    early = {"implausible": "une offre aberrante peut précéder toute contre-proposition"}
    if accepts:
        early["accept"] = "il peut accepter dès la première offre de l'apprenant"
    if walks:
        early["walkaway"] = "avec max_rounds: 1, il rompt dès la première offre au-dessus de sa réserve"
    if accepts or walks:
        kinds = {c.client_accepts for c in price.counterparts}
        for name, accepted in (("counterpart_accepted", True), ("counterpart_refused", False)):
            if accepted in kinds:
                early[name] = "elle peut répondre à une première offre assortie d'une contrepartie"
    return early


def successors(scenario: Scenario, holds: _Satisfiability | None = None) -> dict[str, set[str]]:
    """Every state a state may lead to, counting objections, interrupts and negotiation outcomes."""
    holds = holds or _Satisfiability(scenario)
    spec = scenario.spec
    interrupt_targets = {a.next for a, raw in zip(scenario.interrupts, spec.interrupts) if holds(raw.if_)}
    triggered = {spec.objections[o].state for o in scenario.objection_triggers
                 if o in spec.objections and holds(spec.objections[o].raise_when or "false")}
    state_ids = set(scenario.states)
    conclusions = {sid for sid, st in scenario.states.items() if st.phase == "conclusion"}
    blocking = {o.state for o in spec.objections.values() if o.blocks_close}
    always = interrupt_targets | triggered
    edges: dict[str, set[str]] = {}
    for sid, st in scenario.states.items():
        if st.is_end:
            edges[sid] = set()
            continue
        out: set[str] = set(always)
        for ch in st.choices:
            if ch.spec.if_ and not holds(ch.spec.if_):
                continue
            out.add(ch.spec.next)
            if ch.raises:
                out.update(spec.objections[o].state for o in ch.raises if o in spec.objections)
        for a in st.spec.auto:
            if holds(a.if_):
                out.add(a.next)
        if st.spec.negotiation:
            out.update((st.spec.negotiation.accept, st.spec.negotiation.walkaway, sid))
        # an open objection that blocks the close sends the client back to it
        if blocking and not out.isdisjoint(conclusions):
            out |= blocking
        edges[sid] = out & state_ids
    return edges


def _bfs(start: str, edges: dict[str, set[str]]) -> set[str]:
    return _bfs_many([start], edges)


def _bfs_many(starts: Iterable[str], edges: dict[str, set[str]]) -> set[str]:
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


class _Satisfiability:
    """Can a condition ever hold? Tried on the boundary values that matter for each variable.

    Conditions compare variables with constants, so trying each bound, each constant and its
    neighbours finds a satisfying assignment whenever a simple one exists. When there are too many
    combinations we assume it may hold (a warning must never be a false alarm)."""

    def __init__(self, scenario: Scenario):
        from .loader import builtin_scope_entries

        self.env = scenario.initial_env
        entries: dict[str, VarInfo] = builtin_scope_entries(scenario.spec)
        for name, var in scenario.spec.variables.items():
            if var.type == "int":
                entries[name] = VarInfo(Type("int", lo=var.min, hi=var.max))
            elif var.type == "set":
                entries[name] = VarInfo(Type("set", frozenset(var.items)))
            else:
                entries[name] = VarInfo(Type("bool"))
        self.scope = Scope(entries)
        self.cache = lru_cache(maxsize=None)(self._holds)

    def __call__(self, text: str | None) -> bool:
        return True if text is None else self.cache(text)

    def _holds(self, text: str) -> bool:
        try:
            cond = compile_condition(text, self.scope)
            parse_condition(text)
            tokens = tokenize(text)
        except ExprError:
            return True  # reported elsewhere
        consts = {int(t.text) for t in tokens if t.kind == "num"}
        words = {t.text for t in tokens if t.kind in ("name", "str")} | {
            t.text[1:-1] for t in tokens if t.kind == "str"}
        names = [w for w in dict.fromkeys(t.text for t in tokens if t.kind == "name") if w in self.scope.variables]
        options: list[list[Any]] = []
        total = 1
        for name in names:
            opts = self._candidates(self.scope.variables[name].type, consts, words)
            total *= len(opts)
            if total > MAX_CANDIDATES:
                return True
            options.append(opts)
        for combo in itertools.product(*options):
            env = dict(self.env)
            env.update(zip(names, combo))
            try:
                if cond(env):
                    return True
            except Exception:  # noqa: BLE001 - a static guess must never crash loading
                return True
        return False

    @staticmethod
    def _candidates(t: Type, consts: set[int], words: set[str]) -> list[Any]:
        if t.kind == "bool":
            return [False, True]
        if t.kind == "int":
            lo = t.lo if t.lo is not None else min([0, *consts]) - 1
            hi = t.hi if t.hi is not None else max([0, *consts]) + 1
            vals = {lo, hi, 0} | {c + d for c in consts for d in (-1, 0, 1)}
            return sorted(v for v in vals if lo <= v <= hi)
        domain = t.domain or frozenset()
        mentioned = [w for w in words if w in domain]
        if t.kind == "set":
            sets = {frozenset(), frozenset(domain)}
            for w in mentioned:
                sets.add(frozenset({w}))
                sets.add(frozenset(domain) - {w})
            # « len(discovered) == 2 and a in discovered and b in discovered »: exactly the items named
            sets.add(frozenset(mentioned))
            return list(sets)
        return mentioned + ["\0autre"]


# Checks other packages add for ``negosim validate`` only (e.g. the rubric's cross-checks: acts no criterion
# grades), run on a compiled scenario; not run when a scenario is merely loaded to be played.
VALIDATE_HOOKS: list[Callable[[Scenario], list[Diagnostic]]] = []


def validate_hooks(scenario: Scenario) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for hook in VALIDATE_HOOKS:
        out.extend(hook(scenario))
    return out
