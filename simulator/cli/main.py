"""The ``negosim`` command: subcommands are imported only when used, so start-up stays fast."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import TYPE_CHECKING

import click

from simulator.cli.helptext import HelpedGroup, asked_lang
from simulator.stdio import tolerate_bad_bytes

if TYPE_CHECKING:
    from simulator.errors import NegosimError

# name -> "module:function"; each subcommand lives in its own module.
COMMANDS: dict[str, str] = {
    "validate": "simulator.cli.cmd_validate:validate",
    "schema": "simulator.cli.cmd_schema:schema",
    "play": "simulator.cli.cmd_play:play",
    "simulate": "simulator.cli.cmd_simulate:simulate",
    "list": "simulator.cli.cmd_list:list_scenarios",
    "playtest": "simulator.cli.cmd_playtest:playtest",
    "report": "simulator.cli.cmd_report:report",
    "graph": "simulator.cli.cmd_graph:graph",
    "new": "simulator.cli.cmd_new:new",
    "import": "simulator.cli.cmd_import:import_group",
    "exam": "simulator.cli.cmd_exam:exam",
    "verify": "simulator.cli.cmd_verify:verify",
    "cohort": "simulator.cli.cmd_cohort:cohort",
    "annotate": "simulator.cli.cmd_annotate:annotate",
    "serve": "simulator.cli.cmd_serve:serve",
    "export": "simulator.cli.cmd_export:export",
    "understand": "simulator.cli.cmd_understand:understand",
    "index": "simulator.cli.cmd_index:index_group",
}


class LazyGroup(HelpedGroup):
    is_root = True  # left out of the help keys: cli.help.negosim, cli.help.exam…

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def invoke(self, ctx: click.Context) -> object:
        # negosim's own errors are the user's to fix, not crashes: every command reports them the same way
        # (authored content as file:line:col lines, any other as « negosim : message » and its hint, on
        # stderr, in the user's language) and exits with the error's status.
        from simulator.content.diagnostics import ContentError
        from simulator.errors import NegosimError

        try:
            return super().invoke(ctx)
        except ContentError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(exc.exit_code)
        except NegosimError as exc:
            click.echo(describe_error(exc, _lang(ctx)), err=True)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Abort):  # Ctrl+C: click would print "Aborted!"
            from simulator.i18n import t

            click.echo("\n" + t("err.cli.interrupted", _lang(ctx)), err=True)
            ctx.exit(130)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--data-dir", type=click.Path(file_okay=False), envvar="NEGOSIM_HOME")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None)
@click.option("--scenarios", "scenarios", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.version_option(package_name="negosim")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, lang: str | None, scenarios: tuple[str, ...] = ()) -> None:
    """The root command (its help: cli.help.negosim in simulator/i18n/help_*.py)."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    ctx.obj["lang"] = lang
    if data_dir:
        os.environ["NEGOSIM_HOME"] = data_dir
    if scenarios:  # read by the terminal UI's library (simulator.tui.app.scenario_dirs_from_env)
        os.environ["NEGOSIM_SCENARIOS"] = os.pathsep.join(scenarios)
    if ctx.invoked_subcommand is None:
        open_default(ctx)


def open_default(ctx: click.Context) -> None:
    """What ``negosim`` alone does: the terminal UI's library if it is there, else the plain player."""
    try:
        from simulator.tui.app import run_app  # noqa: PLC0415 - the UI is imported only when wanted
    except ImportError:
        from simulator.cli.cmd_play import play

        ctx.invoke(play, scenario=None, plain=True)
        return
    run_app(lang=ctx.obj.get("lang"))


def _lang(ctx: click.Context) -> str:
    """The user's language for the command's own words: --lang, then the environment (simulator.lang)."""
    from simulator.cli.words import cli_lang

    return cli_lang(ctx)


def describe_error(exc: NegosimError, lang: str | None = None) -> str:
    """« negosim : message » and, on the next line, what to do, in the user's language."""
    from simulator.lang import detect_lang

    code = detect_lang(lang)
    colon = " :" if code == "fr" else ":"
    hint = exc.hint(code)
    return f"negosim{colon} {exc.message(code)}" + (f"\n{hint}" if hint else "")


def main() -> None:
    tolerate_bad_bytes(sys.stdin, sys.stdout, sys.stderr)
    from simulator.cli import click_fr
    from simulator.lang import detect_lang

    lang = detect_lang(asked_lang(sys.argv[1:]))  # Click's own words are set before it parses
    click_fr.install(lang)
    from simulator.i18n import t

    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("\n" + t("err.cli.interrupted", lang), err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a learner
        from simulator.errors import localised
        from simulator.store.errors import describe_storage_error

        storage = describe_storage_error(exc)
        if storage is not None:  # full disk, read-only or forbidden data folder: the user's to fix, not a bug
            click.echo(t("err.cli.storage", lang, problem=localised(storage, lang)), err=True)
            sys.exit(74)  # EX_IOERR
        from simulator.store.paths import crash_log

        path = crash_log(traceback.format_exc())
        click.echo(t("err.cli.unexpected", lang, error=f"{type(exc).__name__}: {exc}"), err=True)
        if path is not None:
            click.echo(t("err.cli.crash_log", lang, path=path), err=True)
        sys.exit(70)

if __name__ == "__main__":
    main()
