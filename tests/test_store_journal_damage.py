"""Journals under damage and misuse: one writer at a time, size and file-type limits, damaged lines set aside
after a copy is kept, a full disk that leaves the chain whole, and the file-system seam that proves fsync."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from factories import MINIMAL

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, EngineError
from simulator.store import journal as journal_module
from simulator.store.index import SessionIndex
from simulator.store.journal import FileSystem, Journal, JournalError, read_journal
from simulator.store.recorder import RecordedSession

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def played(scenario_file: Path, tmp_path: Path, moves=("insister",), **kw) -> RecordedSession:
    rec = RecordedSession.start(load_scenario(scenario_file), seed=5, learner="léa", folder=tmp_path / "j",
                                index=SessionIndex(tmp_path / "index.sqlite3"), **kw)
    for move in moves:
        rec.step(ChoiceInput(move))
    return rec


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


# -- one writer at a time

def test_a_second_process_cannot_resume_a_session_being_written(scenario_file, tmp_path):
    rec = played(scenario_file, tmp_path)
    rec.journal.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from pathlib import Path
            from simulator.store.journal import Journal
            j = Journal.reopen(Path({str(rec.path)!r}))
            print("locked", flush=True)
            sys.stdin.readline()
        """)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(JournalError, match="déjà ouverte par un autre processus"):
            RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))
        assert len(read_journal(rec.path).inputs) == 1  # the refused resume wrote nothing
    finally:
        holder.communicate("\n", timeout=10)
    # once the other process is gone, the session resumes and goes on with a whole chain
    again = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))
    again.step(ChoiceInput("traiter"))
    assert read_journal(rec.path).inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]


def test_the_same_process_may_open_a_session_it_already_writes(scenario_file, tmp_path):
    rec = played(scenario_file, tmp_path)
    again = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))  # history, then resume
    again.step(ChoiceInput("traiter"))
    rec.journal.close()  # closing one writer keeps the other's lock
    from simulator.store import lock

    assert not lock.locked_elsewhere(rec.path)
    again.step(ChoiceInput("conclure"))
    assert read_journal(rec.path).ended


# -- what is not a journal

def test_non_regular_files_and_oversize_journals_are_refused_before_reading(tmp_path, monkeypatch):
    with pytest.raises(JournalError, match="pas un fichier ordinaire"):
        read_journal("/dev/zero")
    with pytest.raises(JournalError, match="pas un fichier ordinaire"):
        RecordedSession.resume(tmp_path)
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read_fifo() -> None:
        try:
            read_journal(fifo)
        except BaseException as exc:  # noqa: BLE001 - kept for the assertion below
            outcome.append(exc)

    reader = threading.Thread(target=read_fifo, daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # blocked opening the pipe, waiting for a writer: give it one, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)
        pytest.fail("opening a named pipe as a journal hung")
    assert isinstance(outcome[0], JournalError) and "pas un fichier ordinaire" in str(outcome[0])
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(journal_module, "MAX_JOURNAL_BYTES", 1024)
    with pytest.raises(JournalError, match="trop volumineux"):
        read_journal(big)
    with pytest.raises(JournalError, match="trop volumineux"):
        Journal.reopen(big)


# -- damage: a copy kept, the good turns resumed, and said

def test_a_corrupt_last_line_is_set_aside_with_a_copy_kept_and_a_notice(scenario_file, tmp_path):
    rec = played(scenario_file, tmp_path, ("insister", "traiter"))
    rec.journal.close()
    original = rec.path.read_bytes()
    lines = lines_of(rec.path)
    lines[-1] = lines[-1][:-6] + b"\xff" + lines[-1][-5:]  # one byte, the newline kept: not a torn write
    rec.path.write_bytes(b"\n".join(lines) + b"\n")
    damaged = rec.path.read_bytes()
    with pytest.raises(JournalError, match=r":3 : ligne illisible"):
        read_journal(rec.path)  # reading for a report or a jury refuses it, saying where
    resumed = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))
    assert resumed.session.inputs == [ChoiceInput("insister")]
    assert any("endommagé" in n and "ligne 3" in n for n in resumed.notices)
    [backup] = rec.path.parent.glob("*.damaged-*")
    assert backup.read_bytes() == damaged and any(str(backup) in n for n in resumed.notices)
    assert rec.path.read_bytes() == original[:len(b"".join(x + b"\n" for x in lines[:2]))]
    resumed.step(ChoiceInput("traiter"))
    assert read_journal(rec.path).inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]


