"""``negosim list``: the scenarios available, one line each."""

from __future__ import annotations

import click


@click.command("list")
@click.option("--scenarios", "extra", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Dossier de scénarios supplémentaire.")
def list_scenarios(extra: tuple[str, ...]) -> None:
    """Liste les scénarios : identifiant, blocs, secteur, difficulté, titre."""
    from pathlib import Path

    from simulator.content.diagnostics import ContentError
    from simulator.content.library import scenario_files
    from simulator.content.loader import load_scenario

    for f in scenario_files([Path(e) for e in extra]):
        try:
            s = load_scenario(f).spec
        except ContentError as exc:
            click.echo(f"{f.stem:<32} ✗ {len(exc.errors)} erreur(s) — negosim validate {f}")
            continue
        blocks = "+".join(s.blocks)
        click.echo(f"{s.id:<32} {blocks:<12} {s.sector:<16} {'★' * s.difficulty:<3} {s.duration_minutes:>3} min  {s.title}")
