"""Exam flow without any UI: phases, time limits on an injected clock, what the record holds, draws by seed."""

from __future__ import annotations

import json
import random

import pytest
from exam_support import KEY, begin, exam_scenario, play_randomly

from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, Session
from simulator.exam.clock import Countdown, ManualClock, format_clock, iso
from simulator.exam.flow import ENDED, INTERVIEW, PREPARATION, TIME_UP, ExamError, ExamSetup, draw_scenario
from simulator.exam.record import load_exam
from simulator.exam.verify import verify_record
from simulator.scoring import default_rubric, score


@pytest.fixture
def scenario(tmp_path):
    return exam_scenario(tmp_path)


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_countdown_on_a_manual_clock():
    clock = ManualClock()
    c = Countdown(90, clock)
    assert c.remaining == 90 and not c.expired  # not started: nothing elapses
    clock.advance(10)
    c.start()
    clock.advance(30.2)
    assert c.elapsed == pytest.approx(30.2) and format_clock(c.remaining) == "1:00"  # 59.8 s shown rounded up
    clock.advance(59.8)
    assert c.expired and c.remaining == 0 and format_clock(c.remaining) == "0:00"
    c.stop()
    clock.advance(100)
    assert c.elapsed == pytest.approx(90)
    assert format_clock(3725) == "1:02:05"
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_defaults_come_from_the_scenario_exam_block(scenario):
    setup = ExamSetup.create(scenario, "  Léa   Martin ", seed=3)
    assert (setup.candidate, setup.preparation_minutes, setup.interview_minutes) == ("Léa Martin", 10, 5)
    assert ExamSetup.create(scenario, "Léa", seed=3, preparation=0, interview=2).interview_minutes == 2
    with pytest.raises(ExamError, match="nom du candidat"):
        ExamSetup.create(scenario, "  ", seed=1)
    with pytest.raises(ExamError, match="entretien"):
        ExamSetup.create(scenario, "Léa", seed=1, interview=0)
    with pytest.raises(ExamError, match="préparation"):
        ExamSetup.create(scenario, "Léa", seed=1, preparation=-5)


