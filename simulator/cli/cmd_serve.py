"""``negosim serve``: the terminal app in browser tabs (textual-serve), one process per tab.

Alone on this machine it asks each tab for a name; for a class, learners sign in with the roster's codes
(``--roster``) or are named by an authenticating proxy (``--user-header``), and each gets a data folder.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import cli_lang, say

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}  # every interface: the address browsers use cannot be guessed
HEADER_NAME = re.compile(r"[A-Za-z0-9-]{1,64}")


def app_command(lang: str | None, scenarios: tuple[Path, ...], ask_name: bool) -> list[str]:
    """The command textual-serve runs for each tab (this Python, this package)."""
    parts = [sys.executable, "-m", "simulator.tui"]
    if lang:
        parts += ["--lang", lang]
    for folder in scenarios:
        parts += ["--scenarios", str(Path(folder).resolve())]
    if ask_name:
        parts.append("--ask-name")
    return parts


def checked_origins(origins: tuple[str, ...]) -> tuple[str, ...]:
    from simulator.serve.access import normalise_origin

    for origin in origins:
        if normalise_origin(origin) is None:
            raise click.BadParameter(f"« {origin} » n'est pas une origine web (ex. https://negosim.mon-lycee.fr).",
                                     param_hint="--origin")
    return origins


@click.command(cls=HelpedCommand)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--public-url", default=None, metavar="URL")
@click.option("--origin", "origins", multiple=True, metavar="URL")
@click.option("--roster", "roster_path", default=None, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--user-header", default=None, metavar="EN-TÊTE")
@click.option("--class-dir", default=None, type=click.Path(file_okay=False, path_type=Path))
@click.option("--scenarios", "scenarios", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--ask-name/--no-ask-name", default=True, show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, public_url: str | None, origins: tuple[str, ...],
          roster_path: Path | None, user_header: str | None, class_dir: Path | None, scenarios: tuple[Path, ...],
          ask_name: bool, lang: str | None) -> None:
    from simulator.serve.roster import RosterError, load_roster
    from simulator.store.paths import data_dir
    from simulator.tui.serve import start_server

    lang = lang or (ctx.obj or {}).get("lang")
    if roster_path and user_header:
        raise click.UsageError(say("cli.serve.roster_or_header"))
    if user_header is not None and not HEADER_NAME.fullmatch(user_header):
        raise click.BadParameter(say("cli.serve.bad_header", header=user_header), param_hint="--user-header")
    private = bool(roster_path or user_header)
    if host not in LOCAL_HOSTS and not private:
        raise click.UsageError(say("cli.serve.open_to_all", host=host))
    if host in WILDCARD_HOSTS and not (public_url or origins):
        raise click.UsageError(say("cli.serve.public_url", host=host,
                                   example=f"http://{say('cli.serve.name_or_ip')}:{port}"))
    if user_header and host not in LOCAL_HOSTS:
        click.echo(say("cli.serve.trusted_header", header=user_header, address=f"{host}:{port}"), err=True)
    try:
        roster = load_roster(roster_path) if roster_path else None
    except RosterError as exc:
        raise click.ClickException(exc.message(cli_lang())) from None
    if private:
        class_dir = (class_dir or data_dir() / "classe").resolve()
    start_server(app_command(lang, scenarios, ask_name and not private), host=host, port=port, public_url=public_url,
                 origins=checked_origins(origins), roster=roster, user_header=user_header, class_dir=class_dir)
