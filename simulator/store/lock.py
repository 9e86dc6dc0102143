"""One writer per journal: an exclusive, non-blocking OS lock held while a process writes a session.

Two processes resuming the same session would both write line 5 and break its hash chain, so the
writer holds an advisory lock on the journal file (``flock`` on POSIX, ``msvcrt.locking`` on Windows)
for as long as it keeps the journal open; the lock dies with the process, so a crash never leaves a
session locked. Readers (history, reports, verification) take no lock: lines are appended whole and
fsync'ed, and a reader tolerates a torn tail. Within one process the lock is shared: the app may open
a session it already has open (history, then resume) without locking itself out.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass


class LockedError(OSError):
    """The journal is being written by another process."""


@dataclass
class _Held:
    fd: int
    users: int


_held: dict[tuple[int, int], _Held] = {}
_guard = threading.Lock()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        # lock one byte far past any journal's end: Windows locks are mandatory, so byte 0 would block readers
        os.lseek(fd, 1 << 40, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def acquire(fd: int) -> tuple[int, int]:
    """Lock the file open on ``fd`` for this process; returns the key to :func:`release` it with.

    Raises :class:`LockedError` when another process holds it."""
    info = os.fstat(fd)
    key = (info.st_dev, info.st_ino)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.users += 1
            return key
        lock_fd = os.dup(fd)  # its own descriptor, so closing a writer's fd never drops another's lock
        if not _try_lock(lock_fd):
            os.close(lock_fd)
            raise LockedError("journal locked by another process")
        _held[key] = _Held(lock_fd, 1)
        return key


def release(key: tuple[int, int]) -> None:
    with _guard:
        held = _held.get(key)
        if held is None:
            return
        held.users -= 1
        if held.users <= 0:
            del _held[key]
            os.close(held.fd)  # closing the last descriptor of the lock releases it


def locked_elsewhere(path: str | os.PathLike[str]) -> bool:
    """Whether another process is writing this journal now (without keeping any lock)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        with _guard:
            if (info.st_dev, info.st_ino) in _held:
                return False  # this process's own
        return not _try_lock(fd)
    finally:
        os.close(fd)  # also drops the probe's lock
