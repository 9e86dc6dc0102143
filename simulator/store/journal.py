"""The session journal: append-only JSON Lines, hash-chained, fsync'ed before the reply is shown.

Line 1 is a header (scenario id and content hash, seed, mode, learner, start time, negosim version);
then one line per learner input. Each line carries ``prev``, the SHA-256 of the previous line's bytes,
so a changed, removed or reordered line is detected. A session is a pure function of the header and
the inputs: resuming is replaying. A torn last line (crash mid-write) is dropped with a notice.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import shutil
import stat
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..engine.session import Input, input_from_dict
from ..errors import NegosimError
from ..i18n.phrase import Joined, phrase, phrase_n
from . import lock
from .notice import Notice, as_field

FORMAT = 1


class JournalError(NegosimError):
    """A journal that cannot be read or resumed; the message says why and where."""

    code = "journal"
    title_key = "error.resume.title"
    hint_key = "error.resume.hint"


def line_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _encode(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("negosim")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "0+source"


class FileSystem:
    """The operating-system calls a journal makes to write, as one seam.

    The default calls ``os`` (looked up at each call, so a test's monkeypatch of ``os.fsync`` still
    applies); a test injects its own to prove that a line is fsync'ed before a turn is reported, or to
    play a full disk (``OSError(ENOSPC)``) without filling one."""

    def open(self, path: Path, flags: int, mode: int = 0o600) -> int:
        return os.open(path, flags, mode)

    def write(self, fd: int, data: bytes | memoryview) -> int:
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def truncate(self, fd: int, size: int) -> None:
        os.ftruncate(fd, size)

    def close(self, fd: int) -> None:
        os.close(fd)


OS_FILES = FileSystem()


class Journal:
    """Writes one session's journal. Every append is flushed and fsync'ed before returning.

    The writer keeps the file open and locked (``store/lock.py``) until :meth:`close` or the end of
    the process, so a second process cannot resume the same session at the same time."""

    def __init__(self, path: Path, last_hash: str = "", count: int = 0, *, fd: int | None = None,
                 fs: FileSystem = OS_FILES):
        self.path = path
        self.last_hash = last_hash
        self.count = count  # inputs written so far
        self.fs = fs
        self.record: JournalRecord | None = None  # what reopening read (and repaired), for the resumer
        self._fd: int | None = None
        if fd is not None:
            self._adopt(fd)

    def _adopt(self, fd: int) -> None:
        """Write through ``fd`` from now on, locked against other processes until closed."""
        key = _lock_or_refuse(self.path, fd, self.fs)
        # _size: the file's size as this writer left it, where a failed write is cut back to
        self._fd, self._size = fd, os.fstat(fd).st_size
        self._finalizer = weakref.finalize(self, _close_fd, self.fs, fd, key)

    @classmethod
    def create(cls, folder: Path, header: dict[str, Any], fs: FileSystem = OS_FILES) -> Journal:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{header.get('scenario_id', 'session')}-{secrets.token_hex(3)}.jsonl"
        path = folder / name
        record = {"type": "header", "format": FORMAT, "negosim": _version(), "started_at": now_iso(),
                  "prev": None, **header}
        fd = fs.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        journal = cls(path, fd=fd, fs=fs)
        try:
            journal._write(record)
        except OSError:
            journal.close()
            _unlink_quietly(path)  # a header that could not be written is no session: leave no empty file
            raise
        _fsync_dir(folder, fs)
        return journal

    @classmethod
    def reopen(cls, path: Path, fs: FileSystem = OS_FILES) -> Journal:
        """Continue an existing journal, locked against other writers.

        A torn last line is cut off so the chain stays whole; damaged lines (unreadable, or off the hash
        chain) are set aside after a copy of the whole file is kept beside it (``notices`` say so)."""
        _check_file(path)
        try:
            fd = fs.open(path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise JournalError(key="err.journal.open_write", path=path, reason=describe_os_error(exc)) from None
        journal = cls(path, fd=fd, fs=fs)
        try:
            rec = read_journal(path, salvage=True)
            journal.record = rec
            if rec.skipped and is_exam(rec):
                raise JournalError(key="err.journal.exam_damaged", path=path, notice=rec.notices[0])
            if rec.skipped:
                journal.rewrite(rec, len(rec.records))
            elif rec.torn:
                journal._truncate(rec.valid_bytes)
        except BaseException:
            journal.close()
            raise
        journal.last_hash, journal.count = rec.last_hash, len(rec.inputs)
        return journal

    def rewrite(self, rec: JournalRecord, keep: int) -> None:
        """Keep only the first ``keep`` lines of ``rec``, after copying the file as it is beside it.

        Used when a journal is damaged: what is cut is never lost (the copy), and the lines kept are
        written back byte for byte, so their hash chain holds."""
        if rec.backup is None:  # one copy of the file as it was found, however many cuts follow
            rec.backup = keep_copy(self.path)
            rec.notices.append(Notice(phrase("err.journal.backup", path=str(rec.backup))))
        rec.cut(keep)
        data = b"".join(line + b"\n" for line in rec.raw_lines)
        if len(data) <= rec.intact_bytes:
            self._truncate(len(data))  # the lines kept are the file's start: cutting the rest is enough
        else:
            self._truncate(0)
            self._write_raw(data)
        rec.valid_bytes = rec.intact_bytes = len(data)
        self.last_hash, self.count = rec.last_hash, len(rec.inputs)

    def append(self, inp: Input, extra: dict[str, Any] | None = None) -> None:
        record = {"type": "input", "n": self.count + 1, "input": inp.as_dict(), "at": now_iso(),
                  "mono": round(time.monotonic(), 3), "prev": self.last_hash}
        if extra:
            record.update(extra)
        self._write(record)
        self.count += 1

    def append_record(self, record: dict[str, Any]) -> str:
        """Append a non-input record (end marker, seal, annotation); returns its hash."""
        return self._write({**record, "prev": self.last_hash})

    def _write(self, record: dict[str, Any]) -> str:
        raw = _encode(record)
        self._write_raw(raw + b"\n")
        self.last_hash = line_hash(raw)
        return self.last_hash

    def _write_raw(self, data: bytes) -> None:
        """Write ``data`` whole and fsync it; on failure (a full disk) cut back what was half written."""
        fd = self._open_fd()
        before = self._size
        try:
            view = memoryview(data)
            while view:
                view = view[self.fs.write(fd, view):]
            self.fs.fsync(fd)
        except OSError:
            try:
                self.fs.truncate(fd, before)  # no torn line left behind: the chain stays whole
            except OSError:
                pass  # the next reopen cuts the torn tail
            raise
        self._size = before + len(data)

    def _truncate(self, size: int) -> None:
        fd = self._open_fd()
        self.fs.truncate(fd, size)
        self.fs.fsync(fd)
        self._size = size

    def _open_fd(self) -> int:
        if self._fd is None:  # built by hand (tests, tools) or closed: open and lock again on the next write
            self._adopt(self.fs.open(self.path, os.O_WRONLY | os.O_APPEND))
        assert self._fd is not None
        return self._fd

    def close(self) -> None:
        """Release the file and its lock (also done when the object goes away or the process ends)."""
        if self._fd is not None:
            self._finalizer()
            self._fd = None


def _lock_or_refuse(path: Path, fd: int, fs: FileSystem) -> tuple[int, int]:
    try:
        return lock.acquire(fd)
    except lock.LockedError:
        fs.close(fd)
        raise JournalError(key="err.journal.locked", path=path) from None


def _close_fd(fs: FileSystem, fd: int, key: tuple[int, int] | None) -> None:
    try:
        fs.close(fd)
    except OSError:
        pass
    if key is not None:
        lock.release(key)


def _fsync_dir(folder: Path, fs: FileSystem = OS_FILES) -> None:
    """Make a new file's name durable too (where the platform allows syncing a folder)."""
    try:
        fd = fs.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        fs.fsync(fd)
    except OSError:
        pass
    finally:
        fs.close(fd)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def keep_copy(path: Path) -> Path:
    """Copy a journal beside itself before it is repaired (``NAME.jsonl.damaged-STAMP``, never read as a
    session), fsync'ed, and return the copy's path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.damaged-{stamp}-{secrets.token_hex(2)}")
    shutil.copyfile(path, backup)
    with backup.open("rb") as fh:
        os.fsync(fh.fileno())
    _fsync_dir(path.parent)
    return backup


def describe_os_error(exc: OSError) -> str:
    """What an OS error means for the learner: a :class:`Notice` (French text, shown in the user's language)
    for the usual ones, else the system's own words."""
    reason = _OS_REASONS.get(exc.errno or 0)
    return Notice(phrase(reason)) if reason else (exc.strerror or str(exc))


_OS_REASONS = {
    errno.ENOSPC: "err.os.full",
    errno.EDQUOT: "err.os.quota",
    errno.EROFS: "err.os.read_only",
    errno.EACCES: "err.os.denied",
    errno.EPERM: "err.os.not_permitted",
    errno.EIO: "err.os.io",
    errno.ENOENT: "err.os.not_found",
}


@dataclass
class JournalRecord:
    path: Path
    header: dict[str, Any]
    inputs: list[Input] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)  # every whole line, header first
    hashes: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    torn: bool = False
    valid_bytes: int = 0
    raw_lines: list[bytes] = field(default_factory=list)  # the bytes of each line in ``records``
    input_lines: list[int] = field(default_factory=list)  # for each input, its index in ``records``
    skipped: list[tuple[int, str]] = field(default_factory=list)  # salvage: (line number, why) set aside
    intact_bytes: int = 0  # how many leading bytes of the file are exactly the lines kept before any skip
    backup: Path | None = None  # the copy kept when the journal was repaired

    @property
    def last_hash(self) -> str:
        return self.hashes[-1]

    @property
    def ended(self) -> bool:
        return any(r.get("type") == "end" for r in self.records)

    @property
    def hints(self) -> list[tuple[int, str | None]]:
        """Each hint the learner asked for (``hint`` records): the turn it came before, the criterion it named."""
        return [(r["before_turn"], r.get("criterion") if isinstance(r.get("criterion"), str) else None)
                for r in self.records if r.get("type") == "hint" and isinstance(r.get("before_turn"), int)]

    def cut(self, keep: int) -> None:
        """Forget every line after the first ``keep`` (the header is always kept)."""
        keep = max(1, keep)
        n_inputs = sum(1 for i in self.input_lines if i < keep)
        del self.records[keep:], self.hashes[keep:], self.raw_lines[keep:]
        del self.inputs[n_inputs:], self.times[n_inputs:], self.input_lines[n_inputs:]


