"""Click's own words in French: its help boilerplate and usage errors, for a French user.

Click marks its messages for translation with ``gettext`` but ships no catalogue, so a French user read
"Show this message and exit." under French help texts and "Error: Invalid value for…" after a French
message. Click's modules bind ``_`` and ``ngettext`` at import (``from gettext import gettext as _``), so a
catalogue installed with ``gettext`` would not reach them: ``install`` rebinds those names, in Click's
modules only, to a lookup in the catalogue below. A message missing from it stays in English (a Click
upgrade can add one; the test lists those that must be French).
"""

from __future__ import annotations

import importlib

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")

MESSAGES: dict[str, str] = {
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Pour l'aide : « {command} {option} ».",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Aborted!": "Interrompu.",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier {filename!r} : {message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} n'existe pas.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} n'est pas accessible en écriture.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} n'est pas exécutable.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "default: {default}": "défaut : {default}",
    "env var: {var}": "variable : {var}",
    "file": "Fichier",
    "directory": "Dossier",
    "path": "Chemin",
    "unknown error": "erreur inconnue",
    "deprecated": "obsolète",
}

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Argument en trop : ({args})", "Arguments en trop : ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Vouliez-vous dire {possibility} ?", "(Vouliez-vous dire l'un de : {possibilities} ?)"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} n'est pas {choice}.", "{value!r} n'est pas l'un de : {choices}."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("L'option {name!r} attend une valeur.", "L'option {name!r} attend {nargs} valeurs."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Attend {nargs} valeurs, 1 seule donnée.", "Attend {nargs} valeurs, {len} données."),
}


def french(message: str) -> str:
    return MESSAGES.get(message, message)


def french_plural(singular: str, plural: str, n: int) -> str:
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install(lang: str) -> None:
    """Speak French in Click's own messages when the user's language is French; English is Click's own, put
    back if French was installed before in the same process (tests, an embedding program)."""
    import gettext

    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = french if lang == "fr" else gettext.gettext  # type: ignore[attr-defined]  # Click's gettext binding, see the docstring
        if hasattr(module, "ngettext"):
            module.ngettext = french_plural if lang == "fr" else gettext.ngettext  # type: ignore[attr-defined]  # patching click's gettext alias, which is not in its public types
