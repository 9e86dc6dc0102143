"""What the learner types: prices the way negotiators write them, odd characters refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulator.engine.price import format_money
from simulator.learner_input import InputProblem, parse_amount, parse_option_number, parse_price


@pytest.mark.parametrize("text, lang, amount", [
    ("8900", "fr", 8900), ("8 900", "fr", 8900), ("8\u202f900 €", "fr", 8900), ("8.900", "fr", 8900),
    ("8900 € HT", "fr", 8900), ("65,50", "fr", 65.5), ("65.50", "fr", 65.5), ("65,5", "fr", 65.5),
    ("1 250,50 €", "fr", 1250.5), ("1.250,50", "fr", 1250.5), ("1 200,00 €", "fr", 1200),
    ("96,000", "en", 96000), ("$96,000", "en", 96000), ("1,250.50", "en", 1250.5), ("65.50", "en", 65.5),
    ("1.200.000", "fr", 1200000),
])
def test_prices_as_negotiators_write_them(text, lang, amount):
    assert parse_amount(text, lang) == amount


@pytest.mark.parametrize("text, lang, key", [
    ("²", "fr", "char"), ("①", "fr", "char"), ("1²", "fr", "char"), ("٣٤", "fr", "char"),
    ("abc", "fr", "words"), ("douze", "fr", "words"),
    ("9" * 5000, "fr", "too_long"), ("0", "fr", "zero"), ("0,00", "fr", "zero"), ("-5", "fr", "char"),
    ("", "fr", "empty"), ("€", "fr", "empty"), ("96,000", "fr", "cents"), ("65,505", "fr", "cents"),
    ("1.2.3", "fr", "shape"), ("12,34,56", "en", "shape"), ("1,", "fr", "shape"),
])
def test_what_is_not_a_price_is_refused_with_its_reason(text, lang, key):
    with pytest.raises(InputProblem) as caught:
        parse_amount(text, lang)
    assert caught.value.key == key
    assert caught.value.message("fr") and caught.value.message("en")


COUNTERPARTS = ["duree", "volume", "paiement"]


@pytest.mark.parametrize("text, expected", [
    ("9 600 2", (9600, "volume")), ("950 1", (950, "duree")), ("1 000", (1000, None)), ("12 500", (12500, None)),
    ("9 600 paiement", (9600, "paiement")), ("65,50 3", (65.5, "paiement")), ("8 900 €", (8900, None)),
])
def test_a_price_and_its_counterpart(text, expected):
    assert parse_price(text, "fr", COUNTERPARTS) == expected


def test_a_counterpart_number_that_does_not_exist_is_refused_not_read_as_digits():
    with pytest.raises(InputProblem) as caught:
        parse_price("9 600 9", "fr", COUNTERPARTS)
    assert caught.value.key == "counterpart"
    assert "n°9" in caught.value.message("fr") and "3" in caught.value.message("fr")
    with pytest.raises(InputProblem) as caught:
        parse_price("950 1", "fr", [])
    assert caught.value.key == "no_counterparts"


@settings(max_examples=300)
@given(st.text(max_size=60))
@example("²")
@example("①")
@example("9" * 5000)
@example("\udcff")
def test_any_text_is_a_price_or_a_reason_never_a_crash(text):
    for lang in ("fr", "en"):
        try:
            value = parse_amount(text, lang)
        except InputProblem as problem:
            assert problem.message(lang)
        else:
            assert value > 0 and round(value, 2) == value
        try:
            parse_price(text, lang, COUNTERPARTS)
        except InputProblem:
            pass


@settings(max_examples=200)
@given(cents=st.integers(1, 10**10))
def test_an_amount_negosim_shows_reads_back_as_itself(cents):
    amount = cents // 100 if cents % 100 == 0 else cents / 100
    for lang in ("fr", "en"):
        assert parse_amount(format_money(amount, "EUR", lang), lang) == amount


@pytest.mark.parametrize("text", ["²", "①", "0", "7", "9" * 5000, "-1", "1.5"])
def test_an_option_number_out_of_the_menu_is_refused(text):
    with pytest.raises(InputProblem):
        parse_option_number(text, 6)


def test_an_option_number_on_the_menu():
    assert parse_option_number(" 3 ", 6) == 3


def test_text_past_the_line_limit_is_refused_unread_and_messages_quote_little():
    from simulator.learner_input import MAX_LINE, QUOTE

    for read in (lambda s: parse_amount(s, "fr"), lambda s: parse_price(s, "fr", ["duree"])):
        with pytest.raises(InputProblem) as caught:
            read("9 " * MAX_LINE)
        assert caught.value.key == "line" and str(MAX_LINE) in caught.value.message("fr")
    with pytest.raises(InputProblem) as caught:
        parse_amount("12,5" + "x" * 5000, "fr")
    assert len(caught.value.message("fr")) < QUOTE + 120


_SEPARATORS = [" ", ".", ",", "\u202f", "'", ""]
_NUMERIC_TEXT = st.one_of(
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl", "Zs", "Cc", "Cf", "Sc"]), max_size=40),  # ², ①, ٣, €
    st.integers(0, 10**80).map(lambda n: f"{n:,}".replace(",", _SEPARATORS[n % len(_SEPARATORS)])),
    st.builds(lambda a, b: f"{a} {b}", st.integers(0, 10**30), st.integers(0, 99)),
)


@settings(max_examples=300)
@given(_NUMERIC_TEXT)
def test_odd_digits_separators_and_controls_are_a_price_or_a_reason(text):
    for lang in ("fr", "en"):
        try:
            amount, counterpart = parse_price(text, lang, COUNTERPARTS)
        except InputProblem as problem:
            message = problem.message(lang)
            assert message and len(message) < 300  # never the whole text quoted back
        else:
            assert 0 < amount < 10**12 and counterpart in (None, *COUNTERPARTS)
