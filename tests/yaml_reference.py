"""The YAML reading of simulator.content.yaml_source as it was before issue 19's third round, kept as an
oracle for tests/test_perf_yaml_equivalence.py: tags resolved while composing (Python hooks), then a plain
recursive walk with the path kept at every step. Slow and obviously right; not used by negosim itself.
The error texts are the module's own (shared helpers), so a difference is a difference of behaviour."""

from __future__ import annotations

import re
from typing import Any

import yaml

from simulator.content import yaml_source as ys
from simulator.content.diagnostics import ContentError, Diagnostic

_TAG = "tag:yaml.org,2002:"


class EagerLoader(ys._BaseLoader):  # type: ignore[misc, valid-type]
    """Tags decided by the composer, as PyYAML's resolver does, with YAML 1.2 core's implicit rules."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return {yaml.ScalarNode: _TAG + "str", yaml.SequenceNode: _TAG + "seq", yaml.MappingNode: _TAG + "map"}[kind]


EagerLoader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]:
    EagerLoader.add_implicit_resolver(_TAG + _tag, re.compile(_regexp), _first)


def reference_parse(text: str, name: str = "<texte>") -> tuple[Any, list[Diagnostic]]:
    """(values, errors) as the previous reading gave them; syntax errors raise as parse_document's do."""
    try:
        node = yaml.compose(text, Loader=EagerLoader)
    except yaml.YAMLError:
        return ys.parse_document(text, name)  # syntax errors: not what changed
    builder = _Builder(ys.SourceMap(name, node, text))
    try:
        data = builder.build(node)
    except ContentError:
        return None, builder.errors
    return data, builder.errors


class _Builder:
    def __init__(self, source: ys.SourceMap):
        self.source, self.text = source, source._text or ""
        self.nodes = self.aliases = 0
        self.seen: set[int] = set()
        self.stack: set[int] = set()
        self.path: list[str | int] = []
        self.errors: list[Diagnostic] = []

    def fail(self, code: str, node: yaml.Node, message: str, extra: tuple[str | int, ...] = ()) -> None:
        line, col = ys.true_position(self.text, node.start_mark.line, node.start_mark.column)
        self.errors.append(Diagnostic(code, "error", message, self.source.file, line, col,
                                      ys.dotted(tuple(self.path) + extra)))
        if len(self.errors) >= ys.MAX_ERRORS:
            raise ContentError(self.errors)

    def escaped(self, node: yaml.ScalarNode) -> None:
        bad = ys._FORBIDDEN_IN_VALUE.search(node.value)
        if node.style == '"' and bad is not None:
            at, _ = ys._escape_of(self.text, node, bad.group())
            line, col = ys._text_line_col(self.text, at)
            self.errors.append(Diagnostic("NS003", "error", ys.forbidden_character(bad.group()), self.source.file,
                                          line, col, ys.dotted(tuple(self.path))))
            if len(self.errors) >= ys.MAX_ERRORS:
                raise ContentError(self.errors)

    def build(self, node: yaml.Node) -> Any:
        self.nodes += 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if len(self.path) > ys.MAX_DEPTH or self.nodes > ys.MAX_NODES or id(node) in self.stack:
            self.fail("NS006", node, "limite")
            raise ContentError(self.errors)
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > ys.MAX_ALIASES:
                self.fail("NS006", node, "limite")
                raise ContentError(self.errors)
        self.seen.add(id(node))
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _TAG + "seq":
                    self.fail("NS009", node, node.tag)
                items = []
                for i, item in enumerate(node.value):
                    self.path.append(i)
                    items.append(self.build(item))
                    self.path.pop()
                return items
            if node.tag != _TAG + "map":
                self.fail("NS009", node, node.tag)
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode) or knode.tag not in ys._SCALAR_TAGS:
                    self.fail("NS007", knode, "clé")
                    continue
                self.escaped(knode)
                if knode.value in out:
                    self.fail("NS008", knode, knode.value, (knode.value,))
                    continue
                self.path.append(knode.value)
                out[knode.value] = self.build(vnode)
                self.path.pop()
            return out
        finally:
            self.stack.discard(id(node))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _TAG + "str":
            self.escaped(node)
            return value
        if tag not in ys._SCALAR_TAGS:
            self.fail("NS009", node, tag)
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return value.lower() == "true"
        try:
            if tag == _TAG + "int":
                return int(value[2:], 8) if value.startswith("0o") else int(value[2:], 16) \
                    if value.startswith("0x") else int(value)
            return float(value)
        except ValueError:
            self.fail("NS010", node, value)
            return value
