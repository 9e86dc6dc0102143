"""``negosim report JOURNAL``: rebuild a session's debrief from its journal, in any format."""

from __future__ import annotations

import os
from pathlib import Path

import click

from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import say
from simulator.i18n import t


@click.command(cls=HelpedCommand)
@click.argument("journal", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True))
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None)
@click.option("--correct", "corrections", multiple=True, metavar="TOUR=OPTION")
@click.option("--by", "corrected_by", default="")
@click.pass_context
def report(ctx: click.Context, journal: str, fmt: str, output: str | None, lang: str | None,
           corrections: tuple[str, ...] = (), corrected_by: str = "") -> None:
    from simulator.content.diagnostics import ContentError
    from simulator.report import render
    from simulator.scoring import ScoringError, default_rubric, score
    from simulator.store.journal import JournalError, hint_turns
    from simulator.store.notice import shown as in_lang
    from simulator.store.recorder import load_session
    from simulator.written.records import works_of

    path = Path(journal)
    if not path.is_file():
        raise click.BadParameter(f"« {journal} » : fichier introuvable (donnez le chemin d'un journal .jsonl)",
                                 param_hint="JOURNAL")
    if fmt != "text":  # an exam record gets the jury report (simulator/exam/report.py: seal, times, signatures)
        from simulator.exam.record import is_exam_record

        if is_exam_record(path):
            from simulator.cli.cmd_exam import load_key_or_fail, write_jury_report

            write_jury_report(str(path), fmt, output, load_key_or_fail(None), lang)
            return
    try:
        session, record = load_session(path)
        session = _corrected(path, session, record, corrections, corrected_by)
        rubric = default_rubric()
        ending = next((r.get("outcome") for r in record.records if r.get("type") == "end"), None)  # time_up, abandoned
        debrief = score(session.scenario, rubric, session.turns, ending=ending,
                        hints=hint_turns(record.hints), works=works_of(record.records) or None)
    except JournalError as exc:
        raise click.ClickException(say("cli.report.unreadable", error=exc)) from None
    except ContentError as exc:
        raise click.ClickException(say("cli.report.content") + "\n"
                                   + "\n".join(d.render() for d in exc.diagnostics)) from None
    except ScoringError as exc:
        raise click.ClickException(say("cli.report.scoring", error=exc)) from None
    # --lang, then the interface language, then the scenario's own language
    lang = lang or (ctx.obj or {}).get("lang") or os.environ.get("NEGOSIM_LANG") or session.scenario.spec.language
    lang = lang if lang in ("fr", "en") else "fr"
    notices = [in_lang(notice, lang) for notice in record.notices]  # the store's notices in the report's language
    recorded_rubric = record.header.get("rubric_hash")
    if recorded_rubric and recorded_rubric != rubric.content_hash:
        notices.append(t("cli.report.rubric_changed", lang))
    shown = [r.get("shown") for r in record.records if r.get("type") == "input"]
    from simulator.report.free_text import free_text_turns
    from simulator.store.journal import read_journal

    if corrections:  # the journal now holds the new corrections: read it again for the free-text section
        record = read_journal(path)
    text = render(debrief, fmt, lang, scenario=session.scenario, header=record.header, opening=session.opening,
                  journal=str(path), notices=notices, shown=shown, free_text=free_text_turns(record.records))
    if output is None:
        from simulator.stdio import printable

        click.echo(printable(text), nl=not text.endswith("\n"))  # a name from an edited journal drives no terminal
        return
    out = Path(output)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(say("cli.report.write", path=output, error=exc.strerror)) from None
    click.echo(say("cli.report.written", path=out), err=True)


def _corrected(path: Path, session, record, items: tuple[str, ...], by: str):  # noqa: ANN001, ANN202
    """The session with the trainer's corrections of free-text turns (new ones journaled first)."""
    from simulator.report.corrections import (
        CorrectionError,
        add_corrections,
        parse_corrections,
        recorded_corrections,
        replay_corrected,
    )

    try:
        if items:
            merged = add_corrections(path, record.records, parse_corrections(items, by), record.inputs,
                                     session.scenario, int(record.header.get("seed", 0)))
        else:
            merged = recorded_corrections(record.records)
        if not merged:
            return session
        return replay_corrected(session.scenario, int(record.header.get("seed", 0)), record.inputs, merged)
    except CorrectionError as exc:
        raise click.ClickException(str(exc)) from None
