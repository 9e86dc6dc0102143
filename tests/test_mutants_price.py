"""Price negotiation details the older tests let slip (found by mutation testing, tools/mutate.py).

The buyer's round figures, the money formats of every currency, the exact record of an offer as the journal
keeps it, the last round at exactly the reservation, a walk-away recorded as one, the debrief's margin figures.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_price import price

from simulator.content.spec import ClientPrice, Price, PriceLines
from simulator.engine.price import NegotiationRecord, amount_value, counter_step, format_money, round_down


def listed(list_price: int, step: float | None = None, floor: int | None = None) -> Price:
    floor = floor if floor is not None else max(1, list_price * 8 // 10)
    return Price(unit="HT", list=list_price, target=list_price, floor=floor,
                 client=ClientPrice(opening=floor, reservation=list_price, step=step),
                 lines=PriceLines(counter="{contre}", accept="ok", walkaway="non"))


# ---------------------------------------------------------------- round figures
@pytest.mark.parametrize(("list_price", "step"), [
    (20, 0.5),      # 3 % = 0.6: under 1, the step is a tenth's multiple
    (100, 2.5),     # 3 % = 3
    (1000, 25),     # 3 % = 30
    (5000, 100),    # 3 % = 150: 1 x 10^2
    (7000, 200),    # 3 % = 210: 2 x 10^2
    (9000, 250),    # 3 % = 270: 2.5 x 10^2
    (18000, 500),   # 3 % = 540: 5 x 10^2
])
def test_the_default_step_is_the_round_figure_just_under_three_percent_of_list(list_price, step):
    assert counter_step(listed(list_price)) == step


def test_the_scenario_step_wins_over_the_default():
    assert counter_step(listed(9000, step=40)) == 40


def test_a_figure_already_on_the_step_is_kept_and_others_go_down_to_it():
    assert round_down(8750, 250) == 8750  # not 8 500: a float quotient 34.999... must not lose a step
    assert round_down(0.7, 0.1) == 0.7
    assert round_down(8999, 250) == 8750


def test_amounts_are_kept_to_the_cent_and_whole_ones_as_integers():
    assert amount_value(1.234) == 1.23
    assert amount_value(65.5) == 65.5
    whole = amount_value(8900.0)
    assert whole == 8900 and type(whole) is int  # the journal shows 8900, not 8900.0


# ---------------------------------------------------------------- money
@pytest.mark.parametrize(("currency", "fr", "en"), [
    ("EUR", "8\u202f900\u00a0€", "€8,900"),
    ("USD", "8\u202f900\u00a0$", "$8,900"),
    ("GBP", "8\u202f900\u00a0£", "£8,900"),
    ("CHF", "8\u202f900\u00a0CHF", "8,900 CHF"),
    ("XOF", "8\u202f900\u00a0XOF", "8,900 XOF"),  # a currency without a symbol shows its code
])
def test_money_in_every_currency(currency, fr, en):
    assert format_money(8900, currency, "fr") == fr
    assert format_money(8900, currency, "en") == en


# ---------------------------------------------------------------- the record of an offer
def test_an_offer_without_counterpart_is_recorded_exactly():
    rec = NegotiationRecord(price())
    first = rec.offer(1000)
    assert first.as_dict() == {"amount": 1000, "kind": "first", "concession": 0, "counterpart": None,
                                "counterpart_accepted": False, "response": "counter", "counter": 700, "held": False,
                                "repeated": False}
    accepted = rec.offer(700)
    assert accepted.as_dict() == {"amount": 700, "kind": "concession", "concession": 300, "counterpart": None,
                                  "counterpart_accepted": False, "response": "accept", "counter": None, "held": False,
                                  "repeated": False}


def test_an_offer_accepted_after_a_held_round_is_not_held():
    rec = NegotiationRecord(price(firm=True))
    rec.offer(1000)
    assert rec.offer(960).held
    accepted = rec.offer(700)  # under its held counter: taken
    assert accepted.response == "accept" and accepted.held is False


def test_at_the_last_round_an_offer_at_exactly_the_reservation_is_accepted():
    rec = NegotiationRecord(price(reservation=880, rounds=2))
    rec.offer(1000)  # counter 700; its next figure would be 775
    last = rec.offer(880)
    assert last.response == "accept" and last.held is False and rec.final == 880 and not rec.walked_away


def test_a_last_round_over_the_reservation_is_a_walk_away_recorded_as_such():
    rec = NegotiationRecord(price(reservation=880, rounds=2))
    rec.offer(1000)
    last = rec.offer(881)
    assert last.response == "walkaway" and last.held is False and last.counter is None
    assert rec.walked_away is True and rec.final is None


def test_neither_a_counter_nor_a_deal_is_a_walk_away():
    rec = NegotiationRecord(price())
    rec.offer(1000)
    assert rec.walked_away is False
    rec.offer(700)
    assert rec.walked_away is False and rec.final == 700


def test_a_concession_of_cents_is_a_concession():
    rec = NegotiationRecord(price())
    rec.offer(1000)
    rec.offer(999.5)
    assert [o.concession for o in rec.concessions()] == [0.5]


def test_a_copy_keeps_the_whole_record_and_is_independent():
    for amounts in ([1000, 700], [1000, 1000, 1000, 1000, 1000], [1000, 960]):
        rec = NegotiationRecord(price(firm=True))
        for amount in amounts:
            rec.offer(amount)
        twin = rec.copy()
        assert (twin.offers, twin.counters, twin.obtained, twin.final, twin.walked_away, twin.holds) == (
            rec.offers, rec.counters, rec.obtained, rec.final, rec.walked_away, rec.holds)
        twin.offers.append(twin.offers[0])
        twin.counters.append(1)
        twin.obtained.append("duree")
        assert len(rec.offers) == len(amounts) and 1 not in rec.counters and rec.obtained == []


@given(st.lists(st.integers(1, 2000), min_size=1, max_size=10))
def test_a_raise_is_never_a_concession_and_a_concession_is_the_drop(amounts):
    rec = NegotiationRecord(price(rounds=20))
    for amount in amounts:
        before = rec.last_offer
        offer = rec.offer(amount)
        reference = 1000 if before is None else before
        assert offer.concession == max(0, reference - amount)
        if before is not None:
            assert offer.kind == ("hold" if amount == before else "concession" if amount < before else "raise")
        if offer.response != "counter":
            break


# ---------------------------------------------------------------- the debrief's margin
def test_margin_figures_are_rounded_as_shown():
    rec = NegotiationRecord(price(opening=850, reservation=950))  # list 1 000, target 900, floor 800
    rec.offer(833.33)
    assert rec.margin() == {"final": 833.33, "discount_pct": 16.7, "vs_target": 833.33 - 900,
                            "vs_floor": 833.33 - 800, "normalised": 0.167}


def test_margin_without_a_deal_is_all_none():
    rec = NegotiationRecord(price())
    rec.offer(1000)
    assert rec.margin() == {"final": None, "discount_pct": None, "vs_target": None, "vs_floor": None,
                            "normalised": None}


def test_margin_with_a_one_euro_span_divides_by_it():
    p = listed(10, floor=9).model_copy(update={"client": ClientPrice(opening=9, reservation=10, max_rounds=1)})
    rec = NegotiationRecord(p)
    assert rec.offer(9.5).response == "accept"  # its only round, within its reservation
    assert rec.margin()["normalised"] == 0.5
