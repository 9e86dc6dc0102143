"""The simulated buyer in a price negotiation, and the record of every offer.

The client answers from a hidden reservation price (the most it will pay) and a concession pattern:
its counter-offers start at ``opening`` and climb towards the reservation by a fixed share of the
remaining gap each round, so its concessions shrink as real negotiators' do. It accepts an offer no
higher than what it would have proposed itself, settles at the last round if the offer is within its
reservation, and walks away otherwise. It never accepts above its reservation.

A client that is ``firm_after_free_concession`` reads a concession made without a counterpart as a sign
that more will come: it keeps its last counter-offer instead of climbing (``Offer.held``), and the round
still counts towards ``max_rounds``. Giving ground for nothing then costs the seller a round of the
buyer's concessions, as trainers warn it does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, Union

from ..content.spec import Price

Amount = Union[int, float]  # euros; a float only for cents (65.5), always rounded to 2 decimals
Response = Literal["counter", "accept", "walkaway"]
OfferKind = Literal["first", "hold", "concession", "raise"]


@dataclass(frozen=True, slots=True)
class Offer:
    """One learner offer and the client's answer."""

    amount: Amount
    kind: OfferKind
    concession: Amount  # how much lower than the reference (previous offer, or list price), 0 if none
    counterpart: str | None
    counterpart_accepted: bool
    response: Response
    counter: Amount | None  # the client's counter-offer when it countered
    held: bool = False  # the client countered without moving: it expects more after a free concession
    repeated: bool = False  # the counterpart asked was already granted: nothing new comes with this offer

    @property
    def with_counterpart(self) -> bool:
        return self.counterpart is not None and self.counterpart_accepted

    def as_dict(self) -> dict[str, object]:
        return {"amount": self.amount, "kind": self.kind, "concession": self.concession,
                "counterpart": self.counterpart, "counterpart_accepted": self.counterpart_accepted,
                "response": self.response, "counter": self.counter, "held": self.held,
                "repeated": self.repeated}


