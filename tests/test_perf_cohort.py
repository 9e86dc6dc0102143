"""Cohorts at school scale (issue 19): an exam's seal carries its grade, the seal vouches for the lines it
chains, and a cohort regrading nothing gives the same rows as one regrading everything. The timings are
benchmarks/bench_cohort.py's."""

from __future__ import annotations

import json
import random

import pytest
from exam_support import KEY, begin, exam_scenario, play_randomly

from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.exam import keys
from simulator.exam.cohort import build_cohort, collect_paths
from simulator.exam.graded import Grader
from simulator.exam.seal import SEAL_DOMAIN, canonical, plain_digest
from simulator.exam.verify import VALID, verify_record


def _records(scenario, folder, n, key=KEY):
    for seed in range(n):
        run, clock = begin(scenario, folder, candidate=f"Candidat {seed}", seed=seed, interview=random.choice([1, 6]),
                           key=key)
        play_randomly(run, clock, random.Random(seed))
    return collect_paths([folder])[0]


def _same_cohorts(paths):
    trusted, regraded = Grader(), Grader(trust_seals=False)
    a, b = build_cohort(paths, KEY, grader=trusted), build_cohort(paths, KEY, grader=regraded)
    assert a.counted == b.counted == len(paths) and not a.flagged and not b.flagged
    assert a.rows == b.rows and a.criteria == b.criteria and a.blocks == b.blocks
    return a


@pytest.mark.parametrize("name", ["banque-boulangerie", "equipement-machine"])
def test_a_cohort_reading_the_sealed_grades_equals_one_regrading_every_record(tmp_path, name):
    random.seed(name)
    paths = _records(load_scenario(resolve_scenario(name)), tmp_path / "r", 6)
    for p in paths:  # each seal carries the grade, made on the scenario the header names
        lines = p.read_bytes().splitlines()
        header, seal = json.loads(lines[0]), json.loads(lines[-1])
        assert seal["grade"]["scenario"] == header["scenario_hash"] and seal["grade"]["criteria"]
    cohort = _same_cohorts(paths)
    assert any(r.mark for r in cohort.rows)


def test_a_memo_emptied_as_it_fills_grades_the_same(tmp_path, monkeypatch):
    """A group regraded keeps bounded tables: emptied when full, they give the same rows."""
    random.seed(3)
    paths = _records(load_scenario(resolve_scenario("assurance-artisan")), tmp_path / "r", 5)
    monkeypatch.setattr("simulator.exam.graded.MEMO_LIMIT", 3)
    _same_cohorts(paths)


def test_a_grade_from_other_code_or_an_unsigned_record_is_not_trusted(tmp_path, monkeypatch):
    scenario = exam_scenario(tmp_path)
    signed = _records(scenario, tmp_path / "signed", 3)
    # the exam graded it with other code (an older negosim): the cohort regrades, and says the same
    monkeypatch.setattr("simulator.exam.sealed_grade.code_fingerprint", lambda: "autre version")
    grader = Grader()
    cohort = build_cohort(signed, KEY, grader=grader)
    assert cohort.counted == 3 and grader.loads == 1
    monkeypatch.undo()
    assert build_cohort(signed, KEY).rows == cohort.rows
    # an unsigned record is anyone's to rewrite: its carried grade is never read
    unsigned = _records(scenario, tmp_path / "unsigned", 2, key=None)
    for p in unsigned:
        lines = p.read_bytes().splitlines()
        seal = json.loads(lines[-1])
        seal["grade"]["mark"] = 20.0
        seal["mac"] = plain_digest(seal, SEAL_DOMAIN)
        p.write_bytes(b"\n".join([*lines[:-1], canonical(seal)]) + b"\n")
        assert verify_record(p).status == VALID  # a plain digest anyone can recompute
    rows = build_cohort(unsigned, None).rows
    assert [r.mark for r in rows] == [r.mark for r in build_cohort(unsigned, None, grader=Grader(trust_seals=False)).rows]
    assert all(r.mark != 20.0 for r in rows)


def test_a_valid_record_checks_two_signatures_not_one_per_line(tmp_path, monkeypatch):
    """The seal, signed by the session key over the hash chain, vouches for every line; a record with any
    problem still has each line's signature checked, so the report names every bad line."""
    path = _records(exam_scenario(tmp_path), tmp_path / "r", 1)[0]
    calls = []
    real = keys.PublicKey.verify
    monkeypatch.setattr(keys.PublicKey, "verify", lambda self, sig, msg: calls.append(1) or real(self, sig, msg))
    assert verify_record(path, KEY).status == VALID and len(calls) == 2  # the seal and the certificate
    lines = path.read_bytes().splitlines()
    assert len(lines) > 6
    calls.clear()
    path.write_bytes(b"\n".join([*lines, lines[-2]]) + b"\n")  # a line copied after the seal
    v = verify_record(path, KEY)
    assert v.status != VALID and len(calls) >= len(lines) - 1
