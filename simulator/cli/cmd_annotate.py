"""``negosim annotate RECORD``: the jury's comments, signed, in a file next to the sealed record."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.cmd_exam import load_key_or_fail, unlock_key_or_fail
from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import cli_lang, say


@click.command(cls=HelpedCommand)
@click.argument("record", type=click.Path(exists=True, dir_okay=False))
@click.option("--author", "-a", default=None)
@click.option("--comment", "-m", default="")
@click.option("--comment-file", type=click.File("r", encoding="utf-8"), default=None)
@click.option("--criterion", "criteria", multiple=True, metavar="ID=TEXTE")
@click.option("--decision", default=None)
@click.option("--list", "list_only", is_flag=True)
@click.option("--key", "key_file", type=click.Path(dir_okay=False), default=None)
def annotate(record: str, author: str | None, comment: str, comment_file, criteria: tuple[str, ...],  # noqa: ANN001
             decision: str | None, list_only: bool, key_file: str | None) -> None:
    from simulator.exam.annotate import AnnotationError, add_annotation, annotations_path, read_annotations
    from simulator.exam.clock import SystemClock, iso

    if list_only:
        check = read_annotations(record, load_key_or_fail(key_file))
        if not check.annotations and not check.problems:
            click.echo(say("cli.annotate.none"))
        for a in check.annotations:
            signed = say("cli.annotate.signed" if a.signed else "cli.annotate.unsigned")
            click.echo(say("cli.annotate.line", author=a.author, at=a.at, signed=signed, comment=a.comment)
                       + (say("cli.annotate.decision", decision=a.decision) if a.decision else ""))
            for cid, text in a.criteria.items():
                click.echo(f"    {cid} : {text}")
        for p in check.problems:
            click.echo(f"✗ {p.text(cli_lang())}")
        raise SystemExit(1 if any(p.code != "no_key" for p in check.problems) else 0)
    text = comment_file.read() if comment_file else comment
    per_criterion: dict[str, str] = {}
    for item in criteria:
        cid, sep, body = item.partition("=")
        if not sep or not cid.strip():
            raise click.UsageError(say("cli.annotate.bad_criterion", item=item))
        per_criterion[cid.strip()] = body
    known = _criteria_ids()
    key = unlock_key_or_fail(key_file)
    try:
        add_annotation(record, key, author or "", iso(SystemClock().now()), text, per_criterion, decision, known)
    except AnnotationError as exc:
        raise click.ClickException(exc.message(cli_lang())) from None
    click.echo(say("cli.annotate.added_signed", path=annotations_path(Path(record)), key_id=key.key_id) if key
               else say("cli.annotate.added_unsigned", path=annotations_path(Path(record))))


def _criteria_ids() -> set[str] | None:
    try:
        from simulator.scoring import default_rubric

        return set(default_rubric().criteria)
    except Exception:  # noqa: BLE001 - without a rubric, criterion ids are not checked
        return None
