"""Statements reach a real LRS (Ralph, file-system backend, started here) and are queried back; the outbox
survives the LRS going down; a cohort is read back from the LRS."""

from __future__ import annotations

import json
import time

import pytest
from ralph_lrs import PASSWORD, USERNAME, Ralph
from xapi_support import play

from simulator.exam.graded import Grader
from simulator.xapi import vocabulary as v
from simulator.xapi.client import LrsClient, LrsError
from simulator.xapi.config import XapiConfig
from simulator.xapi.outbox import pending, queue_finished, send_pending
from simulator.xapi.statements import build_statements, registration


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    server = Ralph(tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


def config_for(ralph, group="ndrc-lrs"):
    return XapiConfig(endpoint=ralph.endpoint, username=USERNAME, password=PASSWORD,
                      homepage="https://ecole.example", group=group)


def stored(config, reg):
    return list(LrsClient(config).query(registration=reg))


def test_statements_are_stored_and_queried_back_unchanged_and_resending_stores_nothing_twice(ralph, home):
    config = config_for(ralph)
    rec = play(21, learner="Inès Robert")
    graded = Grader().grade(rec.path)
    sent = build_statements(graded, config)
    queue_finished(rec.path, config=config, background=False)
    report = send_pending(config)
    assert (report.sent, report.statements, pending()) == (1, 2, [])
    back = {s["id"]: s for s in stored(config, registration(graded))}
    assert set(back) == {s["id"] for s in sent}
    for s in sent:  # the LRS adds stored/authority; everything we said comes back as said
        got = back[s["id"]]
        assert {k: got[k] for k in s} == s, s["verb"]["id"]
        assert "stored" in got and "authority" in got
    # sent again (a retry after a lost answer): the LRS keeps one copy
    queue_finished(rec.path, config=config, background=False)
    assert send_pending(config).sent == 1
    assert len(stored(config, registration(graded))) == 2
    # and the learner's statements are found by agent, as an LRS dashboard asks
    agent = json.dumps({"account": {"homePage": "https://ecole.example", "name": "Inès Robert"}})
    assert {s["id"] for s in LrsClient(config).query(agent=agent)} >= set(back)


def test_every_kind_of_statement_is_accepted(ralph, home, tmp_path):
    """Per-turn statements, abandoned sessions and sealed exam records pass the LRS's own validation too."""
    import random
    from dataclasses import replace

    from exam_support import KEY, begin, exam_scenario, play_randomly

    from simulator.xapi.outbox import seal_of

    config = replace(config_for(ralph), turns=True)
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", interview=1)
    play_randomly(run, clock, random.Random(3), step_seconds=(40, 40))
    graded = [Grader().grade(p) for p in (play(25).path, play(26, max_turns=2).path, run.path)]
    sent = [build_statements(g, config, seal_of(g, KEY)) for g in graded]
    assert LrsClient(config).post([s for batch in sent for s in batch]) == [s["id"] for batch in sent for s in batch]
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for batch in sent for s in batch}
    assert verbs == {"launched", "responded", "completed", "abandoned", "terminated"}
    exam_back = stored(config, registration(graded[2]))
    assert exam_back[0]["context"]["extensions"][v.ext("exam")]["seal"] == "valid"


def test_a_statement_the_lrs_refuses_is_set_aside_with_the_reason(ralph, home):
    from simulator.xapi.outbox import enqueue, rejected_dir

    config = config_for(ralph)
    enqueue("bad", [{"id": v.derived_id("bad"), "actor": {"name": "x"}, "verb": {"id": "pas une IRI"}, "object": {}}])
    report = send_pending(config)
    assert report.rejected == 1 and pending() == []
    kept = json.loads((rejected_dir() / "bad.json").read_text())
    assert "422" in kept["reason"] and kept["statements"][0]["verb"]["id"] == "pas une IRI"


