"""Mutated scenarios either load or fail with the project's own located error — never anything else."""

from __future__ import annotations

import copy
import re
import sys

import yaml
from factories import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario_text

BASE = yaml.safe_load(MINIMAL)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10_000), st.floats(allow_nan=False, width=32),
                    st.text(max_size=12), st.sampled_from(["accueil", "conclusion", "patience > 2", "x -= 1",
                                                           "question_ouverte", "no", "1:30", "~"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


ALL_PATHS = [p for p in _paths(BASE) if p]


def _parent(doc, path):
    node = doc
    for step in path[:-1]:
        node = node[step]
    return node


@st.composite
def mutated(draw):
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        try:
            parent = _parent(doc, path)
            last = path[-1]
            parent[last]  # still there after earlier mutations?
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, (dict, list)):
            continue  # an earlier mutation replaced the container by a scalar
        op = draw(st.sampled_from(["delete", "rename", "replace", "dangle"]))
        if op == "delete":
            del parent[last]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = parent.pop(last)
        elif op == "dangle":
            parent[last] = draw(st.sampled_from(["etat-fantome", "acte_fantome", "variable_fantome > 1"]))
        else:
            parent[last] = draw(values)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _check(text: str) -> None:
    try:
        load_scenario_text(text, "fuzz.yaml")
    except ContentError as exc:
        assert exc.diagnostics, "an error must say something"
        for d in exc.diagnostics:
            assert d.file == "fuzz.yaml"
            assert d.line >= 1 and d.column >= 1, d.render()
            assert d.code.startswith("NS") and d.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_structural_mutations_load_or_fail_located(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(MINIMAL)), st.text(max_size=20), st.integers(0, 30))
def test_random_text_edits_load_or_fail_located(pos, insert, cut):
    _check(MINIMAL[:pos] + insert + MINIMAL[pos + cut:])


# -- hostile text: terminal control sequences and deep expressions (issue 15)

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = st.sampled_from([r"\e", r"\x1b", r"\x9b", r"\u202e", r"\U00002066", r"\r", r"\a", r"\0", r"\t", r"\n",
                            r"\\e", r"\u00e9", r"\N", r"\_", "[2J"])


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_ESCAPES, st.text(max_size=3)), max_size=8))
def test_no_control_character_reaches_loaded_text(parts):
    said = "".join(parts).replace('"', "")  # a stray backslash makes an unknown escape: a located YAML error
    text = MINIMAL.replace('say: "Bonjour."', f'say: "{said}"')
    _check(text)
    try:
        scenario = load_scenario_text(text, "fuzz.yaml")
    except ContentError:
        return
    for s in _strings(scenario.spec.model_dump()):
        assert not _CONTROL.search(s), repr(s)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["(", "not ", "-", "abs(", "1+"]), st.integers(0, 150),
       st.lists(st.sampled_from(["(", ")", "not ", "-", "patience", " <= ", "1", " and ", "+", "abs(", ","]), max_size=12))
def test_any_condition_loads_or_fails_located_never_a_recursion_error(nest, depth, soup):
    closing = ")" * depth if nest in ("(", "abs(") else ""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # Python's default, as negosim runs; Hypothesis raises it while testing
    try:
        _check(MINIMAL.replace('"patience <= 0"', '"' + nest * depth + "".join(soup) + closing + '"'))
    finally:
        sys.setrecursionlimit(limit)
