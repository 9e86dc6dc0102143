"""{contre}, the client's figure in its price lines, is a figure the client said or is saying (issue 21).

A price line may be said before the client has named any figure: it takes the learner's first offer, breaks off
at once (``max_rounds: 1``), answers a counterpart or an absurd first offer. There ``{contre}`` is the figure the
client would open with, never « 0 € »; and ``negosim validate`` warns (NS210, at the ``{contre}``) the author
of such a line, since the learner never heard that figure.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from factories import MINIMAL_PRICE
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine import edit, play

from simulator.content.loader import load_scenario_text
from simulator.engine.price import format_money
from simulator.engine.session import PriceInput

LINES = """  lines:
    counter: "{offre} ? Je peux aller jusqu'à {contre}."
    accept: "Entendu pour {offre}."
    walkaway: "Non, on s'arrête là."
    counterpart_accepted: "{contrepartie} : d'accord."
    counterpart_refused: "{contrepartie} : non."
"""


def with_line(name: str, text: str, scenario_text: str = MINIMAL_PRICE) -> str:
    """MINIMAL_PRICE (opening 700, reservation 880, 4 rounds) with one price line replaced or added."""
    old = re.search(rf"^    {name}: .*\n", scenario_text, re.M)
    line = f"    {name}: {text}\n"
    if old:
        return scenario_text.replace(old.group(0), line)
    return edit(scenario_text, "    counterpart_refused: \"{contrepartie} : non.\"\n",
                "    counterpart_refused: \"{contrepartie} : non.\"\n" + line)


def negotiating(text: str):
    s = play(load_scenario_text(text), "question")
    assert s.accepts_price
    return s


def replies(turn) -> list[str]:
    return [line.text for line in turn.replies]


# ---------------------------------------------------------------- the engine
def test_a_first_offer_taken_at_once_quotes_the_clients_opening_not_0():
    s = negotiating(with_line("accept", "\"Entendu pour {offre}. J'étais prêt à partir de {contre}.\""))
    turn = s.step(PriceInput(650))
    assert turn.offer.response == "accept" and s.negotiation.counters == []
    assert replies(turn)[0] == "Entendu pour 650\u00a0€. J'étais prêt à partir de 700\u00a0€."


def test_a_counterpart_answered_with_the_first_offer_quotes_the_opening():
    s = negotiating(with_line("counterpart_accepted", "\"{contrepartie} : d'accord, sur la base de {contre}.\""))
    turn = s.step(PriceInput(690, "duree"))
    assert turn.offer.response == "accept"
    assert replies(turn)[0] == "Engagement 24 mois : d'accord, sur la base de 700\u00a0€."


def test_a_walkaway_at_the_first_offer_quotes_the_opening():
    text = edit(MINIMAL_PRICE, "max_rounds: 4", "max_rounds: 1")
    s = negotiating(with_line("walkaway", "\"Non : moi, c'était {contre}. On s'arrête là.\"", text))
    turn = s.step(PriceInput(950))
    assert turn.offer.response == "walkaway"
    assert replies(turn)[0] == "Non : moi, c'était 700\u00a0€. On s'arrête là."


def test_an_absurd_offer_quotes_the_opening_before_any_figure_then_the_last_one():
    s = negotiating(with_line("implausible", "\"{offre} ? Soyons sérieux : je suis à {contre}.\""))
    assert replies(s.step(PriceInput(99999)))[0] == "99\u202f999\u00a0€ ? Soyons sérieux : je suis à 700\u00a0€."
    s.step(PriceInput(1000))
    s.step(PriceInput(950))  # the client climbs to 775
    assert replies(s.step(PriceInput(5)))[0] == "5\u00a0€ ? Soyons sérieux : je suis à 775\u00a0€."


def test_after_its_counters_an_accept_quotes_the_last_figure_said_not_the_next_one():
    s = negotiating(with_line("accept", "\"Entendu pour {offre}. Je vous avais dit {contre}.\""))
    s.step(PriceInput(1000))
    s.step(PriceInput(950))
    assert s.negotiation.counters == [700, 775] and s.negotiation.client_next_counter() == 825
    turn = s.step(PriceInput(800))
    assert turn.offer.response == "accept"
    assert replies(turn)[0] == "Entendu pour 800\u00a0€. Je vous avais dit 775\u00a0€."


# ---------------------------------------------------------------- a property over random negotiations
MARKED = {name: f"\"{name} [{{contre}}]\"" for name in (
    "counter", "accept", "walkaway", "counterpart_accepted", "counterpart_refused", "raised", "held", "implausible")}
_FIGURE = re.compile(r"^(\w+) \[(.*)\]$")


@cache
def marked_scenario(opening: int, reservation: int, floor: int, list_price: int, rounds: int, rate: float,
                    step: int | None, firm: bool):
    """A negotiation whose every price line says only its kind and {contre}, with these client figures."""
    client = (f"{{opening: {opening}, reservation: {reservation}, concession_rate: {rate}, max_rounds: {rounds}, "
              f"firm_after_free_concession: {str(firm).lower()}" + (f", step: {step}" if step else "") + "}")
    text = edit(MINIMAL_PRICE, "client: {opening: 700, reservation: 880, concession_rate: 0.5, max_rounds: 4}",
                "client: " + client)
    text = edit(text, "  list: 1000\n  target: 900\n  floor: 800\n",
                f"  list: {list_price}\n  target: {floor}\n  floor: {floor}\n")
    text = edit(text, LINES, "  lines:\n" + "".join(f"    {k}: {v}\n" for k, v in MARKED.items()))
    return load_scenario_text(text)


@st.composite
def negotiations(draw):
    opening = draw(st.integers(1, 3000))
    reservation = opening + draw(st.integers(0, 2000))
    floor = draw(st.integers(1, 4000))
    list_price = floor + draw(st.integers(0, 3000))
    terms = (opening, reservation, floor, list_price, draw(st.integers(1, 5)), draw(st.sampled_from([0.25, 0.5, 1.0])),
             draw(st.sampled_from([None, 1, 50])), draw(st.booleans()))
    offer = st.tuples(st.integers(1, 3 * list_price), st.sampled_from([None, "duree", "comptant"]))
    return terms, draw(st.lists(offer, min_size=1, max_size=7))


@settings(max_examples=60, deadline=None)
@given(negotiations())
def test_the_client_only_ever_quotes_a_figure_it_said_or_opens_with(case):
    terms, offers = case
    scenario = marked_scenario(*terms)
    s = play(scenario, "question")
    opening = terms[0]
    for amount, counterpart in offers:
        if s.ended:
            break
        turn = s.step(PriceInput(amount, counterpart))
        counters = s.negotiation.counters
        standing = format_money(counters[-1] if counters else opening)
        for text in replies(turn):
            m = _FIGURE.match(text)
            if m is None or m.group(1) not in MARKED:
                continue  # a state's own line, after the move
            assert m.group(2) != format_money(0)
            assert m.group(2) == standing, f"{m.group(1)} quotes {m.group(2)}: not the client's figure"
            assert m.group(2) in {format_money(x) for x in [*counters, opening]}


# ---------------------------------------------------------------- the author's warning
def ns210(text: str):
    return [w for w in load_scenario_text(text, "offre.yaml").warnings if w.code == "NS210"]


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the ``{contre}`` in the first ``needle`` of ``text``."""
    before = text[:text.index(needle) + needle.index("{contre}")]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


