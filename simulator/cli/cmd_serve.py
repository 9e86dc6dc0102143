"""``negosim serve``: the terminal app in browser tabs (textual-serve), one process per tab."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def app_command(lang: str | None, scenarios: tuple[Path, ...], ask_name: bool) -> str:
    """The shell command textual-serve runs for each tab (this Python, this package)."""
    parts = [sys.executable, "-m", "simulator.tui"]
    if lang:
        parts += ["--lang", lang]
    for folder in scenarios:
        parts += ["--scenarios", str(Path(folder).resolve())]
    if ask_name:
        parts.append("--ask-name")
    return shlex.join(parts)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adresse d'écoute. Par défaut, seulement cette machine ; pour une classe, laissez 127.0.0.1 et "
                   "placez un proxy qui authentifie devant (voir le README).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port d'écoute.")
@click.option("--public-url", default=None, metavar="URL",
              help="Adresse vue par les navigateurs quand un proxy est devant (ex. https://negosim.mon-lycee.fr).")
@click.option("--scenarios", "scenarios", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Dossier de scénarios en plus (répétable).")
@click.option("--ask-name/--no-ask-name", default=True, show_default=True,
              help="Demander son nom à chaque apprenant en ouvrant l'onglet (les sessions sont rangées par nom).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Langue de l'interface.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, public_url: str | None, scenarios: tuple[Path, ...],
          ask_name: bool, lang: str | None) -> None:
    """Servir negosim aux navigateurs : chaque onglet ouvert lance sa propre application.

    Sans proxy devant, n'importe qui pouvant joindre l'adresse peut jouer et lire l'historique : gardez
    l'écoute sur 127.0.0.1 et mettez un proxy qui authentifie (nginx, Caddy...) pour une classe.
    """
    from simulator.tui.serve import start_server

    lang = lang or (ctx.obj or {}).get("lang")
    if host not in LOCAL_HOSTS:
        click.echo(f"Attention : negosim écoute sur {host}, sans authentification. Toute personne qui peut joindre "
                   f"cette adresse peut jouer et voir l'historique : placez un proxy qui authentifie devant.", err=True)
    start_server(app_command(lang, scenarios, ask_name), host=host, port=port, public_url=public_url)