def test_damage_mid_file_resumes_every_turn_still_on_the_chain(scenario_file, tmp_path):
    rec = played(scenario_file, tmp_path, ("insister", "traiter"))
    rec.journal.close()
    lines = lines_of(rec.path)
    # garbage inserted and a line duplicated: neither breaks the chain of the lines around them
    mangled = [lines[0], b'{"oops": tru', lines[1], lines[1], lines[2]]
    rec.path.write_bytes(b"\n".join(mangled) + b"\n")
    resumed = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))
    assert resumed.session.inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]
    assert any("2 lignes écartées" in n for n in resumed.notices)
    assert lines_of(rec.path) == lines  # rewritten byte for byte, without the two foreign lines
    assert len(list(rec.path.parent.glob("*.damaged-*"))) == 1


def test_a_garbage_line_before_a_torn_tail_is_damage_not_a_torn_write(scenario_file, tmp_path):
    rec = played(scenario_file, tmp_path, ("insister", "traiter"))
    rec.journal.close()
    lines = lines_of(rec.path)
    rec.path.write_bytes(b"\n".join([*lines[:2], b"\x00garbage"]) + b'\n{"type":"inp')
    with pytest.raises(JournalError, match=":3 : ligne illisible"):
        read_journal(rec.path)
    salvaged = read_journal(rec.path, salvage=True)
    assert salvaged.skipped == [(3, "ligne illisible, journal endommagé")] and salvaged.torn
    assert "endommagé" in salvaged.notices[0]


def test_a_move_the_unchanged_scenario_refuses_is_cut_as_damage(scenario_file, tmp_path):
    """A line whose bytes were changed but still chain (the last one) and name a move that cannot be played."""
    rec = played(scenario_file, tmp_path, ("insister", "traiter"))
    rec.journal.close()
    lines = lines_of(rec.path)
    lines[-1] = lines[-1].replace(b'"traiter"', b'"question"')  # last line: no later line checks its hash
    rec.path.write_bytes(b"\n".join(lines) + b"\n")
    resumed = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))
    assert resumed.session.inputs == [ChoiceInput("insister")]
    assert "tour 2 ne se rejoue pas" in resumed.notices[0]
    assert len(read_journal(rec.path).inputs) == 1 and list(rec.path.parent.glob("*.damaged-*"))


# -- the file-system seam: durability and a full disk

