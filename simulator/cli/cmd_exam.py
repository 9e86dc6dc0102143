"""``negosim exam``: run a mock oral exam (terminal app, or ``--plain``), create the jury keys, seal late, report.

Signing needs the jury's private key, decrypted in memory with the passphrase typed at set-up
(:func:`unlock_key_or_fail`); verifying needs only the public key (:func:`load_key_or_fail`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from simulator.cli.helptext import HelpedGroup
from simulator.cli.names import checked_name
from simulator.cli.words import cli_lang, say
from simulator.i18n import t


def load_key_or_fail(path: str | None) -> Any:
    """The jury's public key to verify with (or None), with a clear message instead of a traceback."""
    from simulator.exam.keys import JuryKeyError, load_public_key

    try:
        return load_public_key(path)
    except JuryKeyError as exc:
        raise click.ClickException(exc.message(cli_lang())) from None


def unlock_key_or_fail(path: str | None, required: bool = False) -> Any:
    """The jury's private key, decrypted in memory with the passphrase the jury types (None: no key, unsigned).

    ``NEGOSIM_JURY_PASSPHRASE`` stands in for the keyboard in automated set-ups only: on a candidate's
    machine the jury types it, and it is never written anywhere.
    """
    import os

    from simulator.exam.keys import PASSPHRASE_ENV, JuryKeyError, private_key_path, unlock_key

    try:
        found = private_key_path(path)
        if found is None:
            if required:
                raise JuryKeyError(key="cli.keys.none")
            return None
        passphrase = os.environ.get(PASSPHRASE_ENV)
        if passphrase is None:
            if not sys.stdin.isatty():
                raise JuryKeyError(key="cli.keys.terminal", path=found, variable=PASSPHRASE_ENV)
            passphrase = click.prompt(say("cli.keys.prompt", path=found), hide_input=True, err=True)
        return unlock_key(found, passphrase)
    except JuryKeyError as exc:
        raise click.ClickException(exc.message(cli_lang())) from None


def signing_key_for_exam(path: str | None) -> Any:
    """Unlock the jury key at set-up; without one, say that the record will be unsigned (and refused if a key is set)."""
    key = unlock_key_or_fail(path)
    if key is None:
        public = load_key_or_fail(None)
        click.echo(say("cli.exam.unsigned_refused", key_id=public.key_id) if public else say("cli.exam.unsigned"),
                   err=True)
    return key


def pool_ids(values: tuple[str, ...]) -> list[str]:
    """``--pool a,b --pool dossier/`` -> the scenario references of the pool (ids or paths)."""
    from simulator.content.library import is_path_ref

    refs: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            p = Path(part)
            if p.is_dir() and is_path_ref(part):  # a folder named like a scenario id does not shadow it
                refs += [str(q) for q in sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))]
            else:
                refs.append(part)
    return refs


def build_setup(scenario: str | None, pool: tuple[str, ...], seed: int | None, candidate: str | None,
                preparation: float | None, interview: float | None, examiner: str | None,
                after: float | None = None, questions: int | None = None) -> Any:
    """Resolve the scenario (chosen, or drawn from the pool by the seed) and check the set-up."""
    import secrets

    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario
    from simulator.exam.flow import ExamError, ExamSetup, draw_scenario

    if scenario and pool:
        raise click.UsageError(say("cli.exam.both"))
    if not scenario and not pool:
        raise click.UsageError(say("cli.exam.neither"))
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        if pool:
            scenarios = {}
            for ref in pool_ids(pool):
                sc = load_scenario(resolve_scenario(ref))
                scenarios[sc.id] = sc
            chosen = scenarios[draw_scenario(list(scenarios), seed)]
        else:
            chosen = load_scenario(resolve_scenario(scenario or ""))
            scenarios = {}
        return ExamSetup.create(chosen, candidate or "", seed=seed, preparation=preparation, interview=interview,
                                pool=list(scenarios), examiner=examiner, after=after, questions=questions)
    except ExamError as exc:
        raise click.UsageError(exc.message(cli_lang())) from None


def run_plain_exam(setup: Any, key: Any, lang: str, free: bool = False) -> int:
    from simulator.exam.flow import ExamRun
    from simulator.player.plain import stream_io
    from simulator.player.plain_exam import ExamPlainPlayer, timed_reader

    interactive = sys.stdin.isatty()
    io = stream_io(sys.stdin, sys.stdout, interactive=interactive)
    exam = ExamRun.begin(setup, key=key)
    del key  # the jury key signed the session certificate; the plain player does not keep it
    player_class = ExamPlainPlayer
    if free:  # the jury requires free text (docs/free-text.md)
        from simulator.player.free_text import FreeTextExamPlayer as player_class  # noqa: N813
    player = player_class(exam, io, lang=lang, read_timed=timed_reader(sys.stdin, sys.stdout) if interactive else None)
    try:
        return player.run()
    except KeyboardInterrupt:
        exam.abandon()  # Ctrl+C ends the exam; the record is still sealed
        click.echo("\n" + t("cli.exam.interrupted", lang, path=exam.path), err=True)
        return 130


