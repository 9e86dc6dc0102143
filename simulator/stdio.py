"""Standard streams that never raise a UnicodeError at a learner, and text that never drives the terminal.

Bytes on stdin that are not UTF-8 (a terminal set to Latin-1, a binary file piped in) read as U+FFFD and
are then refused like any stray text; what cannot be encoded on output (a name given on the command line in
another encoding, kept by Python as lone surrogates) is written as escapes. Imports nothing heavy: the
command line calls it before anything else.
"""

from __future__ import annotations

import re
from typing import IO, Any


def tolerate_bad_bytes(inp: IO[Any] | None, *outputs: IO[Any] | None) -> None:
    """Make ``inp`` decode with replacement and each of ``outputs`` encode with backslash escapes."""
    for stream, errors in ((inp, "replace"), *((out, "backslashreplace") for out in outputs)):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=errors)


# C0 controls but tab and line feed, DEL, C1 controls, bidi overrides and isolates: what a terminal obeys
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to write on a terminal: a control character shows as its escape (``\\x1b``) instead of
    moving the cursor or reordering the line. Loaded content never holds one (the YAML reader refuses
    them); this guards what comes from elsewhere (an old or edited journal, a file name)."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
