"""``negosim validate``: check scenarios, rubrics and playtests like a compiler checks code."""

from __future__ import annotations

import json
from pathlib import Path

import click

from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import say, say_n


def collect(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file()))
        else:
            files.append(p)
    return files


def playtest_of(scenario_file: Path) -> Path | None:
    """The playtest of a scenario: tests/ID.yaml beside it (ID is the file's name)."""
    test = scenario_file.parent / "tests" / f"{scenario_file.stem}.yaml"
    return test if test.is_file() else None


def _path_count(test: Path) -> int | None:
    """How many paths the playtest plays; None when it cannot be read (the message then says « ? »)."""
    from simulator.content.yaml_source import load_document

    try:
        data = load_document(test).data
        return len(data.get("paths") or [])
    except Exception:  # noqa: BLE001 - only a count for the message
        return None


@click.command(cls=HelpedCommand)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True)
@click.option("--no-playtest", "no_playtest", is_flag=True)
def validate(paths: tuple[str, ...], fmt: str, strict: bool, no_playtest: bool = False) -> None:
    from simulator.content.kinds import check_file

    files = collect(paths)
    if not files:
        raise click.UsageError(say("cli.validate.none"))
    report = []
    errors = warnings = 0
    report_paths: dict[Path, Path] = {}
    queue = list(files)
    given = {f.resolve() for f in files}
    played: list[Path] = []
    while queue:
        f = queue.pop(0)
        kind, diags = check_file(f)
        e = sum(d.severity == "error" for d in diags)
        w = len(diags) - e
        errors += e
        warnings += w
        report.append({"file": str(f), "kind": kind, "ok": e == 0, "errors": e, "warnings": w,
                       "diagnostics": [d.as_dict() for d in diags]})
        if fmt == "text":
            for d in diags:
                click.echo(d.render(), err=False)
        if kind == "scenario" and not no_playtest:
            test = playtest_of(f)
            if test is not None and test.resolve() not in given:
                given.add(test.resolve())
                if e:  # a scenario with errors cannot be played: say so rather than fail its test too
                    if fmt == "text":
                        click.echo(say("cli.validate.not_played", test=test))
                else:
                    played.append(test)
                    queue.insert(0, test)
                    report_paths[test.resolve()] = f
        if kind == "playtest" and f.resolve() in report_paths and fmt == "text":
            count = _path_count(f)
            verdict = say("cli.validate.all_passed") if e == 0 else say_n("cli.validate.gaps", e)
            paths_played = say_n("cli.validate.paths", count) if count is not None else say_n("cli.validate.paths", 2, n="?")
            click.echo(say("cli.validate.played", test=f, paths=paths_played, verdict=verdict))
    failed = errors > 0 or (strict and warnings > 0)
    if fmt == "json":
        click.echo(json.dumps({"files": report, "errors": errors, "warnings": warnings, "ok": not failed},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(say("cli.validate.summary", status=say("cli.validate.ok" if not failed else "cli.validate.failed"),
                       files=say_n("cli.validate.files", len(files)),
                       tests=say_n("cli.validate.tests", len(played)) if played else "",
                       errors=say_n("cli.validate.errors", errors), warnings=say_n("cli.validate.warnings", warnings)))
    raise SystemExit(1 if failed else 0)
