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
from ..content.spec import Outcome, Speaker
from ..errors import NegosimError
from .machine import Routes, accept_event, compile_machine, divert_event, offer_event, routes, walkaway_event
from .price import Amount, NegotiationRecord, Offer, amount_value, format_money, plausible_range

MAX_AUTO_CHAIN = 32  # automatic transitions followed in one turn before we call it a loop
_PIN_RANK = {"first": 0, None: 1, "last": 2}  # where an option pinned by its author stands among the shuffled
_NO_ROUTES: Routes = {}  # a session made by hand, without ``start``: every event goes through ``trigger``


class EngineError(NegosimError):
    """A move the session cannot take (unknown choice, price outside a negotiation...)."""

    code = "engine"
    title_key = "err.engine.title"


class ChoiceInput(NamedTuple):  # immutable and cheap to create (one per turn)
    choice: str

    def as_dict(self) -> dict[str, Any]:
        return {"choice": self.choice}


class PriceInput(NamedTuple):
    amount: Amount
    counterpart: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"price": self.amount}
        if self.counterpart:
            out["counterpart"] = self.counterpart
        return out


Input = Union[ChoiceInput, PriceInput]


def input_from_dict(data: Mapping[str, Any]) -> Input:
    if not isinstance(data, Mapping):  # a record edited into a list or a number: unreadable, never a crash
        raise ValueError(f"entrée illisible : {data!r}")
    if "choice" in data and isinstance(data["choice"], str):
        return ChoiceInput(data["choice"])
    price = data.get("price")
    if isinstance(price, (int, float)) and not isinstance(price, bool) and price == amount_value(price):
        cp = data.get("counterpart")
        return PriceInput(price, cp if isinstance(cp, str) else None)
    raise ValueError(f"entrée illisible : {dict(data)!r}")


class ClientLine(NamedTuple):  # a tuple: cheap to create on the hot path, immutable
    speaker: Speaker
    text: str


