"""The grade a seal carries (simulator/exam/sealed_grade.py), checked directly: whatever summary an exam
wrote, a cohort reads back the same one, and it reads nothing when the grade was made for another
scenario, rubric, format or code, or has a shape this code never writes (issue 21's mutation survivors)."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.exam import sealed_grade
from simulator.exam.cohort import CriterionResult, Summary
from simulator.exam.sealed_grade import carried_summary, code_fingerprint, grade_for_seal

_text = st.text(max_size=6)
_mark = st.one_of(st.none(), st.floats(0, 20, allow_nan=False), st.integers(0, 20))
_criterion = st.builds(CriterionResult, _text, _text, _text, _mark,
                       st.lists(st.tuples(_text, _text), max_size=2).map(tuple), st.integers(0, 5))
_summary = st.builds(Summary, _mark, st.lists(st.tuples(_text, st.integers(1, 9), _text, _mark), max_size=3).map(tuple),
                     st.dictionaries(_text, _criterion, max_size=3),
                     st.one_of(st.none(), st.tuples(_text, _mark)),
                     st.dictionaries(_text, _text, max_size=3), st.lists(_text, max_size=2).map(tuple))
SCENARIO = SimpleNamespace(content_hash="scenario-hash")
RUBRIC = SimpleNamespace(content_hash="rubric-hash")


def _sealed(summary: Summary) -> dict:
    """The seal an exam writes for ``summary`` (the scorer replaced by the summary), through JSON as on disk."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("simulator.scoring.score", lambda *a, **k: None)
        mp.setattr(Summary, "of", classmethod(lambda cls, debrief: summary))
        grade = grade_for_seal(SCENARIO, [], "accord", rubric=RUBRIC)
    assert grade is not None
    return json.loads(json.dumps({"grade": grade}))


@given(_summary)
def test_a_cohort_reads_back_the_summary_the_exam_sealed(summary):
    assert carried_summary(_sealed(summary), "scenario-hash", "rubric-hash") == summary


@given(_summary, st.sampled_from(["format", "code", "rubric", "scenario"]))
def test_a_grade_made_for_anything_else_is_not_read(summary, field):
    seal = _sealed(summary)
    seal["grade"][field] = 2 if field == "format" else "autre"
    assert carried_summary(seal, "scenario-hash", "rubric-hash") is None
    good = _sealed(summary)
    assert carried_summary(good, "autre", "rubric-hash") is None
    assert carried_summary(good, "scenario-hash", "autre") is None


@pytest.mark.parametrize("seal", [None, {}, {"grade": None}, {"grade": [1]}])
def test_no_grade_no_summary(seal):
    assert carried_summary(seal, "scenario-hash", "rubric-hash") is None


def _summary_one() -> Summary:
    return Summary(12.5, (("B1", 1, "Bloc", 12.5),), {"c1": CriterionResult("B1", "Crit", "acquis", 15.0, (("r", "l"),), 1)},
                   ("Objectif", 10.0), {"c1": "acquis"}, ("mail",))


@pytest.mark.parametrize("damage", [
    lambda g: g.__setitem__("mark", True),  # a boolean is not a mark
    lambda g: g.__setitem__("mark", "12"),
    lambda g: g["criteria"][0].pop(),  # a criterion missing a field
    lambda g: g["criteria"][0].__setitem__(4, [1]),
    lambda g: g["blocks"][0].__setitem__(1, "un"),  # a block number that is not one
    lambda g: g.__setitem__("objective", []),
    lambda g: g.__setitem__("levels", [["c1"]]),
    lambda g: g.pop("criteria"),
    lambda g: g.__setitem__("criteria", 3),
])
def test_a_grade_of_a_shape_never_written_is_not_read(damage):
    seal = _sealed(_summary_one())
    damage(seal["grade"])
    assert carried_summary(seal, "scenario-hash", "rubric-hash") is None


def test_an_integer_mark_is_read_as_written():
    seal = _sealed(_summary_one())
    seal["grade"]["mark"] = 14
    got = carried_summary(seal, "scenario-hash", "rubric-hash")
    assert got is not None and got.mark == 14 and got.written == ("mail",)


def test_a_grade_without_written_work_reads_none():
    seal = _sealed(_summary_one())
    del seal["grade"]["written"]  # a grade from before written work
    assert carried_summary(seal, "scenario-hash", "rubric-hash").written == ()


def test_no_grade_is_sealed_when_grading_fails_or_the_code_cannot_be_read(monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr("simulator.scoring.score", broken)
    assert grade_for_seal(SCENARIO, [], "accord", rubric=RUBRIC) is None
    monkeypatch.setattr(sealed_grade, "code_fingerprint", lambda: None)
    monkeypatch.setattr("simulator.scoring.score", lambda *a, **k: None)
    monkeypatch.setattr(Summary, "of", classmethod(lambda cls, debrief: _summary_one()))
    assert grade_for_seal(SCENARIO, [], "accord", rubric=RUBRIC) is None


def test_the_default_rubric_is_used_when_none_is_given(monkeypatch):
    monkeypatch.setattr("simulator.scoring.score", lambda *a, **k: None)
    monkeypatch.setattr(Summary, "of", classmethod(lambda cls, debrief: _summary_one()))
    from simulator.scoring import default_rubric
    grade = grade_for_seal(SCENARIO, [], "accord")
    assert grade is not None and grade["rubric"] == default_rubric().content_hash


def test_the_code_fingerprint_follows_every_grading_source(tmp_path, monkeypatch):
    """Edit any file that turns a record into its summary and the fingerprint changes; without the
    sources there is none (and so no grade is carried or trusted)."""
    package = tmp_path / "simulator"
    shutil.copytree(sealed_grade._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(sealed_grade, "_PACKAGE", package)
    code_fingerprint.cache_clear()
    try:
        first = code_fingerprint()
        assert first is not None and len(first) == 64
        code_fingerprint.cache_clear()
        assert code_fingerprint() == first  # the same sources, the same fingerprint
        seen = {first}
        for rel in ("scoring/scorer.py", "engine/session.py", "exam/graded.py", "store/journal.py",
                    "exam/sealed_grade.py", "written/records.py"):
            with open(package / rel, "a", encoding="utf-8") as f:
                f.write("\n# modifié\n")
            code_fingerprint.cache_clear()
            seen.add(code_fingerprint())
        assert len(seen) == 7  # each edit gave a new fingerprint
        (package / "exam" / "graded.py").unlink()
        code_fingerprint.cache_clear()
        assert code_fingerprint() is None
    finally:
        code_fingerprint.cache_clear()


def test_the_written_work_is_graded_with_the_interview(monkeypatch):
    """The seal's grade counts the written work saved in the record (none: the interview alone)."""
    calls = []
    monkeypatch.setattr("simulator.scoring.score", lambda *a, **k: calls.append((a, k)))
    monkeypatch.setattr(Summary, "of", classmethod(lambda cls, debrief: _summary_one()))
    works = {"mail": object()}
    grade_for_seal(SCENARIO, ["tour"], "accord", rubric=RUBRIC, works=works)
    grade_for_seal(SCENARIO, ["tour"], "accord", rubric=RUBRIC, works={})
    assert calls == [((SCENARIO, RUBRIC, ["tour"]), {"ending": "accord", "works": works, "mode": "exam"}),
                     ((SCENARIO, RUBRIC, ["tour"]), {"ending": "accord", "works": None, "mode": "exam"})]