class WatchedFiles(FileSystem):
    """Records each write and fsync; ``full`` makes the next write fail as a full disk does, half-way."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.full = False

    def write(self, fd: int, data: bytes) -> int:
        if self.full:
            os.write(fd, bytes(data[: len(data) // 2]))  # part of the line reaches the file first
            raise OSError(errno.ENOSPC, "No space left on device")
        self.events.append("write")
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self.events.append("fsync")
        super().fsync(fd)


def test_a_turn_is_fsynced_before_it_is_reported(scenario_file, tmp_path):
    fs = WatchedFiles()
    rec = played(scenario_file, tmp_path, (), fs=fs)
    for move in ("insister", "traiter"):
        fs.events.clear()
        rec.step(ChoiceInput(move))
        fs.events.append("reported")
        assert fs.events[:3] == ["write", "fsync", "reported"], fs.events
    fs.events.clear()
    resumed = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"), fs=fs)
    resumed.step(ChoiceInput("conclure"))  # the move that ends it: its line, then the end record, each synced
    fs.events.append("reported")
    assert fs.events == ["write", "fsync", "write", "fsync", "reported"]


def test_a_full_disk_refuses_the_turn_in_french_and_leaves_the_chain_whole(scenario_file, tmp_path):
    fs = WatchedFiles()
    rec = played(scenario_file, tmp_path, ("insister",), fs=fs)
    before = rec.path.read_bytes()
    fs.full = True
    with pytest.raises(EngineError, match="disque plein.*rien n'est perdu"):
        rec.step(ChoiceInput("traiter"))
    assert rec.path.read_bytes() == before  # the half-written line was cut back
    assert rec.session.inputs == [ChoiceInput("insister")]  # what is shown is what is saved
    fs.full = False
    rec.step(ChoiceInput("traiter"))  # room again: the same session goes on
    assert read_journal(rec.path).inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]


def test_a_full_disk_at_the_start_leaves_no_empty_journal(scenario_file, tmp_path):
    fs = WatchedFiles()
    fs.full = True
    with pytest.raises(OSError) as caught:
        played(scenario_file, tmp_path, (), fs=fs)
    assert caught.value.errno == errno.ENOSPC
    assert list((tmp_path / "j").iterdir()) == []


def test_the_end_record_lost_to_a_full_disk_is_said_and_the_turn_kept(scenario_file, tmp_path):
    fs = WatchedFiles()
    rec = played(scenario_file, tmp_path, ("insister", "traiter"), fs=fs)
    real_write = fs.write
    calls = []

    def fail_second(fd, data):  # the move's line is written, the end record is not
        calls.append(data)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    fs.write = fail_second  # type: ignore[method-assign]
    rec.step(ChoiceInput("conclure"))
    assert rec.session.ended and any("fin de session non enregistrée" in n for n in rec.notices)
    record = read_journal(rec.path)
    assert len(record.inputs) == 3 and not record.ended
    assert json.loads(lines_of(rec.path)[-1])["input"] == {"choice": "conclure"}


def test_a_damaged_exam_record_is_reported_and_left_as_it_is(scenario_file, tmp_path):
    rec = RecordedSession.start(load_scenario(scenario_file), seed=5, learner="léa", folder=tmp_path / "j",
                                mode="exam", index=SessionIndex(tmp_path / "index.sqlite3"))
    rec.step(ChoiceInput("insister"))
    rec.step(ChoiceInput("traiter"))
    rec.journal.close()
    lines = lines_of(rec.path)
    rec.path.write_bytes(b"\n".join([*lines[:2], b"garbage", lines[2]]) + b"\n")
    damaged = rec.path.read_bytes()
    with pytest.raises(JournalError, match="épreuve endommagé.*ni réparé ni modifié"):
        RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))
    assert rec.path.read_bytes() == damaged and not list(rec.path.parent.glob("*.damaged-*"))


# -- details the repair must get right (each a mutant that once survived)

def test_a_cut_suffices_when_the_kept_lines_are_the_start_of_the_file(scenario_file, tmp_path):
    """Repairing a bad last line only truncates: the kept lines are never rewritten, so a crash mid-repair
    cannot lose them."""
    rec = played(scenario_file, tmp_path, ("insister", "traiter"))
    rec.journal.close()
    lines = lines_of(rec.path)
    rec.path.write_bytes(b"\n".join([*lines, b"\xffbad"]) + b"\n")
    fs = WatchedFiles()
    resumed = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"), fs=fs)
    assert "write" not in fs.events and lines_of(rec.path) == lines
    assert resumed.session.inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]


def test_a_line_set_aside_then_a_move_refused_is_one_repair_with_one_copy(scenario_file, tmp_path):
    """The first move's line changed (its hash too, so the lines after it leave the chain), and the move
    it now names cannot be played: both repairs happen, from the one copy, down to the header."""
    rec = played(scenario_file, tmp_path, ("insister", "traiter"))
    rec.journal.close()
    lines = lines_of(rec.path)
    lines[1] = lines[1].replace(b'"choice":"insister"', b'"choice":"traiter"')  # not offered at turn 1
    rec.path.write_bytes(b"\n".join(lines) + b"\n")
    resumed = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))
    assert resumed.session.inputs == [] and lines_of(rec.path) == lines[:1]
    assert len(list(rec.path.parent.glob("*.damaged-*"))) == 1
    resumed.step(ChoiceInput("question"))
    again = read_journal(rec.path)
    assert again.inputs == [ChoiceInput("question")] and again.records[-1]["n"] == 1


def test_after_a_cut_the_next_line_is_numbered_from_the_turns_kept(scenario_file, tmp_path):
    rec = played(scenario_file, tmp_path, ("insister", "traiter"))
    rec.journal.close()
    lines = lines_of(rec.path)
    lines[-1] = lines[-1].replace(b'"traiter"', b'"question"')  # the last move, unplayable there
    rec.path.write_bytes(b"\n".join(lines) + b"\n")
    resumed = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "index.sqlite3"))
    assert resumed.journal.count == 1
    resumed.step(ChoiceInput("traiter"))
    assert [r["n"] for r in read_journal(rec.path).records if r["type"] == "input"] == [1, 2]


def test_the_copy_is_named_for_when_it_was_made_in_utc(scenario_file, tmp_path, monkeypatch):
    import re
    import time
    from datetime import UTC, datetime, timedelta

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: a local stamp would be another day
    time.tzset()
    try:
        rec = played(scenario_file, tmp_path, ("insister",))
        rec.journal.close()
        before = datetime.now(UTC)
        backup = journal_module.keep_copy(rec.path)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    found = re.fullmatch(re.escape(rec.path.name) + r"\.damaged-(\d{8}-\d{6})-[0-9a-f]{4}", backup.name)
    assert found, backup.name
    made = datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    assert before - timedelta(seconds=2) <= made <= datetime.now(UTC)
    assert backup.read_bytes() == rec.path.read_bytes()


def test_a_closed_journal_reopens_on_the_next_write(scenario_file, tmp_path):
    rec = played(scenario_file, tmp_path, ("insister",))
    rec.journal.close()
    rec.journal.close()  # twice is harmless
    rec.step(ChoiceInput("traiter"))
    assert read_journal(rec.path).inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]


def test_os_errors_are_said_in_french_or_as_the_system_says_them():
    from simulator.store.journal import describe_os_error

    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == "disque plein : libérez de la place"
    assert describe_os_error(OSError(errno.ELOOP, "Too many levels of symbolic links")) == (
        "Too many levels of symbolic links")  # no French wording for it: the system's words
    assert describe_os_error(OSError("le disque a disparu")) == "le disque a disparu"  # no errno, no strerror


def test_an_input_line_carries_its_number_its_time_and_the_monotonic_clock(tmp_path, monkeypatch):
    """``n`` counts the inputs, ``at`` is read back as the turn's time, ``mono`` (to the millisecond) lets an
    exam's clock be checked against wall time."""
    from datetime import UTC, datetime, timedelta

    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    monkeypatch.setattr(journal_module.time, "monotonic", lambda: 1234.56789)
    before = datetime.now(UTC)
    for move in ("insister", "traiter", "conclure"):
        journal.append(ChoiceInput(move))
    record = read_journal(journal.path)
    lines = record.records[1:]
    assert [line["n"] for line in lines] == [1, 2, 3] and journal.count == 3
    assert [line["mono"] for line in lines] == [1234.568] * 3
    assert record.times == [line["at"] for line in lines]
    at = datetime.fromisoformat(lines[0]["at"])
    assert at.utcoffset() == timedelta(0) and before - timedelta(seconds=1) <= at <= datetime.now(UTC)


