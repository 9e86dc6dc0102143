"""Records edited into nonsense, then re-chained and re-sealed: ``exam report`` says so and ``cohort`` sets the
file aside (issue 15: they crashed the report and aborted the whole cohort run)."""

from __future__ import annotations

import hashlib
import json
import random

import pytest
from click.testing import CliRunner
from exam_support import begin, exam_scenario, play_randomly
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.cli.main import cli
from simulator.exam.cohort import build_cohort
from simulator.exam.record import load_exam
from simulator.exam.report import render
from simulator.exam.seal import SEAL_DOMAIN, canonical, plain_digest
from simulator.exam.verify import VALID, verify_record

SETTINGS = settings(settings.get_profile("thorough"), suppress_health_check=[HealthCheck.function_scoped_fixture],
                    max_examples=max(20, settings.get_profile("thorough").max_examples // 6))  # a replay each

# what a hand edit can put in a field: any JSON value, including the ones JSON readers let through
values = st.recursive(st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | st.text(max_size=8),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                      max_leaves=5)


def rechain_unsigned(rows):
    """Re-encode, re-chain and re-seal as negosim does without a key: the result verifies (nobody can tell)."""
    prev, out = None, []
    for data in rows:
        data = {**data, "prev": prev}
        if data.get("type") == "seal":
            data["lines"] = len(out)
            data["mac"] = plain_digest(data, SEAL_DOMAIN)
        raw = canonical(data)
        out.append(raw)
        prev = hashlib.sha256(raw).hexdigest()
    return b"\n".join(out) + b"\n"


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unsigned")
    run, clock = begin(exam_scenario(folder), folder / "r", key=None, preparation=0)
    play_randomly(run, clock, random.Random(5))
    return run.path, [json.loads(x) for x in run.path.read_bytes().split(b"\n")[:-1]]


@SETTINGS
@given(data=st.data())
def test_any_field_of_any_line_edited_then_rechained_never_crashes_the_report(unsigned, tmp_path_factory, data):
    path, rows = unsigned
    rows = [dict(r) for r in rows]
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        i = data.draw(st.integers(0, len(rows) - 1), label="line")
        fields = sorted(k for k in rows[i] if k not in ("prev", "mac", "type"))
        if not fields:
            continue
        field = data.draw(st.sampled_from(fields), label="field")
        rows[i][field] = data.draw(values, label="value")
    try:
        blob = rechain_unsigned(rows)
    except (UnicodeEncodeError, ValueError):  # a lone surrogate: not something a file can carry as negosim writes
        return
    forged = tmp_path_factory.mktemp("forged") / "x.jsonl"
    forged.write_bytes(blob)
    rec = load_exam(forged)  # never raises: what cannot be read is left empty, what cannot be replayed says why
    for fmt in ("json", "md", "html"):
        assert render(rec, fmt)


def test_a_replay_crash_in_one_record_is_reported_and_the_cohort_goes_on(unsigned, tmp_path, monkeypatch):
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE", raising=False)
    monkeypatch.delenv("NEGOSIM_JURY_PUBLIC_KEY", raising=False)
    path, rows = unsigned
    good = tmp_path / "bon.jsonl"
    good.write_bytes(path.read_bytes())
    bad_rows = [dict(r) for r in rows]
    moves = [i for i, r in enumerate(bad_rows) if r["type"] == "input"]
    bad_rows[moves[0]]["input"] = [1, 2]  # a move that is no move: the replay cannot read it
    bad = tmp_path / "mauvais.jsonl"
    bad.write_bytes(rechain_unsigned(bad_rows))
    assert verify_record(bad).status == VALID  # unsigned and no key: only the content tells
    rec = load_exam(bad)
    assert rec.debrief is None and rec.error and rec.error.startswith("rejeu impossible")
    report = CliRunner().invoke(cli, ["exam", "report", str(bad), "--format", "md"])
    assert report.exit_code == 0 and "Traceback" not in report.output and "rejeu impossible" in report.output
    english = CliRunner().invoke(cli, ["exam", "report", str(bad), "--format", "md", "--lang", "en"]).output
    assert "cannot replay" in english and "rejeu impossible" not in english  # the jury's language, not the store's
    cohort = build_cohort([bad, good], None)
    assert cohort.counted == 1 and [f.category for f in cohort.flagged] == ["ungraded"]
    assert cohort.flagged[0].path == bad and "rejeu impossible" in cohort.flagged[0].reason


def test_cohort_sets_aside_a_file_that_breaks_it_and_counts_the_others(unsigned, tmp_path, monkeypatch):
    """Whatever a record does to the cohort's reading, one file is set aside with its reason, the rest count."""
    import simulator.exam.cohort as cohort_module

    good, _ = unsigned
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", key=None, preparation=0, seed=2)
    play_randomly(run, clock, random.Random(2))
    bad = run.path
    real = cohort_module._row

    def fragile(path, *fields):
        if path == bad:
            raise TypeError("champ inattendu")
        return real(path, *fields)

    monkeypatch.setattr(cohort_module, "_row", fragile)
    c = build_cohort([bad, good], None)
    assert c.counted == 1 and c.rows[0].path == good
    assert [(f.path, f.category) for f in c.flagged] == [(bad, "unreadable")]
    assert "TypeError" in c.flagged[0].reason and "champ inattendu" in c.flagged[0].reason
