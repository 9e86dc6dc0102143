"""``negosim validate``: check scenarios, rubrics and playtests like a compiler checks code."""

from __future__ import annotations

import json
from pathlib import Path

import click


def collect(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file()))
        else:
            files.append(p)
    return files


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Format du rapport.")
@click.option("--strict", is_flag=True, help="Les avertissements font aussi échouer (code 1).")
def validate(paths: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Vérifie des fichiers ou dossiers YAML (scénarios, grilles, tests de jeu).

    Code de sortie : 0 si tout est correct, 1 si des erreurs sont trouvées, 2 si la commande est mal employée.
    """
    from simulator.content.kinds import check_file

    files = collect(paths)
    if not files:
        raise click.UsageError("aucun fichier .yaml trouvé dans les chemins donnés")
    report = []
    errors = warnings = 0
    for f in files:
        kind, diags = check_file(f)
        e = sum(d.severity == "error" for d in diags)
        w = len(diags) - e
        errors += e
        warnings += w
        report.append({"file": str(f), "kind": kind, "ok": e == 0, "errors": e, "warnings": w,
                       "diagnostics": [d.as_dict() for d in diags]})
        if fmt == "text":
            for d in diags:
                click.echo(d.render(), err=False)
    failed = errors > 0 or (strict and warnings > 0)
    if fmt == "json":
        click.echo(json.dumps({"files": report, "errors": errors, "warnings": warnings, "ok": not failed},
                              ensure_ascii=False, indent=2))
    else:
        status = "OK" if not failed else "ÉCHEC"
        click.echo(f"{status} : {len(files)} fichier(s), {errors} erreur(s), {warnings} avertissement(s).")
    raise SystemExit(1 if failed else 0)