def test_a_finished_session_is_sent_in_the_background_by_the_player(ralph, home):
    config = config_for(ralph)
    (home / "settings.json").write_text(json.dumps({"xapi": {"endpoint": ralph.endpoint, "username": USERNAME,
                                                             "password": PASSWORD, "homepage": "https://ecole.example"}}))
    rec = play(22)
    reg = registration(Grader().grade(rec.path))
    deadline = time.monotonic() + 20
    while pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pending() == []
    assert [s["verb"]["id"] for s in sorted(stored(config, reg), key=lambda s: s["timestamp"])][0] == v.VERBS["launched"][0]


def test_a_cohort_read_from_the_lrs_is_the_cohort_of_the_files(ralph, home, tmp_path, monkeypatch):
    """The trainer queries the group and period in the LRS and gets what the learners' files give."""
    from click.testing import CliRunner

    from simulator.cli.main import cli
    from simulator.exam.cohort import build_cohort, collect_paths

    config = config_for(ralph, group="bts-ndrc-b")
    folder = tmp_path / "classe"
    recs = [play(30 + n, learner=("Léa Martin", "Hugo Petit", "Zoé Roux")[n % 3], folder=folder) for n in range(6)]
    other = play(40, learner="Autre Groupe", folder=tmp_path / "autre")  # sent for another group: not in this cohort
    for rec in recs:
        queue_finished(rec.path, config=config, background=False)
    queue_finished(other.path, config=config_for(ralph, group="autre"), background=False)
    assert send_pending(config).sent == 7
    monkeypatch.setenv("NEGOSIM_LRS_ENDPOINT", ralph.endpoint)
    monkeypatch.setenv("NEGOSIM_LRS_USERNAME", USERNAME)
    monkeypatch.setenv("NEGOSIM_LRS_PASSWORD", PASSWORD)
    out = tmp_path / "lrs.csv"
    result = CliRunner().invoke(cli, ["cohort", "--lrs", "--group", "bts-ndrc-b", "--csv", str(out), "--decimal", "point"])
    assert result.exit_code == 0, result.output
    assert "groupe «\u202fbts-ndrc-b\u202f»" in result.output and "6 comptés" in result.output
    from simulator.exam.cohort import cohort_of
    from simulator.xapi.lrs_cohort import closing_statements, row_of

    from_lrs = cohort_of(row_of(s) for s in closing_statements(config, "bts-ndrc-b"))
    from_files = build_cohort(collect_paths([folder])[0], None)
    key = lambda r: (r.candidate, r.mark, r.outcome, tuple(sorted(r.levels.items())), r.objective)  # noqa: E731
    assert sorted(map(key, from_lrs.rows)) == sorted(map(key, from_files.rows))
    def stats(c):  # noqa: ANN001, ANN202
        return [(s.id, s.title, s.counts, s.mean_mark, s.missed, [(m.rule, m.label, m.count, m.candidates) for m in s.mistakes])
                for s in c.criteria]

    assert stats(from_lrs) == stats(from_files) and any(s.mistakes for s in from_files.criteria)
    # the period is asked of the LRS: nothing was played before today
    assert cohort_of(row_of(s) for s in closing_statements(config, "bts-ndrc-b", until="2020-01-01")).counted == 0
    assert cohort_of(row_of(s) for s in closing_statements(config, "bts-ndrc-b", since="2020-01-01")).counted == 6


@pytest.mark.slow  # restarts the LRS (seconds on a loaded machine)
def test_the_outbox_survives_an_lrs_outage(ralph, home):
    config = config_for(ralph)
    ralph.stop()
    try:
        recs = [play(s, learner="Hugo Petit") for s in (23, 24)]
        for rec in recs:
            queue_finished(rec.path, config=config, background=False)
        report = send_pending(config)
        assert report.sent == 0 and report.waiting == 2 and "injoignable" in report.error
        with pytest.raises(LrsError):
            stored(config, "x")
    finally:
        ralph.start()
    assert len(pending()) == 2  # nothing lost while it was down
    # the batch tried during the outage waits for its delay (the LRS is not hammered); the one not tried yet goes
    report = send_pending(config)
    assert (report.sent, report.waiting) == (1, 1)
    report = send_pending(config, force=True)  # what `negosim export xapi --send` does
    assert report.sent == 1 and pending() == []
    for rec in recs:
        assert len(stored(config, registration(Grader().grade(rec.path)))) == 2
