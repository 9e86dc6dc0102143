"""Checking a MAC or a signature read from a file: its form first, then a constant-time comparison of bytes.

A seal's or an annotation's ``mac`` (or ``sig``) comes from a file anyone can edit, so it is untrusted text: it may be
missing, not a string, too short, or hold any character. ``hmac.compare_digest`` raises ``TypeError`` on
a ``str`` with a non-ASCII character, so a tampered MAC must never reach it as text. Every signature
check goes through :func:`same_mac`, which refuses a malformed MAC and compares ASCII bytes;
:func:`mac_form_problem` says, in French, what is wrong with one (for the verdict's reason).
"""

from __future__ import annotations

import hmac
import string

MAC_LENGTH = 64  # SHA-256 or HMAC-SHA256, as lowercase hexadecimal (what ``hexdigest()`` writes)
_HEX = frozenset(string.hexdigits.lower())
_SHOWN = 12  # characters of a malformed MAC quoted in a message, at most


def _char(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    return f"« {ch} » ({code})" if ch.isprintable() and not ch.isspace() else code


def mac_form_problem(mac: object, length: int = MAC_LENGTH) -> str | None:
    """Why ``mac`` is not a MAC (or a signature, ``length`` 128) as negosim writes them, or None if it is one."""
    if mac is None:
        return "empreinte absente"
    if not isinstance(mac, str):
        return f"empreinte mal formée : un texte de {length} chiffres hexadécimaux est attendu, pas {type(mac).__name__}"
    for i, ch in enumerate(mac, 1):
        if ch not in _HEX:
            return (f"empreinte mal formée : caractère {_char(ch)} en position {i}, seuls les chiffres "
                    "hexadécimaux 0-9 et a-f sont possibles")
    if len(mac) != length:
        shown = mac if len(mac) <= _SHOWN else mac[:_SHOWN] + "…"
        return (f"empreinte mal formée : {len(mac)} chiffre(s) hexadécimal(aux) au lieu de {length}"
                + (f" (« {shown} »)" if mac else ""))
    return None


def same_mac(computed: str, found: object) -> bool:
    """Is ``found`` (read from a file) the MAC ``computed``? False for a malformed one; never raises.

    The comparison is in constant time, on bytes: a well-formed MAC is ASCII.
    """
    if not isinstance(found, str) or mac_form_problem(found) is not None:
        return False
    return hmac.compare_digest(computed.encode("ascii"), found.encode("ascii"))
