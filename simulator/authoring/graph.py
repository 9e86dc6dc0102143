"""A scenario as a map: states as nodes, choices as edges, exported as Mermaid or Graphviz DOT text.

Why our own exporter rather than transitions' ``GraphMachine``: the engine's machine is a plain
``Machine`` whose events are internal names (``state/choice``), with interrupts and objection diversions
wired from every live state; a diagram of it would bury the story under those edges and know nothing of
acts, conditions, outcomes or reachability. Its DOT backends also need Graphviz installed, and its
Mermaid backend writes state names as ids without escaping. Writing text ourselves keeps the output
deterministic, testable and readable in any Markdown viewer.

Reachability comes from ``simulator.content.checks`` (the same conservative rules ``negosim validate``
uses), so the map highlights exactly the states the checks warn about.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..content.checks import _bfs, _bfs_many, _Satisfiability, successors
from ..content.scenario import Scenario
from ..i18n import section

START = "__start"  # pseudo-node: where the session begins
ANYWHERE = "__anywhere"  # pseudo-node: interrupts and objections raised by a condition, from any state

OUTCOME_LABELS = {"success": "fin : succès", "partial": "fin : partielle", "failure": "fin : échec"}
OBJECTION_TYPES = {"sincere_fondee": "sincère fondée", "sincere_non_fondee": "sincère non fondée",
                   "reflexe": "réflexe", "tactique": "tactique", "test": "test"}


@dataclass
class Node:
    id: str  # the state id as authored (or a pseudo-node name)
    kind: str  # start | anywhere | state | negotiation | objection | end
    lines: list[str]
    outcome: str | None = None
    unreachable: bool = False
    dead_end: bool = False  # no ending can be reached from here


@dataclass
class Edge:
    src: str
    dst: str
    kind: str  # start | choice | auto | accept | walkaway | objection | interrupt
    lines: list[str] = field(default_factory=list)
    never: bool = False  # its condition can never hold


@dataclass
class ScenarioGraph:
    id: str
    title: str
    nodes: dict[str, Node]
    edges: list[Edge]

    @property
    def unreachable(self) -> list[str]:
        return [n.id for n in self.nodes.values() if n.unreachable]

    @property
    def dead_ends(self) -> list[str]:
        return [n.id for n in self.nodes.values() if n.dead_end]


def build_graph(scenario: Scenario) -> ScenarioGraph:
    spec = scenario.spec
    holds = _Satisfiability(scenario)
    edges_by_state = successors(scenario, holds)
    reached = _bfs(spec.start, edges_by_state)
    reverse: dict[str, set[str]] = {}
    for a, bs in edges_by_state.items():
        for b in bs:
            reverse.setdefault(b, set()).add(a)
    ends = [sid for sid, st in scenario.states.items() if st.is_end]
    can_end = _bfs_many(ends, reverse)
    objections_at: dict[str, list[str]] = {}
    for oid, obj in spec.objections.items():
        objections_at.setdefault(obj.state, []).append(oid)
    phases = section("phase.", "fr")

    nodes: dict[str, Node] = {START: Node(START, "start", ["départ"])}
    if spec.interrupts or any(o.raise_when for o in spec.objections.values()):
        nodes[ANYWHERE] = Node(ANYWHERE, "anywhere", ["à tout moment"])
    for sid, st in scenario.states.items():
        kind = "state"
        outcome = None
        head = phases[st.phase]
        if st.is_end:
            kind, outcome = "end", st.spec.end.outcome  # type: ignore[union-attr]  # is_end: the state has an end
            head = OUTCOME_LABELS[outcome]
        if st.spec.speaker == "gatekeeper" and spec.persona.gatekeeper is not None:
            head += f" · {spec.persona.gatekeeper.name} (barrage)"
        lines = [sid, head]
        if st.spec.negotiation is not None:
            kind = "negotiation"
            lines.append("négociation du prix")
        for oid in objections_at.get(sid, ()):
            obj = spec.objections[oid]
            if kind == "state":
                kind = "objection"
            extra = " · bloque la conclusion" if obj.blocks_close else ""
            lines.append(f"objection {oid} ({OBJECTION_TYPES[obj.type]}){extra}")
        node = Node(sid, kind, lines, outcome)
        node.unreachable = sid not in reached
        node.dead_end = sid in reached and sid not in can_end
        if node.unreachable:
            lines.append("⚠ inaccessible depuis le départ")
        if node.dead_end:
            lines.append("⚠ aucune fin accessible d'ici")
        nodes[sid] = node

    edges = [Edge(START, spec.start, "start")]
    for sid, st in scenario.states.items():
        for ch in st.choices:
            c = ch.spec
            lines = [c.id]
            if c.acts:
                lines.append("[" + ", ".join(c.acts) + "]")
            if c.if_:
                lines.append(f"si {c.if_}")
            if c.once:
                lines.append("une seule fois")
            if c.raises:
                lines.append("soulève : " + ", ".join(c.raises))
            if c.handles:
                lines.append("traite : " + ", ".join(c.handles))
            never = bool(c.if_) and not holds(c.if_)
            if never:
                lines.append("✗ condition jamais vraie")
            edges.append(Edge(sid, c.next, "choice", lines, never))
            for oid in c.raises:
                obj = spec.objections.get(oid)
                if obj is not None and obj.state in scenario.states:
                    edges.append(Edge(sid, obj.state, "objection", [f"objection {oid}"], never))
        for a in st.spec.auto:
            never = not holds(a.if_)
            label = "auto" if a.if_.strip() == "true" else f"auto si {a.if_}"
            edges.append(Edge(sid, a.next, "auto", [label] + (["✗ condition jamais vraie"] if never else []), never))
        if st.spec.negotiation is not None:
            edges.append(Edge(sid, st.spec.negotiation.accept, "accept", ["prix accepté"]))
            edges.append(Edge(sid, st.spec.negotiation.walkaway, "walkaway", ["le client rompt"]))
    for a in spec.interrupts:
        never = not holds(a.if_)
        edges.append(Edge(ANYWHERE, a.next, "interrupt", [f"interruption si {a.if_}"], never))
    for oid, obj in spec.objections.items():
        if obj.raise_when:
            edges.append(Edge(ANYWHERE, obj.state, "objection", [f"objection {oid} si {obj.raise_when}"],
                              not holds(obj.raise_when)))
    # several choices raising the same objection from one state draw a single dotted edge
    unique: dict[tuple[str, str, str, tuple[str, ...]], Edge] = {}
    for e in edges:
        if e.src in nodes and e.dst in nodes:
            if e.kind == "objection":
                key = (e.src, e.dst, e.kind, tuple(e.lines))
            elif e.src == e.dst and e.kind in ("choice", "auto"):
                # several choices that stay in their state: one loop with one label, not labels drawn on
                # top of each other around the same node
                key = (e.src, e.dst, "loop", ())
            else:
                key = (e.src, e.dst, str(id(e)), ())
            if key in unique:
                kept = unique[key]
                if key[2] == "loop":
                    kept.lines = kept.lines + ["·"] + e.lines
                kept.never = kept.never and e.never
            else:
                unique[key] = Edge(e.src, e.dst, e.kind, list(e.lines), e.never) if key[2] == "loop" else e
    edges = list(unique.values())
    return ScenarioGraph(spec.id, spec.title, nodes, edges)


# ---------------------------------------------------------------- identifiers

def node_ids(graph: ScenarioGraph) -> dict[str, str]:
    """Safe, unique identifiers for every node: letters, digits and underscores only."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for nid in graph.nodes:
        if nid == START:
            base = "start_"
        elif nid == ANYWHERE:
            base = "anywhere_"
        else:
            base = "s_" + re.sub(r"[^A-Za-z0-9_]", "_", nid)
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate)
        out[nid] = candidate
    return out


