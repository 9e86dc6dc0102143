"""The session index: one WAL connection, writes that never stop a turn, and a rebuild from the journals
(by command and automatically when the index file is damaged) that loses nothing."""

from __future__ import annotations

import errno
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import MINIMAL

from simulator.cli.main import cli
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.store.index import SessionIndex
from simulator.store.paths import index_path, journals_dir
from simulator.store.rebuild import rebuild_index
from simulator.store.recorder import RecordedSession


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def play(scenario_file: Path, index: SessionIndex, moves, learner="léa", folder: Path | None = None) -> RecordedSession:
    rec = RecordedSession.start(load_scenario(scenario_file), seed=5, learner=learner, folder=folder, index=index)
    for move in moves:
        rec.step(ChoiceInput(move))
    rec.journal.close()
    return rec


def test_the_index_keeps_one_connection_in_wal_mode(tmp_path, monkeypatch):
    opened = []
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: opened.append(a) or real_connect(*a, **k))
    index = SessionIndex(tmp_path / "index.sqlite3")
    index.record_start(tmp_path / "a.jsonl", "léa", "mini", "Mini", "practice", "2026-01-01T00:00:00")
    for n in range(1, 6):
        index.record_progress(tmp_path / "a.jsonl", n, f"2026-01-01T00:00:0{n}")
    [row] = index.sessions("léa")
    assert row.turns == 5 and len(opened) == 1
    mode = sqlite3.connect(tmp_path / "index.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_an_index_write_that_fails_never_stops_the_turn(scenario_file, tmp_path):
    index = SessionIndex(tmp_path / "index.sqlite3")
    rec = play(scenario_file, index, ["insister"], folder=tmp_path / "j")
    rec = RecordedSession.resume(rec.path, index)
    index.close()
    (tmp_path / "index.sqlite3").unlink()
    (tmp_path / "index.sqlite3").mkdir()  # the index cannot be opened any more
    rec.step(ChoiceInput("traiter"))  # the turn is journaled all the same
    assert rec.session.inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]
    assert index.errors and "rien n'est perdu" in index.errors[0] and "negosim index rebuild" in index.errors[0]


def test_a_damaged_index_is_kept_aside_and_rebuilt_from_the_journals(scenario_file, tmp_path):
    index = SessionIndex()
    finished = play(scenario_file, index, ["insister", "traiter", "conclure"])
    open_one = play(scenario_file, index, ["question"], learner="paul")
    expected = {(r.journal, r.learner, r.turns, r.outcome, r.mark, r.criteria) for r in index.sessions()}
    index.close()
    index_path().write_bytes(b"this is not a database" * 100)
    for side in ("-wal", "-shm"):
        index_path().with_name(index_path().name + side).unlink(missing_ok=True)
    again = SessionIndex()  # the next start
    rows = again.sessions()
    assert {(r.journal, r.learner, r.turns, r.outcome, r.mark, r.criteria) for r in rows} == expected
    assert {r.journal for r in rows} == {str(finished.path), str(open_one.path)}
    assert again.notices and "reconstruit depuis les journaux" in again.notices[0]
    [kept] = index_path().parent.glob("index.sqlite3.damaged-*")
    assert kept.read_bytes().startswith(b"this is not a database")


def test_negosim_index_rebuild_says_what_it_found_and_skips_an_unreadable_journal(scenario_file, tmp_path):
    index = SessionIndex()
    play(scenario_file, index, ["insister", "traiter", "conclure"])
    index.close()
    (journals_dir() / "broken.jsonl").write_bytes(b"\x00\x01 not json\n")
    result = CliRunner().invoke(cli, ["index", "rebuild"])
    assert result.exit_code == 0, result.output
    out = result.output.replace("\u00a0", " ").replace("\u202f", " ")
    assert "1 session retrouvée dont 1 terminée, 1 journal illisible ignoré ; ancien index gardé dans " in out
    assert "broken.jsonl" in out and "(s)" not in out
    [row] = SessionIndex().sessions()
    assert row.outcome == "success" and row.mark is not None
    assert list(index_path().parent.glob("index.sqlite3.old-*"))  # the index it replaced is kept


