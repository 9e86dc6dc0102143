"""Clocks and countdowns. Exams read time only through a :class:`Clock`, so tests drive it by hand."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds, only differences matter (never goes back)."""

    def now(self) -> datetime:
        """Wall-clock time, timezone-aware (for timestamps in the record)."""


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: tests, demos, replays."""

    def __init__(self, start: datetime | None = None):
        self._t = 0.0
        self._start = start or datetime(2025, 6, 2, 8, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self._t

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._t)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("le temps ne recule pas")
        self._t += seconds


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass
class Countdown:
    """A fixed duration measured on a clock from the moment it is started."""

    seconds: float
    clock: Clock
    started: float | None = None
    stopped: float | None = None

    def start(self) -> None:
        if self.started is None:
            self.started = self.clock.monotonic()

    def stop(self) -> None:
        """Freeze the elapsed time (the phase is over)."""
        if self.started is not None and self.stopped is None:
            self.stopped = self.clock.monotonic()

    @property
    def running(self) -> bool:
        return self.started is not None and self.stopped is None

    @property
    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        end = self.stopped if self.stopped is not None else self.clock.monotonic()
        return max(0.0, end - self.started)

    @property
    def remaining(self) -> float:
        return max(0.0, self.seconds - self.elapsed)

    @property
    def expired(self) -> bool:
        return self.started is not None and self.elapsed >= self.seconds


def format_clock(seconds: float) -> str:
    """Remaining time as the candidate reads it: 19:59, 0:05; rounded up so 0:00 means really over."""
    whole = int(-(-seconds // 1)) if seconds > 0 else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_duration(seconds: float, lang: str = "fr") -> str:
    """A duration for reports: « 12 min 05 s »."""
    whole = int(round(seconds))
    minutes, secs = divmod(whole, 60)
    if lang == "en":
        return f"{minutes} min {secs:02d} s"
    return f"{minutes}\u00a0min\u00a0{secs:02d}\u00a0s"
