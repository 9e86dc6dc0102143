"""The journal: nothing a learner did is lost, tampering is detected, resuming is replaying."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import MINIMAL

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.store.index import SessionIndex
from simulator.store.journal import JournalError, read_journal
from simulator.store.recorder import RecordedSession, load_session


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def start(scenario_file: Path, tmp_path: Path, seed: int = 5) -> RecordedSession:
    return RecordedSession.start(load_scenario(scenario_file), seed=seed, learner="léa", folder=tmp_path / "j")


def test_header_then_one_line_per_input_with_a_hash_chain(scenario_file, tmp_path):
    rec = start(scenario_file, tmp_path)
    rec.step(ChoiceInput("insister"))
    rec.step(ChoiceInput("traiter"))
    lines = [json.loads(x) for x in rec.path.read_text(encoding="utf-8").splitlines()]
    header = lines[0]
    assert header["type"] == "header" and header["scenario_id"] == "mini" and header["seed"] == 5
    assert header["learner"] == "léa" and len(header["scenario_hash"]) == 64 and header["negosim"]
    assert [x["input"] for x in lines[1:]] == [{"choice": "insister"}, {"choice": "traiter"}]
    rec_read = read_journal(rec.path)
    assert rec_read.inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]
    assert all(line["prev"] == h for line, h in zip(lines[1:], rec_read.hashes))


def test_resume_replays_to_the_same_session(scenario_file, tmp_path):
    rec = start(scenario_file, tmp_path)
    rec.step(ChoiceInput("insister"))
    session, _ = load_session(rec.path)
    assert repr(session.turns) == repr(rec.session.turns) and session.state == rec.session.state


def test_torn_last_line_resumes_from_the_last_whole_line(scenario_file, tmp_path):
    rec = start(scenario_file, tmp_path)
    rec.step(ChoiceInput("insister"))
    with rec.path.open("ab") as fh:
        fh.write(b'{"type":"input","n":2,"input":{"cho')  # killed mid-write
    resumed = RecordedSession.resume(rec.path)
    assert len(resumed.session.turns) == 1 and resumed.notices and "incomplète" in resumed.notices[0]
    resumed.step(ChoiceInput("traiter"))  # the torn tail was cut: the chain goes on whole
    assert read_journal(rec.path).inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]


@pytest.mark.parametrize("tamper", ["edit", "delete", "swap"])
def test_tampering_breaks_the_chain(scenario_file, tmp_path, tamper):
    rec = start(scenario_file, tmp_path)
    rec.step(ChoiceInput("insister"))
    rec.step(ChoiceInput("traiter"))
    lines = rec.path.read_text(encoding="utf-8").splitlines()
    if tamper == "edit":
        lines[1] = lines[1].replace("insister", "question")
    elif tamper == "delete":
        del lines[1]
    else:
        lines[1], lines[2] = lines[2], lines[1]
    rec.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(JournalError, match="chaîne"):
        read_journal(rec.path)


def test_changed_scenario_resumes_by_choice_id_or_names_the_missing_one(scenario_file, tmp_path):
    rec = start(scenario_file, tmp_path)
    rec.step(ChoiceInput("insister"))
    # an edit that keeps the ids: resumes, with a notice
    scenario_file.write_text(MINIMAL.replace('say: "Bonjour."', 'say: "Bonjour, entrez."'), encoding="utf-8")
    session, record = load_session(rec.path)
    assert session.state == "objection" and any("modifié" in n for n in record.notices)
    # an edit that removes the recorded choice: says which id is gone
    scenario_file.write_text(MINIMAL.replace("- id: insister", "- id: pousser"), encoding="utf-8")
    with pytest.raises(JournalError, match="« insister »"):
        load_session(rec.path)


def test_index_records_start_progress_and_end(scenario_file, tmp_path):
    index = SessionIndex(tmp_path / "index.sqlite3")
    rec = RecordedSession.start(load_scenario(scenario_file), seed=1, learner="léa", folder=tmp_path / "j", index=index)
    rec.step(ChoiceInput("question"))
    [row] = index.sessions(learner="léa")
    assert row.turns == 1 and not row.finished
    rec.step(ChoiceInput("conclure"))
    [row] = index.sessions()
    assert row.outcome == "success" and row.finished and row.scenario_id == "mini"
    assert read_journal(rec.path).ended


def test_hints_are_journaled_resumed_and_kept_by_an_undo(scenario_file, tmp_path):
    from simulator.tui.sessions import undo_last

    rec = start(scenario_file, tmp_path)
    rec.record_hint("n_objection")  # before turn 1
    rec.step(ChoiceInput("insister"))
    rec.record_hint("n_objection")  # before turn 2, the move about to be undone
    rec.step(ChoiceInput("traiter"))
    rec.record_hint(None)  # before turn 3: its situation is undone with turn 2
    lines = [json.loads(x) for x in rec.path.read_text(encoding="utf-8").splitlines()]
    assert [(x["before_turn"], x["criterion"]) for x in lines if x["type"] == "hint"] == [
        (1, "n_objection"), (2, "n_objection"), (3, None)]
    assert read_journal(rec.path).inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]  # hints are not moves
    resumed = RecordedSession.resume(rec.path, SessionIndex(tmp_path / "i.sqlite3"))
    assert resumed.hints == [(1, "n_objection"), (2, "n_objection"), (3, None)]
    branch = undo_last(resumed)
    assert len(branch.session.turns) == 1 and branch.hints == [(1, "n_objection"), (2, "n_objection")]
    assert read_journal(branch.path).hints == branch.hints