@pytest.mark.parametrize("name", ["accept", "counterpart_accepted", "counterpart_refused", "implausible"])
def test_validate_warns_where_a_line_said_before_any_figure_quotes_contre(name):
    text = with_line(name, "\"Bien. Pour mémoire, je partais de {contre}.\"")
    [warning] = ns210(text)
    assert warning.severity == "warning" and warning.file == "offre.yaml"
    assert (warning.line, warning.column) == position(text, "je partais de {contre}")
    assert warning.where == f"price.lines.{name}"
    assert warning.message.startswith(f"la réplique « {name} » cite {{contre}}, le chiffre du client, qu'il n'a ")
    assert warning.hint == ("{contre} y vaudrait son prix d'ouverture (700), jamais annoncé à l'apprenant : citez "
                            "plutôt l'offre de l'apprenant avec {offre}, ou retirez le chiffre")
    assert f"offre.yaml:{warning.line}:{warning.column}:" in warning.render()


def test_the_warning_points_at_each_variant_that_quotes_contre():
    text = with_line("accept", "[\"Entendu.\", {text: \"Bon, {contre} ou {offre}, d'accord.\", if: \"patience > 2\"}]")
    [warning] = ns210(text)
    assert warning.where == "price.lines.accept[1].text"
    assert (warning.line, warning.column) == position(text, "{contre} ou")


