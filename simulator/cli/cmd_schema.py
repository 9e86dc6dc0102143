"""``negosim schema``: print the JSON Schema of a kind of file, or rewrite the committed copies."""

from __future__ import annotations

import click

from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import say


@click.command(cls=HelpedCommand)
@click.argument("kind", required=False)
@click.option("--write", is_flag=True)
@click.option("--modeline", is_flag=True)
def schema(kind: str | None, write: bool, modeline: bool = False) -> None:
    from simulator.content import schema as schemas

    if write:
        for path in schemas.write_all():
            click.echo(say("cli.schema.written", path=path))
        return
    available = schemas.names()
    if kind is None or kind not in available:
        raise click.UsageError(say("cli.schema.which", kinds=", ".join(available)))
    if modeline:
        click.echo(f"# yaml-language-server: $schema={schemas.path_of(kind).resolve().as_uri()}")
        return
    click.echo(schemas.render(kind), nl=False)
