"""The faster YAML reading (issue 19, third round: tags decided after composing, text values taken inline,
no alias bookkeeping in a file without « * ») reads every document as the previous reading did: same
values, same errors at the same file:line:column and path, same locations for diagnostics written later.
The previous reading is kept as an oracle in tests/yaml_reference.py."""

from __future__ import annotations

import yaml
from factories import generated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml_reference import EagerLoader, reference_parse

from simulator.content.diagnostics import ContentError
from simulator.content.yaml_source import SourceMap, parse_document

# Plain scalars YAML 1.2 core may type, or nearly: the resolver's edge cases.
PLAIN = ["true", "True", "FALSE", "tRue", "no", "on", "~", "null", "Null", "nul", "12", "-3", "+7", "010", "0o17",
         "0o9", "0x1F", "0xG", "1e3", "1.5e-2", ".5", "5.", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1_000", "3.1.4",
         "next", "text", "Bonjour", "fin-ok", "a b", "é", "-", "0"]
QUOTED = ["x", "12", "true", "", "Réplique : oui", "a\\tb", "\\e[2J", "\\u202Eb", "a \\\\e", "\\x41", "\\N"]
TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!", "!foo", "!!python/object:os.system", "!!seq", "!!map"]
KEYS = ["id", "text", "next", "say", "if", "1", "true", "~", "k"]


@st.composite
def scalars(draw) -> str:
    kind = draw(st.sampled_from(["plain", "plain", "single", "double", "tagged"]))
    if kind == "plain":
        return draw(st.sampled_from(PLAIN))
    if kind == "single":
        return "'" + draw(st.sampled_from(PLAIN + ["it''s"])) + "'"
    text = '"' + draw(st.sampled_from(QUOTED)) + '"'
    if kind == "double":
        return text
    return draw(st.sampled_from(TAGS)) + " " + draw(st.sampled_from([text, draw(st.sampled_from(PLAIN[:20]))]))


trees = st.recursive(scalars(), lambda inner: st.one_of(
    st.lists(inner, min_size=1, max_size=4),
    st.lists(st.tuples(st.sampled_from(KEYS), inner), min_size=1, max_size=4)), max_leaves=14)


def render(tree, indent: int, flow: bool, anchors: list[str], draw) -> str:
    """YAML text for a tree of scalars (str), lists (sequences) and lists of pairs (mappings)."""
    if isinstance(tree, str):
        return tree
    prefix = ""
    if draw(st.integers(0, 5)) == 0:
        name = f"a{len(anchors)}"
        anchors.append(name)
        prefix = f"&{name} "
    elif anchors and draw(st.integers(0, 6)) == 0:
        return "*" + draw(st.sampled_from(anchors))
    pairs = tree and isinstance(tree[0], tuple)
    if flow or draw(st.integers(0, 3)) == 0:
        inner = [(f"{k}: " if pairs else "") + render(v, 0, True, anchors, draw)
                 for k, v in (tree if pairs else [(None, v) for v in tree])]
        return prefix + ("{" + ", ".join(inner) + "}" if pairs else "[" + ", ".join(inner) + "]")
    pad = "  " * indent
    lines = []
    for item in tree:
        k, v = item if pairs else ("-", item)
        head = f"{pad}{k}:" if pairs else f"{pad}-"
        body = render(v, indent + 1, False, anchors, draw)
        block = not isinstance(v, str) and not body.startswith(("{", "[", "*", "&"))
        lines.append(head + ("\n" + body if block else " " + body))
    text = "\n".join(lines)
    return (prefix.strip() + "\n" + text) if prefix else text


@st.composite
def documents(draw) -> str:
    tree = draw(trees)
    if isinstance(tree, str) or not tree or not isinstance(tree[0], tuple):
        tree = [("k", tree)]
    return render(tree, 0, False, [], draw) + "\n"


def outcome(read):
    try:
        data, errors = read()
    except ContentError as exc:
        data, errors = None, exc.diagnostics
    return repr(data) if not errors else None, [(d.code, d.line, d.column, d.where) for d in errors]


def new_reading(text: str):
    try:
        return parse_document(text, "t.yaml").data, []
    except ContentError as exc:
        return None, exc.diagnostics


def _paths(value, prefix=()):
    yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        yield from _paths(v, prefix + (k,))


def same_locations(text: str, data) -> None:
    doc = parse_document(text, "t.yaml")
    old = SourceMap("t.yaml", yaml.compose(text, Loader=EagerLoader), text)
    for released in (False, True):
        if released:
            doc.source.release()  # located again from a tree composed anew, as after loading
        for path in _paths(data):
            assert doc.source.locate(path) == old.locate(path), path
            assert doc.source.raw(path) == old.raw(path), path
            if path and isinstance(path[-1], str):
                assert doc.source.locate(path, key=True) == old.locate(path, key=True), path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_values_errors_and_locations_are_those_of_the_previous_reading(text):
    new = outcome(lambda: new_reading(text))
    assert new == outcome(lambda: reference_parse(text, "t.yaml")), text
    if new[0] is not None:
        same_locations(text, parse_document(text, "t.yaml").data)


def test_a_generated_scenario_reads_and_locates_as_before():
    text = generated(60, price=True)
    data, errors = reference_parse(text, "t.yaml")
    assert not errors and parse_document(text, "t.yaml").data == data
    same_locations(text, data)


def test_a_file_with_a_star_in_a_text_still_refuses_a_recursive_alias():
    """Alias bookkeeping is skipped only when the file has no « * » at all."""
    text = 'note: "5 * 3"\na: &x\n  b: *x\n'
    assert outcome(lambda: new_reading(text)) == outcome(lambda: reference_parse(text, "t.yaml"))
    assert outcome(lambda: new_reading(text))[1][0][0] == "NS006"
