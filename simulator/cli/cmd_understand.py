"""``negosim understand``: what negosim understands of learner lines typed on standard input.

One line per learner sentence; a tab then the client's previous line gives the context (or ``--context``).
With ``--scenario`` the amounts are read with its counterparts; with ``--state`` the line is matched to
that state's options (the matched option and the runner-up). ``--format json`` prints one object per line
with ``acts`` (catalogue ids, best first) and ``option``. Authors use it to test their ``examples:``."""

from __future__ import annotations

import json
import sys

import click

from simulator.cli.helptext import HelpedCommand


@click.command(cls=HelpedCommand)
@click.option("--scenario", default=None)
@click.option("--state", default=None)
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--context", default=None)
def understand(scenario: str | None, state: str | None, lang: str | None, fmt: str, context: str | None) -> None:
    from simulator.understanding.explain import Reader

    from .words import cli_lang

    if state and not scenario:
        raise click.UsageError("--state demande --scenario")
    try:
        reader = Reader.open(scenario, state, lang)
    except LookupError as exc:
        raise click.UsageError(str(exc)) from None
    for raw in sys.stdin:
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        text, _, ctx = line.partition("\t")
        reading = reader.read(text.strip(), ctx.strip() or context)
        if fmt == "json":
            click.echo(json.dumps(reading.as_dict(), ensure_ascii=False))
        else:
            click.echo(reading.render(cli_lang()))  # the sentences' language is --lang; the words are the user's
            click.echo()