def exam_options(f: Any) -> Any:
    for option in reversed([
        click.option("--candidate", "-c", default=None, callback=checked_name),
        click.option("--pool", multiple=True, metavar="IDS|DOSSIER"),
        click.option("--seed", type=int, default=None),
        click.option("--preparation", type=float, default=None, metavar="MIN"),
        click.option("--interview", type=float, default=None, metavar="MIN"),
        click.option("--after", type=float, default=None, metavar="MIN"),
        click.option("--questions", type=int, default=None, metavar="N"),
        click.option("--examiner", default=None),
        click.option("--key", "key_file", type=click.Path(dir_okay=False), default=None),
    ]):
        f = option(f)
    return f


@click.group(cls=HelpedGroup, invoke_without_command=True)
@click.option("--scenario", "-s", default=None)
@exam_options
@click.option("--plain", is_flag=True)
@click.option("--free", is_flag=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None)
@click.pass_context
def exam(ctx: click.Context, scenario: str | None, candidate: str | None, pool: tuple[str, ...], seed: int | None,
         preparation: float | None, interview: float | None, examiner: str | None, key_file: str | None,
         plain: bool, lang: str | None, free: bool = False, after: float | None = None,
         questions: int | None = None) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from simulator.lang import detect_lang

    lang = detect_lang(lang or (ctx.obj or {}).get("lang"))
    key = signing_key_for_exam(key_file)
    plain = plain or free  # free text is played in the text player
    if not plain:
        try:
            from simulator.tui.exam import run_exam_app  # the terminal app's exam flow
        except ImportError:
            plain = True
        else:
            raise SystemExit(run_exam_app(lang=lang, scenario=scenario, pool=pool_ids(pool), seed=seed,
                                          candidate=candidate, preparation=preparation, interview=interview,
                                          examiner=examiner, key=key, after=after, questions=questions))
    if not candidate and sys.stdin.isatty():
        candidate = click.prompt(say("cli.exam.candidate"))
    setup = build_setup(scenario, pool, seed, candidate, preparation, interview, examiner, after, questions)
    if pool:
        click.echo(say("cli.exam.drawn", seed=setup.seed, title=setup.scenario.title, id=setup.scenario.id))
    raise SystemExit(run_plain_exam(setup, key, lang, free=free))


@exam.command()
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None)
@click.option("--force", is_flag=True)
def keygen(out: str | None, force: bool) -> None:
    import os

    from simulator.exam.keys import PASSPHRASE_ENV, JuryKeyError, check_passphrase, generate_key

    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase is None:
        passphrase = click.prompt(say("cli.keygen.prompt"), hide_input=True,
                                  confirmation_prompt=say("cli.keygen.confirm"), err=True)
    try:
        check_passphrase(passphrase)
        path, public_path, key = generate_key(out, passphrase, force=force)
    except JuryKeyError as exc:
        raise click.ClickException(exc.message(cli_lang())) from None
    click.echo(say("cli.keygen.created", key_id=key.key_id))
    click.echo(say("cli.keygen.private", path=path))
    click.echo(say("cli.keygen.public", path=public_path))
    click.echo(say("cli.keygen.advice"))


@exam.command()
@click.argument("record", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default="html", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None)
@click.option("--key", "key_file", type=click.Path(dir_okay=False), default=None)
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr")
def report(record: str, fmt: str, output: str | None, key_file: str | None, lang: str) -> None:
    write_jury_report(record, fmt, output, load_key_or_fail(key_file), lang)


def write_jury_report(record: str, fmt: str, output: str | None, key: Any, lang: str = "fr") -> None:
    from simulator.exam.record import load_exam
    from simulator.exam.report import render

    rec = load_exam(record, key)
    try:
        text = render(rec, fmt, lang)
    except Exception as exc:  # noqa: BLE001 - a record edited into nonsense gets a message, not a traceback
        raise click.ClickException(t("cli.exam.malformed", lang, record=record, error=f"{type(exc).__name__}: {exc}",
                                     seal=rec.verification.summary(lang))) from None
    text = _with_free_text(record, text, fmt, lang)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(t("cli.exam.report_written", lang, path=output, seal=rec.verification.summary(lang)), err=True)
    else:
        click.echo(text, nl=False)
    if rec.verification.status in ("invalid", "late"):
        raise SystemExit(1)


