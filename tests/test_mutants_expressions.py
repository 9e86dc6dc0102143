"""The expression language's limits and locations that the older tests let slip (found by mutation testing,
tools/mutate.py).

The parser refuses what would blow Python's recursion limit - nesting deeper than ``MAX_NESTING`` (parentheses,
calls, ``not``, unary minus), operator chains taller than ``MAX_HEIGHT``, numbers longer than
``MAX_NUMBER_DIGITS`` - and accepts everything up to those limits exactly: an author's condition is never
refused one level early, nor a learner's session crashed one level late. Every refusal says what, where
(the column) and what to do; a property checks that any text either compiles or is refused at a column
inside it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content.expressions import (
    INT,
    MAX_HEIGHT,
    MAX_NESTING,
    MAX_NUMBER_DIGITS,
    ExprError,
    Scope,
    Type,
    VarInfo,
    compile_condition,
    compile_effect,
    parse_condition,
    parse_effect,
)

SCOPE = Scope({"x": VarInfo(INT), "ok": VarInfo(Type("bool")), "s": VarInfo(Type("set", frozenset({"a", "b"})))})
TOO_DEEP = (f"expression trop imbriquée (plus de {MAX_NESTING} niveaux)",
            "simplifiez-la ou découpez-la en plusieurs conditions")
TOO_LONG = (f"expression trop longue (plus de {MAX_HEIGHT} opérations enchaînées)",
            "découpez-la en plusieurs conditions ou effets")


def refusal(parse, text: str) -> tuple[str, int, str]:
    with pytest.raises(ExprError) as caught:
        parse(text)
    return caught.value.message, caught.value.column, caught.value.hint


# ---------------------------------------------------------------- nesting: up to the limit, not one level more
@pytest.mark.parametrize(("opening", "closing", "width"), [
    ("(", ")", 1),          # parentheses
    ("abs(", ")", 4),       # calls
    ("-", "", 1),           # unary minus
])
def test_integer_nesting_is_accepted_up_to_the_limit_and_refused_past_it(opening, closing, width):
    def nested(depth: int) -> str:
        return opening * depth + "x" + closing * depth + " > 0"

    assert compile_condition(nested(MAX_NESTING), SCOPE)({"x": 3}) is True  # (an even count of minuses)
    # the level past the limit is the one refused, at its own column
    col = MAX_NESTING * width + 1 if opening != "abs(" else MAX_NESTING * width + 4
    assert refusal(parse_condition, nested(MAX_NESTING + 1)) == (TOO_DEEP[0], col, TOO_DEEP[1])


def test_not_nests_up_to_the_limit_and_is_refused_past_it():
    assert compile_condition("not " * MAX_NESTING + "ok", SCOPE)({"ok": True}) is True  # an even count
    assert refusal(parse_condition, "not " * (MAX_NESTING + 1) + "ok") == (TOO_DEEP[0], 4 * MAX_NESTING + 1, TOO_DEEP[1])


def test_the_kinds_of_nesting_add_up():
    text = "not (" * (MAX_NESTING // 2) + "ok" + ")" * (MAX_NESTING // 2)
    assert compile_condition(text, SCOPE)({"ok": False}) is False  # 16 nots: an even count
    deeper = "(" + text + ")"
    assert refusal(parse_condition, deeper) == (TOO_DEEP[0], len("(") + len("not (") * (MAX_NESTING // 2), TOO_DEEP[1])


@pytest.mark.parametrize("group", ["(x)", "abs(x)", "(-x)", "min(x, (x))"])
def test_a_closed_level_is_left_so_groups_side_by_side_never_add_up(group):
    # MAX_NESTING + 1 groups one after the other: each closes its level before the next opens
    text = " + ".join([group] * (MAX_NESTING + 1)) + " > 0"
    assert text.count("(") > MAX_NESTING
    compile_condition(text, SCOPE)
    conditions = " and ".join(["not (ok)"] * (MAX_NESTING + 1))
    assert compile_condition(conditions, SCOPE)({"ok": False}) is True


def test_the_nesting_limit_holds_in_effects_too():
    assert compile_effect_value("x = " + "(" * MAX_NESTING + "7" + ")" * MAX_NESTING) == 7
    assert refusal(parse_effect, "x = " + "(" * (MAX_NESTING + 1) + "7" + ")" * (MAX_NESTING + 1)) == (
        TOO_DEEP[0], 4 + MAX_NESTING + 1, TOO_DEEP[1])


def compile_effect_value(text: str) -> int:
    env = {"x": 0}
    compile_effect(text, SCOPE)(env)
    return env["x"]


# ---------------------------------------------------------------- operator chains: up to the limit, not one more
@pytest.mark.parametrize("op", ["+", "-", "*", "and"])
def test_an_operator_chain_is_accepted_up_to_the_limit_and_refused_past_it(op):
    atom = "ok" if op == "and" else "1"

    def chain(operators: int) -> str:
        return f" {op} ".join([atom] * (operators + 1))

    # a left-leaning chain of n operators is n + 1 nodes tall: its first two atoms are the deepest, and the
    # refusal points at one of them (the second: the walk looks at right operands first)
    parse_condition(chain(MAX_HEIGHT - 1))
    second = len(f"{atom} {op} ") + 1
    assert refusal(parse_condition, chain(MAX_HEIGHT)) == (TOO_LONG[0], second, TOO_LONG[1])


def test_a_tall_operand_is_found_wherever_it_is_in_the_tree():
    # the tall part on the right of a comparison, after a short left side: reported at its own deepest atom
    tall = " + ".join(["1"] * MAX_HEIGHT)  # MAX_HEIGHT - 1 operators: the limit itself under the comparison
    assert refusal(parse_condition, f"x == {tall}") == (TOO_LONG[0], 10, TOO_LONG[1])
    assert compile_condition(f"x == {' + '.join(['1'] * (MAX_HEIGHT - 1))}", SCOPE)({"x": MAX_HEIGHT - 1}) is True
    # inside a call, and through not: every kind of node counts one level
    assert refusal(parse_condition, f"abs({tall}) > 0")[:2] == (TOO_LONG[0], 13)  # two levels more: a higher atom
    assert refusal(parse_condition, f"not ok or {' or '.join(['ok'] * (MAX_HEIGHT - 1))}")[0] == TOO_LONG[0]


def test_the_height_limit_holds_in_effects_too():
    assert compile_effect_value("x = " + " + ".join(["1"] * MAX_HEIGHT)) == MAX_HEIGHT
    assert refusal(parse_effect, "x = " + " + ".join(["1"] * (MAX_HEIGHT + 1))) == (TOO_LONG[0], 9, TOO_LONG[1])


# ---------------------------------------------------------------- numbers
def test_a_number_may_have_up_to_the_maximum_digits_and_not_one_more():
    longest = "9" * MAX_NUMBER_DIGITS
    assert compile_condition(f"x == {longest}", SCOPE)({"x": int(longest)}) is True
    assert refusal(parse_condition, f"x == 1{longest}") == (
        f"nombre trop grand ({MAX_NUMBER_DIGITS + 1} chiffres)", 6, f"{MAX_NUMBER_DIGITS} chiffres au plus")
    assert compile_condition("x == 007", SCOPE)({"x": 7}) is True  # leading zeros are digits like any other


# ---------------------------------------------------------------- every refusal is located inside the text
TEXTS = st.lists(st.sampled_from(["x", "ok", "s", "a", "1", "22", " ", "(", ")", "+", "-", "*", "/", "%", "==",
                                  "<", ">=", "=", ",", "not", "and", "or", "in", "abs", "min", "len", "'a'", "&",
                                  "é"]), max_size=12).map(" ".join)


@settings(max_examples=100)
@given(TEXTS)
def test_any_condition_compiles_or_is_refused_at_a_column_inside_it(text):
    try:
        check = compile_condition(text, SCOPE)
    except ExprError as exc:
        assert 1 <= exc.column <= len(text.rstrip()) + 1, (text, exc.column)
        assert exc.message and exc.message == str(exc)
    else:
        assert isinstance(check({"x": 2, "ok": True, "s": frozenset({"a"})}), bool)


@pytest.mark.parametrize("closed", ["not ok and ", "-x > 0 and ", "abs(x) > 0 and ", "(ok) and "])
def test_a_closed_level_leaves_the_whole_limit_to_what_follows(closed):
    """After a `not`, a minus, a call or a parenthesis is closed, the next part may nest to the limit exactly,
    and not one level more: the level is given back once, not twice and not forgotten."""
    parse_condition(closed + "(" * MAX_NESTING + "ok" + ")" * MAX_NESTING)
    past = closed + "(" * (MAX_NESTING + 1) + "ok" + ")" * (MAX_NESTING + 1)
    assert refusal(parse_condition, past) == (TOO_DEEP[0], len(closed) + MAX_NESTING + 1, TOO_DEEP[1])


@pytest.mark.parametrize(("deepest", "chained", "pointed"), [
    ("(ok and ok)", MAX_HEIGHT - 1, "and"), ("(ok or ok)", MAX_HEIGHT - 1, "or"), ("(a in s)", MAX_HEIGHT - 1, "in"),
    ("(not ok)", MAX_HEIGHT - 1, "not"),
    ("(a not in s)", MAX_HEIGHT - 1, "not"),  # its `not` is the first node past the limit
    ("(a not in s)", MAX_HEIGHT - 2, "not"),  # its `in` (which `not in` also points at)
])
def test_an_operation_past_the_height_limit_is_pointed_at(deepest, chained, pointed):
    """A chain of `chained` + 1 operators whose deepest operand is itself an operation, placed so that the
    operation is the first node found past the limit: the refusal points at its operator."""
    joiner = " and " if " or " in deepest else " or "
    text = "ok" + joiner + deepest + (joiner + "ok") * chained
    column = text.index(deepest) + deepest.index(pointed) + 1
    assert refusal(parse_condition, text) == (TOO_LONG[0], column, TOO_LONG[1])
    # the tallest chain whose deepest leaf is at the limit itself is accepted
    below = 2 if " not in " in deepest else 1  # levels under the operation: its leaves (and `in` under `not`)
    parse_condition("ok" + joiner + deepest + (joiner + "ok") * (MAX_HEIGHT - 2 - below))


def test_a_left_side_of_in_that_is_no_name_suggests_no_element():
    """« 2 in tailles »: a number is nobody's misspelt element: the hint lists the elements, it does not
    offer the nearest one."""
    scope = Scope({"tailles": VarInfo(Type("set", frozenset({"M", "L", "XL", "XXL", "XXXL"})))})
    with pytest.raises(ExprError) as caught:
        compile_condition("2 in tailles", scope)
    assert (caught.value.message, caught.value.column, caught.value.hint) == (
        "à gauche de « in », il faut un élément, pas un entier", 1, "noms possibles : L, M, XL, XXL, XXXL")
