"""``negosim new``: start a scenario from a small, valid, commented example and its playtest."""

from __future__ import annotations

from pathlib import Path

import click

KIND_NAMES = {"prospection": "prospection", "negotiation": "negotiation", "negociation": "negotiation",
              "négociation": "negotiation", "negoc": "negotiation"}


def _kind(raw: str) -> str:
    """The kind asked, accents and capitals as the author types them (« négociation », « Prospection »)."""
    import unicodedata

    key = unicodedata.normalize("NFC", raw.strip().lower())
    if key in KIND_NAMES:
        return KIND_NAMES[key]
    plain = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    if plain in KIND_NAMES:
        return KIND_NAMES[plain]
    click.echo(f"negosim new : « {raw} » n'est pas un type de scénario ; écrivez prospection ou négociation "
               "(ex. negosim new négociation mon-scenario).", err=True)
    raise SystemExit(2)


@click.command()
@click.argument("kind", metavar="prospection|negociation")
@click.argument("scenario_id", metavar="ID")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Langue du scénario et de ses commentaires.")
@click.option("--dir", "folder", type=click.Path(file_okay=False), default=None,
              help="Dossier où écrire (défaut : votre dossier de scénarios, où « negosim play ID » le trouve).")
def new(kind: str, scenario_id: str, lang: str, folder: str | None) -> None:
    """Crée un scénario ID (prospection ou négociation) et son test de jeu, prêts à modifier.

    Les fichiers passent « negosim validate » tels quels ; rien n'est jamais écrasé.
    """
    from simulator.authoring.scaffold import ScaffoldError, create

    kind = _kind(kind)
    from simulator.content.kinds import check_file
    from simulator.playtest import run_playtest

    try:
        made = create(kind, scenario_id, lang, Path(folder) if folder else None)
    except ScaffoldError as exc:
        click.echo(f"negosim new : {exc}.", err=True)
        raise SystemExit(1) from None
    click.echo(f"Scénario créé : {made.scenario}")
    click.echo(f"Test de jeu   : {made.playtest}")
    # Check what was just written, as the trainer will: a template that no longer validates must show.
    _, diags = check_file(made.scenario)  # exactly what « negosim validate » reports
    result = run_playtest(made.playtest)  # content errors are reported by the command group
    for d in diags:
        click.echo(d.render(), err=True)
    for p in result.paths:
        for problem in p.problems:
            click.echo(f"parcours {p.name} : {problem}", err=True)
    if diags or not result.ok:
        raise SystemExit(1)
    here = made.scenario
    click.echo(f"Vérifié : 0 erreur, 0 avertissement, {len(result.paths)} parcours de test réussis.")
    click.echo("Et maintenant :")
    click.echo(f"  ouvrez {here} dans votre éditeur (les commentaires expliquent chaque clé) ;")
    click.echo(f"  negosim play {here} --watch    jouer en direct pendant que vous écrivez ;")
    click.echo(f"  negosim graph {here} -o {scenario_id}.md    voir la carte du scénario ;")
    click.echo(f"  negosim validate {here.parent}    vérifier ; negosim playtest {here}    rejouer les parcours.")
