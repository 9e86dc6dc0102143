"""``negosim export xapi [SESSIONS...] [-o FILE] [--send]``: sessions as xAPI statements, for an LRS."""

from __future__ import annotations

import json
from pathlib import Path

import click

from simulator.cli.helptext import HelpedGroup
from simulator.cli.words import cli_lang, say, say_n


@click.group(cls=HelpedGroup)
def export() -> None:
    pass  # a group of subcommands; its help is cli.help.* (simulator/cli/helptext.py)


@export.command("xapi")
@click.argument("sessions", nargs=-1, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@click.option("--send", is_flag=True)
@click.option("--turns/--no-turns", default=None)
def xapi(sessions: tuple[str, ...], output: str | None, send: bool, turns: bool | None) -> None:
    from dataclasses import replace

    from simulator.exam.cohort import collect_paths
    from simulator.exam.graded import Grader
    from simulator.store.paths import journals_dir
    from simulator.xapi.config import load_config
    from simulator.xapi.outbox import enqueue, seal_of, send_pending
    from simulator.xapi.statements import build_statements, registration

    config = load_config()
    for problem in config.problems:
        click.echo(f"⚠ {problem.message(cli_lang())}", err=True)
    if turns is not None:
        config = replace(config, turns=turns)
    if send and not config.sends:
        raise click.ClickException(say("cli.export.no_lrs"))
    paths, missing = collect_paths(sessions or [journals_dir()])
    failed = bool(missing)
    for m in missing:
        click.echo(say("cli.records.missing", path=m), err=True)
    grader = Grader()
    statements: list[dict] = []
    for path in paths:
        graded = grader.grade(path)
        if graded.record is None:
            click.echo(f"✗ {path} : {graded.error}", err=True)
            failed = True
            continue
        batch = build_statements(graded, config, seal_of(graded))
        statements += batch
        if send:
            enqueue(registration(graded), batch)
    text = json.dumps(statements, ensure_ascii=False, indent=2)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(say("cli.export.written", statements=say_n("cli.export.statements", len(statements)),
                       sessions=say_n("cli.export.sessions", len(paths)), path=output), err=True)
    elif not send:
        click.echo(text)
    if send:
        report = send_pending(config, force=True)
        click.echo(say("cli.export.sent", statements=say_n("cli.export.statements", report.statements),
                       sessions=say_n("cli.export.sessions", report.sent), waiting=report.waiting, rejected=report.rejected)
                   + (f" — {report.error}" if report.error else ""), err=True)
        failed = failed or bool(report.waiting or report.rejected)
    raise SystemExit(1 if failed else 0)
