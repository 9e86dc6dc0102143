"""What to tell the user when the data folder's disk fails: full, read-only, forbidden, or a damaged index.

The CLI's last-resort handler (``simulator/cli/main.py``) asks this before writing a crash log: these are
the user's to fix (free space, rights, another ``--data-dir``), not bugs, and nothing recorded is lost.
"""

from __future__ import annotations

import errno

from ..i18n.phrase import phrase
from .journal import describe_os_error
from .notice import Notice, as_field

STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


def describe_storage_error(exc: BaseException) -> str | None:
    """For an error of the data folder's disk (full, read-only, forbidden), what to tell the user (a
    :class:`Notice`: French text, shown in the user's language); else None."""
    if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
        where = f" ({exc.filename})" if exc.filename else ""
        return Notice(phrase("err.storage.write", where=where, reason=as_field(describe_os_error(exc))))
    import sqlite3  # only on this error path

    if isinstance(exc, sqlite3.Error):
        from .index import describe_sqlite_error, is_damaged

        text = str(exc).lower()
        if is_damaged(exc) or any(w in text for w in ("full", "readonly", "unable to open", "disk i/o")):
            return Notice(phrase("err.storage.index", reason=as_field(describe_sqlite_error(exc))))
    return None