def _with_free_text(record: str, text: str, fmt: str, lang: str) -> str:
    """The jury report with the candidate's own words and their reading, when the exam was in free text."""
    from simulator.report import with_free_text
    from simulator.report.free_text import free_text_turns
    from simulator.store.journal import JournalError, read_journal

    try:
        turns = free_text_turns(read_journal(record).records)
    except JournalError:
        return text  # the report itself says what is wrong with the record
    return with_free_text(text, fmt, lang, turns) if turns else text


@exam.command()
@click.argument("record", type=click.Path(exists=True, dir_okay=False))
@click.option("--key", "key_file", type=click.Path(dir_okay=False), default=None)
def seal(record: str, key_file: str | None) -> None:
    from simulator.exam.clock import SystemClock, iso
    from simulator.exam.seal import late_seal
    from simulator.exam.verify import verify_record
    from simulator.store.journal import Journal, JournalError

    key = unlock_key_or_fail(key_file)
    v = verify_record(record, key.public if key else None)
    codes = {p.code for p in v.problems}
    if v.seal is not None:
        raise click.ClickException(say("cli.seal.already", record=record, summary=v.summary(cli_lang())))
    if v.certificate is not None and key is None:
        raise click.ClickException(say("cli.seal.signed", record=record))
    if codes - {"not_sealed", "unsigned"}:
        raise click.ClickException(say("cli.seal.not_intact", record=record, summary=v.summary(cli_lang())))
    if not any(r.get("type") == "end" for r in v.records):
        raise click.ClickException(say("cli.seal.unfinished", record=record))
    try:
        journal = Journal.reopen(Path(record))
    except JournalError as exc:
        raise click.ClickException(exc.message(cli_lang())) from None
    outcome = next((r.get("outcome") for r in reversed(v.records) if r.get("type") == "end"), None)
    inputs = sum(1 for r in v.records if r.get("type") == "input")
    signer = key if v.certificate is not None else None  # an unsigned record stays unsigned
    late_seal(journal, signer, iso(SystemClock().now()), {"outcome": outcome, "inputs": inputs})
    click.echo(say("cli.seal.done_signed", record=record, key_id=signer.key_id) if signer
               else say("cli.seal.done_unsigned", record=record))


# ---------------------------------------------------------------- `negosim play SCENARIO --exam`

def play_exam_options(f: Any) -> Any:
    """The options ``negosim play`` gains for ``--exam`` (``--seed`` and ``--plain`` are play's own)."""
    for option in reversed([
        click.option("--exam", is_flag=True),
        click.option("--candidate", default=None, callback=checked_name),
        click.option("--preparation", type=float, default=None, metavar="MIN"),
        click.option("--interview", type=float, default=None, metavar="MIN"),
        click.option("--after", type=float, default=None, metavar="MIN"),
        click.option("--questions", type=int, default=None, metavar="N"),
        click.option("--pool", multiple=True, metavar="IDS|DOSSIER"),
        click.option("--examiner", default=None),
        click.option("--key", "key_file", type=click.Path(dir_okay=False), default=None),
    ]):
        f = option(f)
    return f


def play_exam(scenario: str | None, *, plain: bool, seed: int | None, lang: str, learner: str | None,
              candidate: str | None = None, preparation: float | None = None, interview: float | None = None,
              pool: tuple[str, ...] = (), examiner: str | None = None, key_file: str | None = None,
              free: bool = False, after: float | None = None, questions: int | None = None) -> int:
    key = signing_key_for_exam(key_file)
    candidate = candidate or learner
    if not plain:
        try:
            from simulator.tui.exam import run_exam_app
        except ImportError:
            plain = True
        else:
            return run_exam_app(lang=lang, scenario=scenario, pool=pool_ids(pool), seed=seed, candidate=candidate,
                                preparation=preparation, interview=interview, examiner=examiner, key=key,
                                after=after, questions=questions)
    if not candidate and sys.stdin.isatty():
        candidate = click.prompt(say("cli.exam.candidate"))
    setup = build_setup(scenario, pool, seed, candidate, preparation, interview, examiner, after, questions)
    if pool:
        click.echo(say("cli.exam.drawn", seed=setup.seed, title=setup.scenario.title, id=setup.scenario.id))
    return run_plain_exam(setup, key, lang, free=free)
