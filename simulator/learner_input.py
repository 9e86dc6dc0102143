"""One reader of what the learner types: an option number, a choice id, a price with its counterpart.

The plain player, the terminal UI and exam mode all read the learner's keys through this module, so a
price means the same everywhere. It never raises anything but ``InputProblem``, whose message says in
the learner's language what was not understood and what to type instead: superscripts (``²``), circled
digits (``①``), 5,000-digit numbers or stray text are refused, never a crash.

Prices are read the way negotiators write them:
- French: ``8 900``, ``8900 €``, ``8.900`` (thousands), ``65,50`` and ``65.50`` (cents);
- English: ``96,000`` (thousands), ``1,250.50``, ``$96,000``;
- ``p 9 600 2``: a price then the counterpart n°2 (or its id); ``p 1 200`` stays one thousand two hundred.

Text longer than ``MAX_LINE`` is refused unread (``check_line``, also called by the players on every line)
and a message never quotes more than ``QUOTE`` characters of what was typed: a 10 MB line once took over
a minute to wrap. Names given on the command line or typed in a name field are checked by ``learner_name``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .engine.price import Amount, amount_value

MAX_DIGITS = 12  # a billion euros and cents: more is a typo, and int() of 5,000 digits is refused by Python
MAX_LINE = 10_000  # no answer, price or command is this long; past it, a line is refused unread
QUOTE = 40  # characters of the learner's text quoted back in a message
MAX_NAME = 80  # characters of a learner's or candidate's name
# not in a name: control characters (C0, DEL, C1) and bidi overrides and isolates
_NAME_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CURRENCY = re.compile(r"(€|eur(os?)?|\$|£|usd|gbp|chf|ht|ttc|hors\s+taxes?)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_ASCII_NUMBER = re.compile(r"[0-9][0-9.,']*")
_GROUP_TAIL = re.compile(r"[0-9]{3}([.,][0-9]{1,2})?")

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "empty": "indiquez un montant, par exemple 8 900 ou 65,50",
        "words": "« {text} » n'est pas un prix : tapez le montant en chiffres (par exemple 8 900 ou 65,50)",
        "char": "« {char} » n'est pas un chiffre : tapez le montant avec les chiffres 0 à 9 (par exemple 8 900 ou 65,50)",
        "too_long": "montant trop long ({digits} chiffres) : tapez un prix réaliste, par exemple 8 900",
        "cents": "« {text} » : deux chiffres au plus après la virgule (65,50)",
        "shape": "« {text} » n'est pas un montant lisible : écrivez par exemple 8 900, 8900 € ou 65,50",
        "zero": "un prix doit être supérieur à zéro",
        "counterpart": "pas de contrepartie n°{n} : il y en a {count} (tapez son numéro ou son identifiant après le prix)",
        "no_counterparts": "ce scénario ne prévoit pas de contrepartie : tapez seulement le montant",
        "choice": "« {text} » : tapez le numéro d'une option, de 1 à {n}",
        "line": "ligne trop longue ({length} caractères, {limit} au plus) : tapez une réponse courte",
        "name_empty": "le nom est vide : tapez un prénom et un nom, ou un pseudonyme",
        "name_long": "nom trop long ({length} caractères, {limit} au plus)",
        "name_bytes": "le nom contient des octets qui ne sont pas du texte UTF-8 : retapez-le (réglage "
                      "d'encodage du terminal ?)",
        "name_control": "le nom contient un caractère invisible (U+{code:04X}) : retapez-le sans",
    },
    "en": {
        "empty": "type an amount, for example 8,900 or 65.50",
        "words": "“{text}” is not a price: type the amount in figures (for example 8,900 or 65.50)",
        "char": "“{char}” is not a digit: type the amount with the digits 0 to 9 (for example 8,900 or 65.50)",
        "too_long": "amount too long ({digits} digits): type a realistic price, for example 8,900",
        "cents": "“{text}”: at most two digits after the decimal point (65.50)",
        "shape": "“{text}” is not a readable amount: write for example 8,900, $8900 or 65.50",
        "zero": "a price must be above zero",
        "counterpart": "there is no counterpart no. {n}: there are {count} (type its number or id after the price)",
        "no_counterparts": "this scenario has no counterparts: type the amount only",
        "choice": "“{text}”: type the number of an option, from 1 to {n}",
        "line": "line too long ({length} characters, at most {limit}): type a short answer",
        "name_empty": "the name is empty: type a first and last name, or a nickname",
        "name_long": "name too long ({length} characters, at most {limit})",
        "name_bytes": "the name holds bytes that are not UTF-8 text: type it again (terminal encoding setting?)",
        "name_control": "the name holds an invisible character (U+{code:04X}): type it again without it",
    },
}


class InputProblem(ValueError):
    """What the learner typed cannot be read; ``message(lang)`` says why and what to type."""

    def __init__(self, key: str, **fields: Any):
        super().__init__(key)
        self.key = key
        self.fields = fields

    def message(self, lang: str = "fr") -> str:
        table = MESSAGES.get(lang, MESSAGES["fr"])
        return table[self.key].format(**self.fields)

    def __str__(self) -> str:
        return self.message("fr")


def quoted(text: str) -> str:
    """What a message quotes of the learner's text: its first QUOTE characters, an ellipsis if cut."""
    text = text.strip()
    return text if len(text) <= QUOTE else text[:QUOTE] + "…"


