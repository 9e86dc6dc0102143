"""``negosim new``: start a scenario from a small, valid, commented example and its playtest."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.helptext import HelpedCommand
from simulator.i18n import t
from simulator.lang import Lang, detect_lang

KIND_NAMES = {"prospection": "prospection", "negotiation": "negotiation", "negociation": "negotiation",
              "négociation": "negotiation", "negoc": "negotiation"}


def _lang() -> Lang:
    """The messages' language: the root --lang, else this command's --lang when typed (a scenario written in
    English is asked for in English), else the environment."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    asked = ctx.params.get("lang") if ctx.get_parameter_source("lang") == ParameterSource.COMMANDLINE else None
    return detect_lang(ctx.find_root().params.get("lang"), asked)


def _kind(raw: str, lang: Lang) -> str:
    """The kind asked, accents and capitals as the author types them (« négociation », « Prospection »)."""
    import unicodedata

    key = unicodedata.normalize("NFC", raw.strip().lower())
    if key in KIND_NAMES:
        return KIND_NAMES[key]
    plain = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    if plain in KIND_NAMES:
        return KIND_NAMES[plain]
    click.echo(t("cli.new.bad_kind", lang, raw=raw), err=True)
    raise SystemExit(2)


@click.command(cls=HelpedCommand)
@click.argument("kind", metavar="prospection|negociation")
@click.argument("scenario_id", metavar="ID")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--dir", "folder", type=click.Path(file_okay=False), default=None)
def new(kind: str, scenario_id: str, lang: str, folder: str | None) -> None:
    from simulator.authoring.scaffold import ScaffoldError, create
    from simulator.i18n import nt

    say = _lang()
    kind = _kind(kind, say)
    from simulator.content.kinds import check_file
    from simulator.playtest import run_playtest

    try:
        made = create(kind, scenario_id, lang, Path(folder) if folder else None)
    except ScaffoldError as exc:
        click.echo(t("cli.new.failed", say, error=exc.message(say)), err=True)
        raise SystemExit(1) from None
    click.echo(t("cli.new.created", say, path=made.scenario))
    click.echo(t("cli.new.playtest", say, path=made.playtest))
    # Check what was just written, as the trainer will: a template that no longer validates must show.
    _, diags = check_file(made.scenario)  # exactly what « negosim validate » reports
    result = run_playtest(made.playtest)  # content errors are reported by the command group
    for d in diags:
        click.echo(d.render(), err=True)
    for p in result.paths:
        for problem in p.problems:
            click.echo(t("cli.new.path_problem", say, name=p.name, problem=problem), err=True)
    if diags or not result.ok:
        raise SystemExit(1)
    here = made.scenario
    click.echo(nt("cli.new.checked", len(result.paths), say))
    click.echo(t("cli.new.next", say))
    click.echo(t("cli.new.next_edit", say, path=here))
    click.echo(t("cli.new.next_watch", say, path=here))
    click.echo(t("cli.new.next_graph", say, path=here, id=scenario_id))
    click.echo(t("cli.new.next_check", say, folder=here.parent, path=here))