# ---------------------------------------------------------------- Mermaid

# Characters Mermaid reads as syntax even inside quotes, written as its entity codes (#NN;).
_MERMAID_ESCAPES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "[": "#91;", "]": "#93;",
                    "{": "#123;", "}": "#125;", "(": "#40;", ")": "#41;", "|": "#124;", "`": "#96;", "%": "#37;",
                    ";": "#59;"}
_MERMAID_RE = re.compile("|".join(re.escape(k) for k in _MERMAID_ESCAPES))


def mermaid_text(text: str) -> str:
    """Text safe inside a double-quoted Mermaid label (one line)."""
    text = " ".join(text.split())
    return _MERMAID_RE.sub(lambda m: _MERMAID_ESCAPES[m.group(0)], text)


def _mermaid_label(lines: list[str]) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in lines) + '"'


_MERMAID_SHAPES = {"start": ("((", "))"), "anywhere": ("[[", "]]"), "state": ("[", "]"), "negotiation": ("{{", "}}"),
                   "objection": ("[/", "/]"), "end": ("([", "])")}
_MERMAID_ARROWS = {"start": "-->", "choice": "-->", "auto": "-.->", "accept": "==>", "walkaway": "==>",
                   "objection": "-.->", "interrupt": "-.->"}
_MERMAID_CLASSES = {
    "success": "fill:#d4edda,stroke:#2e7d32,color:#1b5e20",
    "partial": "fill:#fff3cd,stroke:#b8860b,color:#5d4300",
    "failure": "fill:#f8d7da,stroke:#c62828,color:#7f0000",
    "negotiation": "fill:#e3f2fd,stroke:#1565c0",
    "objection": "fill:#f3e5f5,stroke:#6a1b9a",
    "pseudo": "fill:#eeeeee,stroke:#757575,color:#424242",
    "unreachable": "fill:#f5f5f5,stroke:#9e9e9e,stroke-dasharray:5 5,color:#757575",
    "deadend": "stroke:#d50000,stroke-width:3px",
}


