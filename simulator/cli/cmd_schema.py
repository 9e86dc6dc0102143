"""``negosim schema``: print the JSON Schema of a kind of file, or rewrite the committed copies."""

from __future__ import annotations

import click


@click.command()
@click.argument("kind", required=False)
@click.option("--write", is_flag=True, help="Réécrit les schémas livrés dans simulator/schemas/.")
@click.option("--modeline", is_flag=True,
              help="Affiche la ligne à coller en tête d'un fichier (adresse absolue : elle suit les déplacements du fichier).")
def schema(kind: str | None, write: bool, modeline: bool = False) -> None:
    """Affiche le schéma JSON (draft-07) d'un type de fichier : scenario, rubric, acts, playtest."""
    from simulator.content import schema as schemas

    if write:
        for path in schemas.write_all():
            click.echo(f"écrit : {path}")
        return
    available = schemas.names()
    if kind is None or kind not in available:
        raise click.UsageError(f"précisez le type de fichier parmi : {', '.join(available)}")
    if modeline:
        click.echo(f"# yaml-language-server: $schema={schemas.path_of(kind).resolve().as_uri()}")
        return
    click.echo(schemas.render(kind), nl=False)