def is_exam(rec: JournalRecord) -> bool:
    """An exam's record is evidence: a damaged one is reported, never repaired."""
    return rec.header.get("mode") == "exam"


def hint_turns(hints: Iterable[tuple[int, str | None]]) -> list[int]:
    """What the scorer is given of the hints: the turn each came before."""
    return [before_turn for before_turn, _ in hints]


MAX_JOURNAL_BYTES = 64 * 1024 * 1024  # a long session is a few hundred kB; more is not a negosim journal


def _check_file(path: Path) -> None:
    """Refuse what cannot be a journal before reading it: not a regular file, or far too large."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise JournalError(key="err.journal.unreadable", path=path, reason=describe_os_error(exc)) from None
    _check_info(path, info)


def _check_info(path: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise JournalError(key="err.journal.not_file", path=path)
    if info.st_size > MAX_JOURNAL_BYTES:
        raise JournalError(key="err.journal.too_big", path=path, size=f"{info.st_size / 1048576:.0f}",
                           limit=MAX_JOURNAL_BYTES // 1048576)


def _read_capped(path: Path) -> bytes:
    try:
        # O_NONBLOCK: a named pipe given as a journal must not hang the open; it is refused just after
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise JournalError(key="err.journal.unreadable", path=path, reason=describe_os_error(exc)) from None
    with os.fdopen(fd, "rb") as fh:
        _check_info(path, os.fstat(fd))
        try:
            blob = fh.read(MAX_JOURNAL_BYTES + 1)  # bounded even if the file grows while it is read
        except OSError as exc:
            raise JournalError(key="err.journal.unreadable", path=path, reason=describe_os_error(exc)) from None
    if len(blob) > MAX_JOURNAL_BYTES:
        raise JournalError(key="err.journal.too_big_read", path=path, limit=MAX_JOURNAL_BYTES // 1048576)
    return blob


class _BadLine(ValueError):
    """A whole line that cannot belong to the journal; its argument, a :class:`Notice`, says why."""


def read_journal(path: Path | str, *, salvage: bool = False) -> JournalRecord:
    """Read and check a journal: every whole line parsed, each chained to the one before it.

    A torn tail (bytes after the last newline: a crash mid-write, possibly followed by zeros) is
    always tolerated and reported in ``notices``. A damaged whole line (unreadable, or off the hash
    chain: edited, removed, moved, duplicated, inserted) raises :class:`JournalError` saying where,
    unless ``salvage``: then the lines that do not continue the chain are set aside (``skipped``), the
    chain from the header goes on with any line that continues it, and ``notices`` say what was done."""
    path = Path(path)
    blob = _read_capped(path)
    lines = blob.split(b"\n")
    tail = lines.pop()  # a file written completely ends with a newline, so the last piece is empty
    rec: JournalRecord | None = None
    skipped: list[tuple[int, str]] = []
    intact = 0  # end of the whole lines read before the first one set aside
    prev: str | None = None
    for i, raw in enumerate(lines, 1):
        try:
            data = _parse_line(raw, prev, header=rec is None)
            inp = input_from_dict(data.get("input") or {}) if rec is not None and data.get("type") == "input" else None
        except ValueError as exc:  # _BadLine, or an input record the engine cannot read
            if not salvage:
                raise JournalError(key="err.journal.bad_line", path=path, line=i, reason=_why(exc)) from None
            skipped.append((i, _why(exc)))
            continue
        if rec is None:
            rec = JournalRecord(path, data)
        elif inp is not None:
            rec.input_lines.append(len(rec.records))
            rec.inputs.append(inp)
            rec.times.append(str(data.get("at", "")))
        rec.records.append(data)
        rec.hashes.append(line_hash(raw))
        rec.raw_lines.append(raw)
        prev = rec.hashes[-1]
        if not skipped:
            intact += len(raw) + 1
    if rec is None:
        raise JournalError(key="err.journal.empty" if not blob.strip(b"\0\n") else "err.journal.no_header", path=path)
    rec.skipped, rec.intact_bytes, rec.torn = skipped, intact, bool(tail)
    rec.valid_bytes = sum(len(line) + 1 for line in rec.raw_lines)
    if skipped:
        named = [phrase("err.journal.line_why", line=n, reason=as_field(why)) for n, why in skipped[:3]]
        more = [phrase_n("err.journal.more", len(skipped) - 3)] if len(skipped) > 3 else []
        rec.notices.append(Notice(phrase("err.journal.damaged", where=Joined((*named, *more), "scoring.sep.semicolon"),
                                         turn=len(rec.inputs), lines=phrase_n("err.journal.set_aside", len(skipped)))))
    elif tail:
        rec.notices.append(Notice(phrase("err.journal.torn", turn=len(rec.inputs))))
    return rec


def _why(exc: ValueError) -> str:
    """Why a line was refused: a :class:`_BadLine`'s notice, or the engine's own words for an input it cannot read."""
    return exc.args[0] if isinstance(exc, _BadLine) else str(exc)


def _parse_line(raw: bytes, prev: str | None, header: bool) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _BadLine(Notice(phrase("err.journal.line_unreadable"))) from None
    if not isinstance(data, dict):
        raise _BadLine(Notice(phrase("err.journal.line_unreadable")))
    if data.get("prev") != prev:
        raise _BadLine(Notice(phrase("err.journal.chain_broken")))
    if header and data.get("type") != "header":
        raise _BadLine(Notice(phrase("err.journal.header_missing")))
    return data
