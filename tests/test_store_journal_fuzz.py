"""Random damage to a journal (truncated, a byte changed, a line duplicated, garbage inserted): resuming never
crashes, never loses a turn whose line is intact before the first damaged byte, keeps a copy of what it
cuts, says what it did, and leaves a journal whose chain is whole and goes on."""

from __future__ import annotations

import json
import shutil

import pytest
from factories import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.store import journal as journal_module
from simulator.store.index import SessionIndex
from simulator.store.journal import JournalError, read_journal
from simulator.store.recorder import RecordedSession


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """An unfinished journal with a hint: its bytes, and for each input line its end offset."""
    folder = tmp_path_factory.mktemp("fuzz")
    scenario_file = folder / "mini.yaml"
    scenario_file.write_text(MINIMAL, encoding="utf-8")
    rec = RecordedSession.start(load_scenario(scenario_file), seed=3, learner="léa", folder=folder / "j",
                                index=SessionIndex(folder / "index.sqlite3"))
    rec.step(ChoiceInput("insister"))
    rec.record_hint(None)
    rec.step(ChoiceInput("traiter"))
    rec.journal.close()
    blob = rec.path.read_bytes()
    ends, end = [], 0
    for raw in blob.split(b"\n")[:-1]:
        end += len(raw) + 1
        if json.loads(raw)["type"] == "input":
            ends.append(end)
    return blob, ends, folder / "work"


def line_starts(blob: bytes) -> list[int]:
    return [0] + [i + 1 for i, b in enumerate(blob) if b == 0x0A]


@st.composite
def mutations(draw, blob: bytes) -> tuple[bytes, int, bool]:
    """The damaged bytes, the offset of the first byte that differs from the original, and whether the
    damage only added whole lines (a duplicate, or garbage ending in a newline put between two lines)."""
    kind = draw(st.sampled_from(["truncate", "byte", "duplicate", "garbage"]))
    if kind == "truncate":
        cut = draw(st.integers(0, len(blob) - 1))
        return blob[:cut], cut, False
    if kind == "byte":
        at = draw(st.integers(0, len(blob) - 1))
        new = draw(st.integers(0, 255).filter(lambda b: b != blob[at]))
        return blob[:at] + bytes([new]) + blob[at + 1:], at, False
    starts = line_starts(blob)
    if kind == "duplicate":
        i = draw(st.integers(0, len(starts) - 2))
        line = blob[starts[i]:starts[i + 1]]
        return blob[:starts[i + 1]] + line + blob[starts[i + 1]:], starts[i + 1], True
    at = draw(st.one_of(st.sampled_from(starts), st.integers(0, len(blob))))
    garbage = draw(st.binary(min_size=1, max_size=40))
    return blob[:at] + garbage + blob[at:], at, at in starts and garbage.endswith(b"\n")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_resuming_a_damaged_journal_keeps_every_intact_turn_and_says_what_it_did(original, data, monkeypatch):
    blob, ends, work = original
    monkeypatch.setattr(journal_module.os, "fsync", lambda fd: None)  # durability has its own tests
    damaged, first_damage, lines_added = data.draw(mutations(blob), label="mutation")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    path = work / "session.jsonl"
    path.write_bytes(damaged)
    intact = [ChoiceInput(c) for c, end in zip(["insister", "traiter"], ends) if end <= first_damage]
    try:
        rec = RecordedSession.resume(path, SessionIndex(work / "index.sqlite3"))
    except JournalError as exc:  # only when the header itself is damaged; said, with the file
        assert first_damage < blob.index(b"\n") + 1 and str(path) in str(exc)
        return
    try:
        inputs = rec.session.inputs
        assert inputs[:len(intact)] == intact, "a turn intact before the damage was lost"
        if lines_added:
            assert inputs[:2] == [ChoiceInput("insister"), ChoiceInput("traiter")]  # whole lines: all kept
        after = path.read_bytes()
        backups = list(work.glob("*.damaged-*"))
        if after != damaged:
            assert rec.notices, "the journal was changed without a word"
        removed_whole_lines = not damaged.startswith(after) or b"\n" in damaged[len(after):]
        if removed_whole_lines:  # more than a torn tail was cut: the file as it was is kept
            assert [b.read_bytes() for b in backups] == [damaged]
            assert any(str(backups[0]) in n for n in rec.notices)
        record = read_journal(path)  # whole again: a strict read accepts it
        assert record.inputs == inputs and not record.torn
        rec.record_hint(None)  # and the chain goes on
        assert read_journal(path).hints[-1] == (len(inputs) + 1, None)
    finally:
        rec.journal.close()
