"""Standard streams that never raise a UnicodeError at a learner.

Bytes on stdin that are not UTF-8 (a terminal set to Latin-1, a binary file piped in) read as U+FFFD and
are then refused like any stray text; what cannot be encoded on output (a name given on the command line in
another encoding, kept by Python as lone surrogates) is written as escapes. Imports nothing heavy: the
command line calls it before anything else.
"""

from __future__ import annotations

from typing import IO, Any


def tolerate_bad_bytes(inp: IO[Any] | None, *outputs: IO[Any] | None) -> None:
    """Make ``inp`` decode with replacement and each of ``outputs`` encode with backslash escapes."""
    for stream, errors in ((inp, "replace"), *((out, "backslashreplace") for out in outputs)):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=errors)
