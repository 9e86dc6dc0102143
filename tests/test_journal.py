"""The journal: nothing a learner did is lost, tampering is detected, resuming is replaying."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from factories import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.store import journal as journal_module
from simulator.store.index import SessionIndex
from simulator.store.journal import Journal, JournalError, read_journal
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
    assert resumed.notices[0].endswith("reprise au tour 1")  # the turn it resumes from, the last whole one
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
    from simulator.store.branches import undo_last

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


def test_every_write_is_on_disk_before_the_call_returns(tmp_path, monkeypatch):
    """A learner's move is fsync'ed, whole, before the engine answers: a crash after the reply loses nothing.

    (test_cohort stubs fsync out for speed; this is where durability is checked.)"""
    synced: list[tuple[str, int]] = []  # what each fsync was given, and its size on disk at that moment
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        info = os.fstat(fd)
        synced.append(("folder" if stat.S_ISDIR(info.st_mode) else "file", info.st_size))
        real_fsync(fd)

    monkeypatch.setattr(journal_module.os, "fsync", spy)
    folder = tmp_path / "j"
    journal = Journal.create(folder, {"scenario_id": "mini"})
    # the header, flushed whole, then the folder (so that the new file's name survives a crash too)
    assert synced == [("file", journal.path.stat().st_size), ("folder", folder.stat().st_size)]
    for write in (lambda: journal.append(ChoiceInput("insister")), lambda: journal.append_record({"type": "end"})):
        synced.clear()
        before = journal.path.stat().st_size
        write()
        after = journal.path.stat().st_size
        assert after > before and synced == [("file", after)], "the new line was not fsync'ed whole before returning"
    assert read_journal(journal.path).ended


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """A finished journal with hints: its bytes, and for each whole line its end offset and its input (if any)."""
    folder = tmp_path_factory.mktemp("played")
    scenario_file = folder / "mini.yaml"
    scenario_file.write_text(MINIMAL, encoding="utf-8")
    rec = RecordedSession.start(load_scenario(scenario_file), seed=3, learner="léa", folder=folder / "j")
    rec.record_hint(None)
    for choice in ("insister", "traiter", "conclure"):
        rec.step(ChoiceInput(choice))
    blob = rec.path.read_bytes()
    lines, end = [], 0
    for raw in blob.split(b"\n")[:-1]:
        end += len(raw) + 1
        data = json.loads(raw)
        lines.append((end, data["input"]["choice"] if data["type"] == "input" else None))
    assert read_journal(rec.path).ended and len(lines) >= 6
    return blob, lines, folder / "cut.jsonl"


@settings(settings.get_profile("thorough"), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_journal_cut_anywhere_resumes_to_its_whole_lines_and_goes_on(played, data, monkeypatch):
    """A crash can stop a write at any byte (and leave zeros behind it): reopening keeps exactly the whole
    lines, says a line was torn, and the next move continues an intact chain."""
    blob, lines, path = played
    cut = data.draw(st.integers(0, len(blob)), label="cut")
    zeros = data.draw(st.sampled_from([0, 1, 512]), label="zeros")  # zeros: a size updated before the data
    path.write_bytes(blob[:cut] + b"\0" * zeros)
    monkeypatch.setattr(journal_module.os, "fsync", lambda fd: None)  # durability: the test above
    whole = [choice for end, choice in lines if end <= cut]
    if not whole:  # the header itself is incomplete: there is nothing to resume, and it says so
        with pytest.raises(JournalError):
            Journal.reopen(path)
        return
    torn = cut != lines[len(whole) - 1][0] or zeros > 0
    kept = [ChoiceInput(c) for c in whole if c is not None]
    rec = read_journal(path)
    assert rec.inputs == kept and rec.torn == torn and bool(rec.notices) == torn
    journal = Journal.reopen(path)
    journal.append(ChoiceInput("suite"))
    again = read_journal(path)
    assert again.inputs == [*kept, ChoiceInput("suite")] and not again.torn
    assert path.read_bytes().startswith(blob[:lines[len(whole) - 1][0]])  # the whole lines are kept byte for byte


def test_an_undo_keeps_the_learners_words_on_the_turns_it_keeps(scenario_file, tmp_path):
    # seen in play: after one undo late in a free-text session, its debrief listed the learner's words from the
    # undone turn on only; turns 1 to 27 showed the options' lines, the words stayed in the journal left behind
    from simulator.report.free_text import free_text_turns
    from simulator.store.branches import undo_last

    rec = start(scenario_file, tmp_path)
    rec.journal.append_record({"type": "free_text_unclear", "before_turn": 1, "text": "euh bof"})
    rec.step(ChoiceInput("insister"), {"free_text": {"text": "Signez, allez.", "option": "insister"}})
    rec.step(ChoiceInput("traiter"), {"free_text": {"text": "Cher ?", "option": "traiter"}})
    rec.journal.append_record({"type": "free_text_unclear", "before_turn": 3, "text": "hmm"})
    rec.step(ChoiceInput("conclure"), {"free_text": {"text": "On signe ?", "option": "conclure"}})
    branch = undo_last(rec)
    records = read_journal(branch.path).records
    assert free_text_turns(records) == [(1, {"text": "Signez, allez.", "option": "insister"}),
                                        (2, {"text": "Cher ?", "option": "traiter"})]
    assert [(r["before_turn"], r["text"]) for r in records if r.get("type") == "free_text_unclear"] == [
        (1, "euh bof"), (3, "hmm")]  # typed before the kept turns, and in the situation the branch resumes at
    kinds = [r.get("type") for r in records]
    assert kinds.index("free_text_unclear") < kinds.index("input")  # each where it was typed
    assert read_journal(branch.path).inputs == [ChoiceInput("insister"), ChoiceInput("traiter")]


def test_an_input_the_engine_cannot_read_is_refused_in_the_engine_s_words(scenario_file, tmp_path):
    """A whole, chained line whose input no version of the engine knows: the reason given is the engine's own."""
    rec = start(scenario_file, tmp_path)
    rec.step(ChoiceInput("insister"))
    lines = rec.path.read_bytes().split(b"\n")
    last = json.loads(lines[-2])
    last["input"] = {"geste": "clin d'œil"}
    lines[-2] = json.dumps(last, ensure_ascii=False).encode()
    rec.path.write_bytes(b"\n".join(lines))
    why = "entrée illisible : {'geste': \"clin d'œil\"}"
    assert read_journal(rec.path, salvage=True).skipped == [(2, why)]
    with pytest.raises(JournalError) as refused:
        read_journal(rec.path)
    assert why in str(refused.value)
