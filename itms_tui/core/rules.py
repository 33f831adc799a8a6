"""The send window of SPEC.md section 3: when a text the agency starts may go to a number.

A number may map to several time zones (an area code spanning two, or the consumer's whereabouts
being unclear); following Regulation F's examples, a time is inside the window only if it is
inside in every one of them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType
from phonenumbers.timezone import UNKNOWN_TIMEZONE, time_zones_for_number

from .settings import SendWindow

#: Services that are reachable from anywhere: their numbers say nothing about where the consumer
#: is, and phonenumbers answers with every zone of the country plan (42 for a +1 800 number).
_LOCATIONLESS_TYPES = frozenset({
    PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST,
    PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.UAN,
})
#: How far `next_open` looks before deciding the zones never open together.
_NEXT_OPEN_HORIZON = timedelta(days=8)
#: How far `send_zones` looks for an hour the number's zones are open together.
_SHARED_OPENING_HORIZON = timedelta(days=7)


@lru_cache(maxsize=4096)
def zones_for_number(e164: str) -> tuple[str, ...]:
    """The IANA zones the number's consumer may be in; () when the number does not tell (invalid,
    unknown to phonenumbers, or a location-free service such as toll-free)."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return ()
    if not phonenumbers.is_valid_number(number):
        return ()
    if phonenumbers.number_type(number) in _LOCATIONLESS_TYPES:
        return ()
    return tuple(name for name in time_zones_for_number(number) if name != UNKNOWN_TIMEZONE)


def send_zones(
    e164: str, company_zone: str, window: SendWindow, around: datetime
) -> tuple[ZoneInfo, ...]:
    """The zones whose window governs sending to `e164` around the instant `around`: the number's
    own, or the company's when the number has none or they share no open time within a week."""
    return _governing_zones(
        zones_for_number(e164), company_zone, window, _aware(around).astimezone(UTC).date()
    )


@lru_cache(maxsize=1024)
def _governing_zones(
    number_zones: tuple[str, ...], company_zone: str, window: SendWindow, day: date
) -> tuple[ZoneInfo, ...]:
    zones = tuple(zone for zone in map(_known_zone, number_zones) if zone is not None)
    if zones:
        start = datetime.combine(day, time(), UTC)
        if _first_open(zones, start, window, start + _SHARED_OPENING_HORIZON) is not None:
            return zones
    company = _known_zone(company_zone)
    if company is None:
        raise ValueError(f"{company_zone!r} is not a time zone, e.g. America/New_York")
    return (company,)


def is_open(zones: tuple[ZoneInfo, ...], when: datetime, window: SendWindow) -> bool:
    """Whether the instant `when` is inside the window in every one of `zones`."""
    _require_zones(zones)
    instant = _aware(when)
    return all(_open_in(zone, instant, window) for zone in zones)


def next_open(zones: tuple[ZoneInfo, ...], when: datetime, window: SendWindow) -> datetime:
    """The first instant at or after `when` inside the window in every zone (`when` itself if it
    is inside), in `when`'s time zone."""
    _require_zones(zones)
    start = _aware(when).astimezone(UTC)
    opening = _first_open(zones, start, window, start + _NEXT_OPEN_HORIZON)
    if opening is None:
        raise ValueError(
            f"the {window} window never opens in all of {', '.join(map(str, zones))} "
            f"within {_NEXT_OPEN_HORIZON.days} days of {when.isoformat()}"
        )
    return when if opening == start else opening.astimezone(when.tzinfo)


def _first_open(
    zones: tuple[ZoneInfo, ...], start: datetime, window: SendWindow, give_up: datetime
) -> datetime | None:
    # Each closed zone stays closed until its own window opens (or its UTC offset changes), so
    # nothing before the latest of those moments can be open everywhere: jump there and look again.
    candidate = start
    while candidate <= give_up:
        closed = [zone for zone in zones if not _open_in(zone, candidate, window)]
        if not closed:
            return candidate
        candidate = max(_closed_until(zone, candidate, window.opens) for zone in closed)
    return None


def _open_in(zone: ZoneInfo, instant: datetime, window: SendWindow) -> bool:
    local = instant.astimezone(zone).time()
    # `time.max` stands for 24:00, so a window closing at midnight has no upper bound in the day.
    return window.opens <= local and (window.closes == time.max or local < window.closes)


def _closed_until(zone: ZoneInfo, instant: datetime, opens: time) -> datetime:
    """When a zone closed at `instant` may next be open: the moment its clock reads `opens`, or
    the moment its UTC offset changes (a DST jump can carry the clock over `opens`), if sooner."""
    local = instant.astimezone(zone)
    offset = local.utcoffset()
    wall = local.replace(tzinfo=None)
    opening_day = wall.date() if wall.time() < opens else wall.date() + timedelta(days=1)
    opening = (datetime.combine(opening_day, opens) - offset).replace(tzinfo=UTC)
    if opening.astimezone(zone).utcoffset() == offset:
        return opening
    return _offset_change(zone, instant, opening, offset)


def _offset_change(
    zone: ZoneInfo, after: datetime, before: datetime, offset: timedelta | None
) -> datetime:
    # zoneinfo does not list its transitions; they fall on whole seconds, so bisect on those.
    low, high = int(after.timestamp()), int(before.timestamp()) + 1
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def _known_zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{when.isoformat()} has no time zone: the send window needs an instant")
    return when


def _require_zones(zones: tuple[ZoneInfo, ...]) -> None:
    # With no zone every time would count as open: refuse rather than send at 3 a.m.
    if not zones:
        raise ValueError("no time zone to judge the send window in")
