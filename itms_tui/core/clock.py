"""Simulated time. Nothing in itms-tui reads the wall clock: time moves only when told."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


class DurationError(ValueError):
    pass


def parse_duration(text: str) -> timedelta:
    """Read `90s`, `15m`, `2h`, `1d5h`, `1h30m`: integers with units d, h, m, s in that order."""
    match = _DURATION.fullmatch(text.strip()) if isinstance(text, str) else None
    if not text or match is None or not any(match.groups()):
        raise DurationError(
            f"{text!r} is not a duration: use integers with units d, h, m, s in that order, "
            "e.g. 90s, 15m, 2h, 1d5h, 1h30m"
        )
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


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
    """An ISO 8601 time with an offset (a naive time is refused: it would be ambiguous)."""
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset, e.g. 2026-03-02T10:00:00-05:00")
    return when


class SimClock:
    """The world's current instant, always timezone-aware, stored in UTC."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the simulated clock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("the simulated clock needs a timezone-aware time")
        when = when.astimezone(UTC)
        if when < self._now:
            raise ValueError("the simulated clock never moves backwards")
        self._now = when
