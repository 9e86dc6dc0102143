"""negosim graph: the map of a scenario as Mermaid and DOT text that viewers can parse."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import MINIMAL

from simulator.authoring.graph import ANYWHERE, START, build_graph, mermaid_text, node_ids, to_dot, to_mermaid
from simulator.cli.main import cli
from simulator.content.bundled import scenarios_dir
from simulator.content.loader import load_scenario, load_scenario_text

# A scenario with an unreachable state, a dead end (a loop with no way out), a choice whose condition
# can never hold, ids that collide once sanitised, a negotiation state, and labels full of syntax.
TRICKY = textwrap.dedent('''\
    format: 1
    id: carte
    title: 'Le "grand" test [carte] {x} | <b>#1</b> 50%'
    blocks: [negociation]
    sector: autre
    difficulty: 1
    duration_minutes: 5
    summary: "Pour la carte."
    briefing:
      learner: {context: "C.", objective: "O."}
      jury: {expectations: "E."}
    persona:
      client: {name: Client, role: Acheteur}
    variables:
      patience: {type: int, min: 0, max: 5, initial: 3}
    objections:
      cher: {type: tactique, label: "C'est cher.", state: objection}
    price:
      unit: HT
      list: 1000
      target: 900
      floor: 800
      client: {opening: 700, reservation: 880}
      lines: {counter: "{contre} ?", accept: "D'accord.", walkaway: "Non."}
    start: a-b
    states:
      a-b:
        say: "Bonjour [vraiment] ?"
        choices:
          - id: vers-prix
            text: "Parlons prix."
            acts: [question_ouverte]
            if: 'patience >= 1 and state != "a_b"'
            raises: [cher]
            next: prix
          - id: impossible
            text: "Jamais."
            acts: [question_ouverte]
            if: "patience > 9"
            next: a_b
          - id: tourner
            text: "Tournons en rond."
            acts: [question_ouverte]
            next: boucle
      a_b:
        say: "Inaccessible."
        choices:
          - {id: retour, text: "Retour.", acts: [question_ouverte], next: a-b}
      boucle:
        say: "Encore ?"
        choices:
          - {id: encore, text: "Encore.", acts: [question_ouverte], next: boucle}
      objection:
        phase: objection
        say: "C'est cher."
        choices:
          - {id: traiter, text: "Comparé à quoi ?", acts: [objection_creuser], handles: [cher], next: prix}
      prix:
        phase: prix
        say: "Votre prix ?"
        negotiation: {accept: gagne, walkaway: perdu}
      gagne: {phase: fin, end: {outcome: success, summary: "Accord."}}
      moyen: {phase: fin, end: {outcome: partial, summary: "Bof."}}
      perdu: {phase: fin, end: {outcome: failure, summary: "Rupture."}}
    ''')

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LABEL = r'"[^"\n]*"'
_NODE = re.compile(rf"^  ({_ID.pattern})(\(\(|\[\[|\[/|\{{\{{|\(\[|\[)({_LABEL})(\)\)|\]\]|/\]|\}}\}}|\]\)|\])$")
_EDGE = re.compile(rf"^  ({_ID.pattern}) (-->|-\.->|==>)(?:\|({_LABEL})\|)? ({_ID.pattern})$")


def tricky():
    return load_scenario_text(TRICKY, "carte.yaml")


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]], dict[str, set[str]]]:
    """A strict reading of the subset of Mermaid we write: every line must be understood."""
    lines = text.splitlines()
    assert lines[0] == "---" and lines[1].startswith("title: ") and lines[2] == "---"
    assert lines[3] == "flowchart TD"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    classes: dict[str, set[str]] = {}
    defined: set[str] = set()
    for line in lines[4:]:
        if m := _NODE.match(line):
            opening, closing = m.group(2), m.group(4)
            pairs = {"((": "))", "[[": "]]", "[/": "/]", "{{": "}}", "([": "])", "[": "]"}
            assert pairs[opening] == closing, line
            assert m.group(1) not in nodes, f"node declared twice: {line}"
            nodes[m.group(1)] = m.group(3)
        elif m := _EDGE.match(line):
            edges.append((m.group(1), m.group(4), m.group(3) or ""))
        elif line.startswith("  classDef "):
            defined.add(line.split()[1])
        elif line.startswith("  class "):
            _, members, cls = line.split()
            classes.setdefault(cls, set()).update(members.split(","))
        elif line.startswith("  linkStyle "):
            for i in line.split()[1].split(","):
                assert 0 <= int(i) < len(edges)
        else:
            raise AssertionError(f"line not understood: {line!r}")
    for src, dst, _ in edges:
        assert src in nodes and dst in nodes, (src, dst)
    for cls, members in classes.items():
        assert cls in defined
        assert members <= set(nodes)
    return nodes, edges, classes


def test_bundled_scenarios_mermaid_is_well_formed():
    for path in sorted(scenarios_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        g = build_graph(scenario)
        ids = node_ids(g)
        nodes, edges, classes = parse_mermaid(to_mermaid(g))
        assert len(nodes) == len(scenario.states) + 1 + (ANYWHERE in g.nodes)
        # one edge per choice, except that a state's choices that stay in it share one loop (one label)
        moving = sum(1 for s in scenario.states.values() for c in s.choices if c.spec.next != s.id)
        looping = sum(1 for s in scenario.states.values() if any(c.spec.next == s.id for c in s.choices))
        assert sum(1 for e in g.edges if e.kind == "choice") == moving + looping
        for sid, st in scenario.states.items():
            if st.is_end:
                assert ids[sid] in classes[st.spec.end.outcome]
        assert "unreachable" not in classes and "deadend" not in classes  # shipped scenarios are clean


def test_tricky_labels_are_escaped_and_ids_sanitised():
    text = to_mermaid(build_graph(tricky()))
    nodes, edges, classes = parse_mermaid(text)
    # the two state ids that sanitise to the same identifier stay distinct
    assert "s_a_b" in nodes and "s_a_b_2" in nodes
    # no raw syntax character survives inside a label
    for label in list(nodes.values()) + [lab for _, _, lab in edges]:
        inner = label[1:-1].replace("<br/>", "\n")  # our own line breaks
        bare = re.sub(r"#(?:\d+|quot|lt|gt|amp);", "", inner)  # entity codes are how syntax is written
        assert not set(bare) & set('"[]{}()|<>`;%#'), label
    # the title is a JSON string, which is valid YAML front matter
    assert text.splitlines()[1] == 'title: "Le \\"grand\\" test [carte] {x} | <b>#1</b> 50%"'
    assert mermaid_text('a "b" [c]') == "a #quot;b#quot; #91;c#93;"
    assert 'si patience #gt;= 1 and state != #quot;a_b#quot;' in text


def test_unreachable_dead_ends_negotiation_and_triggers_are_marked():
    g = build_graph(tricky())
    assert g.unreachable == ["a_b", "moyen"]
    assert g.dead_ends == ["boucle"]
    assert g.nodes["prix"].kind == "negotiation"
    assert g.nodes["objection"].kind == "objection"
    assert {g.nodes[s].outcome for s in ("gagne", "moyen", "perdu")} == {"success", "partial", "failure"}
    never = [e for e in g.edges if e.never]
    assert [(e.src, e.dst) for e in never] == [("a-b", "a_b")]
    kinds = {(e.src, e.dst, e.kind) for e in g.edges}
    assert {("prix", "gagne", "accept"), ("prix", "perdu", "walkaway"), ("a-b", "objection", "objection"),
            (START, "a-b", "start")} <= kinds
    assert ANYWHERE not in g.nodes  # no interrupt, no objection raised by a condition
    nodes, edges, classes = parse_mermaid(to_mermaid(g))
    ids = node_ids(g)
    assert classes["unreachable"] == {ids["a_b"], ids["moyen"]}
    assert classes["deadend"] == {ids["boucle"]}
    assert nodes[ids["prix"]].startswith('"prix')
    assert "{{" + nodes[ids["prix"]] + "}}" in to_mermaid(g)  # hexagon for the price negotiation
    assert any("soulève : cher" in lab for _, _, lab in edges)


def test_interrupts_and_conditional_objections_come_from_anywhere():
    text = TRICKY.replace('state: objection}', 'state: objection, raise_when: "patience <= 1"}').replace(
        "objections:\n", 'interrupts:\n  - {if: "patience <= 0", next: perdu}\nobjections:\n')
    g = build_graph(load_scenario_text(text, "carte.yaml"))
    from_anywhere = {(e.dst, e.kind, e.lines[0]) for e in g.edges if e.src == ANYWHERE}
    assert from_anywhere == {("perdu", "interrupt", "interruption si patience <= 0"),
                             ("objection", "objection", "objection cher si patience <= 1")}
    nodes, edges, _ = parse_mermaid(to_mermaid(g))
    assert nodes["anywhere_"] == '"à tout moment"'
    assert ("anywhere_", node_ids(g)["perdu"], '"interruption si patience #lt;= 0"') in edges


def test_objection_raised_by_several_choices_is_drawn_once():
    text = TRICKY.replace("      - id: tourner\n", "      - id: cher-aussi\n        text: \"Et le prix ?\"\n"
                          "        acts: [question_ouverte]\n        raises: [cher]\n        next: boucle\n"
                          "      - id: tourner\n")
    g = build_graph(load_scenario_text(text, "carte.yaml"))
    dotted = [(e.src, e.dst) for e in g.edges if e.kind == "objection"]
    assert dotted == [("a-b", "objection")]
    labels = [e.lines for e in g.edges if e.kind == "choice" and e.src == "a-b"]
    assert sum("soulève : cher" in lines for lines in labels) == 2


def _dot_tokens(text: str) -> list[str]:
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|->|[{}\[\];,=]|[A-Za-z_][A-Za-z0-9_.]*|\S', text)
    assert "".join(tokens).replace(" ", "") != ""
    return tokens


def test_dot_is_well_formed():
    g = build_graph(tricky())
    text = to_dot(g)
    tokens = _dot_tokens(text)
    assert tokens[:3] == ["digraph", '"carte"', "{"] and tokens[-1] == "}"
    depth = 0
    for t in tokens:  # brackets balance outside strings
        depth += {"{": 1, "}": -1, "[": 1, "]": -1}.get(t, 0)
        assert depth >= 0
    assert depth == 0
    ids = node_ids(g)
    declared = {m.group(1) for m in re.finditer(r'^  "([^"]+)" \[label=', text, re.M)}
    assert declared == set(ids.values())
    for m in re.finditer(r'^  "([^"]+)" -> "([^"]+)"', text, re.M):
        assert m.group(1) in declared and m.group(2) in declared
    assert 'label="Le \\"grand\\" test [carte] {x} | <b>#1</b> 50%"' in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) n'est pas installé")
def test_dot_is_accepted_by_graphviz(tmp_path: Path):
    src = tmp_path / "carte.dot"
    src.write_text(to_dot(build_graph(tricky())), encoding="utf-8")
    done = subprocess.run(["dot", "-Tsvg", str(src)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "<svg" in done.stdout


# ---------------------------------------------------------------- the command

def test_cli_prints_mermaid_by_default():
    result = CliRunner().invoke(cli, ["graph", "banque-boulangerie"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("---\ntitle:")
    parse_mermaid(result.output)


def test_cli_writes_markdown_and_dot_files(tmp_path: Path):
    scenario = tmp_path / "carte.yaml"
    scenario.write_text(TRICKY, encoding="utf-8")
    md = tmp_path / "carte.md"
    result = CliRunner().invoke(cli, ["graph", str(scenario), "-o", str(md)])
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert "\n```mermaid\n---\n" in text and text.endswith("```\n")
    assert "inaccessibles" in result.output and "a_b, moyen" in result.output
    assert "sans issue" in result.output and "boucle" in result.output
    dot = tmp_path / "carte.dot"
    result = CliRunner().invoke(cli, ["graph", str(scenario), "-o", str(dot)])
    assert result.exit_code == 0
    assert dot.read_text(encoding="utf-8").startswith('digraph "carte" {')
    result = CliRunner().invoke(cli, ["graph", str(scenario), "--format", "dot"])
    assert result.output.startswith('digraph "carte" {')


def test_cli_missing_scenario_is_a_clear_error(tmp_path: Path):
    result = CliRunner().invoke(cli, ["graph", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 1
    assert "fichier introuvable" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["graph", "scenario-inexistant"])
    assert result.exit_code == 1 and "introuvable" in result.output


def test_cli_scenario_with_errors_shows_them(tmp_path: Path):
    broken = tmp_path / "casse.yaml"
    broken.write_text(MINIMAL.replace("next: gagne", "next: gangne"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["graph", str(broken)])
    assert result.exit_code == 1
    assert "état inconnu « gangne »" in result.output and "[NS101]" in result.output
    assert "corrigez" in result.output


def test_cli_unwritable_output(tmp_path: Path):
    result = CliRunner().invoke(cli, ["graph", "banque-boulangerie", "-o", str(tmp_path / "absent" / "x.mmd")])
    assert result.exit_code == 1
    assert "impossible d'écrire" in result.output