def _classes(node: Node) -> list[str]:
    out = []
    if node.kind == "end" and node.outcome:
        out.append(node.outcome)
    elif node.kind in ("negotiation", "objection"):
        out.append(node.kind)
    elif node.kind in ("start", "anywhere"):
        out.append("pseudo")
    if node.unreachable:
        out.append("unreachable")
    if node.dead_end:
        out.append("deadend")
    return out


def to_mermaid(graph: ScenarioGraph) -> str:
    ids = node_ids(graph)
    out = ["---", "title: " + json.dumps(graph.title, ensure_ascii=False), "---", "flowchart TD"]
    for node in graph.nodes.values():
        left, right = _MERMAID_SHAPES[node.kind]
        out.append(f"  {ids[node.id]}{left}{_mermaid_label(node.lines)}{right}")
    never_edges = []
    for i, edge in enumerate(graph.edges):
        arrow = _MERMAID_ARROWS[edge.kind]
        label = f"|{_mermaid_label(edge.lines)}|" if edge.lines else ""
        out.append(f"  {ids[edge.src]} {arrow}{label} {ids[edge.dst]}")
        if edge.never:
            never_edges.append(str(i))
    for name, style in _MERMAID_CLASSES.items():
        out.append(f"  classDef {name} {style}")
    by_class: dict[str, list[str]] = {}
    for node in graph.nodes.values():
        for cls in _classes(node):
            by_class.setdefault(cls, []).append(ids[node.id])
    for cls, members in by_class.items():
        out.append(f"  class {','.join(members)} {cls}")
    if never_edges:
        out.append(f"  linkStyle {','.join(never_edges)} stroke:#9e9e9e,stroke-dasharray:3 3,color:#9e9e9e")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- Graphviz DOT

def dot_string(text: str) -> str:
    """A double-quoted DOT string; line breaks become centred breaks."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "").replace("\n", "\\n") + '"'


_DOT_NODE: dict[str, dict[str, str]] = {
    "start": {"shape": "circle", "style": "filled", "fillcolor": "#eeeeee", "width": "0.3"},
    "anywhere": {"shape": "box", "style": "filled,dashed", "fillcolor": "#eeeeee"},
    "state": {"shape": "box", "style": "rounded"},
    "negotiation": {"shape": "hexagon", "style": "filled", "fillcolor": "#e3f2fd"},
    "objection": {"shape": "box", "style": "filled", "fillcolor": "#f3e5f5"},
    "end": {"shape": "box", "style": "rounded,filled", "peripheries": "2"},
}
_DOT_END = {"success": "#d4edda", "partial": "#fff3cd", "failure": "#f8d7da"}
_DOT_EDGE: dict[str, dict[str, str]] = {
    "start": {}, "choice": {}, "auto": {"style": "dashed"},
    "accept": {"style": "bold", "color": "#2e7d32"}, "walkaway": {"style": "bold", "color": "#c62828"},
    "objection": {"style": "dotted", "color": "#6a1b9a"}, "interrupt": {"style": "dotted", "color": "#c62828"},
}


def _dot_attrs(attrs: dict[str, str]) -> str:
    return " [" + ", ".join(f"{k}={dot_string(v)}" for k, v in attrs.items()) + "]" if attrs else ""


def to_dot(graph: ScenarioGraph) -> str:
    ids = node_ids(graph)
    out = [f"digraph {dot_string(graph.id)} {{",
           f'  graph [rankdir=TB, labelloc=t, fontname="Helvetica", label={dot_string(graph.title)}];',
           '  node [fontname="Helvetica", fontsize=11];',
           '  edge [fontname="Helvetica", fontsize=9];']
    for node in graph.nodes.values():
        attrs = {"label": "\n".join(node.lines), **_DOT_NODE[node.kind]}
        if node.kind == "end":
            attrs["fillcolor"] = _DOT_END[node.outcome or "partial"]
        if node.unreachable:
            attrs.update(color="#9e9e9e", fontcolor="#757575", style=attrs["style"] + ",dashed")
        if node.dead_end:
            attrs.update(color="#d50000", penwidth="3")
        out.append(f"  {dot_string(ids[node.id])}{_dot_attrs(attrs)};")
    for edge in graph.edges:
        attrs = {"label": "\n".join(edge.lines)} if edge.lines else {}
        attrs.update(_DOT_EDGE[edge.kind])
        if edge.never:
            attrs.update(color="#9e9e9e", fontcolor="#9e9e9e", style="dotted")
        out.append(f"  {dot_string(ids[edge.src])} -> {dot_string(ids[edge.dst])}{_dot_attrs(attrs)};")
    out.append("}")
    return "\n".join(out) + "\n"


def render(scenario: Scenario, fmt: str = "mermaid") -> str:
    graph = build_graph(scenario)
    return to_dot(graph) if fmt == "dot" else to_mermaid(graph)
