"""The send window against SPEC.md section 3, "Send rules"."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from itms_tui.core.rules import is_open, next_open, send_zones, zones_for_number
from itms_tui.core.settings import SendWindow

DEFAULT = SendWindow(time(8), time(21))
NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
BOISE = ZoneInfo("America/Boise")
ADAK = ZoneInfo("America/Adak")
ANCHORAGE = ZoneInfo("America/Anchorage")
PHOENIX = ZoneInfo("America/Phoenix")
DENVER = ZoneInfo("America/Denver")
COMPANY = "America/Chicago"
SUMMER = datetime(2026, 6, 1, tzinfo=UTC)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _new_york(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-06-01T07:59", False),
        ("2026-06-01T07:59:59.999999", False),
        ("2026-06-01T08:00", True),
        ("2026-06-01T12:00", True),
        ("2026-06-01T20:59", True),
        ("2026-06-01T20:59:59.999999", True),
        ("2026-06-01T21:00", False),
        ("2026-06-01T23:30", False),
        ("2026-06-01T00:00", False),
    ],
)
def test_new_york_window_opens_inclusive_and_closes_exclusive(local: str, expected: bool) -> None:
    assert is_open((NEW_YORK,), _new_york(local), DEFAULT) is expected


def test_the_same_instant_differs_between_coasts() -> None:
    morning = _utc("2026-06-01T12:00")  # 08:00 in New York, 05:00 in Los Angeles
    evening = _utc("2026-06-02T01:00")  # 21:00 in New York, 18:00 in Los Angeles
    assert is_open((NEW_YORK,), morning, DEFAULT)
    assert not is_open((LOS_ANGELES,), morning, DEFAULT)
    assert not is_open((NEW_YORK,), evening, DEFAULT)
    assert is_open((LOS_ANGELES,), evening, DEFAULT)
    assert not is_open((NEW_YORK, LOS_ANGELES), morning, DEFAULT)
    assert not is_open((NEW_YORK, LOS_ANGELES), evening, DEFAULT)


def test_idaho_is_open_only_where_boise_and_los_angeles_both_are() -> None:
    zones = send_zones("+12085550123", COMPANY, DEFAULT, SUMMER)
    assert zones == (BOISE, LOS_ANGELES)
    assert not is_open(zones, _utc("2026-06-01T14:30"), DEFAULT)  # 08:30 Boise, 07:30 LA
    assert is_open(zones, _utc("2026-06-01T15:00"), DEFAULT)  # 09:00 Boise, 08:00 LA
    assert is_open(zones, _utc("2026-06-02T02:59"), DEFAULT)  # 20:59 Boise
    assert not is_open(zones, _utc("2026-06-02T03:00"), DEFAULT)  # 21:00 Boise, 20:00 LA
    assert next_open(zones, _utc("2026-06-01T14:30"), DEFAULT) == _utc("2026-06-01T15:00")


def test_alaska_is_open_only_where_adak_and_anchorage_both_are() -> None:
    zones = send_zones("+19075550100", COMPANY, DEFAULT, SUMMER)
    assert zones == (ADAK, ANCHORAGE)
    assert not is_open(zones, _utc("2026-06-01T16:30"), DEFAULT)  # 08:30 Anchorage, 07:30 Adak
    assert next_open(zones, _utc("2026-06-01T16:30"), DEFAULT) == _utc("2026-06-01T17:00")
    assert is_open(zones, _utc("2026-06-02T04:59"), DEFAULT)  # 20:59 Anchorage
    assert not is_open(zones, _utc("2026-06-02T05:00"), DEFAULT)  # 21:00 Anchorage


def test_arizona_keeps_its_hours_while_denver_changes_clocks() -> None:
    winter, summer = _utc("2026-01-15T06:00"), _utc("2026-07-15T06:00")  # night in both
    assert zones_for_number("+16025550100") == ("America/Phoenix",)
    assert next_open((PHOENIX,), winter, DEFAULT) == _utc("2026-01-15T15:00")
    assert next_open((PHOENIX,), summer, DEFAULT) == _utc("2026-07-15T15:00")
    assert next_open((DENVER,), winter, DEFAULT) == _utc("2026-01-15T15:00")
    assert next_open((DENVER,), summer, DEFAULT) == _utc("2026-07-15T14:00")


def test_next_open_is_the_moment_itself_when_open() -> None:
    when = _new_york("2026-06-01T10:17:43.5")
    assert next_open((NEW_YORK,), when, DEFAULT) is when


@pytest.mark.parametrize(
    ("local", "opens"),
    [
        ("2026-06-01T21:00", "2026-06-02T08:00"),  # across midnight
        ("2026-06-01T23:59", "2026-06-02T08:00"),
        ("2026-06-02T00:00", "2026-06-02T08:00"),
        ("2026-06-02T07:59", "2026-06-02T08:00"),
        ("2026-03-06T21:30", "2026-03-07T08:00"),  # Friday night to Saturday: windows are daily
        ("2026-03-07T21:00", "2026-03-08T08:00"),  # clocks spring forward overnight
        ("2026-03-08T02:30", "2026-03-08T08:00"),
        ("2026-10-31T21:00", "2026-11-01T08:00"),  # clocks fall back overnight
        ("2026-11-01T01:30", "2026-11-01T08:00"),
    ],
)
def test_next_open_in_new_york(local: str, opens: str) -> None:
    assert next_open((NEW_YORK,), _new_york(local), DEFAULT) == _new_york(opens)


def test_next_open_across_dst_is_exact_in_utc() -> None:
    spring = next_open((NEW_YORK,), _utc("2026-03-08T02:00"), DEFAULT)
    autumn = next_open((NEW_YORK,), _utc("2026-11-01T02:00"), DEFAULT)
    assert spring == _utc("2026-03-08T12:00")  # 08:00 EDT
    assert autumn == _utc("2026-11-01T13:00")  # 08:00 EST


def test_next_open_answers_in_the_time_zone_it_was_asked_in() -> None:
    when = datetime(2026, 6, 1, 5, 0, tzinfo=LOS_ANGELES)
    answer = next_open((NEW_YORK, LOS_ANGELES), when, DEFAULT)
    assert answer.tzinfo is LOS_ANGELES
    assert answer == datetime(2026, 6, 1, 8, 0, tzinfo=LOS_ANGELES)


def test_a_window_opening_inside_the_spring_gap_opens_when_the_clock_jumps_past_it() -> None:
    early = SendWindow.parse("02:30-23:00")
    assert next_open((NEW_YORK,), _new_york("2026-03-08T01:00"), early) == _utc(
        "2026-03-08T07:00"
    )  # 03:00 EDT, the first moment the clock reads 02:30 or later


def test_a_window_inside_the_repeated_autumn_hour_opens_twice() -> None:
    repeated = SendWindow.parse("01:30-01:50")
    after_first = _utc("2026-11-01T05:55")  # 01:55 EDT, before the clocks go back
    assert not is_open((NEW_YORK,), after_first, repeated)
    assert next_open((NEW_YORK,), after_first, repeated) == _utc("2026-11-01T06:30")  # 01:30 EST


@pytest.mark.parametrize(
    ("local", "expected"),
    [("2026-06-01T08:59", False), ("2026-06-01T09:00", True), ("2026-06-01T16:59", True),
     ("2026-06-01T17:00", False)],
)
def test_a_custom_window(local: str, expected: bool) -> None:
    office = SendWindow.parse("09:00-17:00")
    assert is_open((NEW_YORK,), _new_york(local), office) is expected


def test_a_custom_window_reopens_the_next_morning() -> None:
    office = SendWindow.parse("09:00-17:00")
    assert next_open((NEW_YORK,), _new_york("2026-06-01T17:00"), office) == _new_york(
        "2026-06-02T09:00"
    )


def test_a_window_closing_at_midnight_is_open_until_the_last_instant() -> None:
    late = SendWindow.parse("08:00-24:00")
    assert is_open((NEW_YORK,), _new_york("2026-06-01T23:59:59.999999"), late)
    assert not is_open((NEW_YORK,), _new_york("2026-06-02T00:00"), late)


def test_a_toll_free_number_uses_the_company_zone() -> None:
    assert zones_for_number("+18005550100") == ()
    assert send_zones("+18005550100", COMPANY, DEFAULT, SUMMER) == (ZoneInfo(COMPANY),)


@pytest.mark.parametrize("number", ["+870301234567", "+15555551234", "not a number", ""])
def test_a_number_without_a_known_zone_uses_the_company_zone(number: str) -> None:
    assert zones_for_number(number) == ()
    assert send_zones(number, COMPANY, DEFAULT, SUMMER) == (ZoneInfo(COMPANY),)


def test_zones_that_never_open_together_give_way_to_the_company_zone() -> None:
    one_hour = SendWindow.parse("09:00-10:00")  # Adak is an hour behind Anchorage
    assert send_zones("+19075550100", COMPANY, one_hour, SUMMER) == (ZoneInfo(COMPANY),)
    assert send_zones("+19075550100", COMPANY, SendWindow.parse("09:00-11:00"), SUMMER) == (
        ADAK, ANCHORAGE,
    )


def test_next_open_gives_up_when_the_zones_never_open_together() -> None:
    with pytest.raises(ValueError, match="never opens"):
        next_open((NEW_YORK, LOS_ANGELES), SUMMER, SendWindow.parse("09:00-10:00"))


def test_next_open_is_always_open_and_never_skips_an_opening() -> None:
    zones = (BOISE, LOS_ANGELES)
    start = _utc("2026-03-07T00:00")
    for step in range(0, 3 * 24 * 60, 37):
        when = start + timedelta(minutes=step)
        opening = next_open(zones, when, DEFAULT)
        assert is_open(zones, opening, DEFAULT)
        minute = when
        while minute < opening - timedelta(minutes=1):
            minute += timedelta(minutes=1)
            assert not is_open(zones, minute, DEFAULT)


def test_an_unknown_company_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="not a time zone"):
        send_zones("+18005550100", "Mars/Olympus_Mons", DEFAULT, SUMMER)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        is_open((NEW_YORK,), datetime(2026, 6, 1, 12), DEFAULT)
    with pytest.raises(ValueError, match="no time zone"):
        next_open((NEW_YORK,), datetime(2026, 6, 1, 12), DEFAULT)


def test_no_zones_is_refused_rather_than_always_open() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        is_open((), SUMMER, DEFAULT)