def test_a_walkaway_quoting_contre_is_flagged_only_when_it_can_come_first():
    line = "\"Vous restez loin de mes {contre}. On s'arrête là.\""
    assert ns210(with_line("walkaway", line)) == [], "after four rounds the client has said its figures"
    [warning] = ns210(with_line("walkaway", line, edit(MINIMAL_PRICE, "max_rounds: 4", "max_rounds: 1")))
    assert warning.where == "price.lines.walkaway" and "max_rounds: 1" in warning.message


def test_lines_said_with_a_counter_may_quote_contre():
    text = with_line("held", "\"Je reste à {contre}.\"", with_line("raised", "\"Vous remontez ? Moi : {contre}.\""))
    assert ns210(text) == []  # and MINIMAL_PRICE's counter line quotes it too


def test_no_warning_for_a_first_offer_the_client_can_never_take():
    # the client opens under half the floor: an offer at or under it is absurd, not accepted
    text = with_line("accept", "\"D'accord, moi c'était {contre}.\"",
                     edit(MINIMAL_PRICE, "{opening: 700,", "{opening: 300,"))
    assert ns210(text) == []
    assert len(ns210(edit(text, "max_rounds: 4", "max_rounds: 1"))) == 1, "a single round: it accepts under its reserve"


def test_a_counterpart_line_no_counterpart_can_bring_is_not_flagged():
    text = with_line("counterpart_refused", "\"{contrepartie} : non, restons à {contre}.\"",
                     edit(MINIMAL_PRICE, "    - {id: comptant, label: \"Paiement comptant\", client_accepts: false}\n",
                          ""))
    assert ns210(text) == []


def test_the_bundled_scenarios_have_no_such_line():
    from pathlib import Path

    from simulator.content.loader import load_scenario

    for path in sorted(Path(__file__).parent.parent.joinpath("scenarios").glob("*.yaml")):
        assert [w for w in load_scenario(path).warnings if w.code == "NS210"] == [], path


def test_a_client_cannot_open_at_0():
    # 0 is no figure: {contre} would read « 0 € » and each concession would be measured from it
    from simulator.content.diagnostics import ContentError

    text = edit(MINIMAL_PRICE, "{opening: 700,", "{opening: 0,")
    with pytest.raises(ContentError) as info:
        load_scenario_text(text, "s.yaml")
    [error] = info.value.errors
    line = next(i for i, row in enumerate(text.split("\n"), 1) if "{opening: 0," in row)
    assert (error.where, error.line) == ("price.client.opening", line) and "0" in error.message
    assert load_scenario_text(edit(MINIMAL_PRICE, "{opening: 700,", "{opening: 1,"), "s.yaml").spec.price.client.opening == 1


def test_an_author_cannot_give_a_choice_the_engines_absurd_figure_act():
    from simulator.content.diagnostics import ContentError

    text = edit(MINIMAL_PRICE, "acts: [question_ouverte]", "acts: [prix_aberrant]")
    with pytest.raises(ContentError) as info:
        load_scenario_text(text, "s.yaml")
    assert [e.code for e in info.value.errors] == ["NS102"]
    assert "attribué par le moteur" in info.value.errors[0].message
