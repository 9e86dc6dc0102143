"""Every help page of ``negosim`` is in the user's language: ``--lang`` (wherever typed), else the environment.

The texts live in simulator/i18n/help_*.py (``cli.help.*``); French pages read as they always did, English
pages show none of their French words, and every command and option has its text in both languages."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from simulator.cli import click_fr
from simulator.cli.helptext import help_key
from simulator.cli.main import cli
from simulator.i18n import has, t


def all_commands() -> list[tuple[list[str], click.Command]]:
    """Every command reachable from the root, with its path (``["exam", "keygen"]``), the root as ``[]``."""
    found: list[tuple[list[str], click.Command]] = []

    def walk(path: list[str], command: click.Command) -> None:
        found.append((path, command))
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                walk([*path, name], sub)

    walk([], cli)
    return found


COMMANDS = all_commands()
IDS = [" ".join(path) or "negosim" for path, _ in COMMANDS]
# click's own lines (its boilerplate is translated by simulator/cli/click_fr.py, installed by main() only)
CLICK_OWN = ("Show this message and exit.", "Show the version and exit.")
# words an English page never needs: French function words and the nouns of the French help
FRENCH = re.compile(r"\b(?:dans|pour|avec|sans|les|des|une|du|est|sont|défaut|dossier|fichier|clé|sinon|puis|ou|"
                    r"aussi|chaque|celui|leur|nom|langue|scénarios?)\b", re.IGNORECASE)
# (lower case only: click's value names, FILE, TEXT, INTEGER, are its own)
ENGLISH = re.compile(r"\b(?:the|of|with|without|default|folder|file|each|which|from|name|language)\b")


@pytest.fixture(autouse=True)
def clicks_own_words_in_english():
    """Click's boilerplate as Click writes it (another test may have installed its French, as main() does)."""
    click_fr.install("en")


def page(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "100", **(env or {})})
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    text = result.output.replace("\u00a0", " ").replace("\u202f", " ")
    for own in CLICK_OWN:
        text = text.replace(own, "")
    return " ".join(text.split())


def prose(text: str) -> str:
    """A help page without its usage line, option names, value names and click's « [default: …] »: the words
    negosim wrote."""
    text = text.split(" ", 1)[1] if text.startswith("Usage:") else text
    text = re.sub(r"\[default: [^\]]*\]|--?[\w-]+|\b[A-Z][A-Z_|=.-]+\b", " ", text)
    return text.split("[OPTIONS]", 1)[-1]


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def accented(text: str) -> set[str]:
    """The words of ``text`` with a French accent or cedilla: none of them is English."""
    return {w for w in re.findall(r"\w+", text) if re.search(r"[àâçéèêëîïôûùüÿœ]", w, re.IGNORECASE)}


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_and_option_has_its_help_in_both_languages(path: list[str], command: click.Command):
    key = help_key(path)
    assert has(key), key
    assert t(key, "en") != t(key, "fr"), key
    for param in command.params:
        if param.name in ("help", "version") or isinstance(param, click.Argument):
            continue
        assert has(f"{key}.{param.name}"), f"{key}.{param.name}: an option without help"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_english_help_shows_no_french_word_of_the_french_help_and_french_no_english(path: list[str],
                                                                                    command: click.Command):
    key = help_key(path)
    english, french = page("--lang", "en", *path, "--help"), page("--lang", "fr", *path, "--help")
    # each page shows its own language's description and option texts
    assert flat(t(key, "en")).split(".")[0] in english
    assert flat(t(key, "fr")).split(".")[0] in french
    for param in command.params:
        option = f"{key}.{param.name}"
        if has(option):
            assert flat(t(option, "en"))[:30] in english, option
            assert flat(t(option, "fr"))[:30] in french, option
    # and no word of the other one
    leaked = accented(french) & set(re.findall(r"\w+", english))
    assert not leaked, (path, leaked)
    assert not FRENCH.search(prose(english)), (path, FRENCH.search(prose(english)))
    assert not ENGLISH.search(prose(french)), (path, ENGLISH.search(prose(french)))


def test_the_root_list_of_commands_follows_the_language():
    english, french = page("--lang", "en", "--help"), page("--lang", "fr", "--help")
    assert "exam Timed mock exam" in english and "list Lists the scenarios" in english
    assert "exam Épreuve blanche chronométrée" in french and "list Liste les scénarios" in french
    sub = page("--lang", "en", "exam", "--help")
    assert "keygen Create the jury's key pair" in sub and "seal Seal afterwards" in sub


def test_help_is_english_wherever_lang_is_typed_and_from_the_environment():
    described = "training in prospecting and commercial negotiation"
    assert described in page("--help", "--lang", "en")  # click shows --help before it reads --lang
    assert described in page("--help", env={"NEGOSIM_LANG": "en"})
    assert "entraînement à la prospection" in page("--help", env={"NEGOSIM_LANG": "fr"})
    assert "entraînement à la prospection" in page("--lang", "fr", "--help", env={"NEGOSIM_LANG": "en"})
    # a subcommand's own --lang counts too, and a worded value name follows the language
    keygen = page("exam", "--lang", "en", "--help")
    assert "Timed mock exam" in keygen and "--pool IDS|FOLDER" in keygen
    assert "--pool IDS|DOSSIER" in page("--lang", "fr", "exam", "--help")


def test_a_french_token_keeps_its_colon_and_semicolon_glued():
    """French typography spaces « : » and « ; », but not inside what the user types (act:…, id;nom;code)."""
    assert "CSV identifiant;nom;code" in page("--lang", "fr", "serve", "--help")
    assert "tags act:…" in page("--lang", "fr", "import", "twee", "--help")
    assert "défaut : " in page("--lang", "fr", "serve", "--help")  # ordinary punctuation still typeset


def test_starting_the_cli_reads_no_help_catalog():
    """The help texts are looked up when a help page is printed, never when a command merely loads."""
    code = ("import sys\nfrom simulator.cli.main import COMMANDS\nimport importlib\n"
            "for target in COMMANDS.values(): importlib.import_module(target.split(':')[0])\n"
            "print(sorted(m for m in sys.modules if m.startswith('simulator.i18n.help')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
