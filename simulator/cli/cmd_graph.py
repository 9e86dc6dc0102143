"""``negosim graph``: the map of a scenario, as Mermaid (Markdown viewers) or DOT (Graphviz)."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import say, say_n

_SUFFIX_FORMATS = {".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid", ".md": "mermaid"}


@click.command(cls=HelpedCommand)
@click.argument("scenario")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
def graph(scenario: str, fmt: str | None, output: str | None) -> None:
    from simulator.authoring.graph import build_graph, to_dot, to_mermaid
    from simulator.content.diagnostics import ContentError
    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario

    out_path = Path(output) if output else None
    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(out_path.suffix.lower(), "mermaid") if out_path else "mermaid"
    try:
        loaded = load_scenario(resolve_scenario(scenario))
    except ContentError as exc:
        for d in exc.diagnostics:
            click.echo(d.render(), err=True)
        click.echo(say("cli.graph.has_errors"), err=True)
        raise SystemExit(1) from None
    g = build_graph(loaded)
    text = to_dot(g) if fmt == "dot" else to_mermaid(g)
    if out_path is None:
        click.echo(text, nl=False)
    else:
        if out_path.suffix.lower() == ".md" and fmt == "mermaid":
            text = f"# {loaded.title}\n\n```mermaid\n{text}```\n"
        try:
            out_path.write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(say("cli.write_failed", command="graph", path=out_path, error=exc.strerror), err=True)
            raise SystemExit(1) from None
        states = sum(1 for n in g.nodes.values() if n.kind not in ("start", "anywhere"))
        click.echo(say_n("cli.graph.written", states, path=out_path, fmt=fmt), err=True)
        if fmt == "dot":
            click.echo(say("cli.graph.image", dot=out_path, svg=out_path.with_suffix(".svg")), err=True)
    if g.unreachable:
        click.echo(say("cli.graph.unreachable", states=", ".join(g.unreachable)), err=True)
    if g.dead_ends:
        click.echo(say("cli.graph.dead_ends", states=", ".join(g.dead_ends)), err=True)
