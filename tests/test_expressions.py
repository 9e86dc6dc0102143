"""The expression language of conditions and effects, tested directly (it was only reached through scenarios).

What each operator computes, how effects clamp integers to their declared bounds (a property), which sets
they change, and the exact message, column and hint of every mistake an author can make: these messages are
what the author reads in ``negosim validate`` (file:line:column), so they are behaviour, not decoration.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.content.expressions import (
    BOOL,
    INT,
    ExprError,
    Scope,
    Tok,
    Type,
    VarInfo,
    compile_condition,
    compile_effect,
    names_in,
    parse_condition,
    tokenize,
)

NEEDS = frozenset({"delai", "prix"})
SCOPE = Scope({
    "patience": VarInfo(Type("int", lo=0, hi=5)),
    "score": VarInfo(INT),  # no declared bounds
    "rdv": VarInfo(BOOL),
    "needs": VarInfo(Type("set", NEEDS)),
    "tags": VarInfo(Type("set", None)),
    "need": VarInfo(Type("item", NEEDS)),
    "nom": VarInfo(Type("text", None)),
    "turn": VarInfo(INT, writable=False),
})
VARIABLES = "noms possibles : need, needs, nom, patience, rdv, score, tags, turn"


def env(**values) -> dict:
    base = {"patience": 3, "score": 0, "rdv": False, "needs": frozenset(), "tags": frozenset(), "need": "delai",
            "nom": "Durand", "turn": 1}
    return base | values


def holds(text: str, **values) -> bool:
    return compile_condition(text, SCOPE)(env(**values))


def effect(text: str, **values) -> dict:
    e = env(**values)
    compile_effect(text, SCOPE)(e)
    return e


def mistake(compile, text: str) -> tuple[str, int, str]:
    with pytest.raises(ExprError) as caught:
        compile(text, SCOPE)
    return caught.value.message, caught.value.column, caught.value.hint


# ---------------------------------------------------------------- tokens
def test_tokens_have_their_kind_text_and_column():
    assert tokenize("not  rdv_pris>=12 and 'a b'") == [
        Tok("kw", "not", 1), Tok("name", "rdv_pris", 6), Tok("op", ">=", 14), Tok("num", "12", 16),
        Tok("kw", "and", 19), Tok("str", "'a b'", 23), Tok("end", "", 28)]
    assert [t.text for t in tokenize("a+=1-=2==3!=4<=5<6>7=(8),9%10*11/12")] == [
        "a", "+=", "1", "-=", "2", "==", "3", "!=", "4", "<=", "5", "<", "6", ">", "7", "=", "(", "8", ")", ",",
        "9", "%", "10", "*", "11", "/", "12", ""]
    assert tokenize("x   ")[-1] == Tok("end", "", 2)  # trailing blanks are not part of the expression


def test_names_in_lists_the_bare_names_and_nothing_for_unreadable_text():
    assert names_in("patience > 2 and not rdv_pris or 'texte' in needs") == {"patience", "rdv_pris", "needs"}
    assert names_in("a & b") == set()


# ---------------------------------------------------------------- what conditions compute
@pytest.mark.parametrize(("text", "expected"), [
    ("1 + 2 * 3 == 7", True), ("(1 + 2) * 3 == 9", True), ("10 - 4 - 3 == 3", True),
    ("7 / 2 == 3", True), ("7 % 3 == 1", True), ("8 % 4 == 0", True), ("-7 / 2 == -4", True),
    ("5 / 0 == 0", True), ("5 % 0 == 0", True),  # by zero: 0 rather than a crash in the middle of a session
    ("- 3 + 5 == 2", True), ("--3 == 3", True),
    ("abs(0 - 4) == 4", True), ("min(3, 9) == 3", True), ("max(3, 9) == 9", True),
    ("len(needs) == 1", True), ("len(tags) == 0", True),
    ("patience == 3", True), ("patience != 3", False), ("patience < 3", False), ("patience <= 3", True),
    ("patience > 3", False), ("patience >= 3", True), ("patience > 2", True), ("patience < 4", True),
    ("3 == patience", True), ("3 != patience", False), ("2 < patience", True), ("3 <= patience", True),
    ("3 > patience", False), ("3 >= patience", True), ("patience + 0 < 3", False), ("patience + 0 > 3", False),
    ("patience == score + 3", True), ("patience != score + 3", False),
    ("not rdv", True), ("not not rdv", False), ("rdv or patience > 2", True), ("rdv and patience > 2", False),
    ("patience > 2 and not rdv", True), ("rdv or rdv", False), ("not rdv and not rdv", True),
    ("rdv or patience > 0 and patience > 5", False),  # and binds tighter than or
    ("delai in needs", True), ("prix in needs", False), ("'delai' in needs", True),
    ("prix not in needs", True), ("delai not in needs", False), ("not delai in needs", False),
    ("need == delai", True), ("need == 'delai'", True), ("delai == need", True), ("need != prix", True),
    ("need == prix", False), ("nom == 'Durand'", True), ("'Durand' == nom", True), ("nom != 'Martin'", True),
    ("rdv == false", True), ("rdv != true", True), ("true", True), ("false", False),
])
def test_what_a_condition_computes(text, expected):
    assert holds(text, needs=frozenset({"delai"})) is expected


def test_and_or_do_not_evaluate_their_right_side_when_the_left_decides():
    check = compile_condition("rdv and len(tags) > 0", SCOPE)
    assert check({"rdv": False}) is False  # 'tags' is not even read
    check = compile_condition("rdv or len(tags) > 0", SCOPE)
    assert check({"rdv": True}) is True


def test_a_condition_reads_the_env_it_is_given_each_time():
    check = compile_condition("patience > 2", SCOPE)
    assert check({"patience": 3}) and not check({"patience": 2})
    check = compile_condition("patience + score > 2", SCOPE)
    assert check({"patience": 3, "score": 0}) and not check({"patience": 1, "score": 1})


# ---------------------------------------------------------------- what effects do
def test_integer_effects_assign_add_and_subtract():
    assert effect("score = 7")["score"] == 7
    assert effect("score += 4", score=1)["score"] == 5
    assert effect("score -= 4", score=1)["score"] == -3
    assert effect("score += patience", score=1)["score"] == 4
    assert effect("score -= patience", score=1)["score"] == -2
    assert effect("score = patience * 2")["score"] == 6


@pytest.mark.parametrize(("text", "start", "expected"), [
    ("patience = 9", 3, 5), ("patience = 0 - 9", 3, 0), ("patience = 5", 3, 5), ("patience = 0", 3, 0),
    ("patience += 9", 3, 5), ("patience -= 9", 3, 0), ("patience += 2", 3, 5), ("patience -= 3", 3, 0),
    ("patience += score + 9", 3, 5), ("patience -= score + 9", 3, 0),
    ("patience += score + 2", 3, 5), ("patience -= score + 3", 3, 0),
])
def test_integer_effects_stop_at_the_declared_bounds(text, start, expected):
    assert effect(text, patience=start)["patience"] == expected


@given(st.sampled_from(["=", "+=", "-="]), st.integers(-50, 50), st.integers(0, 5), st.booleans(),
       st.integers(-3, 3), st.integers(0, 6))
def test_an_integer_never_leaves_its_declared_bounds(op, value, start, through_expression, lo, width):
    hi = lo + width
    scope = Scope({"x": VarInfo(Type("int", lo=lo, hi=hi)), "y": VarInfo(INT)})
    start = max(lo, min(hi, start))
    text = f"x {op} y + 0" if through_expression else f"x {op} {abs(value)}"
    e = {"x": start, "y": value}
    compile_effect(text, scope)(e)
    amount = value if through_expression else abs(value)
    unclamped = {"=": amount, "+=": start + amount, "-=": start - amount}[op]
    assert e["x"] == max(lo, min(hi, unclamped))


def test_an_unbounded_integer_is_not_clamped_short_of_64_bits():
    assert effect("score = 1000000")["score"] == 1000000
    assert effect("score -= 1000000")["score"] == -1000000
    assert effect("score += score", score=10**12)["score"] == 2 * 10**12
    # what a journal (JSON, read by 64-bit readers too) can hold: the engine's implicit bounds
    # (a literal has at most 18 digits, content/expressions.py: beyond 64 bits only by computing)
    big = "999999999999999999 * 999999999999999999"
    assert effect(f"score = {big}")["score"] == 2**63
    assert effect(f"score = 0 - {big}")["score"] == -(2**63)
    assert effect(f"score += {big}")["score"] == 2**63


def test_set_effects_add_and_remove_an_element():
    assert effect("needs += delai")["needs"] == {"delai"}
    assert effect("needs += 'prix'", needs=frozenset({"delai"}))["needs"] == {"delai", "prix"}
    assert effect("needs += need", needs=frozenset({"prix"}))["needs"] == {"delai", "prix"}
    assert effect("needs -= delai", needs=frozenset({"delai", "prix"}))["needs"] == {"prix"}
    assert effect("needs -= delai")["needs"] == frozenset()
    assert effect("tags += 'vu'")["tags"] == {"vu"}


def test_boolean_effects_set_the_value():
    assert effect("rdv = true")["rdv"] is True
    assert effect("rdv = false", rdv=True)["rdv"] is False
    assert effect("rdv = patience > 2")["rdv"] is True


def test_an_effect_changes_only_its_variable():
    before = env()
    after = effect("patience -= 1")
    assert {k: v for k, v in after.items() if before[k] != v} == {"patience": 2}


# ---------------------------------------------------------------- the author's mistakes, as the author reads them
@pytest.mark.parametrize(("text", "message", "column", "hint"), [
    ("a & b", "caractère inattendu « & »", 3, "écrivez and, or, not"),
    ("a  | b", "caractère inattendu « | »", 4, "écrivez and, or, not"),
    ("!rdv", "caractère inattendu « ! »", 1, "écrivez and, or, not"),
    ("patience_é > 1", "caractère inattendu « é »", 10, "les noms s'écrivent sans tiret ni accent (ex. : rdv_pris)"),
    ("a ; b", "caractère inattendu « ; »", 3, ""),
    ("", "condition vide", 1, "écrivez une condition comme « patience > 2 »"),
    ("   ", "condition vide", 1, "écrivez une condition comme « patience > 2 »"),
    ("patience >", "expression incomplète", 11, "il manque une valeur à la fin"),
    ("patience - > 1", "« > » inattendu ici", 12, ""),
    (", > 1", "« , » inattendu ici", 1, ""),
    ("foo(1)", "fonction inconnue « foo »", 1, "fonctions disponibles : abs, len, max, min"),
    ("len(needs", "parenthèse fermante attendue", 10, ""),
    ("min(1)", "min() attend 2 arguments", 1, ""),
    ("abs(1, 2) > 0", "abs() attend 1 argument", 1, ""),
    ("(patience > 1", "parenthèse fermante attendue", 14, "vérifiez les parenthèses"),
    ("patience > 1 rdv", "« rdv » inattendu ici", 14, "combinez les conditions avec and / or"),
    ("patience > 1 1", "« 1 » inattendu ici", 14, "combinez les conditions avec and / or"),
    ("patience = 1", "« = » inattendu ici", 10, "pour comparer, écrivez == ; pour affecter, utilisez « effects »"),
    ("patience > 1 )", "« ) » inattendu ici", 14, ""),
    ("rdv == true == false", "« == » inattendu ici", 13, ""),
    ("patience", "une condition doit être vraie ou fausse, pas un entier", 1, "comparez, par exemple « patience > 0 »"),
    ("needs", "une condition doit être vraie ou fausse, pas un ensemble", 1, "comparez, par exemple « patience > 0 »"),
    ("need", "une condition doit être vraie ou fausse, pas un élément", 1, "comparez, par exemple « patience > 0 »"),
    ("nom", "une condition doit être vraie ou fausse, pas un nom", 1, "comparez, par exemple « patience > 0 »"),
    ("rdv + 1", "« + » attend un entier, pas un booléen (true/false)", 1, ""),
    ("1 - rdv", "« - » attend un entier, pas un booléen (true/false)", 5, ""),
    ("not patience", "« not » attend une condition vraie ou fausse, pas un entier", 5, ""),
    ("-rdv", "« - » attend un entier, pas un booléen (true/false)", 2, ""),
    ("rdv and 1", "« and » attend une condition vraie ou fausse, pas un entier", 9, ""),
    ("1 or rdv", "« or » attend une condition vraie ou fausse, pas un entier", 1, ""),
    ("patience in needs", "à gauche de « in », il faut un élément, pas un entier", 1, "noms possibles : delai, prix"),
    ("delai in patience", "à droite de « in », il faut un ensemble, pas un entier", 10, ""),
    ("inconnu in needs", "variable inconnue « inconnu »", 1, VARIABLES),
    ("pat > 1", "variable inconnue « pat »", 1, VARIABLES),
    ("patiense > 1", "variable inconnue « patiense »", 1, "vouliez-vous dire 'patience' ?"),
    ("'autre' in needs", "« autre » n'est pas un élément possible ici", 1, "noms possibles : delai, prix"),
    ("len(patience) > 0", "len() compte les éléments d'un ensemble", 5, ""),
    ("abs(rdv) > 0", "« abs » attend un entier, pas un booléen (true/false)", 5, ""),
    ("max(1, rdv) > 0", "« max » attend un entier, pas un booléen (true/false)", 8, ""),
    ("patience < rdv", "« < » attend un entier, pas un booléen (true/false)", 12, ""),
    ("rdv <= patience", "« <= » attend un entier, pas un booléen (true/false)", 1, ""),
    ("patience >= 'x'", "« >= » attend un entier, pas un élément", 13, ""),
    ("rdv == 1", "comparaison impossible entre un booléen (true/false) et un entier", 5, ""),
    ("need == patience", "comparaison impossible entre un élément et un entier", 6, ""),
    ("needs == 1", "comparaison impossible entre un ensemble et un entier", 7, ""),
])
def test_condition_mistakes_say_what_where_and_how_to_fix(text, message, column, hint):
    assert mistake(compile_condition, text) == (message, column, hint)


@pytest.mark.parametrize(("text", "message", "column", "hint"), [
    ("1 = 2", "un effet commence par le nom d'une variable", 1, "exemple : patience -= 1"),
    ("patience == 1", "« == » inattendu : opérateur d'affectation attendu", 10,
     "dans un effet, « = » affecte ; « == » compare"),
    ("patience", "« fin » inattendu : opérateur d'affectation attendu", 9, "utilisez =, += ou -="),
    ("patience *= 2", "« * » inattendu : opérateur d'affectation attendu", 10, "utilisez =, += ou -="),
    ("patience rdv", "« rdv » inattendu : opérateur d'affectation attendu", 10, "utilisez =, += ou -="),
    ("needs = delai", "un ensemble se modifie avec += ou -=", 1, "exemple : needs += element"),
    ("needs += 1", "« needs » attend un élément, pas un entier", 10, ""),
    ("needs -= rdv", "« needs » attend un élément, pas un booléen (true/false)", 10, ""),
    ("needs += autre", "variable inconnue « autre »", 10, VARIABLES),
    ("rdv += true", "« rdv » est un booléen : écrivez « rdv = true » ou « = false »", 1, ""),
    ("rdv = 1", "« rdv » est un booléen : écrivez « rdv = true » ou « = false »", 1, ""),
    ("need = delai", "« need » ne peut pas être affectée", 1, ""),
    ("nom = 'x'", "« nom » ne peut pas être affectée", 1, ""),
    ("patience = rdv", "« patience » est un entier, la valeur est un booléen (true/false)", 12, ""),
    ("patience += 'x'", "« patience » est un entier, la valeur est un élément", 13, ""),
    ("turn += 1", "« turn » est tenue par le moteur et ne peut pas être modifiée", 1, ""),
    ("patiense -= 1", "variable inconnue « patiense »", 1, "vouliez-vous dire 'patience' ?"),
    ("x -= 1", "variable inconnue « x »", 1, VARIABLES),
    ("patience = 1 1", "« 1 » inattendu ici", 14, "combinez les conditions avec and / or"),
    ("patience -= (1", "parenthèse fermante attendue", 15, "vérifiez les parenthèses"),
])
def test_effect_mistakes_say_what_where_and_how_to_fix(text, message, column, hint):
    assert mistake(compile_effect, text) == (message, column, hint)


def test_a_mistake_is_an_expr_error_whose_text_is_its_message():
    with pytest.raises(ExprError, match="^variable inconnue « x »$"):
        compile_condition("x > 1", SCOPE)
    with pytest.raises(ExprError, match="^expression incomplète$"):
        parse_condition("x >")


def test_types_describe_themselves_in_french():
    assert [Type(k).describe() for k in ("int", "bool", "set", "item", "text")] == [
        "un entier", "un booléen (true/false)", "un ensemble", "un élément", "un nom"]


def test_functions_read_their_arguments_from_the_env():
    assert holds("abs(score - 4) == 6", score=-2)
    assert holds("min(patience, 9) == 3") and holds("min(9, patience) == 3")
    assert holds("max(patience, 1) == 3") and holds("max(1, patience) == 3")


def test_removing_a_variable_element_from_a_set():
    assert effect("needs -= need", needs=frozenset({"delai", "prix"}))["needs"] == {"prix"}


def test_a_bare_word_compared_with_a_named_text_is_read_in_its_domain():
    scope = Scope({"phase": VarInfo(Type("text", frozenset({"contact", "prix"})))})
    check = compile_condition("contact == phase", scope)
    assert check({"phase": "contact"}) and not check({"phase": "prix"})


def test_a_bare_word_compared_with_a_set_is_a_variable_name():
    assert mistake(compile_condition, "delai == needs") == ("variable inconnue « delai »", 1, VARIABLES)


def test_effect_mistakes_point_at_the_variable_even_after_blanks():
    assert mistake(compile_effect, "  turn += 1")[:2] == ("« turn » est tenue par le moteur et ne peut pas être modifiée", 3)
    assert mistake(compile_effect, "  rdv += true")[1] == 3
    assert mistake(compile_effect, "  need = delai")[1] == 3


def test_an_expression_error_without_a_column_points_at_the_start():
    assert (ExprError("x").column, ExprError("x").hint) == (1, "")


def test_more_mistakes_point_where_the_author_looks():
    cases = {
        "patience + 1": ("une condition doit être vraie ou fausse, pas un entier", 10),
        "patience * 2": ("une condition doit être vraie ou fausse, pas un entier", 10),
        "  len(needs)": ("une condition doit être vraie ou fausse, pas un entier", 3),
        " -patience": ("une condition doit être vraie ou fausse, pas un entier", 2),
        "true + 1 > 0": ("« + » attend un entier, pas un booléen (true/false)", 1),
        "  min(1) > 0": ("min() attend 2 arguments", 3),
        "rdv and and rdv": ("« and » inattendu ici", 9),
        "rdv > rdv": ("« > » attend un entier, pas un booléen (true/false)", 1),
        "need == -delai": ("« - » attend un entier, pas un élément", 10),
        "needs == delai": ("variable inconnue « delai »", 10),
    }
    assert {text: mistake(compile_condition, text)[:2] for text in cases} == cases


def test_a_variable_on_the_left_of_in_or_of_a_minus_is_read_from_the_env():
    assert holds("need in needs", needs=frozenset({"delai"}), need="delai")
    assert not holds("need in needs", needs=frozenset({"delai"}), need="prix")
    assert holds("-patience == 0 - 3")


def test_a_named_text_compared_with_a_bare_word_reads_it_in_its_domain():
    scope = Scope({"phase": VarInfo(Type("text", frozenset({"contact", "prix"})))})
    check = compile_condition("phase == contact", scope)
    assert check({"phase": "contact"}) and not check({"phase": "prix"})


def test_a_wrong_left_side_of_in_suggests_the_nearest_element():
    scope = Scope({"prixx": VarInfo(INT), "needs": VarInfo(Type("set", NEEDS))})
    with pytest.raises(ExprError) as caught:
        compile_condition("prixx in needs", scope)
    assert caught.value.hint == "vouliez-vous dire 'prix' ?"