def test_a_journal_that_cannot_be_opened_says_which_and_why(tmp_path):
    missing = tmp_path / "gone.jsonl"
    with pytest.raises(JournalError) as caught:
        Journal.reopen(missing)
    assert str(caught.value) == f"{missing} : journal illisible (fichier ou dossier introuvable)"
    with pytest.raises(JournalError) as caught:
        read_journal("/dev/zero")
    assert str(caught.value).startswith("/dev/zero : ce n'est pas un fichier ordinaire")
    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    journal.close()

    class ReadOnly(FileSystem):
        def open(self, path, flags, mode=0o600):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

    with pytest.raises(JournalError) as caught:
        Journal.reopen(journal.path, ReadOnly())
    assert str(caught.value) == (f"{journal.path} : journal impossible à ouvrir en écriture (accès refusé : "
                                 "vérifiez les droits du dossier de données)")


def test_what_is_not_a_journal_is_refused_in_exact_words(tmp_path, monkeypatch):
    with pytest.raises(JournalError) as caught:
        read_journal("/dev/zero")
    assert str(caught.value) == ("/dev/zero : ce n'est pas un fichier ordinaire (dossier, périphérique ou tube) ; "
                                 "donnez le chemin d'un journal de session (.jsonl)")
    journal = Journal.create(tmp_path / "j", {"scenario_id": "mini"})
    journal.append(ChoiceInput("insister"))
    size = journal.path.stat().st_size
    monkeypatch.setattr(journal_module, "MAX_JOURNAL_BYTES", size)
    assert len(read_journal(journal.path).inputs) == 1  # at the limit: still a journal
    monkeypatch.setattr(journal_module, "MAX_JOURNAL_BYTES", 2 * 1048576)
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * (3 * 1048576 + 1))
    with pytest.raises(JournalError) as caught:
        read_journal(big)
    assert str(caught.value) == f"{big} : fichier trop volumineux pour un journal de session (3 Mo, limite 2 Mo)"


