"""The commands' help in the user's language: click's help texts read from the catalogs when a help page is shown.

A command's description is ``cli.help.<path>`` (``cli.help.negosim`` for the root, ``cli.help.exam.keygen`` for a
subcommand), an option's or argument's ``cli.help.<path>.<parameter>`` (the parameter's Python name) and a value
name that is a word (``IDS|DOSSIER``) ``cli.help.<path>.<parameter>.metavar`` (simulator/i18n/help_*.py). The
commands carry no help text of their own: :class:`HelpedCommand` and :class:`HelpedGroup` put the catalog's in
place only while click formats a help page or a command list, so start-up reads no catalog.

The language is the one asked for anywhere on the command line, because click shows ``--help`` before it
has read ``--lang`` (``negosim --help --lang en``); else the environment (simulator.lang).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from functools import cache
from importlib import import_module

import click

from simulator.lang import Lang, detect_lang

ASKED = "negosim.asked_lang"  # ctx.meta key (meta is shared by a context and its children)

# French typography puts a no-break space before « : » and « ; »; glued to the next word they are part of a
# token the user types (« tags act:… », « CSV identifiant;nom;code »), which must stay as written
_TOKEN = re.compile("[\u00a0\u202f]([:;])(?=\\S)")


def asked_lang(argv: list[str]) -> str | None:
    """``--lang`` as typed, wherever it stands in ``argv`` (before click parses it)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def help_lang(ctx: click.Context) -> Lang:
    """The language of a help page: the root's ``--lang`` if parsed, else one typed anywhere, else the environment."""
    return detect_lang(ctx.find_root().params.get("lang") or ctx.meta.get(ASKED))


def command_path(ctx: click.Context) -> list[str]:
    """The names of the commands from the root down to ``ctx``'s, the root itself left out (``["exam", "keygen"]``)."""
    names: list[str] = []
    current: click.Context | None = ctx
    while current is not None:
        if not getattr(current.command, "is_root", False) and current.command.name:
            names.append(current.command.name)
        current = current.parent
    return names[::-1]


def help_key(path: list[str]) -> str:
    return ".".join(["cli.help", *(path or ["negosim"])])


@cache
def help_texts(lang: Lang) -> Mapping[str, object]:
    """The help area of the catalog in ``lang``, as written.

    Read alone rather than through ``t()``: a help page needs none of the other areas' texts."""
    texts: Mapping[str, object] = import_module(f"simulator.i18n.help_{lang}").STRINGS
    return texts


def shown(text: str, lang: Lang) -> str:
    """A help text as shown: French typography in French, but not inside a token the user types."""
    if lang != "fr":
        return text
    from simulator.content.typography import french

    return _TOKEN.sub(r"\1", french(text))


@contextmanager
def worded(command: click.Command, key: str, lang: Lang) -> Iterator[None]:
    """``command``'s and its parameters' help (and worded metavars) from the catalog in ``lang``, restored after.

    Click reads ``help`` and ``metavar`` from the objects in many places (usage, option rows, the short help
    of a command list), so the texts are put on them for the time of the formatting rather than copied out
    of click's formatting methods."""
    texts, french = help_texts(lang), help_texts("fr")
    saved: list[tuple[object, str, object]] = []

    def put(target: object, attr: str, text_key: str) -> None:
        text, shown_in = (texts.get(text_key), lang) if text_key in texts else (french.get(text_key), "fr")
        if isinstance(text, str):
            saved.append((target, attr, getattr(target, attr)))
            setattr(target, attr, shown(text, shown_in))

    put(command, "help", key)
    for param in command.params:
        if param.name:
            put(param, "help", f"{key}.{param.name}")
            put(param, "metavar", f"{key}.{param.name}.metavar")
    try:
        yield
    finally:
        for target, attr, value in reversed(saved):
            setattr(target, attr, value)


class HelpedCommand(click.Command):
    """A command whose help page is in the user's language (module docstring)."""

    is_root = False

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.meta.get(ASKED) is None:  # the outermost command sees the whole command line
            ctx.meta[ASKED] = asked_lang(args)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with worded(self, help_key(command_path(ctx)), help_lang(ctx)):
            super().format_help(ctx, formatter)


class HelpedGroup(HelpedCommand, click.Group):
    """A group whose help page and command list are in the user's language; its subcommands are helped too."""

    command_class = HelpedCommand
    group_class = type  # subgroups are of the group's own class

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        path, lang = command_path(ctx), help_lang(ctx)
        with ExitStack() as stack:
            for name in self.list_commands(ctx):
                sub = self.get_command(ctx, name)
                if sub is not None:
                    stack.enter_context(worded(sub, help_key([*path, name]), lang))
            super().format_commands(ctx, formatter)
