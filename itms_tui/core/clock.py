"""Simulated time. Nothing in itms-tui reads the wall clock: time moves only when told."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")

#: The simulated clock stays within these years, so that nothing computed from it (a PIN's
#: expiry, a send window's next opening in any zone, a delayed delivery) leaves the calendar
#: Python can count: its ends (years 1 and 9999) would raise OverflowError.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999
LATEST = datetime(LATEST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)
#: The longest duration itms-tui reads (an advance, a PIN's lifetime, a delivery delay).
LONGEST = timedelta(days=3650)
_LONGEST_TEXT = "3650d (ten years)"


class DurationError(ValueError):
    pass


class ClockRangeError(ValueError):
    """A simulated time outside the years itms-tui can simulate."""


def clock_range_problem(when: datetime) -> str | None:
    """Why `when` cannot be a simulated time, or None when it can."""
    if not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        return (f"{when.isoformat()} is outside the years the simulated clock can show "
                f"({EARLIEST_YEAR} to {LATEST_YEAR})")
    return None


def parse_duration(text: str) -> timedelta:
    """Read `90s`, `15m`, `2h`, `1d5h`, `1h30m`: integers with units d, h, m, s in that order."""
    match = _DURATION.fullmatch(text.strip()) if isinstance(text, str) else None
    if not text or match is None or not any(match.groups()):
        raise DurationError(
            f"{text!r} is not a duration: use integers with units d, h, m, s in that order, "
            "e.g. 90s, 15m, 2h, 1d5h, 1h30m"
        )
    if any(group is not None and len(group) > 9 for group in match.groups()):
        raise DurationError(f"{_shown(text)} is longer than {_LONGEST_TEXT}, the longest "
                            "duration itms-tui takes")
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    delta = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    if delta > LONGEST:
        raise DurationError(f"{_shown(text)} is longer than {_LONGEST_TEXT}, the longest "
                            "duration itms-tui takes")
    return delta


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")


def format_duration(delta: timedelta) -> str:
    """The inverse of `parse_duration`, for settings written back to files."""
    total = int(delta.total_seconds())
    if total <= 0:
        return "0s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if total >= size:
            parts.append(f"{total // size}{unit}")
            total %= size
    return "".join(parts)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 time with an offset (a naive time is refused: it would be ambiguous), within
    the years the simulated clock can show."""
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset, e.g. 2026-03-02T10:00:00-05:00")
    problem = clock_range_problem(when)
    if problem is not None:
        raise ClockRangeError(problem)
    return when


class SimClock:
    """The world's current instant, always timezone-aware, stored in UTC."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the simulated clock needs a timezone-aware start")
        problem = clock_range_problem(start)
        if problem is not None:
            raise ClockRangeError(problem)
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("the simulated clock needs a timezone-aware time")
        when = when.astimezone(UTC)
        if when < self._now:
            raise ValueError("the simulated clock never moves backwards")
        if when > LATEST:
            raise ClockRangeError(clock_range_problem(when) or f"{when.isoformat()} is too late")
        self._now = when