def test_each_kind_of_damage_is_named_where_it_is(tmp_path):
    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    journal.append(ChoiceInput("insister"))
    journal.close()
    header, line = lines_of(journal.path)
    cases = {
        b"\n".join([header, line, b"{oops"]): ":3 : ligne illisible, journal endommagé",
        b"\n".join([header, line.replace(b"insister", b"traiter")]): None,  # the last line: no later hash
        b"\n".join([header, header]): ":2 : chaîne d'empreintes rompue (ligne modifiée, retirée ou déplacée)",
        b'{"type":"input","prev":null}': ":1 : en-tête de journal manquant",
    }
    for blob, message in cases.items():
        journal.path.write_bytes(blob + b"\n")
        if message is None:
            assert read_journal(journal.path).inputs == [ChoiceInput("traiter")]
            continue
        with pytest.raises(JournalError) as caught:
            read_journal(journal.path)
        assert str(caught.value) == f"{journal.path}{message}"


def test_reading_is_bounded_and_its_failures_are_said(tmp_path, monkeypatch):
    """The read asks for one byte more than the cap (a file that grew after its size was checked is still
    refused without being read whole), and a missing file or a disk error is said with the file."""
    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    asked: list[int | None] = []
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, fh, error):
            self.fh, self.error = fh, error

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def read(self, n=None):
            asked.append(n)
            if self.error:
                raise OSError(errno.EIO, "Input/output error")
            return self.fh.read(n)

    monkeypatch.setattr(journal_module.os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode), False))
    read_journal(journal.path)
    assert asked == [journal_module.MAX_JOURNAL_BYTES + 1]
    monkeypatch.setattr(journal_module.os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode), True))
    with pytest.raises(JournalError) as caught:
        read_journal(journal.path)
    assert str(caught.value) == f"{journal.path} : journal illisible (erreur d'entrée-sortie du disque)"
    monkeypatch.undo()
    with pytest.raises(JournalError) as caught:
        read_journal(tmp_path / "gone.jsonl")
    assert str(caught.value) == f"{tmp_path / 'gone.jsonl'} : journal illisible (fichier ou dossier introuvable)"


def test_lines_are_canonical_utf8_json_and_the_file_private(tmp_path):
    """Sorted keys, no spaces, accents as UTF-8 (not \\u escapes): the bytes a seal or a jury recomputes."""
    journal = Journal.create(tmp_path, {"scenario_id": "mini", "learner": "Léa Zoé"})
    journal.append(ChoiceInput("insister"))
    for raw in lines_of(journal.path):
        assert raw == json.dumps(json.loads(raw), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert "Léa Zoé".encode() in lines_of(journal.path)[0]
    assert journal.path.stat().st_mode & 0o777 == 0o600  # a learner's work is theirs


def test_the_header_names_the_negosim_version_that_wrote_it(tmp_path, monkeypatch):
    from importlib import metadata

    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    assert read_journal(journal.path).header["negosim"] == metadata.version("negosim")

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)  # run from a source tree, not installed
    assert read_journal(Journal.create(tmp_path, {"scenario_id": "x"}).path).header["negosim"] == "0+source"


def test_a_journal_built_by_hand_continues_the_chain(tmp_path):
    first = Journal.create(tmp_path, {"scenario_id": "mini"})
    first.append(ChoiceInput("insister"))
    first.close()
    record = read_journal(first.path)
    again = Journal(first.path, record.last_hash, len(record.inputs))  # what a tool does
    again.append(ChoiceInput("traiter"))
    after = read_journal(first.path)
    assert after.inputs == [ChoiceInput("insister"), ChoiceInput("traiter")] and after.records[-1]["n"] == 2
    assert after.path == first.path