def check_line(text: str) -> None:
    """Refuse a line too long to be an answer, before anything else reads it."""
    if len(text) > MAX_LINE:
        raise InputProblem("line", length=len(text), limit=MAX_LINE)


def learner_name(text: str) -> str:
    """A learner's or candidate's name as given, with its spaces squeezed; InputProblem when it is empty,
    too long, not UTF-8 text or holds an invisible control character (it is shown in screens and reports)."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise InputProblem("name_bytes")
    name = " ".join(text.split())  # tabs, line breaks and other white space become single spaces
    if not name:
        raise InputProblem("name_empty")
    if len(name) > MAX_NAME:
        raise InputProblem("name_long", length=len(name), limit=MAX_NAME)
    bad = _NAME_FORBIDDEN.search(name)
    if bad is not None:
        raise InputProblem("name_control", code=ord(bad.group()))
    return name


def _clean(text: str) -> str:
    return _CURRENCY.sub(" ", text).strip()


def parse_amount(text: str, lang: str = "fr") -> Amount:
    """Read one amount; raises InputProblem with the reason."""
    check_line(text)
    squeezed = _SPACES.sub("", _clean(text))
    if not squeezed:
        raise InputProblem("empty")
    for char in squeezed:
        if char not in "0123456789.,'":
            if char.isalpha():  # "douze", "abc": words, not a stray character
                raise InputProblem("words", text=quoted(text))
            raise InputProblem("char", char=char)
    digits = sum(c.isdigit() for c in squeezed)
    if digits > MAX_DIGITS:
        raise InputProblem("too_long", digits=digits)
    if not _ASCII_NUMBER.fullmatch(squeezed) or squeezed[-1] in ".,'":
        raise InputProblem("shape", text=quoted(text))
    value = _number(squeezed.replace("'", ""), lang, quoted(text))
    if value <= 0:
        raise InputProblem("zero")
    return value


def _number(s: str, lang: str, original: str) -> Amount:
    decimal, thousands = (".", ",") if lang == "en" else (",", ".")
    # the other mark is a decimal point only when it is alone and followed by one or two digits:
    # 65.50 is 65 euros 50 in a French scenario too, 8.900 is eight thousand nine hundred
    if lang != "en" and s.count(".") == 1 and "," not in s and len(s.split(".")[1]) in (1, 2):
        decimal, thousands = ".", ","
    if lang == "en" and s.count(",") == 1 and "." not in s and len(s.split(",")[1]) in (1, 2):
        decimal, thousands = ",", "."
    if s.count(decimal) > 1:
        raise InputProblem("shape", text=original)
    whole, _, cents = s.partition(decimal)
    if cents and (len(cents) > 2 or not cents.isdigit()):
        raise InputProblem("cents", text=original)
    if thousands in whole:
        groups = whole.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise InputProblem("shape", text=original)
        whole = "".join(groups)
    if not whole.isdigit() or not whole.isascii():
        raise InputProblem("shape", text=original)
    return amount_value(int(whole) + (int(cents) / 10 ** len(cents) if cents else 0))


def parse_price(text: str, lang: str, counterparts: Sequence[str]) -> tuple[Amount, str | None]:
    """A price and, after it, an optional counterpart given by its number (1-based) or its id.

    ``counterparts`` are the scenario's counterpart ids in their order. ``9 600 2`` is 9 600 with the
    second counterpart; ``9 600 9`` with fewer than nine counterparts is refused (never read as 96 009)."""
    check_line(text)
    words = _clean(text).split()
    if not words:
        raise InputProblem("empty")
    last = words[-1]
    if len(words) >= 2 and last in counterparts:
        return parse_amount(" ".join(words[:-1]), lang), last
    if len(words) >= 2 and re.fullmatch(r"[0-9]{1,2}", last) and not _groups_complete(words):
        n = int(last)
        if not counterparts:
            raise InputProblem("no_counterparts")
        if not 1 <= n <= len(counterparts):
            raise InputProblem("counterpart", n=n, count=len(counterparts))
        return parse_amount(" ".join(words[:-1]), lang), counterparts[n - 1]
    return parse_amount(" ".join(words), lang), None


def _groups_complete(words: list[str]) -> bool:
    """``1 200`` is one amount written in groups of three; ``950 1`` is an amount and a counterpart."""
    return len(words) >= 2 and 1 <= len(words[0]) <= 3 and words[0].isdigit() and all(
        _GROUP_TAIL.fullmatch(w) for w in words[1:])


def parse_option_number(text: str, count: int) -> int:
    """The option a learner picked by its number (1-based); InputProblem when it is not one on offer."""
    s = text.strip()
    if not re.fullmatch(r"[0-9]{1,4}", s) or not 1 <= int(s) <= count:
        raise InputProblem("choice", text=quoted(s), n=count)
    return int(s)


def looks_like_number(text: str) -> bool:
    """Any run of digits, including ones Python reads as digits but int() refuses (², ①)."""
    s = text.strip()
    return bool(s) and all(c.isdigit() for c in s)
