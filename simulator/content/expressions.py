"""The small expression language of conditions and effects.

Authored text is tokenised and parsed into our own tree, type-checked against the declared variables,
then compiled into nested closures. Nothing is ever handed to ``eval``; there is no attribute access
and no function looked up by a name taken from YAML (the few functions are a fixed table).

Conditions:  ``patience > 2 and not rdv_pris``, ``tresorerie in decouverts``, ``len(open_objections) == 0``
Effects:     ``patience -= 1``, ``decouverts += tresorerie``, ``rdv_pris = true``
Integers are clamped to their declared bounds when assigned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .diagnostics import did_you_mean


class ExprError(Exception):
    """A problem in one expression; ``column`` is 1-based within the expression text."""

    def __init__(self, message: str, column: int = 1, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


# ---------------------------------------------------------------- types

@dataclass(frozen=True)
class Type:
    kind: str  # int | bool | set | item | text
    domain: frozenset[str] | None = None  # for set / item / text: the allowed names (None = any)
    lo: int | None = None
    hi: int | None = None

    def describe(self) -> str:
        return {"int": "un entier", "bool": "un booléen (true/false)", "set": "un ensemble",
                "item": "un élément", "text": "un nom"}[self.kind]


INT = Type("int")
BOOL = Type("bool")


@dataclass(frozen=True)
class VarInfo:
    type: Type
    writable: bool = True


Env = Mapping[str, Any]
Compiled = Callable[[Env], Any]

# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<op>\+=|-=|==|!=|<=|>=|[-+*/%<>=(),]))"
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}
# Limits that keep parsing, compiling and evaluating well inside Python's recursion limit (an expression
# is at most 500 characters, enough for 250 nested parentheses); real conditions nest 2 or 3 levels.
MAX_NESTING = 32  # parentheses, function calls, not and unary minus inside one another
MAX_HEIGHT = 64  # operators chained under one another in the tree (``a + a + ... + a``)
MAX_NUMBER_DIGITS = 18
_FUNCTIONS = {"len": 1, "min": 2, "max": 2, "abs": 1}


@dataclass(frozen=True)
class Tok:
    kind: str  # num | name | str | op | kw | end
    text: str
    col: int


def tokenize(text: str) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            col = pos + 1 + (len(text[pos:]) - len(text[pos:].lstrip()))
            ch = text[col - 1] if col - 1 < len(text) else ""
            hint = "les noms s'écrivent sans tiret ni accent (ex. : rdv_pris)" if ch in "-éèàç" else ""
            if ch == "&" or ch == "|" or ch == "!":
                hint = "écrivez and, or, not"
            raise ExprError(f"caractère inattendu « {ch} »", col, hint)
        kind = m.lastgroup or "op"
        value = m.group(kind)
        col = m.start(kind) + 1
        if kind == "name" and value in _KEYWORDS:
            kind = "kw"
        out.append(Tok(kind, value, col))
        pos = m.end()
    out.append(Tok("end", "", len(text) + 1))
    return out


# ---------------------------------------------------------------- tree

@dataclass(frozen=True)
class Node:
    col: int


@dataclass(frozen=True)
class Num(Node):
    value: int


@dataclass(frozen=True)
class Bool(Node):
    value: bool


@dataclass(frozen=True)
class Text(Node):
    value: str


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Assign:
    target: str
    op: str  # = | += | -=
    value: Node
    col: int


class _Parser:
    def __init__(self, text: str):
        self.toks = tokenize(text)
        self.i = 0
        self.nesting = 0

    def nested(self, col: int) -> None:
        """Enter one level of nesting (a parenthesis, a call, not, minus); refused past MAX_NESTING."""
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExprError(f"expression trop imbriquée (plus de {MAX_NESTING} niveaux)", col,
                            "simplifiez-la ou découpez-la en plusieurs conditions")

    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def accept(self, *texts: str) -> Tok | None:
        if self.tok.kind in ("op", "kw") and self.tok.text in texts:
            return self.take()
        return None

    def expect_end(self) -> None:
        if self.tok.kind != "end":
            hint = "combinez les conditions avec and / or" if self.tok.kind in ("name", "num") else ""
            if self.tok.text == "=":
                hint = "pour comparer, écrivez == ; pour affecter, utilisez « effects »"
            raise ExprError(f"« {self.tok.text} » inattendu ici", self.tok.col, hint)

    def expression(self) -> Node:
        return self.or_()

    def or_(self) -> Node:
        node = self.and_()
        while t := self.accept("or"):
            node = Binary(t.col, "or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while t := self.accept("and"):
            node = Binary(t.col, "and", node, self.not_())
        return node

    def not_(self) -> Node:
        if t := self.accept("not"):
            self.nested(t.col)
            node = Unary(t.col, "not", self.not_())
            self.nesting -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        node = self.sum()
        t = self.tok
        if t.kind == "op" and t.text in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            return Binary(t.col, t.text, node, self.sum())
        if t.kind == "kw" and t.text == "in":
            self.take()
            return Binary(t.col, "in", node, self.sum())
        if t.kind == "kw" and t.text == "not" and self.toks[self.i + 1].text == "in":
            self.take()
            self.take()
            return Unary(t.col, "not", Binary(t.col, "in", node, self.sum()))
        return node

    def sum(self) -> Node:
        node = self.term()
        while t := self.accept("+", "-"):
            node = Binary(t.col, t.text, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while t := self.accept("*", "/", "%"):
            node = Binary(t.col, t.text, node, self.unary())
        return node

    def unary(self) -> Node:
        if t := self.accept("-"):
            self.nested(t.col)
            node = Unary(t.col, "-", self.unary())
            self.nesting -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        t = self.take()
        if t.kind == "num":
            if len(t.text) > MAX_NUMBER_DIGITS:
                raise ExprError(f"nombre trop grand ({len(t.text)} chiffres)", t.col,
                                f"{MAX_NUMBER_DIGITS} chiffres au plus")
            return Num(t.col, int(t.text))
        if t.kind == "kw" and t.text in ("true", "false"):
            return Bool(t.col, t.text == "true")
        if t.kind == "str":
            return Text(t.col, t.text[1:-1])
        if t.kind == "name":
            if self.tok.text == "(":
                if t.text not in _FUNCTIONS:
                    raise ExprError(f"fonction inconnue « {t.text} »", t.col,
                                    "fonctions disponibles : " + ", ".join(sorted(_FUNCTIONS)))
                self.nested(self.take().col)
                args = [self.expression()]
                while self.accept(","):
                    args.append(self.expression())
                if not self.accept(")"):
                    raise ExprError("parenthèse fermante attendue", self.tok.col)
                self.nesting -= 1
                if len(args) != _FUNCTIONS[t.text]:
                    arity = _FUNCTIONS[t.text]
                    raise ExprError(f"{t.text}() attend {arity} argument{'s' if arity > 1 else ''}", t.col)
                return Call(t.col, t.text, tuple(args))
            return Name(t.col, t.text)
        if t.kind == "op" and t.text == "(":
            self.nested(t.col)
            node = self.expression()
            if not self.accept(")"):
                raise ExprError("parenthèse fermante attendue", self.tok.col, "vérifiez les parenthèses")
            self.nesting -= 1
            return node
        if t.kind == "end":
            raise ExprError("expression incomplète", t.col, "il manque une valeur à la fin")
        raise ExprError(f"« {t.text} » inattendu ici", t.col)


def parse_condition(text: str) -> Node:
    if not text.strip():
        raise ExprError("condition vide", 1, "écrivez une condition comme « patience > 2 »")
    p = _Parser(text)
    node = p.expression()
    p.expect_end()
    _check_height(node)
    return node


def parse_effect(text: str) -> Assign:
    p = _Parser(text)
    target = p.take()
    if target.kind != "name":
        raise ExprError("un effet commence par le nom d'une variable", target.col,
                        "exemple : patience -= 1")
    op = p.tok
    if op.kind != "op" or op.text not in ("=", "+=", "-="):
        hint = "utilisez =, += ou -=" if op.text != "==" else "dans un effet, « = » affecte ; « == » compare"
        raise ExprError(f"« {op.text or 'fin'} » inattendu : opérateur d'affectation attendu", op.col, hint)
    p.take()
    value = p.expression()
    p.expect_end()
    _check_height(value)
    return Assign(target.text, op.text, value, target.col)


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Binary):
        return node.left, node.right
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args
    return ()


def _check_height(root: Node) -> None:
    """Refuse a tree taller than MAX_HEIGHT (long operator chains nest without parentheses); walked with
    an explicit stack, since the tree is not yet known to be shallow."""
    stack = [(root, 1)]
    while stack:
        node, height = stack.pop()
        if height > MAX_HEIGHT:
            raise ExprError(f"expression trop longue (plus de {MAX_HEIGHT} opérations enchaînées)", node.col,
                            "découpez-la en plusieurs conditions ou effets")
        stack.extend((child, height + 1) for child in _children(node))


# ---------------------------------------------------------------- type checking and compiling

class Scope:
    """The variables an expression may read (and, for effects, write)."""

    def __init__(self, variables: Mapping[str, VarInfo]):
        self.variables = dict(variables)

    def lookup(self, node: Name) -> VarInfo:
        info = self.variables.get(node.name)
        if info is None:
            raise ExprError(f"variable inconnue « {node.name} »", node.col, did_you_mean(node.name, self.variables))
        return info


def compile_condition(text: str, scope: Scope) -> Compiled:
    node = parse_condition(text)
    typ, fn = _compile(node, scope, None)
    if typ.kind != "bool":
        raise ExprError(f"une condition doit être vraie ou fausse, pas {typ.describe()}", node.col,
                        "comparez, par exemple « patience > 0 »")
    return fn


def compile_effect(text: str, scope: Scope) -> Callable[[dict[str, Any]], None]:
    a = parse_effect(text)
    info = scope.variables.get(a.target)
    if info is None:
        raise ExprError(f"variable inconnue « {a.target} »", a.col, did_you_mean(a.target, scope.variables))
    if not info.writable:
        raise ExprError(f"« {a.target} » est tenue par le moteur et ne peut pas être modifiée", a.col)
    t = info.type
    name = a.target
    if t.kind == "set":
        if a.op == "=":
            raise ExprError("un ensemble se modifie avec += ou -=", a.col, f"exemple : {name} += element")
        _, item = _compile(a.value, scope, t.domain)
        if _.kind != "item":
            raise ExprError(f"« {name} » attend un élément, pas {_.describe()}", a.value.col)
        if a.op == "+=":
            def add(env: dict[str, Any]) -> None:
                env[name] = env[name] | {item(env)}
            return add

        def remove(env: dict[str, Any]) -> None:
            env[name] = env[name] - {item(env)}
        return remove
    vt, value = _compile(a.value, scope, t.domain)
    if t.kind == "bool":
        if a.op != "=" or vt.kind != "bool":
            raise ExprError(f"« {name} » est un booléen : écrivez « {name} = true » ou « = false »", a.col)

        def set_bool(env: dict[str, Any]) -> None:
            env[name] = value(env)
        return set_bool
    if t.kind != "int":
        raise ExprError(f"« {name} » ne peut pas être affectée", a.col)
    if vt.kind != "int":
        raise ExprError(f"« {name} » est un entier, la valeur est {vt.describe()}", a.value.col)
    lo = t.lo if t.lo is not None else -(2**63)
    hi = t.hi if t.hi is not None else 2**63

    if a.op == "=":
        def assign(env: dict[str, Any]) -> None:
            env[name] = min(hi, max(lo, value(env)))
        return assign
    sign = 1 if a.op == "+=" else -1
    if isinstance(a.value, Num):  # the usual "patience -= 1": no nested call
        delta = sign * a.value.value

        def shift_const(env: dict[str, Any]) -> None:
            v = env[name] + delta
            env[name] = hi if v > hi else lo if v < lo else v
        return shift_const

    def shift(env: dict[str, Any]) -> None:
        env[name] = min(hi, max(lo, env[name] + sign * value(env)))
    return shift


_ARITH: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b if b else 0,  # integer division; by zero gives 0 rather than a crash
    "%": lambda a, b: a % b if b else 0,
}
_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _literal_in(node: Node, domain: frozenset[str] | None) -> tuple[Type, Compiled] | None:
    """A bare name or quoted text read as an element of ``domain`` (e.g. a need in a set)."""
    if isinstance(node, Text):
        value = node.value
        if domain is not None and value not in domain:
            raise ExprError(f"« {value} » n'est pas un élément possible ici", node.col, did_you_mean(value, domain))
        return Type("item", domain), lambda env: value
    if isinstance(node, Name) and domain is not None and node.name in domain:
        value = node.name
        return Type("item", domain), lambda env: value
    return None


def _compile(node: Node, scope: Scope, domain: frozenset[str] | None) -> tuple[Type, Compiled]:
    """Type-check ``node`` and return its type and an evaluator. ``domain``: the element names
    a bare word may stand for here (the other side of ``in`` or ``==``)."""
    if isinstance(node, Num):
        v = node.value
        return INT, lambda env: v
    if isinstance(node, Bool):
        b = node.value
        return BOOL, lambda env: b
    lit = _literal_in(node, domain)  # quoted text always, a bare word when it names an element of the domain
    if lit is not None:
        return lit
    if isinstance(node, Name):
        info = scope.lookup(node)
        key = node.name
        return info.type, lambda env: env[key]
    if isinstance(node, Call):
        return _compile_call(node, scope)
    if isinstance(node, Unary):
        t, f = _compile(node.operand, scope, domain)
        if node.op == "not":
            _want(t, "bool", node.operand, "not")
            return BOOL, lambda env: not f(env)
        _want(t, "int", node.operand, "-")
        return INT, lambda env: -f(env)
    assert isinstance(node, Binary)
    op = node.op
    if op in ("and", "or"):
        lt, lf = _compile(node.left, scope, None)
        rt, rf = _compile(node.right, scope, None)
        _want(lt, "bool", node.left, op)
        _want(rt, "bool", node.right, op)
        if op == "and":
            return BOOL, lambda env: lf(env) and rf(env)
        return BOOL, lambda env: lf(env) or rf(env)
    if op == "in":
        rt, rf = _compile(node.right, scope, None)
        if rt.kind != "set":
            raise ExprError(f"à droite de « in », il faut un ensemble, pas {rt.describe()}", node.right.col)
        lt, lf = _compile(node.left, scope, rt.domain)
        if lt.kind != "item":
            raise ExprError(f"à gauche de « in », il faut un élément, pas {lt.describe()}", node.left.col,
                            did_you_mean(getattr(node.left, "name", ""), rt.domain or ()))
        return BOOL, lambda env: lf(env) in rf(env)
    if op in _ARITH:
        lt, lf = _compile(node.left, scope, None)
        rt, rf = _compile(node.right, scope, None)
        _want(lt, "int", node.left, op)
        _want(rt, "int", node.right, op)
        fn = _ARITH[op]
        return INT, lambda env: fn(lf(env), rf(env))
    # comparisons: a bare word on one side may be an element of the other side's domain
    fast = _variable_against_constant(node, scope)
    if fast is not None:
        return BOOL, fast
    lt, lf = _try_compile_side(node.left, node.right, scope)
    rt, rf = _compile(node.right, scope, lt.domain if lt.kind in ("item", "text") else None)
    if op in ("<", "<=", ">", ">="):
        _want(lt, "int", node.left, op)
        _want(rt, "int", node.right, op)
    else:
        compatible = lt.kind == rt.kind or {lt.kind, rt.kind} <= {"item", "text"}
        if not compatible:
            raise ExprError(f"comparaison impossible entre {lt.describe()} et {rt.describe()}", node.col)
    fn2 = _CMP[op]
    return BOOL, lambda env: fn2(lf(env), rf(env))


# Conditions are evaluated several times per turn; the commonest shape, a variable compared with a
# number ("patience <= 0"), gets a single closure instead of three.
_FAST_CMP: dict[str, Callable[[str, int], Compiled]] = {
    "==": lambda k, c: lambda env: env[k] == c,
    "!=": lambda k, c: lambda env: env[k] != c,
    "<": lambda k, c: lambda env: env[k] < c,
    "<=": lambda k, c: lambda env: env[k] <= c,
    ">": lambda k, c: lambda env: env[k] > c,
    ">=": lambda k, c: lambda env: env[k] >= c,
}


def _variable_against_constant(node: Binary, scope: Scope) -> Compiled | None:
    if not (isinstance(node.left, Name) and isinstance(node.right, Num)):
        return None
    info = scope.variables.get(node.left.name)
    if info is None or info.type.kind != "int":
        return None
    return _FAST_CMP[node.op](node.left.name, node.right.value)


def _try_compile_side(left: Node, right: Node, scope: Scope) -> tuple[Type, Compiled]:
    """Compile the left side of ``==``; if it is a bare word, read it in the right side's domain."""
    if isinstance(left, Name) and left.name not in scope.variables:
        rt, _ = _compile(right, scope, None)
        return _compile(left, scope, rt.domain if rt.kind in ("item", "text") else None)
    return _compile(left, scope, None)


def _compile_call(node: Call, scope: Scope) -> tuple[Type, Compiled]:
    compiled = [_compile(a, scope, None) for a in node.args]
    if node.func == "len":
        t, f = compiled[0]
        if t.kind != "set":
            raise ExprError("len() compte les éléments d'un ensemble", node.args[0].col)
        return INT, lambda env: len(f(env))
    for (t, _), arg in zip(compiled, node.args):
        _want(t, "int", arg, node.func)
    fs = [f for _, f in compiled]
    if node.func == "abs":
        return INT, lambda env: abs(fs[0](env))
    pick = min if node.func == "min" else max
    return INT, lambda env: pick(fs[0](env), fs[1](env))


def _want(t: Type, kind: str, node: Node, op: str) -> None:
    if t.kind != kind:
        what = {"int": "un entier", "bool": "une condition vraie ou fausse"}[kind]
        raise ExprError(f"« {op} » attend {what}, pas {t.describe()}", node.col)


def names_in(text: str) -> set[str]:
    """Every bare name an expression mentions (for 'never raised' style checks)."""
    try:
        return {t.text for t in tokenize(text) if t.kind == "name"}
    except ExprError:
        return set()