def test_empty_and_headless_journals_and_many_damaged_lines_are_said_exactly(tmp_path, monkeypatch):
    path = tmp_path / "s.jsonl"
    for blob in (b"", b"\0\0\n\n"):
        path.write_bytes(blob)
        with pytest.raises(JournalError) as caught:
            read_journal(path, salvage=True)
        assert str(caught.value) == f"{path} : journal vide"
    path.write_bytes(b"XX\n")
    with pytest.raises(JournalError) as caught:
        read_journal(path, salvage=True)
    assert str(caught.value) == f"{path} : en-tête de journal illisible"
    journal = Journal.create(tmp_path / "j", {"scenario_id": "mini"})
    journal.close()
    header = lines_of(journal.path)[0]
    for bad, more in ((3, ""), (5, " ; et 2 autres")):
        journal.path.write_bytes(b"\n".join([header, *[b"?"] * bad]) + b"\n")
        record = read_journal(journal.path, salvage=True)
        why = "ligne illisible, journal endommagé"
        assert record.notices == [f"journal endommagé (ligne 2 : {why} ; ligne 3 : {why} ; ligne 4 : {why}{more}) : "
                                  f"{bad} lignes écartées, reprise au tour 0, le dernier intact"]


def test_a_file_that_grew_past_the_cap_after_its_check_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_module, "MAX_JOURNAL_BYTES", 2 * 1048576)
    monkeypatch.setattr(journal_module, "_check_info", lambda path, info: None)  # it was small when checked
    grown = tmp_path / "grown.jsonl"
    grown.write_bytes(b"x" * (2 * 1048576 + 1))
    with pytest.raises(JournalError) as caught:
        read_journal(grown)
    assert str(caught.value) == f"{grown} : fichier trop volumineux pour un journal de session (plus de 2 Mo)"


def test_a_new_journal_is_named_and_headed_as_documented(tmp_path):
    import re
    from datetime import UTC, datetime, timedelta

    before = datetime.now(UTC).replace(microsecond=0)
    journal = Journal.create(tmp_path / "a" / "b", {"scenario_id": "mini", "seed": 4})  # folders made as needed
    found = re.fullmatch(r"(\d{8}-\d{6})-mini-[0-9a-f]{6}\.jsonl", journal.path.name)
    assert found, journal.path.name
    made = datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= made <= datetime.now(UTC)
    header = read_journal(journal.path).header
    assert (header["type"], header["format"], header["prev"], header["seed"]) == ("header", 1, None, 4)
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(header["started_at"]) <= datetime.now(UTC)
    assert Journal.create(tmp_path, {}).path.name.endswith(".jsonl") and "-session-" in Journal.create(
        tmp_path, {}).path.name


def test_the_second_writer_is_told_what_to_do_in_full(scenario_file, tmp_path):
    rec = played(scenario_file, tmp_path)
    rec.journal.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from simulator.store.journal import Journal; "
         f"j = Journal.reopen(Path({str(rec.path)!r})); print('locked', flush=True); sys.stdin.readline()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(JournalError) as caught:
            Journal.reopen(rec.path)
    finally:
        holder.communicate("\n", timeout=10)
    assert str(caught.value) == (f"{rec.path} : cette session est déjà ouverte par un autre processus negosim (une "
                                 "autre fenêtre ou un autre terminal) ; terminez-la là-bas, ou attendez qu'elle soit "
                                 "fermée, puis reprenez-la")


def test_a_line_that_is_json_but_not_a_record_is_unreadable(tmp_path):
    journal = Journal.create(tmp_path, {"scenario_id": "mini"})
    journal.close()
    header = lines_of(journal.path)[0]
    for other in (b"[1, 2]", b'"texte"', b"3"):
        journal.path.write_bytes(header + b"\n" + other + b"\n")
        with pytest.raises(JournalError) as caught:
            read_journal(journal.path)
        assert str(caught.value) == f"{journal.path}:2 : ligne illisible, journal endommagé"
