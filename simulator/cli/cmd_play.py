"""``negosim play``: play a scenario in the terminal UI, or line by line with ``--plain``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from simulator.cli.cmd_exam import play_exam_options
from simulator.cli.helptext import HelpedCommand
from simulator.cli.names import checked_name
from simulator.cli.words import cli_lang, say


def _latest_unfinished(learner: str | None) -> Path | None:
    """``--resume last``: this learner's newest unfinished session (sessions over but never closed are closed), or
    their newest session if its written work was left as a draft."""
    from simulator.store.index import SessionIndex
    from simulator.store.recorder import default_learner
    from simulator.store.resumable import latest_resumable

    index = SessionIndex()
    path = latest_resumable(index, learner or default_learner(), writing=True)  # or written work left as a draft
    _say_notices(index.notices + index.errors)
    return path


def _say_notices(notices: list[str]) -> None:
    from simulator.store.notice import shown

    lang = cli_lang()
    for notice in dict.fromkeys(notices):  # the same failure on every turn is said once
        click.echo(f"negosim{' :' if lang == 'fr' else ':'} {shown(notice, lang)}", err=True)


@click.command(cls=HelpedCommand)
@click.argument("scenario", required=False)
@click.option("--plain", is_flag=True)
@click.option("--seed", type=int, default=None)
@click.option("--learner", default=None, callback=checked_name)
@click.option("--resume", "resume", default=None, metavar="JOURNAL|last")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None)
@click.option("--free", is_flag=True)
@click.option("--watch", is_flag=True)
@play_exam_options  # --exam and its set-up (simulator/cli/cmd_exam.py)
@click.pass_context
def play(ctx: click.Context, scenario: str | None, plain: bool, seed: int | None, learner: str | None,
         resume: str | None, lang: str | None, watch: bool, free: bool = False, **exam_opts: object) -> None:
    from simulator.content.bundled import DEFAULT_SCENARIO
    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario
    from simulator.lang import detect_lang
    from simulator.store.journal import JournalError, describe_os_error

    chosen = lang or (ctx.obj or {}).get("lang")  # what the user asked for; the UI also knows its saved setting
    lang = detect_lang(chosen)
    if watch:  # live preview while authoring (simulator/authoring/watch.py); not recorded in the journal
        from simulator.authoring.live_plain import play_watch

        raise SystemExit(play_watch(scenario, seed=seed, lang=chosen, plain=plain))
    if exam_opts.pop("exam", False):  # a timed mock exam with a sealed record (docs/exam.md)
        from simulator.cli.cmd_exam import play_exam

        raise SystemExit(play_exam(scenario, plain=plain or free, seed=seed, lang=lang, learner=learner, free=free,
                                   **exam_opts))
    if not plain:
        try:
            from simulator.tui.app import run_app
        except ImportError:
            plain = True
        else:
            run_app(lang=chosen, scenario=scenario or (None if resume else DEFAULT_SCENARIO), seed=seed,
                    learner=learner, resume=resume, free=free)
            return
    from simulator.player.plain import PlainPlayer, stream_io
    from simulator.store.recorder import RecordedSession

    if free:
        from simulator.player.free_text import FreeTextPlayer as PlainPlayer  # noqa: N814 - same interface

    io = stream_io(sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
    try:
        if resume:
            path = _latest_unfinished(learner) if resume == "last" else Path(resume)
            if path is None:
                raise click.ClickException(say("cli.play.nothing_to_resume_for", learner=learner) if learner
                                           else say("cli.play.nothing_to_resume"))
            rec = RecordedSession.resume(path)
            code = PlainPlayer(rec, io, lang=lang).run(resumed=True)
        else:
            scenario_obj = load_scenario(resolve_scenario(scenario or DEFAULT_SCENARIO))
            rec = RecordedSession.start(scenario_obj, seed=seed, learner=learner)
            code = PlainPlayer(rec, io, lang=lang).run()
    except JournalError as exc:
        raise click.ClickException(exc.message(cli_lang())) from None
    except OSError as exc:  # the data folder: full disk, read-only, no rights
        where = f" ({exc.filename})" if exc.filename else ""
        raise click.ClickException(say("cli.play.storage", where=where, error=describe_os_error(exc))) from None
    _say_notices(rec.index.errors if rec.index else [])
    raise SystemExit(code)
