"""``negosim cohort DIR_OR_FILES``: a group's results from its sealed exam records (text, CSV, HTML)."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.cmd_exam import KEY_HELP, load_key_or_fail


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), default=None,
              help="Écrire le tableau (une ligne par candidat) en CSV UTF-8 avec BOM.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False), default=None, help="Écrire le rapport du groupe en HTML.")
@click.option("--decimal", type=click.Choice(["comma", "point"]), default="comma", show_default=True,
              help="Séparateur décimal du CSV : virgule (colonnes séparées par « ; », tableurs en français) ou point (« , »).")
@click.option("--title", default="Résultats du groupe", help="Titre du rapport HTML.")
@click.option("--key", "key_file", type=click.Path(dir_okay=False), default=None, help=KEY_HELP)
@click.option("--require-signature", is_flag=True, help="Écarter aussi les enregistrements scellés sans clé de jury.")
def cohort(inputs: tuple[str, ...], csv_file: str | None, html_file: str | None, decimal: str, title: str,
           key_file: str | None, require_signature: bool) -> None:
    """Résultats d'un groupe : notes par bloc, niveaux par critère, répartition, critères les plus faibles.

    Seuls les enregistrements qui se vérifient sont comptés ; les autres sont listés avec la raison.
    Code de sortie : 0, ou 1 si au moins un enregistrement a été écarté.
    """
    from simulator.exam.cohort import build_cohort, collect_paths, render_html, to_text, write_csv

    key = load_key_or_fail(key_file)
    paths, missing = collect_paths(inputs)
    for m in missing:
        click.echo(f"✗ {m} : introuvable", err=True)
    if not paths:
        raise click.ClickException("aucun enregistrement (*.jsonl) trouvé")
    result = build_cohort(paths, key, require_signature=require_signature)
    click.echo(to_text(result))
    if csv_file:
        write_csv(result, Path(csv_file), "," if decimal == "comma" else ".")
        click.echo(f"CSV écrit : {csv_file}")
    if html_file:
        Path(html_file).write_text(render_html(result, title), encoding="utf-8")
        click.echo(f"HTML écrit : {html_file}")
    raise SystemExit(1 if result.flagged or missing else 0)