def test_candidate_may_start_early_and_everything_is_timed(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", seed=2)
    assert run.phase == PREPARATION and run.remaining == 600
    with pytest.raises(ExamError, match="pas commencé"):
        run.step(ChoiceInput("presenter"))
    clock.advance(125)
    run.start_interview()
    assert run.phase == INTERVIEW and run.remaining == 300
    clock.advance(20)
    run.step(ChoiceInput("presenter"))
    clock.advance(15)
    first = run.session.current.id
    run.step(ChoiceInput("traiter-cher" if first == "obj-cher" else "traiter-delai"))
    clock.advance(30)
    run.step(ChoiceInput(run.session.choices()[0].id))
    while not run.ended:
        clock.advance(10)
        run.step(ChoiceInput(run.session.choices()[0].id))
    assert run.result is not None and run.result.outcome == "success"
    assert run.result.preparation_seconds == 125
    lines = records(run.path)
    assert lines[0]["mode"] == "exam" and lines[0]["learner"] == "Léa Martin"
    assert lines[0]["exam"]["candidate"] == "Léa Martin" and lines[0]["exam"]["interview_minutes"] == 5
    kinds = [(x["type"], x.get("event")) for x in lines]
    assert kinds[:4] == [("header", None), ("exam_key", None), ("exam", "preparation_started"),
                         ("exam", "interview_started")]
    assert kinds[-3:] == [("end", None), ("exam", "interview_ended"), ("seal", None)]
    assert all("sig" in x for x in lines[1:]) and "sig" not in lines[0]  # every line signed as it was written
    started = lines[3]
    assert started["early"] is True and started["preparation_seconds"] == 125
    assert [x["t"] for x in lines if x["type"] == "input"][:3] == [20, 35, 65]
    ended = lines[-2]
    assert ended["outcome"] == "success" and ended["interview_seconds"] == run.result.interview_seconds
    seal = lines[-1]
    assert run.result.seal == seal  # the seal as written, its signature included
    assert (seal["sealed_at"], seal["outcome"], seal["inputs"], seal["lines"]) == (
        iso(clock.now()), "success", len(run.session.turns), len(lines) - 1)
    assert verify_record(run.path, KEY).ok


def test_preparation_over_starts_the_interview_by_itself(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r")
    clock.advance(599)
    assert run.tick() == PREPARATION
    clock.advance(1)
    assert run.tick() == INTERVIEW and run.remaining == 300 and not run.started_early
    assert load_exam(run.path, KEY, grade=False).preparation_seconds == 600


def test_time_up_refuses_moves_ends_with_time_up_and_grades_what_was_done(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", preparation=0)
    assert run.phase == INTERVIEW  # no preparation time: straight to the interview
    clock.advance(60)
    run.step(ChoiceInput("presenter"))
    clock.advance(240)  # exactly the 5 minutes
    with pytest.raises(ExamError, match="temps écoulé"):
        run.step(ChoiceInput(run.session.choices()[0].id))
    assert run.phase == ENDED and run.result.outcome == TIME_UP
    assert run.result.interview_seconds == 300
    lines = records(run.path)
    assert sum(x["type"] == "input" for x in lines) == 1  # the late move was not recorded
    assert [x["outcome"] for x in lines if x["type"] == "end"] == [TIME_UP]
    rec = load_exam(run.path, KEY)
    assert rec.outcome == TIME_UP and rec.interview_seconds == 300
    expected = score(scenario, default_rubric(), run.session.turns, ending=TIME_UP)  # the objective: not reached
    assert rec.debrief.objective.status == TIME_UP and rec.debrief.objective.ratio == 0
    assert rec.debrief.mark == expected.mark and len(rec.session.turns) == 1


def test_time_running_out_between_ticks_still_ends_the_exam(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", preparation=0)
    clock.advance(1000)
    assert run.tick() == ENDED and run.result.outcome == TIME_UP and run.result.interview_seconds == 300


def test_abandon_is_sealed_and_listeners_hear_every_phase(scenario, tmp_path):
    seen = []
    run, clock = begin(scenario, tmp_path / "r")
    run.listeners.append(lambda r: seen.append(r.phase))
    clock.advance(5)
    run.abandon()  # during the preparation: the candidate leaves
    assert seen == [INTERVIEW, ENDED] and run.result.outcome == "abandoned"
    assert verify_record(run.path, KEY).ok


def test_unsigned_seal_without_a_key(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", key=None, preparation=0)
    run.abandon()
    assert not run.result.signed and run.result.seal["alg"] == "sha256" and run.result.seal["key_id"] is None
    v = verify_record(run.path, None)
    assert v.ok and not v.signed and "non signé" in v.summary()
    # with a jury key configured, the same unsigned record is refused (it could be anybody's)
    v = verify_record(run.path, KEY.public)
    assert v.status == "invalid" and [p.code for p in v.problems] == ["unsigned"]


def test_pool_draw_depends_on_the_seed_only():
    pool = ["banque-boulangerie", "assurance-artisan", "immobilier-mandat", "distribution-referencement"]
    draws = {seed: draw_scenario(pool, seed) for seed in range(40)}
    assert all(draw_scenario(list(reversed(pool)), s) == d for s, d in draws.items())  # order of the pool is irrelevant
    assert set(draws.values()) == set(pool)  # every scenario can come out
    with pytest.raises(ExamError):
        draw_scenario([], 1)


def test_seed_draws_the_order_of_objections_and_reproduces_it(scenario):
    voiced = {}
    for seed in range(30):
        s = Session.start(scenario, seed)
        turn = s.step(ChoiceInput("presenter"))
        assert set(turn.raised) == {"cher", "delai"}
        voiced[seed] = (turn.raised, s.state, s.opening, turn.replies)
        again = Session.start(scenario, seed)
        again_turn = again.step(ChoiceInput("presenter"))
        assert (again_turn.raised, again.state, again.opening, again_turn.replies) == voiced[seed]  # same seed, same exam
    assert {v[1] for v in voiced.values()} == {"obj-cher", "obj-delai"}  # both orders happen
    assert all(v[1] == f"obj-{v[0][0]}" for v in voiced.values())  # the first drawn is the one voiced


def test_the_second_objection_follows_once_the_first_is_handled(scenario):
    """Both are voiced, one after the other, in the order the seed drew."""
    orders = set()
    for seed in range(20):
        s = Session.start(scenario, seed)
        s.step(ChoiceInput("presenter"))
        first = s.state
        s.step(ChoiceInput("traiter-cher" if first == "obj-cher" else "traiter-delai"))
        second = s.state
        assert {first, second} == {"obj-cher", "obj-delai"}
        s.step(ChoiceInput("traiter-cher" if second == "obj-cher" else "traiter-delai"))
        assert s.state == "offre" and not s.env["open_objections"]
        orders.add((first, second))
    assert orders == {("obj-cher", "obj-delai"), ("obj-delai", "obj-cher")}


def test_two_candidates_on_a_bundled_scenario_get_different_lines_same_seed_same_lines(tmp_path):
    sc = load_scenario(resolve_scenario("banque-boulangerie"))

    def transcript(seed):
        run, clock = begin(sc, tmp_path / f"r{seed}-{random.random()}", seed=seed, key=None)
        rng = random.Random(99)  # same moves for everyone
        play_randomly(run, clock, rng)
        loaded = load_exam(run.path, None)
        return [c.text for c in loaded.session.opening] + [c.text for t in loaded.session.turns for c in t.replies]

    first = transcript(1)
    assert transcript(1) == first
    assert any(transcript(seed) != first for seed in (2, 3, 4, 5))
