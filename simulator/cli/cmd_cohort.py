"""``negosim cohort [DIR_OR_FILES]``: a group's results from exam records and practice sessions, or from the LRS."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from simulator.cli.cmd_exam import load_key_or_fail
from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import cli_lang, say

AUTO_WORKERS_FROM = 200  # below, starting processes costs more than it saves


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(say("cli.cohort.bad_day", value=value)) from None


@click.command(cls=HelpedCommand)
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), default=None)
@click.option("--html", "html_file", type=click.Path(dir_okay=False), default=None)
@click.option("--decimal", type=click.Choice(["comma", "point"]), default=None)
@click.option("--title", default=None)
@click.option("--key", "key_file", type=click.Path(dir_okay=False), default=None)
@click.option("--require-signature", is_flag=True)
@click.option("--learner", default=None)
@click.option("--scenario", default=None)
@click.option("--since", default=None, callback=_day)
@click.option("--until", default=None, callback=_day)
@click.option("--mode", type=click.Choice(["all", "exam", "practice"]), default="all", show_default=True)
@click.option("--lrs", "from_lrs", is_flag=True)
@click.option("--group", default=None)
@click.option("--workers", type=click.IntRange(0, 64), default=0, show_default=True)
def cohort(inputs: tuple[str, ...], csv_file: str | None, html_file: str | None, decimal: str | None, title: str | None,
           key_file: str | None, require_signature: bool, learner: str | None, scenario: str | None, since: str | None,
           until: str | None, mode: str, from_lrs: bool, group: str | None, workers: int) -> None:
    from simulator.exam.cohort import Filters, build_cohort, collect_paths, decimal_of, render_html, to_text, write_csv
    from simulator.scoring.batch import usable_cores

    filters = Filters(learner, scenario, since, until, None if mode == "all" else mode)
    missing: list[str] = []
    if from_lrs:
        result = _from_lrs(filters, group, since, until)
    else:
        from simulator.store.paths import journals_dir

        key = load_key_or_fail(key_file)
        paths, missing = collect_paths(inputs or [journals_dir()])
        for m in missing:
            click.echo(say("cli.records.missing", path=m), err=True)
        if not paths:
            raise click.ClickException(say("cli.records.none"))
        if workers == 0:
            workers = min(usable_cores(), 8) if len(paths) >= AUTO_WORKERS_FROM else 1
        result = build_cohort(paths, key, require_signature=require_signature, filters=filters, workers=workers)
    lang = cli_lang()
    click.echo(to_text(result, lang))
    if csv_file:
        separator = decimal_of(lang) if decimal is None else "," if decimal == "comma" else "."
        write_csv(result, Path(csv_file), separator, lang)
        click.echo(say("cli.cohort.csv_written", path=csv_file))
    if html_file:
        Path(html_file).write_text(render_html(result, title, lang), encoding="utf-8")
        click.echo(say("cli.cohort.html_written", path=html_file))
    raise SystemExit(1 if result.problems or missing else 0)


def _from_lrs(filters: Any, group: str | None, since: str | None, until: str | None) -> Any:
    from simulator.exam.cohort import cohort_of
    from simulator.xapi.client import LrsError
    from simulator.xapi.config import load_config
    from simulator.xapi.lrs_cohort import closing_statements, row_of

    config = load_config()
    if not config.sends:
        raise click.ClickException(say("cli.cohort.no_lrs"))
    group = group or config.group
    try:
        statements = list(closing_statements(config, group, since, until))
    except LrsError as exc:
        raise click.ClickException(say("cli.cohort.lrs_failed", error=exc)) from None
    return cohort_of((row_of(s) for s in statements), filters, source=f"LRS {config.endpoint}"
                     + (say("cli.cohort.lrs_group", group=group) if group else ""))
