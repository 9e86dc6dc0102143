"""The journal's details that the older tests let slip (found by mutation testing, tools/mutate.py).

A new journal writes through the one descriptor it opened and syncs its folder through the injected file-system
seam; a repair that keeps a line found after a damaged one rewrites the file instead of cutting it at the wrong
byte; resuming what is not a regular file names the file; the messages about a damaged exam record, a large
file and many damaged lines are said in full; an input line written by another tool without a time reads with
no time rather than a made-up one; a new journal is named for when it began in UTC.
"""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from simulator.engine.session import ChoiceInput
from simulator.store import journal as journal_module
from simulator.store.journal import FileSystem, Journal, JournalError, line_hash, read_journal


class Descriptors(FileSystem):
    """Records which descriptors were opened (and for what), written to, synced and closed."""

    def __init__(self) -> None:
        self.opened: list[tuple[int, str]] = []
        self.written: set[int] = set()
        self.synced: list[int] = []
        self.closed: list[int] = []

    def open(self, path: Path, flags: int, mode: int = 0o600) -> int:
        fd = super().open(path, flags, mode)
        self.opened.append((fd, "folder" if Path(path).is_dir() else "file"))
        return fd

    def write(self, fd: int, data: bytes | memoryview) -> int:
        self.written.add(fd)
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self.synced.append(fd)
        super().fsync(fd)

    def close(self, fd: int) -> None:
        self.closed.append(fd)
        super().close(fd)


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


# ---------------------------------------------------------------- creating a journal
def test_a_new_journal_writes_through_the_descriptor_it_opened_and_closes_everything_it_opened(tmp_path):
    fs = Descriptors()
    journal = Journal.create(tmp_path / "j", {"scenario_id": "mini"}, fs)
    journal.append(ChoiceInput("insister"))
    journal.close()
    files = [fd for fd, kind in fs.opened if kind == "file"]
    assert len(files) == 1, fs.opened  # opened once (created exclusively), not opened again to write
    assert fs.written == {files[0]}
    assert sorted(fs.closed) == sorted(fd for fd, _ in fs.opened)  # no descriptor left open


def test_a_new_journal_syncs_its_folder_through_the_injected_seam(tmp_path):
    """The new file's name is made durable (the folder fsync'ed) through the same seam as the lines, so a test
    or a platform seam sees it."""
    fs = Descriptors()
    Journal.create(tmp_path / "j", {"scenario_id": "mini"}, fs).close()
    folders = [fd for fd, kind in fs.opened if kind == "folder"]
    assert len(folders) == 1 and folders[0] in fs.synced and folders[0] in fs.closed


def test_a_new_journal_is_named_for_when_it_began_in_utc(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: a local stamp would be another day
    time.tzset()
    try:
        before = datetime.now(UTC)
        journal = Journal.create(tmp_path, {"scenario_id": "mini"})
        journal.close()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    found = re.fullmatch(r"(\d{8}-\d{6})-mini-[0-9a-f]{6}\.jsonl", journal.path.name)
    assert found, journal.path.name
    made = datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    assert before - timedelta(seconds=2) <= made <= datetime.now(UTC)


# ---------------------------------------------------------------- repairs
def test_a_repair_that_keeps_a_line_after_a_damaged_one_rewrites_the_file_exactly(tmp_path, monkeypatch):
    """Many intact lines, then a foreign line, then a line that continues the chain: the kept lines are not the
    file's start, so it is rewritten (never cut at a byte that would leave the foreign line in)."""
    monkeypatch.setattr(journal_module.os, "fsync", lambda fd: None)  # durability has its own tests
    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    for n in range(120):
        journal.append_record({"type": "note", "n": n})
    journal.close()
    lines = lines_of(journal.path)
    last = journal_module._encode({"type": "note", "n": "after", "prev": line_hash(lines[-1])})
    journal.path.write_bytes(b"\n".join([*lines, b'{"type":"foreign"}', last]) + b"\n")
    again = Journal.reopen(journal.path)
    again.close()
    assert lines_of(journal.path) == [*lines, last]
    after = read_journal(journal.path)
    assert not after.skipped and after.records[-1]["n"] == "after"


# ---------------------------------------------------------------- what is said
def test_resuming_what_is_not_a_regular_file_names_it(tmp_path):
    with pytest.raises(JournalError) as caught:
        Journal.reopen(tmp_path)
    assert str(caught.value) == (f"{tmp_path} : ce n'est pas un fichier ordinaire (dossier, périphérique ou tube) ; "
                                 "donnez le chemin d'un journal de session (.jsonl)")


def test_a_large_file_is_said_in_rounded_megabytes(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_module, "MAX_JOURNAL_BYTES", 2 * 1048576)
    big = tmp_path / "big.jsonl"
    with big.open("wb") as fh:
        fh.truncate(11 * 1048576 // 2)  # 5.5 Mo, sparse: rounded to the even 6
    with pytest.raises(JournalError) as caught:
        read_journal(big)
    assert str(caught.value) == f"{big} : fichier trop volumineux pour un journal de session (6 Mo, limite 2 Mo)"


def test_four_damaged_lines_name_three_and_count_the_fourth(tmp_path):
    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    journal.close()
    header = lines_of(journal.path)[0]
    journal.path.write_bytes(b"\n".join([header, *[b"?"] * 4]) + b"\n")
    why = "ligne illisible, journal endommagé"
    assert read_journal(journal.path, salvage=True).notices == [
        f"journal endommagé (ligne 2 : {why} ; ligne 3 : {why} ; ligne 4 : {why} ; et 1 autre) : "
        "4 lignes écartées, reprise au tour 0, le dernier intact"]


def test_a_damaged_exam_record_is_refused_in_full(tmp_path):
    journal = Journal.create(tmp_path, {"scenario_id": "mini", "mode": "exam"})
    journal.append(ChoiceInput("insister"))
    journal.close()
    journal.path.write_bytes(journal.path.read_bytes() + b"garbage\n")
    with pytest.raises(JournalError) as caught:
        Journal.reopen(journal.path)
    assert str(caught.value) == (
        f"{journal.path} : enregistrement d'épreuve endommagé (journal endommagé (ligne 3 : ligne illisible, journal "
        "endommagé) : 1 ligne écartée, reprise au tour 1, le dernier intact) ; il n'est ni réparé ni modifié : "
        "c'est une pièce à examiner (negosim verify)")
    # the same refusal in the English UI (issue 20), its notice in English too
    assert caught.value.message("en") == (
        f"{journal.path}: damaged exam record (damaged journal (line 3: unreadable line, journal damaged): 1 line set "
        "aside, resuming at turn 1, the last intact one); it is neither repaired nor changed: it is evidence to "
        "examine (negosim verify)")


def test_an_input_written_without_a_time_reads_with_no_time_rather_than_a_made_up_one(tmp_path):
    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    journal.append_record({"type": "input", "n": 1, "input": ChoiceInput("insister").as_dict()})  # another tool
    journal.append(ChoiceInput("traiter"))
    journal.close()
    record = read_journal(journal.path)
    assert record.inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]
    assert record.times[0] == "" and record.times[1] == record.records[-1]["at"]
    assert os.path.getsize(journal.path) == record.valid_bytes
