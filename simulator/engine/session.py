"""A learner's session with a simulated client: the heart of negosim.

A session is a pure function of (scenario content, seed, inputs): the same inputs give the same turns,
byte for byte, so resuming is replaying and a debrief can be rebuilt at any time.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Union

from ..content.scenario import CompiledChoice, CompiledState, LineSet, Scenario
from .machine import accept_event, compile_machine, divert_event, offer_event, walkaway_event
from .price import NegotiationRecord, Offer, format_money

MAX_AUTO_CHAIN = 32  # automatic transitions followed in one turn before we call it a loop


class EngineError(Exception):
    """A move the session cannot take (unknown choice, price outside a negotiation...)."""


class ChoiceInput(NamedTuple):  # immutable and cheap to create (one per turn)
    choice: str

    def as_dict(self) -> dict[str, Any]:
        return {"choice": self.choice}


class PriceInput(NamedTuple):
    amount: int
    counterpart: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"price": self.amount}
        if self.counterpart:
            out["counterpart"] = self.counterpart
        return out


Input = Union[ChoiceInput, PriceInput]


def input_from_dict(data: Mapping[str, Any]) -> Input:
    if "choice" in data and isinstance(data["choice"], str):
        return ChoiceInput(data["choice"])
    if "price" in data and isinstance(data["price"], int) and not isinstance(data["price"], bool):
        cp = data.get("counterpart")
        return PriceInput(data["price"], cp if isinstance(cp, str) else None)
    raise ValueError(f"entrée illisible : {dict(data)!r}")


class ClientLine(NamedTuple):  # a tuple: cheap to create on the hot path, immutable
    speaker: str  # client | gatekeeper
    text: str


@dataclass(slots=True)  # treat as immutable; not frozen because frozen init is slow on the hot path
class Turn:
    number: int
    state: str
    phase: str
    input: Input
    learner_text: str
    acts: tuple[str, ...]
    replies: tuple[ClientLine, ...]
    next_state: str
    next_phase: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    raised: tuple[str, ...] = ()
    handled: tuple[str, ...] = ()
    diverted_to: str | None = None
    close_blocked_by: tuple[str, ...] = ()
    offer: Offer | None = None
    outcome: str | None = None
    interrupted: bool = False
    visited: tuple[str, ...] = ()  # every state entered during the turn, in order (auto transitions included)

    @property
    def changes(self) -> dict[str, tuple[Any, Any]]:
        return {k: (self.before.get(k), v) for k, v in self.after.items() if self.before.get(k) != v}

    @property
    def choice_id(self) -> str | None:
        return self.input.choice if isinstance(self.input, ChoiceInput) else None


@dataclass
class Session:
    scenario: Scenario
    seed: int = 0
    state: str = ""
    env: dict[str, Any] = field(default_factory=dict)
    turns: list[Turn] = field(default_factory=list)
    opening: tuple[ClientLine, ...] = ()
    used_once: set[str] = field(default_factory=set)
    voiced: set[str] = field(default_factory=set)  # objections the client has put into words
    negotiation: NegotiationRecord | None = None
    outcome: str | None = None
    machine: Any = None
    rng: random.Random = field(default_factory=random.Random)

    # -- life cycle
    @classmethod
    def start(cls, scenario: Scenario, seed: int = 0) -> Session:
        s = cls(scenario, seed)
        s.machine = compile_machine(scenario)  # cached per scenario: O(1) after the first session
        s.rng = random.Random(f"{scenario.content_hash}:{seed}")
        s.env = dict(scenario.initial_env)
        s.state = scenario.start
        if scenario.spec.price is not None:
            s.negotiation = NegotiationRecord(scenario.spec.price)
        first = scenario.states[scenario.start]
        s.opening = tuple(s._say(first))
        if first.is_end:
            s.outcome = first.spec.end.outcome  # type: ignore[union-attr]
        return s

    @classmethod
    def replay(cls, scenario: Scenario, seed: int, inputs: Iterable[Input]) -> Session:
        s = cls.start(scenario, seed)
        for inp in inputs:
            s.step(inp)
        return s

    def fork(self) -> Session:
        """An independent copy sharing the immutable scenario and machine (for exploration)."""
        twin = Session(self.scenario, self.seed, self.state, dict(self.env), list(self.turns), self.opening,
                       set(self.used_once), set(self.voiced), None, self.outcome, self.machine, random.Random())
        twin.rng.setstate(self.rng.getstate())
        if self.negotiation is not None:
            twin.negotiation = self.negotiation.copy()
        return twin

    @property
    def current(self) -> CompiledState:
        return self.scenario.states[self.state]

    @property
    def ended(self) -> bool:
        return self.outcome is not None

    @property
    def inputs(self) -> list[Input]:
        return [t.input for t in self.turns]

    def choices(self) -> list[CompiledChoice]:
        """The choices offered now: those whose condition holds and that are not used up."""
        if self.outcome is not None:
            return []
        env, used = self.env, self.used_once
        return [c for c in self.scenario.states[self.state].choices
                if (c.condition is None or c.condition(env)) and not (used and c.spec.once and c.event in used)]

    @property
    def accepts_price(self) -> bool:
        return not self.ended and self.current.spec.negotiation is not None

    # -- moves
    def step(self, inp: Input) -> Turn:
        if self.ended:
            raise EngineError("la session est terminée")
        if isinstance(inp, ChoiceInput):
            return self._choose(inp)
        return self._offer(inp)

    def _choose(self, inp: ChoiceInput) -> Turn:
        state = self.scenario.states[self.state]
        choice = state.by_id.get(inp.choice)
        if choice is None:
            raise EngineError(f"le choix « {inp.choice} » n'existe pas dans l'état « {state.id} »")
        spec = choice.spec
        if (choice.condition is not None and not choice.condition(self.env)) or (
                spec.once and choice.event in self.used_once):
            raise EngineError(f"le choix « {inp.choice} » n'est pas proposé maintenant")
        env = self.env
        before = dict(env)
        # The move is taken on the situation as it was offered: fire the transition (its guard is the
        # choice's condition) before the effects, which may well make that condition false.
        if not self.machine.events[choice.event].trigger(self):
            raise EngineError(f"transition refusée pour « {inp.choice} »")  # pragma: no cover - checked above
        acts = choice.acts
        reactions = self.scenario.reactions
        if reactions:  # inlined _react: this runs every turn
            for act in acts:
                for effect in reactions.get(act, ()):
                    effect(env)
        for effect in choice.effects:
            effect(env)
        if spec.discovers and not env["discovered"].issuperset(spec.discovers):
            env["discovered"] = env["discovered"] | frozenset(spec.discovers)
        if spec.handles:
            handled = frozenset(o for o in spec.handles if o in env["open_objections"])
            env["open_objections"] = env["open_objections"] - frozenset(spec.handles)
            env["handled_objections"] = env["handled_objections"] | handled
        if spec.once:
            self.used_once.add(choice.event)
        replies = self._lines(state.spec.speaker, choice.reply) if choice.reply.variants else []
        text = fill(spec.text, self.text_values()) if "{" in spec.text else spec.text
        return self._finish(inp, state, text, acts, before, replies, spec.raises)

    def _offer(self, inp: PriceInput) -> Turn:
        state = self.current
        if state.spec.negotiation is None or self.negotiation is None:
            raise EngineError("on ne propose pas de prix à ce stade de l'entretien")
        price = self.negotiation.price
        if inp.amount <= 0:
            raise EngineError("un prix doit être un nombre positif")
        if inp.counterpart is not None and inp.counterpart not in {c.id for c in price.counterparts}:
            raise EngineError(f"contrepartie inconnue « {inp.counterpart} »")
        before = dict(self.env)
        offer = self.negotiation.offer(inp.amount, inp.counterpart)
        acts = _offer_acts(offer)
        self.env["last_offer"] = offer.amount
        self.env["price_offers"] += 1
        if offer.concession:
            self.env["concessions"] += 1
            if not offer.with_counterpart:
                self.env["concessions_without_counterpart"] += 1
        self._react(acts)
        lang = self.scenario.spec.language
        values = {"offre": format_money(offer.amount, price.currency, lang),
                  "contre": format_money(offer.counter or 0, price.currency, lang),
                  "contrepartie": _counterpart_label(price, inp.counterpart)}
        replies: list[ClientLine] = []
        speaker = state.spec.speaker
        if inp.counterpart:
            key = "counterpart_accepted" if offer.counterpart_accepted else "counterpart_refused"
            replies += self._lines(speaker, self.scenario.price_lines.get(key), values)
        if offer.kind == "raise" and offer.response == "counter":
            replies += self._lines(speaker, self.scenario.price_lines.get("raised"), values)
        key = {"counter": "counter", "accept": "accept", "walkaway": "walkaway"}[offer.response]
        replies += self._lines(speaker, self.scenario.price_lines.get(key), values)
        if offer.response == "accept":
            self.env["deal"] = True
            self.env["deal_price"] = offer.amount
            event = accept_event(state.id)
        elif offer.response == "walkaway":
            event = walkaway_event(state.id)
        else:
            event = offer_event(state.id)
        self.machine.events[event].trigger(self)
        text = self._offer_text(offer, inp.counterpart)
        return self._finish(inp, state, text, acts, before, replies, [], offer=offer)

    # -- the common end of every move: objections, interrupts, automatic transitions, client lines
    def _finish(self, inp: Input, origin: CompiledState, text: str, acts: tuple[str, ...], before: dict[str, Any],
                replies: list[ClientLine], raised_now: list[str], offer: Offer | None = None) -> Turn:
        # Order matters and is documented in docs/authoring.md: interrupts, then objections, then autos.
        # (This runs every turn: attribute look-ups are hoisted into locals.)
        env = self.env
        scenario = self.scenario
        states = scenario.states
        objections = scenario.spec.objections
        env["turn"] += 1
        raised = self._raise(raised_now) if raised_now or scenario.objection_triggers else []
        diverted: str | None = None
        blocked: tuple[str, ...] = ()
        interrupted = self._interrupt(replies) if scenario.interrupts else False
        landed = states[self.state].spec
        if objections and not interrupted and landed.end is None:
            open_now = env["open_objections"]
            # a newly raised objection is voiced at once; one raised earlier but not voiced yet (two came
            # together) is voiced as soon as the learner is not already dealing with an objection
            candidates = list(raised)
            if open_now and landed.phase != "objection":
                unvoiced = open_now - self.voiced
                if unvoiced:
                    candidates += [o for o in self._drawn(unvoiced) if o not in raised]
            for oid in candidates:
                target = objections[oid].state
                if self.state != target and target in states:
                    diverted = oid
                    break
            # an objection left open comes back when the learner tries to close
            if diverted is None and open_now and origin.spec.phase != "conclusion" and landed.phase == "conclusion":
                blocked = tuple(self._drawn(o for o in open_now if objections[o].blocks_close))
                if blocked:
                    diverted = blocked[0]
            if diverted is not None:
                self.machine.events[divert_event(diverted)].trigger(self)
        visited = self._enter(replies, [])
        if objections:
            for sid in visited:
                self.voiced.update(scenario.objections_at.get(sid, ()))
        current = states[self.state].spec
        env["state"] = self.state
        env["phase"] = current.phase
        if current.end is not None:
            self.outcome = current.end.outcome
        after = dict(env)
        closed = before["open_objections"] - after["open_objections"] if before["open_objections"] else None
        turn = Turn(  # positional: this runs every turn (order of the fields above)
            len(self.turns) + 1, origin.id, origin.spec.phase, inp, text, acts, tuple(replies), self.state,
            current.phase, before, after, tuple(raised), tuple(sorted(closed)) if closed else (),
            objections[diverted].state if diverted else None, blocked, offer, self.outcome, interrupted, visited)
        self.turns.append(turn)
        return turn

    def _raise(self, explicit: list[str]) -> list[str]:
        """Raise objections named by the move and those whose condition now holds (once each)."""
        raised = self.env["raised_objections"]
        new = [o for o in explicit if o not in raised]
        for oid, cond in self.scenario.objection_triggers.items():
            if oid not in raised and oid not in new and cond(self.env):
                new.append(oid)
        if not new and not explicit:
            return []
        reopened = [o for o in explicit if o in raised and o not in self.env["open_objections"]]
        if new or reopened:
            self.env["raised_objections"] = self.env["raised_objections"] | frozenset(new)
            self.env["open_objections"] = self.env["open_objections"] | frozenset(new + reopened)
        return self._drawn(new + reopened)

    def _interrupt(self, replies: list[ClientLine]) -> bool:
        if not self.scenario.interrupts:
            return False
        spec = self.scenario.states[self.state].spec
        if spec.end is not None:
            return False
        speaker = spec.speaker
        for interrupt in self.scenario.interrupts:
            # test the condition here first: firing an event costs more than evaluating it
            if interrupt.condition(self.env) and self.machine.events[interrupt.event].trigger(self):
                replies += self._lines(speaker, interrupt.reply)
                return True
        return False

    def _enter(self, replies: list[ClientLine], visited: list[str]) -> tuple[str, ...]:
        """Say the new state's line, then follow its automatic transitions; returns the states entered."""
        states = self.scenario.states
        for _ in range(MAX_AUTO_CHAIN):
            state = states[self.state]
            if not visited or visited[-1] != state.id:
                visited.append(state.id)
            say = state.say
            if say.variants:
                line = say.pick(self.env, self.rng)
                if "{" in line:
                    line = fill(line, self.text_values())
                replies.append(ClientLine(state.spec.speaker, line))
            if state.spec.end is not None or not state.auto:
                return tuple(visited)
            for auto in state.auto:
                if auto.condition(self.env) and self.machine.events[auto.event].trigger(self):
                    replies += self._lines(state.spec.speaker, auto.reply)
                    break
            else:
                return tuple(visited)
        raise EngineError(f"boucle de transitions automatiques depuis « {self.state} »")

    # -- helpers
    def _drawn(self, objections: Iterable[str]) -> list[str]:
        """Objections that come together are put in an order drawn by the seed (exams: two candidates on the
        same scenario do not meet them in the same order; the same seed gives the same order). Stateless, so
        the line-variant draws and forks are unaffected."""
        items = list(objections)
        if len(items) < 2:
            return items
        key = f"{self.seed}:objection:"  # not the content hash: editing a line must not reorder them
        return sorted(items, key=lambda o: hashlib.sha256((key + o).encode()).digest())

    def _react(self, acts: tuple[str, ...]) -> None:
        reactions = self.scenario.reactions
        if reactions:
            for act in acts:
                for effect in reactions.get(act, ()):
                    effect(self.env)

    def _say(self, state: CompiledState) -> list[ClientLine]:
        return self._lines(state.spec.speaker, state.say)

    def _lines(self, speaker: str, lines: LineSet | None, values: Mapping[str, str] | None = None) -> list[ClientLine]:
        if lines is None or not lines.variants:
            return []
        text = lines.pick(self.env, self.rng)
        if values:
            text = fill(text, values)
        elif "{" in text:
            text = fill(text, self.text_values())
        return [ClientLine(speaker, text)]

    def text_values(self) -> dict[str, str]:
        """What authored lines may quote (``{deal_price}``...), formatted for the scenario's language."""
        lang = self.scenario.spec.language
        en = lang == "en"
        # words that still read well when there is no figure yet
        values = {"deal_price": "the agreed price" if en else "le prix convenu",
                  "last_offer": "my last offer" if en else "ma dernière proposition",
                  "counterparts_obtained": "nothing in return" if en else "aucune contrepartie"}
        if self.negotiation is not None:
            price = self.negotiation.price
            if self.env["deal"]:
                values["deal_price"] = f"{format_money(self.env['deal_price'], price.currency, lang)} {price.unit}"
            if self.env["last_offer"]:
                values["last_offer"] = f"{format_money(self.env['last_offer'], price.currency, lang)} {price.unit}"
            labels = {c.id: c.label for c in price.counterparts}
            obtained = [labels[c] for c in self.negotiation.obtained if c in labels]
            if obtained:
                values["counterparts_obtained"] = ", ".join(obtained)
        return values

    def _offer_text(self, offer: Offer, counterpart: str | None) -> str:
        assert self.negotiation is not None
        price = self.negotiation.price
        amount = format_money(offer.amount, price.currency, self.scenario.spec.language)
        if self.scenario.spec.language == "en":
            text = f"I can offer {amount} {price.unit}."
            if counterpart:
                text += f" In return: {_counterpart_label(price, counterpart)}."
            return text
        text = f"Je vous propose {amount} {price.unit}."
        if counterpart:
            text += f" En contrepartie : {_counterpart_label(price, counterpart)}."
        return text


def _offer_acts(offer: Offer) -> tuple[str, ...]:
    acts: list[str] = []
    if offer.kind == "first":
        acts.append("annonce_prix")
    elif offer.kind == "hold":
        acts.append("maintien_prix")
    elif offer.kind == "raise":
        acts.append("remontee_prix")
    if offer.concession:
        acts.append("concession_avec_contrepartie" if offer.with_counterpart else "concession_sans_contrepartie")
    if offer.counterpart:
        acts.append("demande_contrepartie")
    return tuple(acts)


def _counterpart_label(price: Any, counterpart: str | None) -> str:
    if counterpart is None:
        return ""
    return next((c.label for c in price.counterparts if c.id == counterpart), counterpart)


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` by known values only; anything else is left as written (no format())."""
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out