class ArrivalLine(ClientLine):
    """The line the state a turn ends in says as the client arrives there (its ``say``; the start state's, for the
    opening): at most one a turn, always its last reply. A player may leave it out when the learner's line has
    already answered it: « combien ? » after a free-text line that named its figure, played at once as the first
    offer (``understanding.turns.FreeTextTurns.carried_offer``). Equal to, and hashed as, the ``ClientLine`` with
    the same speaker and text: turns, replays and digests compare as before."""

    __slots__ = ()


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
    outcome: Outcome | None = None
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
    outcome: Outcome | None = None
    machine: Any = None
    routes: Routes = field(default_factory=lambda: _NO_ROUTES)  # the machine's plain tables (machine.routes)
    # Seeded on the first draw only: most lines leave nothing to chance, and seeding a Mersenne Twister
    # costs more than starting the rest of a session. The draws are the same as with an eager seed.
    _rng: random.Random | None = None
    # A fork shares the generator until one side draws: copying a Mersenne Twister's state costs more than
    # a step, and most forks (the scorer's, the policies') never draw. A shared generator is never drawn
    # from: whoever draws first takes its own copy (``rng``), so every side keeps the draws it had.
    _rng_shared: bool = False
    # A probe whose client lines nobody reads (the scoring memo's tries of the moves on offer): no line is
    # drawn or filled in, so no generator is seeded or copied; everything else about the move is the same.
    mute: bool = False

    # -- life cycle
    @classmethod
    def start(cls, scenario: Scenario, seed: int = 0) -> Session:
        s = cls(scenario, seed)
        s.machine = compile_machine(scenario)  # cached per scenario: O(1) after the first session
        s.routes = routes(s.machine)  # cached per machine
        s.env = dict(scenario.initial_env)
        s.state = scenario.start
        if scenario.spec.price is not None:
            s.negotiation = NegotiationRecord(scenario.spec.price)
        first = scenario.states[scenario.start]
        s.opening = tuple(ArrivalLine(*line) for line in s._lines(first.speaker, first.say))
        s.outcome = first.outcome
        return s

    @classmethod
    def replay(cls, scenario: Scenario, seed: int, inputs: Iterable[Input]) -> Session:
        s = cls.start(scenario, seed)
        for inp in inputs:
            s.step(inp)
        return s

    def fork(self) -> Session:
        """An independent copy sharing the immutable scenario and machine (for exploration); muted if this is."""
        twin = Session(self.scenario, self.seed, self.state, dict(self.env), list(self.turns), self.opening,
                       set(self.used_once), set(self.voiced), None, self.outcome, self.machine, self.routes)
        if self._rng is not None:
            twin._rng, twin._rng_shared = self._rng, True
            self._rng_shared = True
        if self.negotiation is not None:
            twin.negotiation = self.negotiation.copy()
        twin.mute = self.mute  # a probe's forks are probes too
        return twin

    @property
    def rng(self) -> random.Random:
        if self._rng is None:
            self._rng = random.Random(f"{self.scenario.content_hash}:{self.seed}")
        elif self._rng_shared:
            own = random.Random(0)  # the seed is replaced at once by the shared state
            own.setstate(self._rng.getstate())
            self._rng, self._rng_shared = own, False
        return self._rng

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
                if (c.condition is None or c.condition(env)) and not (used and c.once and c.event in used)]

    def offered(self) -> list[CompiledChoice]:
        """The choices offered now, in the order the learner sees them.

        The order is drawn from the seed, the turn number and the state, so that the place of an option
        says nothing about its worth (a menu shown in file order was an answer key), while the same seed
        and inputs always show the same order (replay, exams). It is stateless: the line draws and forks
        are unaffected. An author may pin an option first or last (``order:``) where the place has a
        meaning, such as hanging up."""
        choices = self.choices()
        return self.in_shown_order(choices) if len(choices) > 1 else choices

    def in_shown_order(self, choices: list[CompiledChoice]) -> list[CompiledChoice]:
        """``choices`` (some of those offered now) in the order ``offered`` shows them: by the author's pin, then
        by the SHA-256 of ``"{seed}:order:{turn count}:{state}:{choice id}"``. The hash of the prefix every key
        shares is taken once and copied per option (the same digests, a quarter cheaper); the simulator sorts
        only the options its policy hesitates between."""
        if len(choices) < 2:
            return list(choices)
        keys = self._order_keys(choices)
        return [choices[i] for i in sorted(range(len(choices)), key=keys.__getitem__)]

    def nth_shown(self, choices: list[CompiledChoice], k: int) -> CompiledChoice:
        """``in_shown_order(choices)[k]``, without building the ordered list (the simulator's draw among ties)."""
        if len(choices) < 2:
            return choices[k]
        keys = self._order_keys(choices)
        return choices[keys.index(sorted(keys)[k])]  # the keys are distinct: the ids are

    def _order_keys(self, choices: list[CompiledChoice]) -> list[tuple[int, bytes]]:
        # not the content hash: edits keep the order
        prefix = hashlib.sha256(f"{self.seed}:order:{len(self.turns)}:{self.state}:".encode())
        keys = []
        for choice in choices:
            digest = prefix.copy()
            digest.update(choice.id.encode())
            keys.append((_PIN_RANK.get(choice.spec.order, 1), digest.digest()))
        return keys

    def option_text(self, choice: CompiledChoice) -> str:
        """An option's line as the learner reads it in the menu: the values it quotes already filled in."""
        return fill(choice.text, self.text_values()) if choice.templated else choice.text

    def offered_ids(self) -> list[str]:
        return [c.id for c in self.offered()]

    def plausible(self, amount: float) -> bool:
        """Whether an offer is within the range a negotiator could mean (players ask before sending others)."""
        if self.negotiation is None:
            return True
        low, high = plausible_range(self.negotiation.price)
        return low <= amount <= high

    @property
    def accepts_price(self) -> bool:
        return not self.ended and self.current.spec.negotiation is not None

    # -- moves
    def step(self, inp: Input) -> Turn:
        if self.outcome is not None:
            raise EngineError(key="err.engine.ended")
        if type(inp) is ChoiceInput:
            return self._choose(inp)
        # A step works on a copy of the variables: the dict it starts from is the last turn's ``after``
        # (or shared with a fork) and stays as it was.
        self.env = dict(self.env)
        return self._offer(inp)  # type: ignore[arg-type]  # not a ChoiceInput: the only other Input is a PriceInput

    def _choose(self, inp: ChoiceInput) -> Turn:
        # This runs for every move of every simulated session: the choice's compiled plan (loader) says
        # what applies, and attribute look-ups are kept to what it needs.
        state = self.scenario.states[self.state]
        choice = state.by_id.get(inp.choice)
        if choice is None:
            raise EngineError(key="err.engine.unknown_choice", choice=inp.choice, state=state.id)
        env = self.env
        if (choice.condition is not None and not choice.condition(env)) or (
                choice.once and choice.event in self.used_once):
            raise EngineError(key="err.engine.not_offered", choice=inp.choice)
        # The variables before the move are kept as they are (they are the last turn's ``after``, or shared
        # with a fork); the move works on a copy, which becomes this turn's ``after``: one copy a step.
        before = env
        self.env = env = dict(env)
        # The move is taken on the situation as it was offered: fire the transition (its guard is the
        # choice's condition) before the effects, which may well make that condition false.
        if not self._fire(choice.event):
            raise EngineError(key="err.engine.refused", choice=inp.choice)  # pragma: no cover - checked above
        for effect in choice.step_effects:  # the act reactions, then the choice's own effects
            effect(env)
        if choice.discovers and not choice.discovers <= env["discovered"]:
            env["discovered"] = env["discovered"] | choice.discovers
        if choice.handles:
            handled = choice.handles & env["open_objections"]
            env["open_objections"] = env["open_objections"] - choice.handles
            env["handled_objections"] = env["handled_objections"] | handled
        if choice.once:
            self.used_once.add(choice.event)
        reply = choice.reply
        replies = ([ClientLine(state.speaker, reply.fixed)] if reply.fixed is not None
                   else self._lines(state.speaker, reply))
        text = choice.text
        if choice.templated:
            text = fill(text, self.text_values())
        return self._finish(inp, state, text, choice.acts, before, replies, choice.raises)

    def _offer(self, inp: PriceInput) -> Turn:
        state = self.current
        if state.spec.negotiation is None or self.negotiation is None:
            raise EngineError(key="err.engine.no_price")
        price = self.negotiation.price
        if inp.amount <= 0:
            raise EngineError(key="err.engine.price_positive")
        if inp.counterpart is not None and inp.counterpart not in {c.id for c in price.counterparts}:
            raise EngineError(key="err.engine.unknown_counterpart", counterpart=inp.counterpart)
        if inp.amount != amount_value(inp.amount):
            raise EngineError(key="err.engine.cents")
        if not self.plausible(inp.amount):
            return self._implausible(inp, state)
        before = dict(self.env)
        record = self.negotiation
        offer = record.offer(inp.amount, inp.counterpart)
        acts = offer_acts(offer)
        self.env["last_offer"] = offer.amount
        self.env["price_offers"] += 1
        if offer.counter is not None:
            self.env["last_counter"] = offer.counter
        self.env["counterparts_count"] = len(self.negotiation.obtained)
        if offer.concession:
            self.env["concessions"] += 1
            if not offer.with_counterpart:
                self.env["concessions_without_counterpart"] += 1
        reactions = self.scenario.reactions
        for act in acts:
            for effect in reactions.get(act, ()):
                effect(self.env)
        lang = self.scenario.spec.language
        values = {"offre": format_money(offer.amount, price.currency, lang),
                  "contre": self._client_figure(lang),
                  "contrepartie": _counterpart_label(price, inp.counterpart)}
        replies: list[ClientLine] = []
        speaker = state.speaker
        if inp.counterpart and offer.repeated:
            lines = self.scenario.price_lines.get("counterpart_repeated")
            replies += (self._lines(speaker, lines, values) if lines is not None
                        else [ClientLine(speaker, fill(_REPEATED[lang], values))])
        elif inp.counterpart:
            key = "counterpart_accepted" if offer.counterpart_accepted else "counterpart_refused"
            replies += self._lines(speaker, self.scenario.price_lines.get(key), values)
        if offer.kind == "raise" and offer.response == "counter":
            replies += self._lines(speaker, self.scenario.price_lines.get("raised"), values)
        key = {"counter": "counter", "accept": "accept", "walkaway": "walkaway"}[offer.response]
        if offer.held and "held" in self.scenario.price_lines:
            key = "held"  # the client says it does not move (without that line, its counter says the figure)
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
        text = self._offer_text(offer.amount, inp.counterpart)
        return self._finish(inp, state, text, acts, before, replies, (), offer=offer)

    def _implausible(self, inp: PriceInput, state: CompiledState) -> Turn:
        """An absurd figure (99 999 999 for a 9 000 € machine) is not an anchor: the client does not take it
        as an offer, the negotiation record is untouched, and the move is graded as the fault it is."""
        assert self.negotiation is not None
        price = self.negotiation.price
        before = dict(self.env)
        acts = ("prix_aberrant",)
        for effect in self.scenario.reactions.get("prix_aberrant", ()):
            effect(self.env)
        lang = self.scenario.spec.language
        values = {"offre": format_money(inp.amount, price.currency, lang), "contre": self._client_figure(lang)}
        lines = self.scenario.price_lines.get("implausible")
        replies = (self._lines(state.speaker, lines, values) if lines is not None
                   else [ClientLine(state.speaker, fill(_IMPLAUSIBLE[lang], values))])
        text = self._offer_text(inp.amount, None)  # a counterpart asked with it is not on the table either
        return self._finish(inp, state, text, acts, before, replies, ())

    def _client_figure(self, lang: str) -> str:
        """What ``{contre}`` says: the client's last figure (when it counters, the one it names now); before it
        has named any (it takes a first offer, or the offer is absurd), the figure it would open with, never 0."""
        record = self.negotiation
        assert record is not None
        said = record.counters[-1] if record.counters else record.client_next_counter()
        return format_money(said, record.price.currency, lang)

    # -- the common end of every move: objections, interrupts, automatic transitions, client lines
    def _finish(self, inp: Input, origin: CompiledState, text: str, acts: tuple[str, ...], before: dict[str, Any],
                replies: list[ClientLine], raised_now: tuple[str, ...], offer: Offer | None = None) -> Turn:
        # Order matters and is documented in docs/authoring.md: interrupts, then objections, then autos.
        # (This runs every turn: attribute look-ups are hoisted into locals, the common cases inlined.)
        env = self.env
        scenario = self.scenario
        states = scenario.states
        env["turn"] += 1
        raised: list[str] = []
        if raised_now:
            raised = self._raise(raised_now)
        elif scenario.objection_triggers:  # objections whose condition now holds, raised once each
            already = env["raised_objections"]
            for oid, cond in scenario.objection_triggers.items():  # a plain loop: usually none is raised
                if oid not in already and cond(env):
                    raised = self._raise((oid,))  # looks for the others too
                    break
        interrupted = False
        if scenario.interrupts and not states[self.state].is_end:
            speaker = states[self.state].speaker  # who was speaking says the interrupting line
            for interrupt in scenario.interrupts:
                # test the condition here first: firing an event costs more than evaluating it
                if interrupt.condition(env) and self._fire(interrupt.event):
                    replies += self._lines(speaker, interrupt.reply)
                    interrupted = True
                    break
        diverted: str | None = None
        blocked: tuple[str, ...] = ()
        objections = scenario.spec.objections
        if objections and not interrupted:
            landed = states[self.state]
            open_now = env["open_objections"]
            if (raised or open_now) and not landed.is_end:
                diverted, blocked = self._divert(origin, landed, raised, open_now)
        landed = states[self.state]
        if landed.auto:
            visited = self._enter(replies)
        else:  # the common case, inlined: say the state's line, no automatic transition to follow
            visited = (landed.id,)
            say = landed.say
            if say.fixed is not None:
                replies.append(ArrivalLine(landed.speaker, say.fixed))
            elif say.variants:
                line = self._pick(say)
                replies.append(ArrivalLine(landed.speaker, fill(line, self.text_values()) if "{" in line else line))
        if objections:
            for sid in visited:
                voices = states[sid].voices
                if voices:
                    self.voiced.update(voices)
        current = states[self.state]
        env["state"] = current.id
        env["phase"] = current.phase
        self.outcome = current.outcome
        after = env  # this step's own copy (see _choose): the next step copies it before changing anything
        closed = before["open_objections"] - after["open_objections"] if before["open_objections"] else None
        turn = Turn(  # positional: this runs every turn (order of the fields above)
            len(self.turns) + 1, origin.id, origin.phase, inp, text, acts, tuple(replies), current.id,
            current.phase, before, after, tuple(raised), tuple(sorted(closed)) if closed else (),
            objections[diverted].state if diverted else None, blocked, offer, self.outcome, interrupted, visited)
        self.turns.append(turn)
        return turn

    def _divert(self, origin: CompiledState, landed: CompiledState, raised: list[str],
                open_now: frozenset[str]) -> tuple[str | None, tuple[str, ...]]:
        """Take the client to an objection's state when one is raised now, was raised but not voiced yet,
        or blocks the close the learner is attempting. Returns the objection and those blocking the close."""
        objections = self.scenario.spec.objections
        states = self.scenario.states
        # a newly raised objection is voiced at once; one raised earlier but not voiced yet (two came
        # together) is voiced as soon as the learner is not already dealing with an objection
        candidates = list(raised)
        if open_now and landed.phase != "objection":
            unvoiced = open_now - self.voiced
            if unvoiced:
                candidates += [o for o in self._drawn(unvoiced) if o not in raised]
        diverted: str | None = None
        blocked: tuple[str, ...] = ()
        for oid in candidates:
            target = objections[oid].state
            if self.state != target and target in states:
                diverted = oid
                break
        # an objection left open comes back when the learner tries to close
        if diverted is None and open_now and origin.phase != "conclusion" and landed.phase == "conclusion":
            blocked = tuple(self._drawn(o for o in open_now if objections[o].blocks_close))
            if blocked:
                diverted = blocked[0]
        if diverted is not None:
            self._fire(divert_event(diverted))
        return diverted, blocked

    def _raise(self, explicit: Iterable[str]) -> list[str]:
        """Raise the objections named by the move and those whose condition now holds (once each); a move
        may also bring back one handled earlier. Returns those raised now, in the seed's order."""
        env = self.env
        raised = env["raised_objections"]
        new = [o for o in explicit if o not in raised]
        for oid, cond in self.scenario.objection_triggers.items():
            if oid not in raised and oid not in new and cond(env):
                new.append(oid)
        reopened = [o for o in explicit if o in raised and o not in env["open_objections"]]
        if new or reopened:
            env["raised_objections"] = raised | frozenset(new)
            env["open_objections"] = env["open_objections"] | frozenset(new + reopened)
        return self._drawn(new + reopened)

    def _enter(self, replies: list[ClientLine]) -> tuple[str, ...]:
        """Say the new state's line, then follow its automatic transitions; returns the states entered. The line of
        the state it ends in is its ``ArrivalLine`` (those of the states passed through stay plain lines)."""
        states = self.scenario.states
        visited: list[str] = []
        for _ in range(MAX_AUTO_CHAIN):
            state = states[self.state]
            if not visited or visited[-1] != state.id:
                visited.append(state.id)
            said = self._lines(state.speaker, state.say)
            replies += said
            if state.is_end or not state.auto:
                break
            for auto in state.auto:
                if auto.condition(self.env) and self._fire(auto.event):
                    replies += self._lines(state.speaker, auto.reply)
                    break
            else:
                break
        else:
            raise EngineError(key="err.engine.loop", state=self.state)
        if said:  # the line of the state the turn ends in, the last one said
            replies[-1] = ArrivalLine(*said[0])
        return tuple(visited)

    # -- helpers
    def _fire(self, event: str) -> bool:
        """Fire ``event`` exactly as ``self.machine.events[event].trigger(self)`` does: from the machine's plain
        tables (``machine.routes``) where it has them, through the library otherwise (which also raises for
        an event that cannot fire from here)."""
        by_source = self.routes.get(event)
        if by_source is not None:
            found = by_source.get(self.state)
            if found is not None:
                env = self.env
                for dest, conditions in found:  # the first transition whose conditions all hold
                    for cond in conditions:
                        if not cond(env):
                            break
                    else:
                        if dest is not None:  # None: an internal transition, the state stays
                            self.state = dest
                        return True
                return False
        return bool(self.machine.events[event].trigger(self))

    def _drawn(self, objections: Iterable[str]) -> list[str]:
        """Objections that come together are put in an order drawn by the seed (exams: two candidates on the
        same scenario do not meet them in the same order; the same seed gives the same order). Stateless, so
        the line-variant draws and forks are unaffected."""
        items = list(objections)
        if len(items) < 2:
            return items
        key = f"{self.seed}:objection:"  # not the content hash: editing a line must not reorder them
        return sorted(items, key=lambda o: hashlib.sha256((key + o).encode()).digest())

    def _pick(self, lines: LineSet) -> str:
        if self.mute:
            return ""
        pool = lines.candidates(self.env)
        return pool[0] if len(pool) == 1 else pool[self.rng.randrange(len(pool))]

    def _lines(self, speaker: Speaker, lines: LineSet | None, values: Mapping[str, str] | None = None) -> list[ClientLine]:
        if lines is None or not lines.variants or self.mute:
            return []
        text = lines.fixed if lines.fixed is not None else self._pick(lines)
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
                  "counterparts_obtained": "nothing in return" if en else "aucune contrepartie",
                  "last_counter": "your last figure" if en else "votre dernier chiffre",
                  "gap": "the gap" if en else "l'écart"}
        if self.negotiation is not None:
            price = self.negotiation.price
            if self.env["deal"]:
                values["deal_price"] = f"{format_money(self.env['deal_price'], price.currency, lang)} {price.unit}"
            if self.env["last_offer"]:
                values["last_offer"] = f"{format_money(self.env['last_offer'], price.currency, lang)} {price.unit}"
            if self.env["last_counter"]:
                values["last_counter"] = f"{format_money(self.env['last_counter'], price.currency, lang)} {price.unit}"
                if self.env["last_offer"]:
                    values["gap"] = format_money(abs(self.env["last_offer"] - self.env["last_counter"]), price.currency, lang)
            labels = {c.id: c.label for c in price.counterparts}
            obtained = [labels[c] for c in self.negotiation.obtained if c in labels]
            if obtained:
                # « A, B et C », as a recap says it (not « A, B, C »)
                last = obtained.pop()
                values["counterparts_obtained"] = (", ".join(obtained) + (" and " if en else " et ") + last
                                                   if obtained else last)
        return values

    def _offer_text(self, figure: Amount, counterpart: str | None) -> str:
        """The learner's line for a price offer, in the scenario's language."""
        assert self.negotiation is not None
        price = self.negotiation.price
        amount = format_money(figure, price.currency, self.scenario.spec.language)
        if self.scenario.spec.language == "en":
            text = f"I can offer {amount} {price.unit}."
            if counterpart:
                text += f" In return: {_counterpart_label(price, counterpart)}."
            return text
        text = f"Je vous propose {amount} {price.unit}."
        if counterpart:
            text += f" En contrepartie : {_counterpart_label(price, counterpart)}."
        return text


# a counterpart asked twice: the client does not pay for it again (a scenario may word it: counterpart_repeated)
_REPEATED = {"fr": "Ça, vous l'avez déjà obtenu ({contrepartie}) : cela ne compte pas deux fois.",
             "en": "You already have that ({contrepartie}): it doesn't count twice."}
_IMPLAUSIBLE = {"fr": "{offre} ? Soyons sérieux : je ne vais pas discuter sur cette base.",
                "en": "{offre}? Let's be serious: I won't negotiate on that basis."}


def offer_acts(offer: Offer) -> tuple[str, ...]:
    """The acts an offer performs (content.acts.ENGINE_ACTS), as the engine grades it; free text reports them too."""
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
    if template.startswith("{") and out[:1].islower():
        out = out[0].upper() + out[1:]  # a line that starts with a value still starts with a capital
    return out