def test_rebuild_gives_each_session_the_row_the_recorder_wrote(scenario_file, tmp_path):
    from simulator.store.branches import undo_last

    index = SessionIndex(tmp_path / "live.sqlite3")
    folder = journals_dir()  # where an undo's branch goes
    play(scenario_file, index, ["insister", "traiter", "conclure"], folder=folder)
    rec = play(scenario_file, index, ["question"], learner="paul", folder=folder)
    undo_last(RecordedSession.resume(rec.path, index))  # an abandoned journal and its branch
    play(scenario_file, index, [], learner="zoé", folder=folder)
    live = {r.journal: r for r in index.sessions()}
    report = rebuild_index(tmp_path / "rebuilt.sqlite3", folder, keep_old=None)
    rebuilt = {r.journal: r for r in SessionIndex(tmp_path / "rebuilt.sqlite3").sessions()}
    assert report.sessions == 4 and rebuilt.keys() == live.keys()
    for journal, row in live.items():
        again = rebuilt[journal]
        assert (again.learner, again.scenario_id, again.mode, again.turns, again.outcome, again.mark, again.criteria) \
            == (row.learner, row.scenario_id, row.mode, row.turns, row.outcome, row.mark, row.criteria), journal


def test_taking_back_the_last_move_of_a_finished_session_lists_it_once(scenario_file, tmp_path):
    """Undo on the debrief of a finished session: the history shows the branch being replayed, not also the
    finished attempt it replaces; the finished journal keeps its end record, and a rebuild agrees."""
    from simulator.store.branches import replay_from, undo_last

    index = SessionIndex(tmp_path / "live.sqlite3")
    folder = journals_dir()
    done = play(scenario_file, index, ["insister", "traiter", "conclure"], folder=folder)
    kept = play(scenario_file, index, ["insister", "traiter", "conclure"], learner="paul", folder=folder)
    branch = undo_last(RecordedSession.resume(done.path, index))
    replay_from(RecordedSession.resume(kept.path, index), 2)  # a replay from the debrief: a new attempt beside it
    listed = {r.journal for r in index.page("léa", 0, 50)}
    assert listed == {str(branch.path)}
    records = [json.loads(line) for line in done.path.read_text(encoding="utf-8").splitlines()]
    assert [r["type"] for r in records[-2:]] == ["end", "superseded"] and records[-2]["outcome"] == "success"
    assert {r.journal: r.outcome for r in index.page("paul", 0, 50)}[str(kept.path)] == "success"
    live = {r.journal: (r.outcome, r.mark) for r in index.sessions()}
    rebuild_index(tmp_path / "rebuilt.sqlite3", folder, keep_old=None)
    rebuilt = {r.journal: (r.outcome, r.mark) for r in SessionIndex(tmp_path / "rebuilt.sqlite3").sessions()}
    assert rebuilt == live


def test_a_read_only_data_folder_is_said_in_french_without_a_crash_log(scenario_file, tmp_path, monkeypatch, capsys):
    """As root the folder cannot really be made read-only, so the refusal is injected where the journal is created."""
    from simulator.cli import main as main_module
    from simulator.store import journal as journal_module

    def refuse(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied", str(journals_dir()))

    monkeypatch.setattr(journal_module.OS_FILES, "open", refuse)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["negosim", "play", "--plain", str(scenario_file)])
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("q\n"))
    with pytest.raises(SystemExit) as leaving:
        main_module.main()
    err = capsys.readouterr().err
    assert leaving.value.code == 1 and "accès refusé" in err and "Rien n'a été perdu" in err
    assert "inattendue" not in err and not list(tmp_path.glob("crash-*"))


