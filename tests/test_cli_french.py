"""Click's own words follow the user's language (issue 17: "Show this message and exit." under French help)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from simulator.cli import click_fr


def run(*args: str, lang: str = "fr") -> str:
    env = {**os.environ, "NEGOSIM_LANG": lang}
    done = subprocess.run([sys.executable, "-m", "simulator.cli.main", *args], capture_output=True, text=True,
                          env=env, timeout=60)
    return done.stdout + done.stderr


def test_help_and_usage_errors_are_french_for_a_french_user():
    help_text = run("--help")
    assert "Affiche cette aide et quitte." in help_text and "Show this message" not in help_text
    assert "Commandes" in help_text and "Utilisation :" in help_text
    error = run("play", "--nope")
    assert "Erreur : Option inconnue" in error and "Pour l'aide : « " in error and "play --help »." in error
    assert "Error" not in error and "Usage" not in error


def test_an_english_user_keeps_clicks_english():
    assert "Show this message and exit." in run("--help", lang="en")
    assert "Error: No such option" in run("--lang", "en", "play", "--nope")


def test_every_message_the_cli_shows_has_a_french_form():
    """The messages a learner can meet from the commands' options: a Click upgrade that renames one fails here."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    sources = "".join(Path(m.__file__).read_text(encoding="utf-8")
                      for m in (click.core, click.exceptions, click.parser, click.types, click.decorators,
                                click.formatting))
    for msgid in click_fr.MESSAGES:
        assert repr(msgid)[1:-1] in sources or msgid in sources, msgid
    for singular, plural in click_fr.PLURALS:
        assert singular in sources and plural in sources, singular
