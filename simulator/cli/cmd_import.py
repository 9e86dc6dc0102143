"""``negosim import``: bring a story drafted in another tool into negosim (Twine: Twee 3 or Twine 2 HTML)."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.helptext import HelpedGroup
from simulator.cli.words import say, say_n


@click.group(cls=HelpedGroup, name="import")
def import_group() -> None:
    pass  # a group of subcommands; its help is cli.help.* (simulator/cli/helptext.py)


@import_group.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--block", type=click.Choice(["prospection", "negociation"]), default=None)
@click.option("--force", is_flag=True)
@click.option("--story", "story_name", metavar="NOM", default=None)
def twee(file: str, output: str | None, lang: str, block: str | None, force: bool, story_name: str | None) -> None:
    from simulator.authoring.scaffold import schema_ref
    from simulator.authoring.twee import import_story, read_twee, slugify
    from simulator.authoring.twine_html import HTML_SUFFIXES, is_twine_html, read_twine_html
    from simulator.content.bundled import schemas_dir
    from simulator.content.diagnostics import ContentError
    from simulator.content.kinds import check_file
    from simulator.content.yaml_source import read_text

    source = Path(file)
    if not source.is_file():
        click.echo(say("cli.import.missing", file=file), err=True)
        raise SystemExit(1)
    wanted_id = None
    if output:
        out = Path(output)
        wanted_id = slugify(out.stem) or None
        if out.suffix not in (".yaml", ".yml"):
            raise click.UsageError(say("cli.import.yaml_only"))
    html = source.suffix.lower() in HTML_SUFFIXES
    try:
        text = read_text(source)
        html = is_twine_html(text, source.name)  # by content too: a published story saved under another name
        if story_name is not None and not html:
            raise click.UsageError(say("cli.import.story_html_only"))
        story = read_twine_html(text, str(source), story_name) if html else read_twee(text, str(source))
        result = import_story(story, lang=lang, block=block, scenario_id=wanted_id)
    except ContentError as exc:
        for d in exc.diagnostics:
            click.echo(d.render(), err=True)
        if any(d.code == "NS603" for d in exc.diagnostics):
            todo = say("cli.import.todo_story")
        elif html:
            todo = say("cli.import.todo_twine")
        else:
            todo = say("cli.import.todo_twee")
        click.echo(say("cli.import.nothing_written", todo=todo), err=True)
        raise SystemExit(1) from None
    if not output:
        from simulator.store.paths import user_scenarios_dir

        out = user_scenarios_dir() / f"{result.scenario_id}.yaml"
    if out.exists() and not force:
        click.echo(say("cli.import.exists", path=out), err=True)
        raise SystemExit(1)
    # the modeline and the « negosim validate » hint name the real destination
    schema = schema_ref(schemas_dir() / "scenario.schema.json", out.parent.resolve())
    result = import_story(story, lang=lang, block=block, scenario_id=result.scenario_id, schema=schema, target=str(out))
    for d in result.warnings:
        click.echo(d.render(), err=True)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(result.text, encoding="utf-8")
    except OSError as exc:
        click.echo(say("cli.write_failed", command="import", path=out, error=exc.strerror or exc), err=True)
        raise SystemExit(1) from None
    n_states = len(result.data["states"])
    n_choices = sum(len(s.get("choices", [])) for s in result.data["states"].values())
    click.echo(say("cli.import.written", path=out, states=say_n("cli.import.states", n_states),
                   choices=say_n("cli.import.choices", n_choices), points=say_n("cli.import.points", len(result.warnings))))
    if result.block_note:
        click.echo(result.block_note)
    _, diags = check_file(out)  # exactly what « negosim validate » reports
    for d in diags:
        click.echo(d.render(), err=True)
    errors = sum(d.severity == "error" for d in diags)
    if errors:
        click.echo(say("cli.import.invalid", errors=say_n("cli.validate.errors", errors)), err=True)
        raise SystemExit(1)
    click.echo(say("cli.import.valid", warnings=say_n("cli.validate.warnings", len(diags)), path=out))
