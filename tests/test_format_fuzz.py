"""Mutated scenarios either load or fail with the project's own located error — never anything else."""

from __future__ import annotations

import copy

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
