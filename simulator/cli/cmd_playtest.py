"""``negosim playtest``: run the scripted paths of one scenario's playtest, or of a whole folder."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import cli_lang, say, say_n


def _test_files(target: str) -> list[Path]:
    from simulator.content.library import is_path_ref

    p = Path(target)
    as_path = is_path_ref(target)  # a scenario id: a file or folder of the current folder named like it is ignored
    if as_path and p.is_dir():
        tests = p / "tests" if (p / "tests").is_dir() else p
        return sorted(tests.glob("*.yaml"))
    if as_path and p.is_file():
        # a scenario file: its playtest sits in tests/ beside it; a playtest file: itself
        beside = p.parent / "tests" / p.name
        return [beside] if beside.is_file() else [p]
    from simulator.content.library import scenario_folders

    # by id: the library's folders in order (bundled, yours, --scenarios / NEGOSIM_SCENARIOS)
    for folder in reversed(scenario_folders()):  # the author's folders win over the bundled copy
        candidate = folder / "tests" / f"{target}.yaml"
        if candidate.is_file():
            return [candidate]
    try:
        from simulator.content.library import resolve_scenario

        scenario = resolve_scenario(target)
    except Exception:  # noqa: BLE001 - an unknown id: the usage error below says it
        scenario = None
    if scenario is not None:
        raise click.UsageError(say("cli.playtest.no_test", target=target, scenario=scenario,
                                   path=scenario.parent / "tests" / f"{target}.yaml"))
    raise click.UsageError(say("cli.playtest.not_found", target=target))


def _print_criteria() -> None:
    """The criterion ids a playtest may name in ``levels``, by block, with their title."""
    try:
        from simulator.scoring import default_rubric
    except ImportError:
        click.echo(say("cli.playtest.no_rubric"), err=True)
        raise SystemExit(1) from None
    rubric = default_rubric()
    click.echo(say("cli.playtest.criteria"))
    block = None
    for crit in rubric.criteria.values():
        if crit.block != block:
            block = crit.block
            click.echo(say("cli.playtest.block", block=block))
        click.echo(f"    {crit.id:<22} {crit.title(cli_lang())}")


def _all_test_files() -> list[Path]:
    from simulator.content.bundled import scenarios_dir
    from simulator.content.library import env_scenario_folders

    files: list[Path] = []
    for folder in [scenarios_dir(), *env_scenario_folders()]:
        files.extend(sorted((folder / "tests").glob("*.yaml")))
    return files


@click.command(cls=HelpedCommand)
@click.argument("target", required=False, default=None)
@click.option("--criteria", "list_criteria", is_flag=True)
def playtest(target: str | None, list_criteria: bool = False) -> None:
    from simulator.content.diagnostics import ContentError
    from simulator.playtest import run_playtest

    if list_criteria:
        _print_criteria()
        return

    files = _test_files(target) if target else _all_test_files()
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
                click.echo(f"{say('cli.validate.failed'):<5} {result.scenario} · {p.name}")
                for problem in p.problems:
                    click.echo(f"      {problem}")
    click.echo(say("cli.playtest.summary", files=say_n("cli.validate.files", len(files)),
                   failed=say_n("cli.playtest.failed", failed)))
    raise SystemExit(1 if failed else 0)
