"""Price negotiation: the buyer never pays above its reservation, concedes less and less, records counterparts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simulator.content.spec import ClientPrice, Counterpart, Price, PriceLines
from simulator.engine.price import NegotiationRecord, counter_step, format_money


def price(opening=700, reservation=880, rate=0.5, rounds=5, firm=False) -> Price:
    return Price(unit="HT", list=1000, target=900, floor=800,
                 counterparts=[Counterpart(id="duree", label="Engagement 24 mois"),
                               Counterpart(id="comptant", label="Paiement comptant", client_accepts=False)],
                 client=ClientPrice(opening=opening, reservation=reservation, concession_rate=rate, max_rounds=rounds,
                                    firm_after_free_concession=firm),
                 lines=PriceLines(counter="{contre}", accept="ok", walkaway="non"))


def test_counter_offers_climb_with_shrinking_steps():
    rec = NegotiationRecord(price())
    for _ in range(4):
        offer = rec.offer(1000)
        assert offer.response == "counter"
    steps = [b - a for a, b in zip(rec.counters, rec.counters[1:])]
    assert rec.counters[0] == 700
    assert all(s > 0 for s in steps) and steps == sorted(steps, reverse=True)
    assert rec.offer(1000).response == "walkaway"


def test_accepts_an_offer_it_would_have_made_itself():
    rec = NegotiationRecord(price())
    assert rec.offer(950).response == "counter"  # counter 700
    offer = rec.offer(775)  # its next counter would be 790, rounded down to its step of 25: 775
    assert offer.response == "accept" and rec.final == 775


def test_concessions_and_counterparts_are_recorded():
    rec = NegotiationRecord(price())
    first = rec.offer(1000)
    assert first.kind == "first" and first.concession == 0
    second = rec.offer(950, "duree")
    assert second.kind == "concession" and second.concession == 50 and second.with_counterpart
    third = rec.offer(920, "comptant")
    assert third.concession == 30 and not third.with_counterpart, "a refused counterpart buys nothing"
    assert rec.obtained == ["duree"]
    assert rec.offer(920).kind == "hold"
    assert rec.offer(980).kind == "raise"
    assert [o.concession for o in rec.concessions()] == [50, 30]


def test_margin_against_list_target_floor():
    rec = NegotiationRecord(price(opening=850, reservation=950))
    rec.offer(850)
    m = rec.margin()
    assert m == {"final": 850, "discount_pct": 15.0, "vs_target": -50, "vs_floor": 50, "normalised": 0.25}


@given(st.integers(100, 2000), st.integers(0, 500), st.floats(0.05, 1.0), st.integers(1, 8),
       st.lists(st.tuples(st.integers(1, 3000), st.sampled_from([None, "duree", "comptant"])), min_size=1, max_size=12),
       st.booleans())
def test_never_accepts_above_reservation_unless_offered_below_its_own_counter(opening, extra, rate, rounds, offers,
                                                                              firm):
    reservation = opening + extra
    rec = NegotiationRecord(price(opening, reservation, rate, rounds, firm))
    for amount, counterpart in offers:
        before = list(rec.counters)
        offer = rec.offer(amount, counterpart)
        if offer.held:  # a firm client holds after a concession for nothing; any client while the seller raises
            assert offer.kind == "raise" or (firm and offer.kind == "concession" and not offer.with_counterpart)
            assert offer.counter == before[-1]
        elif offer.counter is not None and before:
            assert offer.counter >= before[-1], "a client's counter-offers never go down"
        if offer.response == "accept":
            assert amount <= reservation
            break
        if offer.response == "walkaway":
            assert amount > reservation
            break
        assert offer.counter is not None and offer.counter < amount and offer.counter <= reservation
    assert len(rec.counters) < rounds


def test_a_firm_client_does_not_move_after_a_concession_for_nothing():
    soft, firm = NegotiationRecord(price()), NegotiationRecord(price(firm=True))
    for rec in (soft, firm):
        assert rec.offer(1000).counter == 700
    assert soft.offer(960).counter == 775  # a soft client climbs whatever the seller does (790, on its step of 25)
    held = firm.offer(960)  # a concession for nothing: the firm client stays at 700
    assert held.held and held.response == "counter" and held.counter == 700
    assert firm.offer(950, "comptant").held, "a refused counterpart buys nothing"
    traded = firm.offer(940, "duree")  # a concession against a counterpart: it climbs, from where it was
    assert not traded.held and traded.counter == 775
    assert soft.holds == 0 and firm.holds == 2
    # the held rounds counted: the next answer is its fifth, the last one, where only its reservation matters
    assert len(firm.counters) == 4
    assert firm.copy().offer(940).response == "walkaway" and firm.offer(870).response == "accept"
    # holding one's price after a held round: it climbs again
    patient = NegotiationRecord(price(firm=True, rounds=8))
    patient.offer(1000)
    assert patient.offer(960).counter == 700
    assert patient.offer(960).counter == 775


def test_a_counterpart_already_granted_buys_nothing_the_second_time():
    # seen in play: « maintenance sur trois ans » asked with each of three concessions, each counted as traded
    firm = NegotiationRecord(price(firm=True, rounds=8))
    firm.offer(1000)
    traded = firm.offer(950, "duree")
    assert traded.with_counterpart and not traded.repeated and not traded.held
    again = firm.offer(920, "duree")
    assert again.repeated and not again.with_counterpart and not again.counterpart_accepted
    assert again.held, "a firm client reads it as a concession for nothing"
    assert firm.obtained == ["duree"]
    assert again.as_dict()["repeated"] is True


@given(st.lists(st.tuples(st.integers(min_value=-60, max_value=0), st.sampled_from([None, "duree", "comptant"])),
                min_size=1, max_size=7), st.booleans())
def test_each_counterpart_pays_for_one_concession_at_most(steps, firm):
    rec = NegotiationRecord(price(firm=firm, rounds=9))
    amount = 1000
    for drop, counterpart in steps:
        amount += drop
        rec.offer(amount, counterpart)
        if rec.final is not None or rec.walked_away:
            break
    traded = [o.counterpart for o in rec.offers if o.with_counterpart]
    assert len(traded) == len(set(traded)) == len(rec.obtained)
    granted: set[str] = set()
    for o in rec.offers:  # repeated exactly when an earlier offer had this counterpart granted
        assert o.repeated == (o.counterpart in granted)
        if o.with_counterpart:
            granted.add(o.counterpart)


def test_held_round_is_kept_by_a_copy():
    rec = NegotiationRecord(price(firm=True))
    rec.offer(1000)
    rec.offer(960)
    twin = rec.copy()
    assert twin.holds == 1 and twin.offer(960).counter == rec.offer(960).counter == 775


def test_money_in_french_and_english():
    assert format_money(12500) == "12\u202f500\u00a0€"
    assert format_money(12500, "EUR", "en") == "€12,500"


# ---------------------------------------------------------------- how buyers speak: round figures, no climbing
def test_counters_are_round_figures_at_the_scenario_step_or_a_default_by_magnitude():
    rec = NegotiationRecord(price(opening=700, reservation=880, rate=0.45))
    for _ in range(3):
        rec.offer(1000)
    step = counter_step(rec.price)
    assert step == 25  # about 3 % of a 1 000 list price, rounded to 1, 2, 2.5 or 5 x 10^k
    assert all(c % step == 0 for c in rec.counters)
    stepped = price(opening=700, reservation=880).model_copy(
        update={"client": ClientPrice(opening=700, reservation=880, concession_rate=0.45, step=50)})
    rec = NegotiationRecord(stepped)
    for _ in range(3):
        rec.offer(1000)
    assert rec.counters == [700, 750, 800]


@given(st.lists(st.integers(500, 2000), min_size=1, max_size=8), st.floats(0.05, 1.0), st.booleans())
def test_counters_never_fall_never_exceed_the_reservation_and_stay_on_the_step(offers, rate, firm):
    rec = NegotiationRecord(price(rate=rate, rounds=20, firm=firm))
    step = counter_step(rec.price)
    for amount in offers:
        offer = rec.offer(amount)
        if offer.response != "counter":
            break
        assert offer.counter < amount
    assert rec.counters == sorted(rec.counters)
    assert all(c <= rec.price.client.reservation and (c % step == 0 or c == rec.price.client.opening)
               for c in rec.counters)


def test_the_buyer_does_not_climb_while_the_seller_raises():
    rec = NegotiationRecord(price())
    rec.offer(1000)
    rec.offer(950)
    before = rec.counters[-1]
    raised = rec.offer(990)
    assert raised.kind == "raise" and raised.response == "counter"
    assert raised.counter == before and raised.held


def test_cents_are_kept():
    rec = NegotiationRecord(price())
    offer = rec.offer(999.5)
    assert offer.amount == 999.5 and offer.concession == 0.5
    assert format_money(65.5) == "65,50\u00a0€" and format_money(65.5, "EUR", "en") == "€65.50"
    assert format_money(8900) == "8\u202f900\u00a0€"
