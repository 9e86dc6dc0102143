"""Labels and number formats in the front end's current language (blocks, sectors, marks, stars, dates).

Textual-free: the terminal UI's screens use them, and so may any other front end.
"""

from __future__ import annotations

from . import get_lang, t


def block_label(block: str, short: bool = False) -> str:
    key = f"block.{block}" + (".short" if short else "")
    text = t(key)
    return block if text == key else text


def sector_label(sector: str) -> str:
    if not sector:
        return ""
    text = t("sector." + sector)
    return sector if text == "sector." + sector else text


def difficulty_stars(level: int) -> str:
    if not level:
        return "—"
    return "★" * level + "☆" * max(0, 3 - level)


def format_number(value: float, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return text.replace(".", ",") if get_lang() == "fr" else text


def format_mark(mark: float) -> str:
    return format_number(mark) + "/20"


def outcome_label(outcome: str | None) -> str:
    if outcome is None:
        return t("outcome.unfinished")
    text = t("outcome." + outcome)
    return outcome if text == "outcome." + outcome else text


def format_date(iso: str) -> str:
    """'2026-11-26T16:26:22.000+00:00' -> '26/11/2026 17:26' in local time (fr) or '2026-11-26 17:26' (en)."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso[:16]
    return when.strftime("%d/%m/%Y %H:%M" if get_lang() == "fr" else "%Y-%m-%d %H:%M")
