"""``negosim verify RECORD_OR_DIR...``: is a sealed exam record intact, and signed by which key?"""

from __future__ import annotations

import json
from pathlib import Path

import click

from simulator.cli.cmd_exam import load_key_or_fail
from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import cli_lang, say, say_n


@click.command(cls=HelpedCommand)
@click.argument("records", nargs=-1, required=True, type=click.Path())
@click.option("--key", "key_file", type=click.Path(dir_okay=False), default=None)
@click.option("--require-signature", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
def verify(records: tuple[str, ...], key_file: str | None, require_signature: bool, as_json: bool) -> None:
    from simulator.exam.annotate import read_annotations
    from simulator.exam.cohort import collect_paths
    from simulator.exam.reason import Reason
    from simulator.exam.verify import INVALID, LATE, UNVERIFIABLE, Problem, verify_record

    key = load_key_or_fail(key_file)
    lang = cli_lang()
    paths, missing = collect_paths(records)
    for m in missing:
        click.echo(say("cli.records.missing", path=m), err=True)
    if not paths and not missing:
        raise click.ClickException(say("cli.records.none"))
    worst = 1 if missing else 0
    out = _JsonArray() if as_json else None  # written as it goes: ten thousand records, one kept at a time
    named = {Path(r).resolve(): r for r in records}
    for path in paths:
        record = named.get(path, str(path))  # as the user wrote it, or the path found in a folder
        v = verify_record(record, key)
        if require_signature and v.status != INVALID and not v.signed:
            v.problems.append(Problem("unsigned", Reason("cli.verify.unsigned")))
            v.status = INVALID
        notes = read_annotations(record, key, v) if v.seal_hash else None
        code = {INVALID: 1, UNVERIFIABLE: 2, LATE: 3}.get(v.status, 0)
        if notes and any(p.code != "no_key" for p in notes.problems):
            code = 1
        worst = 1 if 1 in (worst, code) else max(worst, code)
        if out is not None:
            out.append({"record": record, "status": v.status, "signed": v.signed, "late": v.late, "key_id": v.key_id,
                        "problems": [p.data(lang) for p in v.problems],
                        "annotations": len(notes.annotations) if notes else 0,
                        "annotation_problems": [p.data(lang) for p in notes.problems] if notes else []})
            continue
        mark = {0: "✓", 1: "✗", 2: "?", 3: "✗"}[code]
        click.echo(say("cli.verify.line", mark=mark, record=record, verdict=v.headline(lang)))
        for p in v.problems if v.status == INVALID else ():
            click.echo(f"    {p.render(record, lang)}")
        if notes and (notes.annotations or notes.problems):
            signed = sum(a.signed for a in notes.annotations)
            click.echo(say("cli.verify.annotations", count=len(notes.annotations), signed=say_n("cli.verify.signed", signed))
                       + (" — " + "; ".join(p.text(lang) for p in notes.problems) if notes.problems else ""))
    if out is not None:
        out.close()
    raise SystemExit(worst)


class _JsonArray:
    """A JSON array printed one element at a time, with the same text ``json.dumps(items, indent=2)`` gives."""

    def __init__(self) -> None:
        self.count = 0

    def append(self, item: object) -> None:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        click.echo(("[\n  " if not self.count else ",\n  ") + text, nl=False)
        self.count += 1

    def close(self) -> None:
        click.echo("\n]" if self.count else "[]")
