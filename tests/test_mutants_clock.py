"""The exam clock under mutation (simulator/exam/clock.py, tools/mutate.py).

A candidate's time is what the exam is judged on: the countdown never goes backwards, never shows time
left below zero, says the time is up exactly at the limit and not a moment before, and the clock reads
« 0:00 » only when the time is really over. These are properties over any sequence of clock moves.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.exam.clock import Countdown, ManualClock, SystemClock, format_clock, format_duration, iso

# a move is ("advance", seconds), ("start",) or ("stop",)
moves = st.lists(st.one_of(st.tuples(st.just("advance"), st.floats(0, 400, allow_nan=False)),
                           st.tuples(st.just("start")), st.tuples(st.just("stop"))), max_size=25)


def play(countdown: Countdown, clock: ManualClock, move: tuple) -> None:
    if move[0] == "advance":
        clock.advance(move[1])
    elif move[0] == "start":
        countdown.start()
    else:
        countdown.stop()


@given(seconds=st.floats(1, 900, allow_nan=False), script=moves)
def test_a_countdown_never_goes_backwards_nor_below_zero(seconds, script):
    clock = ManualClock()
    countdown = Countdown(seconds, clock)
    started_at = stopped_at = None
    last_elapsed = 0.0
    for move in script:
        play(countdown, clock, move)
        if move[0] == "start" and started_at is None:
            started_at = clock.monotonic()  # only the first start counts
        if move[0] == "stop" and started_at is not None and stopped_at is None:
            stopped_at = clock.monotonic()  # only the first stop after a start freezes it
        end = stopped_at if stopped_at is not None else clock.monotonic()
        expected = 0.0 if started_at is None else end - started_at
        assert countdown.elapsed == pytest.approx(expected, abs=1e-9)
        assert countdown.elapsed >= last_elapsed  # never backwards
        last_elapsed = countdown.elapsed
        assert countdown.remaining == pytest.approx(max(0.0, seconds - expected), abs=1e-9)
        assert countdown.remaining >= 0.0
        assert countdown.running == (started_at is not None and stopped_at is None)
        assert countdown.expired == (started_at is not None and countdown.elapsed >= seconds)


@given(seconds=st.integers(1, 3 * 3600), early=st.integers(1, 999))
def test_time_is_up_exactly_at_the_limit_and_not_a_moment_before(seconds, early):
    clock = ManualClock()
    countdown = Countdown(seconds, clock)
    countdown.start()
    clock.advance(seconds - early / 1000)
    assert not countdown.expired and countdown.remaining > 0
    assert format_clock(countdown.remaining) != "0:00"  # a fraction of a second left still shows 0:01
    clock.advance(early / 1000)
    clock.advance(0)  # nothing moves
    assert countdown.elapsed == pytest.approx(seconds)
    # (floats: the two advances may land a hair under the limit; the limit itself is expired)
    exact = Countdown(seconds, ManualClock())
    exact.start()
    exact.clock.advance(seconds)  # type: ignore[attr-defined]
    assert exact.expired and exact.remaining == 0.0 and format_clock(exact.remaining) == "0:00"


def test_a_countdown_not_started_is_full_and_never_expires():
    clock = ManualClock()
    countdown = Countdown(60, clock)
    clock.advance(500)
    assert (countdown.elapsed, countdown.remaining, countdown.expired, countdown.running) == (0.0, 60, False, False)
    countdown.stop()  # stopping before the start freezes nothing
    countdown.start()
    clock.advance(10)
    assert countdown.elapsed == 10 and countdown.running


def test_a_clock_that_steps_back_never_gives_negative_elapsed_time():
    class Jumpy:
        def __init__(self) -> None:
            self.t = 100.0

        def monotonic(self) -> float:
            return self.t

        def now(self) -> datetime:
            return datetime(2025, 1, 1, tzinfo=UTC)

    clock = Jumpy()
    countdown = Countdown(30, clock)
    countdown.start()
    clock.t = 99.5  # a misbehaving clock: the countdown still says no time has passed
    assert countdown.elapsed == 0.0 and countdown.remaining == 30 and not countdown.expired


@given(seconds=st.floats(-100, 40_000, allow_nan=False))
def test_the_clock_shows_time_left_rounded_up(seconds):
    shown = format_clock(seconds)
    parts = [int(p) for p in shown.split(":")]
    whole = parts[0] * 3600 + parts[1] * 60 + parts[2] if len(parts) == 3 else parts[0] * 60 + parts[1]
    assert whole == (math.ceil(seconds) if seconds > 0 else 0)
    assert all(len(p) == 2 for p in shown.split(":")[1:])  # minutes and seconds always two digits after the first
    assert (len(parts) == 3) == (whole >= 3600)  # hours only when there is at least one


def test_the_clock_and_durations_as_read():
    assert [format_clock(s) for s in (0, -3, 0.001, 59.0, 59.5, 60, 61, 600, 3599.2, 3600, 3725)] == \
        ["0:00", "0:00", "0:01", "0:59", "1:00", "1:00", "1:01", "10:00", "1:00:00", "1:00:00", "1:02:05"]
    assert format_duration(725) == "12\u00a0min\u00a005\u00a0s"
    assert format_duration(725.4, "fr") == "12\u00a0min\u00a005\u00a0s" and format_duration(724.6) == format_duration(725)
    assert format_duration(65, "en") == "1 min 05 s"
    assert format_duration(0, "en") == "0 min 00 s" and format_duration(3601, "en") == "60 min 01 s"


def test_the_manual_clock_moves_only_forwards_and_only_when_told():
    clock = ManualClock()
    assert clock.now() == datetime(2025, 6, 2, 8, 0, tzinfo=UTC) and clock.monotonic() == 0.0
    clock.advance(1.5)
    clock.advance(0)
    clock.advance(2)
    assert clock.monotonic() == 3.5 and clock.now() == datetime(2025, 6, 2, 8, 0, 3, 500_000, tzinfo=UTC)
    with pytest.raises(ValueError, match="^le temps ne recule pas$"):
        clock.advance(-0.001)
    assert clock.monotonic() == 3.5  # a refused move changes nothing
    start = datetime(2030, 1, 1, 12, tzinfo=UTC)
    other = ManualClock(start)
    other.advance(60)
    assert other.now() == start + timedelta(minutes=1)


def test_the_system_clock_is_monotonic_and_gives_aware_utc_times():
    clock = SystemClock()
    before_mono, before = time.monotonic(), datetime.now(UTC)
    mono, now = clock.monotonic(), clock.now()
    assert before_mono <= mono <= time.monotonic()
    assert now.tzinfo is UTC and before <= now <= datetime.now(UTC)


def test_timestamps_are_utc_to_the_millisecond():
    paris = timezone(timedelta(hours=2))
    assert iso(datetime(2025, 6, 2, 10, 0, 5, 123_456, tzinfo=paris)) == "2025-06-02T08:00:05.123+00:00"
    assert iso(datetime(2025, 6, 2, 8, 0, tzinfo=UTC)) == "2025-06-02T08:00:00.000+00:00"


def test_timestamps_stay_utc_on_a_machine_set_to_another_time_zone(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+05:30, no summer time
    time.tzset()
    try:
        assert iso(datetime(2025, 6, 2, 8, 0, tzinfo=UTC)) == "2025-06-02T08:00:00.000+00:00"
    finally:
        monkeypatch.undo()
        time.tzset()