@dataclass
class NegotiationRecord:
    """All that happened on price in one session."""

    price: Price
    offers: list[Offer] = field(default_factory=list)
    counters: list[Amount] = field(default_factory=list)
    obtained: list[str] = field(default_factory=list)  # counterparts the client agreed to
    final: Amount | None = None
    walked_away: bool = False
    holds: int = 0  # counter-offers on which the client did not move (they do not advance its concessions)

    def copy(self) -> NegotiationRecord:
        """An independent record with the same history (the price terms are shared: immutable)."""
        return NegotiationRecord(self.price, list(self.offers), list(self.counters), list(self.obtained),
                                 self.final, self.walked_away, self.holds)

    @property
    def last_offer(self) -> Amount | None:
        return self.offers[-1].amount if self.offers else None

    def client_next_counter(self) -> Amount:
        """The buyer's next figure: it climbs towards its reservation, rounded down to the step buyers speak
        in (8 750, not 8 742), and never below what it said before."""
        c = self.price.client
        k = len(self.counters) - self.holds  # the concessions it has actually made
        gap = (c.reservation - c.opening) * (1 - c.concession_rate) ** k
        step = counter_step(self.price)
        figure = round_down(c.reservation - gap, step)
        if figure < c.opening:
            figure = amount_value(c.opening)
        return max(figure, self.counters[-1]) if self.counters else figure

    def offer(self, amount: Amount, counterpart: str | None = None) -> Offer:
        """Record the learner's offer and decide the client's answer."""
        p = self.price
        reference = self.offers[-1].amount if self.offers else p.list_price
        if not self.offers:
            kind: OfferKind = "first"
        elif amount == reference:
            kind = "hold"
        elif amount < reference:
            kind = "concession"
        else:
            kind = "raise"
        concession = amount_value(max(0, reference - amount))
        accepted_cp = False
        # a counterpart the client has already granted buys nothing more: asked again, the concession that comes
        # with it is a concession for nothing (else one counterpart would cover any number of them)
        repeated = counterpart is not None and counterpart in self.obtained
        if counterpart is not None and not repeated:
            cp = next(c for c in p.counterparts if c.id == counterpart)
            accepted_cp = cp.client_accepts
            if accepted_cp:
                self.obtained.append(counterpart)
        # a concession for nothing: a firm client stays where it was (it has countered before: a concession
        # follows an offer it answered); and no buyer climbs while the seller raises its own price
        held = bool(self.counters) and (kind == "raise" or (
            p.client.firm_after_free_concession and kind == "concession" and not accepted_cp))
        proposal = self.counters[-1] if held else self.client_next_counter()
        rounds_done = len(self.counters) + 1
        counter: Amount | None = None
        # (a proposal is never under the client's last counter: it holds it, or climbs from it)
        if amount <= proposal:
            response: Response = "accept"
            held = False
        elif rounds_done >= p.client.max_rounds:
            response = "accept" if amount <= p.client.reservation else "walkaway"
            held = False
        else:
            response = "counter"
            counter = proposal  # under the offer: an offer at or under the proposal was accepted above
            self.counters.append(counter)
            if held:
                self.holds += 1
        if response == "accept":
            self.final = amount
        elif response == "walkaway":
            self.walked_away = True
        offer = Offer(amount, kind, concession, counterpart, accepted_cp, response, counter, held, repeated)
        self.offers.append(offer)
        return offer

    # -- figures for the debrief
    def concessions(self) -> list[Offer]:
        return [o for o in self.offers if o.concession > 0]

    def margin(self) -> dict[str, float | int | None]:
        """Where the final price stands against list, target and floor.

        ``normalised`` follows CraigslistBargain's idea: 1.0 at the list price, 0.0 at the floor,
        negative under the floor."""
        p = self.price
        if self.final is None:
            return {"final": None, "discount_pct": None, "vs_target": None, "vs_floor": None, "normalised": None}
        span = max(1, p.list_price - p.floor)
        return {
            "final": self.final,
            "discount_pct": round(100 * (p.list_price - self.final) / p.list_price, 1),
            "vs_target": self.final - p.target,
            "vs_floor": self.final - p.floor,
            "normalised": round((self.final - p.floor) / span, 3),
        }


def amount_value(x: float) -> Amount:
    """An amount as negosim keeps it: rounded to the cent, an int when it is whole (journals stay readable)."""
    x = round(float(x), 2)
    return int(x) if x == int(x) else x


def counter_step(price: Price) -> float:
    """The step a buyer rounds to: the scenario's, else a round figure (1, 2, 2.5 or 5 × 10^k) near 3 % of list."""
    if price.client.step:
        return price.client.step
    raw = price.list_price * 0.03
    power: float = 10 ** math.floor(math.log10(raw))  # list_price > 0 (spec); an int when ≥ 1
    for mult in (5, 2.5, 2, 1):
        if mult * power <= raw:
            return mult * power
    return power


def round_down(x: float, step: float) -> Amount:
    return amount_value(math.floor(x / step + 1e-9) * step)


def plausible_range(price: Price) -> tuple[float, float]:
    """Offers outside it are not negotiation but noise: above twice the list price or below half the floor."""
    return price.floor / 2, price.list_price * 2


def format_money(amount: float, currency: str = "EUR", lang: str = "fr") -> str:
    """French typography: thousands with a narrow no-break space, then a no-break space and the sign.
    Cents are shown when there are any (65,50 €), never otherwise (8 900 €)."""
    symbol = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}.get(currency, currency)
    whole = float(amount) == int(amount)
    digits = f"{int(amount):,}" if whole else f"{amount:,.2f}"
    if lang == "fr":
        digits = digits.replace(",", "\u202f").replace(".", ",")
        return f"{digits}\u00a0{symbol}"
    return f"{symbol}{digits}" if symbol in ("$", "£", "€") else f"{digits} {symbol}"
