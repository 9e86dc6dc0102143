"""An absurd price is not an anchor: the client does not take it as an offer, and the scorer marks it down."""

from __future__ import annotations

from factories import MINIMAL_PRICE
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content.loader import load_scenario_text
from simulator.engine.session import ChoiceInput, PriceInput, Session
from simulator.scoring import default_rubric, score

SCENARIO = load_scenario_text(MINIMAL_PRICE)


def at_price() -> Session:
    s = Session.start(SCENARIO, 4)
    s.step(ChoiceInput("question"))
    assert s.accepts_price
    return s


def test_an_absurd_offer_leaves_the_negotiation_untouched_and_is_named_a_fault():
    s = at_price()
    turn = s.step(PriceInput(99_999_999))
    assert turn.acts == ("prix_aberrant",) and turn.offer is None
    assert s.negotiation.offers == [] and s.env["price_offers"] == 0 and s.state == "conclusion"
    assert "Soyons sérieux" in turn.replies[0].text
    # the next real offer is still the first one: the absurd figure anchored nothing
    assert s.step(PriceInput(1000)).offer.kind == "first"


def test_the_plausible_range_is_half_the_floor_to_twice_the_list_price():
    s = at_price()
    assert s.plausible(2000) and not s.plausible(2000.01)
    assert s.plausible(400) and not s.plausible(399)


@settings(max_examples=25, deadline=None)
@given(absurd=st.one_of(st.integers(2001, 10**11), st.integers(1, 399)), then=st.sampled_from([1000, 950, 900]))
def test_an_absurd_offer_never_raises_the_mark(absurd, then):
    rubric = default_rubric()
    plain = at_price()
    plain.step(PriceInput(then, "duree"))
    with_absurd = at_price()
    with_absurd.step(PriceInput(absurd))
    with_absurd.step(PriceInput(then, "duree"))
    clean = score(SCENARIO, rubric, plain.turns)
    noisy = score(SCENARIO, rubric, with_absurd.turns)
    assert noisy.mark <= clean.mark
    fired = [e for c in noisy.criteria.values() for e in c.evidence if e.rule == "np_aberrant"]
    assert fired and all(e.points < 0 for e in fired)
