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

from dataclasses import dataclass, field
from typing import Literal

from ..content.spec import Price

Response = Literal["counter", "accept", "walkaway"]
OfferKind = Literal["first", "hold", "concession", "raise"]


@dataclass(frozen=True, slots=True)
class Offer:
    """One learner offer and the client's answer."""

    amount: int
    kind: OfferKind
    concession: int  # how much lower than the reference (previous offer, or list price), 0 if none
    counterpart: str | None
    counterpart_accepted: bool
    response: Response
    counter: int | None  # the client's counter-offer when it countered
    held: bool = False  # the client countered without moving: it expects more after a free concession

    @property
    def with_counterpart(self) -> bool:
        return self.counterpart is not None and self.counterpart_accepted

    def as_dict(self) -> dict[str, object]:
        return {"amount": self.amount, "kind": self.kind, "concession": self.concession,
                "counterpart": self.counterpart, "counterpart_accepted": self.counterpart_accepted,
                "response": self.response, "counter": self.counter, "held": self.held}


@dataclass
class NegotiationRecord:
    """All that happened on price in one session."""

    price: Price
    offers: list[Offer] = field(default_factory=list)
    counters: list[int] = field(default_factory=list)
    obtained: list[str] = field(default_factory=list)  # counterparts the client agreed to
    final: int | None = None
    walked_away: bool = False
    holds: int = 0  # counter-offers on which the client did not move (they do not advance its concessions)

    def copy(self) -> NegotiationRecord:
        """An independent record with the same history (the price terms are shared: immutable)."""
        return NegotiationRecord(self.price, list(self.offers), list(self.counters), list(self.obtained),
                                 self.final, self.walked_away, self.holds)

    @property
    def last_offer(self) -> int | None:
        return self.offers[-1].amount if self.offers else None

    def client_next_counter(self) -> int:
        c = self.price.client
        k = len(self.counters) - self.holds  # the concessions it has actually made
        gap = (c.reservation - c.opening) * (1 - c.concession_rate) ** k
        return int(round(c.reservation - gap))

    def offer(self, amount: int, counterpart: str | None = None) -> Offer:
        """Record the learner's offer and decide the client's answer."""
        p = self.price
        reference = self.last_offer if self.offers else p.list_price
        if not self.offers:
            kind: OfferKind = "first"
        elif amount == reference:
            kind = "hold"
        elif amount < reference:
            kind = "concession"
        else:
            kind = "raise"
        concession = max(0, reference - amount)
        accepted_cp = False
        if counterpart is not None:
            cp = next(c for c in p.counterparts if c.id == counterpart)
            accepted_cp = cp.client_accepts
            if accepted_cp and counterpart not in self.obtained:
                self.obtained.append(counterpart)
        # a concession for nothing: a firm client stays where it was (it has countered before: a concession
        # follows an offer it answered)
        held = (p.client.firm_after_free_concession and kind == "concession" and not accepted_cp
                and bool(self.counters))
        proposal = self.counters[-1] if held else self.client_next_counter()
        rounds_done = len(self.counters) + 1
        counter: int | None = None
        if amount <= proposal or amount <= (self.counters[-1] if self.counters else -1):
            response: Response = "accept"
            held = False
        elif rounds_done >= p.client.max_rounds:
            response = "accept" if amount <= p.client.reservation else "walkaway"
            held = False
        else:
            response = "counter"
            counter = min(proposal, amount - 1)
            self.counters.append(counter)
            if held:
                self.holds += 1
        if response == "accept":
            self.final = amount
        elif response == "walkaway":
            self.walked_away = True
        offer = Offer(amount, kind, concession, counterpart, accepted_cp, response, counter, held)
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


def format_money(amount: int, currency: str = "EUR", lang: str = "fr") -> str:
    """French typography: thousands with a narrow no-break space, then a no-break space and the sign."""
    symbol = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}.get(currency, currency)
    if lang == "fr":
        digits = f"{amount:,}".replace(",", "\u202f")
        return f"{digits}\u00a0{symbol}"
    digits = f"{amount:,}"
    return f"{symbol}{digits}" if symbol in "$£€" else f"{digits} {symbol}"
