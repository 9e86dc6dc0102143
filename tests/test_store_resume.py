"""``--resume last``: the learner's own newest unfinished session, never one that is in fact over.

A process killed between the last move and the end record leaves a session the index calls unfinished;
it is closed (end record and result) when met, so it no longer hides older unfinished sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import MINIMAL

from simulator.cli.main import cli
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.store.index import SessionIndex
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession
from simulator.store.resumable import latest_resumable


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def play(scenario_file: Path, moves, learner="léa") -> RecordedSession:
    rec = RecordedSession.start(load_scenario(scenario_file), seed=5, learner=learner, index=SessionIndex())
    for move in moves:
        rec.step(ChoiceInput(move))
    rec.journal.close()
    rec.index.close()
    return rec


def killed_before_the_end_record(scenario_file: Path, learner="léa") -> RecordedSession:
    """The last move is journaled and indexed, then the process dies before ``finish``."""
    rec = play(scenario_file, ["insister", "traiter"], learner)
    lines = rec.path.read_bytes()
    again = RecordedSession.resume(rec.path, SessionIndex())
    again.step(ChoiceInput("conclure"))
    journal_lines = again.path.read_bytes().split(b"\n")[:-1]
    again.journal.close()
    rec.path.write_bytes(b"\n".join(journal_lines[:-1]) + b"\n")  # the end record never reached the disk
    index = SessionIndex()
    index.put_row((str(rec.path), learner, "mini", "Mini", "practice", "2099-01-01T00:00:00", "2099-01-01T00:00:00",
                   3, None, None, None))  # newest, and unfinished as far as the index knows
    index.close()
    assert len(rec.path.read_bytes()) > len(lines) and not read_journal(rec.path).ended
    return rec


def test_a_session_over_but_never_closed_is_closed_and_the_older_one_resumed(scenario_file):
    older = play(scenario_file, ["insister"])
    stale = killed_before_the_end_record(scenario_file)
    index = SessionIndex()
    assert latest_resumable(index, "léa") == older.path
    record = read_journal(stale.path)
    assert record.ended and [r["outcome"] for r in record.records if r["type"] == "end"] == ["success"]
    assert len(record.inputs) == 3  # nothing lost: every move is still there
    row = next(r for r in index.sessions("léa") if r.journal == str(stale.path))
    assert row.outcome == "success" and row.mark is not None


def test_resume_last_honours_the_learner(scenario_file):
    mine = play(scenario_file, ["insister"], learner="léa")
    play(scenario_file, ["question"], learner="paul")  # newer, someone else's
    assert latest_resumable(SessionIndex(), "léa") == mine.path
    result = CliRunner().invoke(cli, ["play", "--plain", "--resume", "last", "--learner", "léa"], input="q\n")
    assert result.exit_code == 0, result.output
    assert str(mine.path) in result.output
    result = CliRunner().invoke(cli, ["play", "--plain", "--resume", "last", "--learner", "zoé"], input="q\n")
    assert result.exit_code == 1 and "aucune session interrompue à reprendre pour « zoé »" in result.output.replace("\u202f", " ")


def test_resuming_an_ended_session_without_its_end_record_closes_it(scenario_file):
    stale = killed_before_the_end_record(scenario_file)
    rec = RecordedSession.resume(stale.path, SessionIndex())
    assert rec.session.ended and read_journal(stale.path).ended
    assert any("maintenant close" in n for n in rec.notices)


def test_index_rebuild_closes_sessions_left_open(scenario_file):
    stale = killed_before_the_end_record(scenario_file)
    result = CliRunner().invoke(cli, ["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "1 session arrêtée juste après son dernier tour" in result.output and str(stale.path) in result.output
    assert read_journal(stale.path).ended


def test_resume_of_a_device_is_refused_clearly():
    result = CliRunner().invoke(cli, ["play", "--plain", "--resume", "/dev/zero"])
    assert result.exit_code == 1 and "pas un fichier ordinaire" in result.output
