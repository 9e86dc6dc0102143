"""What ``load_exam`` reads from an exam record, line by line: phases, durations, turns, outcome, written work,
questions, notices and errors (the jury report and the cohorts show exactly this).

Most tests hand ``load_exam`` a verification built here (the lines as the verifier would give them), so each
field is checked without signing or replaying anything; one small signed exam checks the replay and grading.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from exam_support import KEY, begin, exam_scenario
from hypothesis import given
from hypothesis import strategies as st

import simulator.scoring as scoring
import simulator.store.recorder as recorder
from simulator.engine.session import ChoiceInput
from simulator.exam.annotate import add_annotation
from simulator.exam.record import ExamRecord, TurnTime, is_exam_record, load_exam, outcome_label
from simulator.exam.verify import INVALID, LATE, UNVERIFIABLE, VALID, Verification
from simulator.written.model import FollowUpEmail
from simulator.written.records import work_record

HEADER = {"type": "header", "mode": "exam", "learner": "lea", "scenario_id": "examen", "scenario_title": "Examen",
          "started_at": "2025-06-02T08:00:00+00:00", "exam": {"candidate": "Léa Martin", "seed": 3}}


def verification(tmp_path: Path, records: list[dict], header: dict | None = HEADER, status: str = VALID) -> Verification:
    return Verification(tmp_path / "record.jsonl", status, header=header, records=[header or {}, *records])


def read(tmp_path: Path, records: list[dict], **kwargs) -> ExamRecord:
    """The record as ``load_exam`` reads it, without replaying or grading it."""
    return load_exam(tmp_path / "record.jsonl", grade=False, verification=verification(tmp_path, records, **kwargs))


def phrase_of(notice) -> tuple[str, dict]:
    return notice.phrase.key, dict(notice.phrase.fields)


# --- the header and the exam's phases ---

def test_no_header_is_an_error_and_nothing_else_is_read(tmp_path):
    rec = read(tmp_path, [{"type": "end", "outcome": "success", "at": "x"}], header=None)
    assert phrase_of(rec.error) == ("err.record.header", {})
    assert rec.header == {} and rec.outcome is None and rec.annotations is None and rec.works == {}
    assert rec.candidate == "?" and rec.scenario_id == "?" and not rec.is_exam


def test_the_phases_and_their_durations_are_read_from_the_exam_lines(tmp_path):
    rec = read(tmp_path, [
        {"type": "exam", "event": "preparation_started", "at": "2025-06-02T08:00:00+00:00"},
        {"type": "exam", "event": "interview_started", "at": "2025-06-02T08:30:00+00:00", "preparation_seconds": 1800},
        {"type": "input", "n": 1, "t": 12.5, "at": "2025-06-02T08:30:12+00:00"},
        {"type": "exam", "event": "interview_ended", "at": "2025-06-02T08:45:00+00:00", "interview_seconds": 900.5},
        {"type": "end", "outcome": "success", "at": "2025-06-02T08:45:01+00:00"},
        {"type": "exam", "event": "writing_started", "questions": [{"id": "q1", "text_fr": "Pourquoi ?", "turn": 1}]},
        {"type": "exam", "event": "writing_ended", "writing_seconds": 300, "reason": "done"},
    ])
    assert rec.error is None and rec.header == HEADER and rec.exam == HEADER["exam"]
    assert rec.preparation_started == "2025-06-02T08:00:00+00:00"
    assert rec.interview_started == "2025-06-02T08:30:00+00:00" and rec.preparation_seconds == 1800.0
    assert rec.ended_at == "2025-06-02T08:45:00+00:00" and rec.interview_seconds == 900.5  # the interview_ended line
    assert rec.outcome == "success"
    assert rec.writing_seconds == 300.0 and rec.writing_end == "done"
    assert rec.questions == [{"id": "q1", "text_fr": "Pourquoi ?", "text_en": "Pourquoi ?", "turn": 1}]
    assert rec.turn_times == [TurnTime(1, 12.5, "2025-06-02T08:30:12+00:00")]
    assert rec.candidate == "Léa Martin" and rec.is_exam and rec.scenario_id == "examen" and rec.scenario_title == "Examen"
    assert rec.date == datetime.fromisoformat("2025-06-02T08:30:00+00:00")  # the interview's start
    assert rec.annotations is not None and rec.annotations.problems == [] and rec.session is None and rec.debrief is None


def test_a_practice_record_ends_at_its_end_line_and_has_no_exam_phase(tmp_path):
    header = {"type": "header", "mode": "practice", "learner": "lea", "scenario_id": "examen",
              "started_at": "2025-06-02T08:00:00+00:00", "exam": "pas un objet"}
    rec = read(tmp_path, [{"type": "input", "n": 1, "at": "t1"}, {"type": "end", "outcome": "failure", "at": "t2"},
                          {"type": "other", "event": "interview_started", "at": "t3"}], header=header)
    assert rec.exam == {} and rec.candidate == "lea" and not rec.is_exam and rec.scenario_title == "examen"
    assert rec.ended_at == "t2" and rec.outcome == "failure" and rec.interview_started is None
    assert rec.turn_times == [TurnTime(1, None, "t1")]
    assert rec.date == datetime.fromisoformat("2025-06-02T08:00:00+00:00")  # no phase: the header's start
    assert rec.preparation_seconds is None and rec.interview_seconds is None and rec.writing_seconds is None


def test_the_date_prefers_the_interview_then_the_preparation_and_is_none_when_unreadable(tmp_path):
    rec = read(tmp_path, [{"type": "exam", "event": "preparation_started", "at": "2025-06-01T10:00:00"}])
    assert rec.date == datetime(2025, 6, 1, 10, 0)
    assert read(tmp_path, [], header={**HEADER, "started_at": "hier"}).date is None
    assert read(tmp_path, [], header={k: v for k, v in HEADER.items() if k != "started_at"}).date is None


def test_values_of_the_wrong_type_are_left_empty(tmp_path):
    rec = read(tmp_path, [
        {"type": "exam", "event": "preparation_started", "at": 12},
        {"type": "exam", "event": "interview_started", "at": ["x"], "preparation_seconds": "1800"},
        {"type": "exam", "event": "interview_ended", "at": None, "interview_seconds": True},
        {"type": "exam", "event": "writing_started", "questions": {"id": "q1"}},
        {"type": "exam", "event": "writing_ended", "writing_seconds": 10**400, "reason": 3},
        {"type": "end", "outcome": {"x": 1}, "at": 5},
    ])
    assert (rec.preparation_started, rec.interview_started, rec.ended_at, rec.outcome, rec.writing_end) == (None,) * 5
    assert (rec.preparation_seconds, rec.interview_seconds, rec.writing_seconds) == (None, None, None)
    assert rec.questions == [] and rec.error is None


def test_turns_are_numbered_by_their_line_or_else_by_their_place(tmp_path):
    rec = read(tmp_path, [{"type": "input", "n": 4, "t": 1}, {"type": "input", "n": True, "t": 2.0, "at": "b"},
                          {"type": "input", "n": "3", "t": float("nan")}, {"type": "input"}])
    assert rec.turn_times == [TurnTime(4, 1.0, ""), TurnTime(2, 2.0, "b"), TurnTime(3, None, ""), TurnTime(4, None, "")]


def test_questions_read_as_far_as_they_make_sense(tmp_path):
    rec = read(tmp_path, [{"type": "exam", "event": "writing_started", "questions": [
        {"id": "q1", "text_fr": "Un ?", "text_en": "One?", "turn": 2},
        {"id": "q2", "text_fr": "Deux ?", "text_en": 5, "turn": True},
        {"id": 3, "text_fr": "Trois ?"}, {"id": "q4", "text_fr": None}, "q5", {"id": "q6", "text_fr": "Six ?", "turn": "1"},
    ]}])
    assert rec.questions == [{"id": "q1", "text_fr": "Un ?", "text_en": "One?", "turn": 2},
                             {"id": "q2", "text_fr": "Deux ?", "text_en": "Deux ?", "turn": None},
                             {"id": "q6", "text_fr": "Six ?", "text_en": "Six ?", "turn": None}]


def test_the_last_save_of_each_written_work_is_read(tmp_path):
    rec = read(tmp_path, [work_record(FollowUpEmail(subject="Brouillon"), final=False, at="t1"),
                          work_record(FollowUpEmail(subject="Suite", body="Merci."), final=True, at="t2")])
    assert list(rec.works) == ["email"]
    saved = rec.works["email"]
    assert saved.work == FollowUpEmail(subject="Suite", body="Merci.") and saved.final and saved.at == "t2"


@pytest.mark.parametrize(("status", "trusted"), [(VALID, True), (UNVERIFIABLE, True), (INVALID, False), (LATE, False)])
def test_only_a_record_that_verifies_is_trusted(tmp_path, status, trusted):
    assert read(tmp_path, [], status=status).trusted is trusted


def test_outcome_labels():
    assert outcome_label("success") == "Réussite" and outcome_label("time_up", "en") == "Time up"
    assert outcome_label(None) == "Inachevé" and outcome_label(None, "en") == "Unfinished"
    assert outcome_label("inconnu") == "inconnu" and outcome_label("") == "Inachevé"


def test_is_exam_record_reads_the_first_line_only(tmp_path):
    def written(name: str, data: bytes) -> Path:
        (tmp_path / name).write_bytes(data)
        return tmp_path / name

    assert is_exam_record(written("a", b'{"mode": "exam"}\n{"mode": "practice"}\n'))
    assert not is_exam_record(written("b", b'{"mode": "practice"}\n{"mode": "exam"}\n'))
    assert not is_exam_record(written("c", b'["mode", "exam"]\n'))
    assert not is_exam_record(written("d", b"pas du json\n"))
    assert not is_exam_record(written("e", b'{"mode": "\xff"}\n'))
    assert not is_exam_record(tmp_path / "absent")
    assert not is_exam_record(tmp_path)  # a folder


# what a hand-edited line may hold instead of the value written (huge integers, infinities, NaN, booleans...)
JSON = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3) | st.lists(st.integers(), max_size=2)
NOWHERE = Path(__file__).parent / "no-such-folder"
EVENTS = st.sampled_from(["preparation_started", "interview_started", "interview_ended", "writing_started",
                          "writing_ended", "autre"])
LINE = st.fixed_dictionaries({"type": st.sampled_from(["exam", "input", "end", "work", "autre"]), "event": EVENTS},
                             optional={k: JSON for k in ("at", "n", "t", "outcome", "reason", "questions",
                                                         "preparation_seconds", "interview_seconds", "writing_seconds")})


@given(lines=st.lists(LINE, max_size=8))
def test_any_lines_read_into_plain_values_never_a_crash(lines):
    """Whatever a hand-edited line holds, every duration read is a finite float or None, every text a string or
    None, and there is one turn time per input line, numbered by its integer ``n`` or else by its place."""
    rec = read(NOWHERE, lines)  # (no annotations file there)
    for seconds in (rec.preparation_seconds, rec.interview_seconds, rec.writing_seconds,
                    *(tt.seconds for tt in rec.turn_times)):
        assert seconds is None or (type(seconds) is float and math.isfinite(seconds))
    for text in (rec.preparation_started, rec.interview_started, rec.ended_at, rec.outcome, rec.writing_end):
        assert text is None or isinstance(text, str)
    inputs = [line for line in lines if line["type"] == "input"]
    assert len(rec.turn_times) == len(inputs)
    for place, (line, tt) in enumerate(zip(inputs, rec.turn_times, strict=True), 1):
        assert tt.number == (line["n"] if type(line.get("n")) is int else place)
        t = line.get("t")
        if type(t) in (int, float) and math.isfinite(t) and abs(t) < 1e300:
            assert tt.seconds == float(t)  # read as a float: an integer past 2**53 is rounded as float() rounds it
    ends = [line for line in lines if line["type"] == "end"]
    if ends:
        assert rec.outcome == (ends[-1].get("outcome") if isinstance(ends[-1].get("outcome"), str) else None)


# --- replay and grading ---

@pytest.fixture(scope="module")
def exam(tmp_path_factory):
    """A small signed exam, abandoned at the first turn (a failure), its record on disk."""
    folder = tmp_path_factory.mktemp("exam")
    run, clock = begin(exam_scenario(folder), folder, seed=2)
    run.start_interview()
    clock.advance(42)
    run.step(ChoiceInput("partir"))
    assert run.tick() != "interview" and run.path.exists()
    return run


def test_a_valid_record_is_replayed_and_graded_as_an_exam(exam):
    rec = load_exam(exam.path, KEY)
    assert rec.error is None and rec.notices == [] and rec.verification.status == VALID
    assert rec.outcome == "failure" and rec.is_exam
    assert [turn.choice_id for turn in rec.session.turns] == ["partir"]
    direct = scoring.score(rec.session.scenario, scoring.default_rubric(), rec.session.turns, ending="failure",
                           mode="exam")
    assert rec.debrief is not None and rec.debrief.mark == direct.mark


def test_a_record_not_asked_to_be_graded_or_invalid_is_not_replayed(exam):
    assert load_exam(exam.path, KEY, grade=False).session is None
    valid = load_exam(exam.path, KEY, grade=False).verification
    rec = load_exam(exam.path, KEY, verification=replace(valid, status=INVALID))
    assert rec.session is None and rec.debrief is None and rec.error is None and rec.outcome == "failure"


def test_the_grading_is_told_the_outcome_the_work_and_the_mode(exam, monkeypatch):
    calls = []
    real = scoring.score

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(scoring, "score", spy)
    valid = load_exam(exam.path, KEY, grade=False).verification
    email = work_record(FollowUpEmail(subject="Suite"), final=True, at="t")
    practice = {**valid.header, "mode": "practice"}
    rec = load_exam(exam.path, KEY, verification=replace(valid, header=practice, records=[*valid.records, email]))
    assert calls[-1] == {"ending": "failure", "works": rec.works, "mode": "practice"} and "email" in rec.works
    load_exam(exam.path, KEY)
    assert calls[-1] == {"ending": "failure", "works": None, "mode": "exam"}  # no written work: None, not {}


def test_a_changed_grading_grid_is_noticed(exam):
    valid = load_exam(exam.path, KEY, grade=False).verification
    current = scoring.default_rubric().content_hash
    assert valid.header.get("rubric_hash") == current
    changed = load_exam(exam.path, KEY, verification=replace(valid, header={**valid.header, "rubric_hash": "autre"}))
    assert [phrase_of(n) for n in changed.notices] == [("err.record.rubric_changed", {})] and changed.debrief
    unknown = {k: v for k, v in valid.header.items() if k != "rubric_hash"}
    assert load_exam(exam.path, KEY, verification=replace(valid, header=unknown)).notices == []


def test_the_journal_notices_are_kept(exam, monkeypatch):
    session, journal = recorder.load_session(exam.path)
    monkeypatch.setattr(recorder, "load_session", lambda path: (session, SimpleNamespace(notices=["réparé"])))
    rec = load_exam(exam.path, KEY)
    assert rec.notices == ["réparé"] and rec.session is session and rec.error is None


def test_a_record_that_cannot_be_replayed_says_why(exam, tmp_path):
    valid = load_exam(exam.path, KEY, grade=False).verification
    missing = tmp_path / "absent.jsonl"
    rec = load_exam(missing, KEY, verification=replace(valid, path=missing))
    key, fields = phrase_of(rec.error)
    assert key == "err.record.replay" and "absent.jsonl" in str(fields["why"]) and rec.session is None
    assert rec.debrief is None


def test_a_record_edited_into_nonsense_is_reported_by_kind(exam, monkeypatch):
    def broken(path):
        raise KeyError("choix")

    monkeypatch.setattr(recorder, "load_session", broken)
    rec = load_exam(exam.path, KEY)
    assert phrase_of(rec.error) == ("err.record.malformed", {"kind": "KeyError", "detail": "'choix'"})
    assert rec.session is None and rec.debrief is None


def test_a_grading_failure_is_reported_and_keeps_the_replay(exam, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("grille cassée")

    monkeypatch.setattr(scoring, "score", broken)
    rec = load_exam(exam.path, KEY)
    assert phrase_of(rec.error) == ("err.record.grading", {"why": "grille cassée"})
    assert rec.session is not None and rec.debrief is None and rec.notices == []


def test_the_annotations_are_checked_with_the_jury_key_against_this_verification(tmp_path):
    run, clock = begin(exam_scenario(tmp_path), tmp_path, seed=4)
    run.start_interview()
    run.step(ChoiceInput("partir"))
    add_annotation(run.path, KEY, "Mme Durand", "2025-06-02T09:00:00+00:00", "Bonne découverte.")
    rec = load_exam(str(run.path), KEY, grade=False)  # a path given as text
    assert rec.path == run.path and rec.annotations.problems == []
    assert [(a.author, a.signed) for a in rec.annotations.annotations] == [("Mme Durand", True)]
    # bound to the seal of the verification the report shows, not to one made again
    other = load_exam(run.path, KEY, grade=False, verification=replace(rec.verification, seal_hash="0" * 64))
    assert [p.code for p in other.annotations.problems] == ["annotation_record"]
