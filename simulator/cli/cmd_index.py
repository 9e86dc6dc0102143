"""``negosim index rebuild``: rebuild the session index from the journals, and close sessions left open.

The index (``index.sqlite3``) only mirrors the journals, so rebuilding it loses nothing; the old one is
kept beside it. Sessions whose last move ended them but whose end record was never written (the
process was killed in between) are closed too, with their result.
"""

from __future__ import annotations

import sqlite3

import click

from simulator.cli.helptext import HelpedGroup
from simulator.cli.words import cli_lang, say, say_n


@click.group("index", cls=HelpedGroup)
def index_group() -> None:
    pass  # a group of subcommands; its help is cli.help.* (simulator/cli/helptext.py)


@index_group.command()
def rebuild() -> None:
    from simulator.store.index import SessionIndex, describe_sqlite_error
    from simulator.store.journal import describe_os_error
    from simulator.store.paths import index_path, journals_dir
    from simulator.store.rebuild import rebuild_index
    from simulator.store.resumable import close_all_over

    path = index_path()
    try:
        report = rebuild_index(path, journals_dir(), keep_old="old")
    except OSError as exc:
        raise click.ClickException(say("cli.index.failed", error=describe_os_error(exc), folder=journals_dir())) from None
    except sqlite3.Error as exc:
        raise click.ClickException(say("cli.index.failed", error=describe_sqlite_error(exc), folder=journals_dir())) from None
    click.echo(say("cli.index.rebuilt", path=path, summary=report.summary(cli_lang())))
    for problem in report.unreadable:
        click.echo(say("cli.index.unreadable", problem=problem.message(cli_lang())))
    index = SessionIndex(path)
    closed = close_all_over(index)
    if closed:
        click.echo(say_n("cli.index.closed", len(closed)))
        for journal in closed:
            click.echo(f"  {journal}")
    index.close()
