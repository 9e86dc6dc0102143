"""Checking a MAC or a signature read from a file: its form first, then a constant-time comparison of bytes.

A seal's or an annotation's ``mac`` (or ``sig``) comes from a file anyone can edit, so it is untrusted text: it may be
missing, not a string, too short, or hold any character. ``hmac.compare_digest`` raises ``TypeError`` on
a ``str`` with a non-ASCII character, so a tampered MAC must never reach it as text. Every signature
check goes through :func:`same_mac`, which refuses a malformed MAC and compares ASCII bytes;
:func:`mac_form` says what is wrong with one (a reason for the verdict, worded in the reader's language).
"""

from __future__ import annotations

import hmac
import string

from .reason import Reason

MAC_LENGTH = 64  # SHA-256 or HMAC-SHA256, as lowercase hexadecimal (what ``hexdigest()`` writes)
_HEX = frozenset(string.hexdigits.lower())
_SHOWN = 12  # characters of a malformed MAC quoted in a message, at most


def mac_form(mac: object, length: int = MAC_LENGTH) -> Reason | None:
    """Why ``mac`` is not a MAC (or a signature, ``length`` 128) as negosim writes them, or None if it is one."""
    if mac is None:
        return Reason("verify.mac.missing")
    if not isinstance(mac, str):
        return Reason("verify.mac.type", {"length": length, "type": type(mac).__name__})
    for i, ch in enumerate(mac, 1):
        if ch not in _HEX:
            code = f"U+{ord(ch):04X}"
            if ch.isprintable() and not ch.isspace():  # quoted only when it can be seen
                return Reason("verify.mac.char_seen", {"char": ch, "code": code, "position": i})
            return Reason("verify.mac.char_code", {"code": code, "position": i})
    if len(mac) != length:
        if not mac:
            return Reason("verify.mac.length", {"length": length}, len(mac))
        shown = mac if len(mac) <= _SHOWN else mac[:_SHOWN] + "…"
        return Reason("verify.mac.length_shown", {"length": length, "shown": shown}, len(mac))
    return None


def mac_form_problem(mac: object, length: int = MAC_LENGTH) -> str | None:
    """:func:`mac_form` in French as the catalog writes it, or None for a well-formed MAC."""
    reason = mac_form(mac, length)
    return None if reason is None else reason.written()


def same_mac(computed: str, found: object) -> bool:
    """Is ``found`` (read from a file) the MAC ``computed``? False for a malformed one; never raises.

    The comparison is in constant time, on bytes: a well-formed MAC is ASCII.
    """
    if not isinstance(found, str) or mac_form(found) is not None:
        return False
    return hmac.compare_digest(computed.encode("ascii"), found.encode("ascii"))
