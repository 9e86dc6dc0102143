"""What to tell the user when the data folder's disk fails: full, read-only, forbidden, or a damaged index.

The CLI's last-resort handler (``simulator/cli/main.py``) asks this before writing a crash log: these are
the user's to fix (free space, rights, another ``--data-dir``), not bugs, and nothing recorded is lost.
"""

from __future__ import annotations

import errno

from .journal import describe_os_error

STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


def describe_storage_error(exc: BaseException) -> str | None:
    """For an error of the data folder's disk (full, read-only, forbidden), what to tell the user; else None."""
    if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"écriture impossible{where} : {describe_os_error(exc)}"
    import sqlite3  # only on this error path

    if isinstance(exc, sqlite3.Error):
        from .index import describe_sqlite_error, is_damaged

        text = str(exc).lower()
        if is_damaged(exc) or any(w in text for w in ("full", "readonly", "unable to open", "disk i/o")):
            return f"index des sessions inutilisable : {describe_sqlite_error(exc)}"
    return None
