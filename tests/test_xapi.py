"""xAPI statements from journals, configuration, the outbox and ``negosim export xapi`` (no LRS needed here;
tests/test_xapi_lrs.py posts to a real one)."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from xapi_support import play

from simulator.cli.main import cli
from simulator.exam.graded import Grader
from simulator.store.paths import journals_dir
from simulator.xapi import vocabulary as v
from simulator.xapi.config import XapiConfig, load_config
from simulator.xapi.outbox import outbox_dir, pending, queue_finished, send_pending
from simulator.xapi.statements import build_statements, iso_duration

CONFIG = XapiConfig(homepage="https://ecole.example", group="ndrc-a")


def statements_of(path, config=CONFIG):
    return build_statements(Grader().grade(path), config)


def verbs(statements):
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]


def test_a_finished_session_is_launched_then_completed_with_its_debrief_as_result():
    rec = play(3)
    assert rec.session.outcome in ("success", "partial", "failure")
    statements = statements_of(rec.path)
    assert verbs(statements) == ["launched", "completed"]
    launched, completed = statements
    assert launched["actor"] == completed["actor"] == {
        "objectType": "Agent", "name": "Léa Martin", "account": {"homePage": "https://ecole.example", "name": "Léa Martin"}}
    assert completed["object"]["id"] == v.scenario_iri("banque-boulangerie")
    result, debrief = completed["result"], rec.debrief
    assert result["score"] == {"scaled": round(debrief.mark / 20, 4), "raw": debrief.mark, "min": 0, "max": 20}
    assert result["success"] is (rec.session.outcome == "success") and result["completion"] is True
    criteria = result["extensions"][v.ext("criteria")]
    assert {k: c["level"] for k, c in criteria.items()} == {k: c.level for k, c in debrief.criteria.items()}
    assert {k: c["mark"] for k, c in criteria.items()} == {k: c.mark for k, c in debrief.criteria.items()}
    assert criteria["p_interlocuteur"]["title"] == debrief.criteria["p_interlocuteur"].title_fr
    assert completed["timestamp"] > launched["timestamp"] or completed["timestamp"] == launched["timestamp"]
    assert result["duration"].startswith("PT") and result["duration"].endswith("S")
    # the class is a grouping activity (what a trainer queries) and every statement of a session shares its registration
    assert completed["context"]["contextActivities"]["grouping"][0]["id"] == v.group_iri("ndrc-a")
    assert launched["context"]["registration"] == completed["context"]["registration"]
    assert completed["context"]["extensions"][v.ext("session")]["mode"] == "practice"


def test_ids_come_from_the_journal_so_building_twice_gives_the_same_statements_and_two_sessions_differ():
    first, second = play(4), play(4)  # same seed and moves, two sessions
    a, b = statements_of(first.path), statements_of(first.path)
    assert a == b
    other = statements_of(second.path)
    assert {s["id"] for s in a}.isdisjoint(s["id"] for s in other)
    assert all(str(s["id"]).count("-") == 4 and s["id"][14] == "5" for s in a)  # UUID version 5
    # sent for another class, the same session gives other statements (an LRS would refuse same ids, other content)
    moved = statements_of(first.path, XapiConfig(homepage="https://ecole.example", group="ndrc-b"))
    assert {s["id"] for s in moved}.isdisjoint(s["id"] for s in a)
    assert moved[0]["context"]["registration"] == a[0]["context"]["registration"]


def test_abandoned_and_unfinished_sessions():
    abandoned = statements_of(play(5, max_turns=2).path)
    assert verbs(abandoned) == ["launched", "abandoned"]
    assert abandoned[1]["result"]["completion"] is False and "success" not in abandoned[1]["result"]
    unfinished = statements_of(play(6, max_turns=-2).path)
    assert verbs(unfinished) == ["launched"]


def test_per_turn_statements_only_when_the_setting_asks():
    rec = play(7)
    plain = statements_of(rec.path)
    detailed = statements_of(rec.path, XapiConfig(turns=True))
    turns = [s for s in detailed if s["verb"]["id"] == v.VERBS["responded"][0]]
    assert len(turns) == len(rec.session.turns) and "responded" not in verbs(plain)
    for s, turn in zip(turns, rec.session.turns, strict=True):
        assert s["result"]["response"] == turn.learner_text
        assert s["result"]["extensions"][v.ext("acts")] == list(turn.acts)
        assert s["object"]["id"] == v.state_iri("banque-boulangerie", turn.state)
        assert s["context"]["contextActivities"]["parent"][0]["id"] == v.scenario_iri("banque-boulangerie")
        assert turn.choice_id in s["result"]["extensions"][v.ext("shown")]


def test_iso_durations():
    assert iso_duration(0) == "PT0S"
    assert iso_duration(83.256) == "PT1M23.26S"
    assert iso_duration(3600 * 2 + 5) == "PT2H5S"


def test_config_from_settings_file_and_environment(home, monkeypatch):
    assert load_config() == XapiConfig()  # nothing configured: nothing sent
    (home / "settings.json").write_text(json.dumps({"theme": "clair", "xapi": {
        "endpoint": "http://lrs.ecole.example/xAPI/", "username": "u", "password": "p", "group": "bts-1", "turns": True}}))
    config = load_config()
    assert (config.endpoint, config.username, config.group) == ("http://lrs.ecole.example/xAPI/", "u", "bts-1")
    assert config.turns is True
    assert config.statements_url == "http://lrs.ecole.example/xAPI/statements"
    monkeypatch.setenv("NEGOSIM_LRS_ENDPOINT", "https://autre.example/xapi")
    monkeypatch.setenv("NEGOSIM_XAPI_TURNS", "0")
    config = load_config()
    assert config.endpoint == "https://autre.example/xapi" and config.turns is False and config.password == "p"
    assert "'p'" not in repr(config)  # never printed with the config
    monkeypatch.setenv("NEGOSIM_LRS_ENDPOINT", "lrs.example")
    config = load_config()
    assert not config.sends and "http:// ou https:// attendu" in str(config.problems[0])
    (home / "settings.json").write_text("{pas du json")
    monkeypatch.delenv("NEGOSIM_LRS_ENDPOINT")
    config = load_config()
    assert not config.sends and "settings.json" in str(config.problems[0])


def test_without_an_lrs_a_finished_session_queues_nothing(home):
    play(8)
    assert not outbox_dir().exists()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


def test_an_unreachable_lrs_keeps_the_batch_and_delays_the_next_try(home):
    config = XapiConfig(endpoint=f"http://127.0.0.1:{closed_port()}/xAPI/")
    rec = play(9)
    path = queue_finished(rec.path, config=config, background=False)
    assert path is not None and pending() == [path]
    clock = [1000.0]
    report = send_pending(config, now=lambda: clock[0])
    assert report.sent == 0 and report.waiting == 1 and "injoignable" in report.error
    batch = json.loads(path.read_text())
    assert batch["attempts"] == 1 and batch["next_try"] == 1010.0
    assert verbs(batch["statements"]) == ["launched", "completed"]
    # not due yet: not even tried
    assert send_pending(config, now=lambda: 1005.0).error is None
    report = send_pending(config, now=lambda: 1011.0)
    assert json.loads(path.read_text())["attempts"] == 2 and json.loads(path.read_text())["next_try"] == 1031.0


def test_export_writes_every_session_of_the_data_folder_or_those_named(tmp_path):
    recs = [play(s, learner=f"Apprenant {s}") for s in (10, 11)]
    runner = CliRunner()
    out = tmp_path / "tout.json"
    result = runner.invoke(cli, ["export", "xapi", "-o", str(out)])
    assert result.exit_code == 0, result.output
    everything = json.loads(out.read_text())
    assert verbs(everything).count("launched") == 2 and len(everything) == 4  # each session launched and closed
    assert {s["actor"]["name"] for s in everything} == {"Apprenant 10", "Apprenant 11"}
    result = runner.invoke(cli, ["export", "xapi", str(recs[0].path)])
    assert result.exit_code == 0
    one = json.loads(result.stdout)
    assert {s["actor"]["name"] for s in one} == {"Apprenant 10"} and one == statements_of(recs[0].path, XapiConfig())
    broken = journals_dir() / "abime.jsonl"
    broken.write_text("pas un journal\n")
    result = runner.invoke(cli, ["export", "xapi", "-o", str(out)])
    assert result.exit_code == 1 and "abime.jsonl" in result.stderr
    assert len(json.loads(out.read_text())) == len(everything)  # the others are still exported


def test_export_send_without_an_lrs_says_what_to_configure():
    result = CliRunner().invoke(cli, ["export", "xapi", "--send"])
    assert result.exit_code == 1 and "NEGOSIM_LRS_ENDPOINT" in result.output


@pytest.mark.parametrize("outcome", ["time_up", "abandoned"])
def test_exam_records_are_flagged_with_their_seal(tmp_path, outcome):
    import random

    from exam_support import KEY, begin, exam_scenario, play_randomly

    scenario = exam_scenario(tmp_path)
    run, clock = begin(scenario, tmp_path / "r", interview=1)
    if outcome == "abandoned":
        run.start_interview()
        run.abandon()
    else:
        play_randomly(run, clock, random.Random(1), step_seconds=(40, 40))
    graded = Grader().grade(run.path)
    from simulator.xapi.outbox import seal_of

    statements = build_statements(graded, CONFIG, seal_of(graded, KEY))
    end = statements[-1]
    assert verbs(statements)[-1] == ("terminated" if run.result.outcome == "time_up" else "abandoned")
    exam = end["context"]["extensions"][v.ext("exam")]
    assert exam == {"exam": True, "seal": "valid", "signed": True, "key_id": KEY.key_id}
    assert end["actor"]["name"] == "Léa Martin"
    assert statements_of_no_key(graded)["seal"] == "unverifiable"


def statements_of_no_key(graded):
    from simulator.xapi.outbox import seal_of

    return build_statements(graded, CONFIG, seal_of(graded, None))[-1]["context"]["extensions"][v.ext("exam")]


def test_saving_the_ui_settings_keeps_the_lrs_section(home):
    from simulator.store.settings import Settings

    (home / "settings.json").write_text(json.dumps({"theme": "sombre", "xapi": {"endpoint": "http://lrs.example/xAPI/"}}))
    settings = Settings.load()
    settings.theme = "clair"
    settings.save()
    assert load_config().endpoint == "http://lrs.example/xAPI/" and Settings.load().theme == "clair"


@settings(deadline=None)  # a loaded machine must not fail a property on time
@given(st.floats(min_value=0, max_value=10 * 3600, allow_nan=False))
def test_durations_read_back_as_written(seconds):
    from simulator.xapi.lrs_cohort import _seconds

    text = iso_duration(seconds)
    assert text.startswith("PT") and text.endswith("S")
    # to the hundredth: within half a hundredth of the time measured (a half-way float may round either way)
    assert abs(_seconds(text) - seconds) <= 0.005 + 1e-9