def test_a_storage_error_anywhere_gets_a_french_message_and_no_traceback(tmp_path, monkeypatch, capsys):
    from simulator.cli import main as main_module

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(main_module, "cli", full)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as leaving:
        main_module.main()
    err = capsys.readouterr().err
    assert leaving.value.code == 74 and "disque plein" in err and "Traceback" not in err
    assert not list(tmp_path.glob("crash-*"))


def test_a_crash_log_never_lands_in_the_current_directory(tmp_path, monkeypatch):
    from simulator.store import paths

    monkeypatch.chdir(tmp_path)
    blocked = tmp_path / "home"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("NEGOSIM_HOME", str(blocked))
    monkeypatch.setattr(paths.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    path = paths.crash_log("boom")
    assert path is not None and path.parent == tmp_path / "tmp" / "negosim-logs" and path.read_text() == "boom"
    assert not list(tmp_path.glob("crash-*"))


def test_storage_errors_are_told_apart_from_bugs():
    from simulator.store.errors import describe_storage_error

    full = OSError(errno.ENOSPC, "No space left on device", "/data/sessions/x.jsonl")
    assert describe_storage_error(full) == "écriture impossible (/data/sessions/x.jsonl) : disque plein : libérez de la place"
    assert describe_storage_error(OSError(errno.EROFS, "Read-only file system")) == (
        "écriture impossible : système de fichiers en lecture seule")
    assert describe_storage_error(OSError(errno.ENOENT, "No such file")) is None  # not the disk's fault
    assert describe_storage_error(ValueError("bug")) is None
    assert describe_storage_error(sqlite3.OperationalError("database or disk is full")) == (
        "index des sessions inutilisable : disque plein")
    assert describe_storage_error(sqlite3.DatabaseError("file is not a database")) == (
        "index des sessions inutilisable : fichier d'index endommagé")
    assert describe_storage_error(sqlite3.OperationalError("no such table: x")) is None


def test_a_rebuild_that_fails_leaves_the_old_index_and_no_half_built_file(scenario_file, tmp_path, monkeypatch):
    from simulator.store import rebuild

    index = SessionIndex()
    play(scenario_file, index, ["insister"])
    index.close()
    before = index_path().read_bytes()
    real_connect = sqlite3.connect

    class Full:
        def __init__(self, *a, **k):
            self.con = real_connect(*a, **k)

        def __getattr__(self, name):
            return getattr(self.con, name)

        def executemany(self, *a):
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(rebuild.sqlite3, "connect", Full)
    result = CliRunner().invoke(cli, ["index", "rebuild"])
    assert result.exit_code == 1 and "index non reconstruit (disque plein)" in result.output
    assert index_path().read_bytes() == before
    assert sorted(p.name for p in index_path().parent.glob("index.sqlite3*")) == ["index.sqlite3"]


def test_an_undo_keeps_the_preparation_sheet_and_leaves_the_written_work_of_the_old_ending(scenario_file, tmp_path):
    """Taking a move back must not lose the sheet the learner wrote before the interview (nothing typed is lost);
    the CRM note written about the old ending stays with it."""
    from simulator.store.branches import undo_last
    from simulator.written.model import CrmNote, PreparationSheet

    index = SessionIndex(tmp_path / "live.sqlite3")
    rec = RecordedSession.start(load_scenario(scenario_file), seed=5, learner="léa", folder=journals_dir(), index=index)
    sheet = PreparationSheet(decision_maker="client", questions=("Quels délais ?", "Qui décide ?", "Quel budget ?"))
    rec.record_work(sheet, final=False)
    for move in ["insister", "traiter", "conclure"]:
        rec.step(ChoiceInput(move))
    rec.record_work(CrmNote(outcome="vente"))
    branch = undo_last(rec)
    kept = branch.works
    assert kept["preparation"].work == sheet and kept["preparation"].final is False
    assert "crm_note" not in kept
