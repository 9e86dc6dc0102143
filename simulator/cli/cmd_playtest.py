"""``negosim playtest``: run the scripted paths of one scenario's playtest, or of a whole folder."""

from __future__ import annotations

from pathlib import Path

import click


def _test_files(target: str) -> list[Path]:
    p = Path(target)
    if p.is_dir():
        tests = p / "tests" if (p / "tests").is_dir() else p
        return sorted(tests.glob("*.yaml"))
    if p.is_file():
        # a scenario file: its playtest sits in tests/ beside it; a playtest file: itself
        beside = p.parent / "tests" / p.name
        return [beside] if beside.is_file() else [p]
    from simulator.content.bundled import scenarios_dir

    candidate = scenarios_dir() / "tests" / f"{target}.yaml"
    if candidate.is_file():
        return [candidate]
    raise click.UsageError(f"aucun test de jeu trouvé pour « {target} »")


@click.command()
@click.argument("target", required=False, default=None)
def playtest(target: str | None) -> None:
    """Joue les parcours scriptés d'un scénario (id, fichier) ou d'un dossier ; code 1 au moindre écart."""
    from simulator.content.bundled import scenarios_dir
    from simulator.content.diagnostics import ContentError
    from simulator.playtest import run_playtest

    files = _test_files(target) if target else sorted((scenarios_dir() / "tests").glob("*.yaml"))
    if not files:
        raise click.UsageError("aucun fichier de test de jeu")
    failed = 0
    for f in files:
        try:
            result = run_playtest(f)
        except ContentError as exc:
            failed += 1
            for d in exc.diagnostics:
                click.echo(d.render())
            continue
        for p in result.paths:
            mark = f" — {p.mark:.1f}/20" if p.mark is not None else ""
            if p.ok:
                click.echo(f"ok    {result.scenario} · {p.name} ({p.outcome}{mark})")
            else:
                failed += 1
                click.echo(f"ÉCHEC {result.scenario} · {p.name}")
                for problem in p.problems:
                    click.echo(f"      {problem}")
    click.echo(f"{len(files)} fichier(s), {failed} échec(s).")
    raise SystemExit(1 if failed else 0)
