"""Simulated time stays within the years it can be shown and counted (issue 9, "Time range").

A clock at the ends of Python's calendar (year 1 or 9999) made every later step raise
OverflowError: the validator, the Advance dialog and the engine refuse such times and durations,
and a session saved with one before they did is reported in one line, not opened into a crash.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from itms_tui.cli import main
from itms_tui.core.clock import LATEST, DurationError, parse_duration
from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from itms_tui.session import WorldSource, open_session
from itms_tui.ui.app import ItmsApp
from itms_tui.ui.screens.modals import TextPrompt

WORLD = """\
world:
  company: {{name: Acme Recovery, phone: "+18005550100", va_url: "https://pay.example.com/va",
            timezone: America/New_York}}
  clock: "{clock}"
  clients:
    - {{id: MED, name: Acme Medical, business_type: medical, auto_opt_in: false}}
  accounts:
    - {{id: "1001", consumer: Jane Doe, client: MED, balance: 1250.00, phones: ["+16175550101"]}}
"""


def scenario(clock: str, steps: str = "  - advance: 1h\n") -> str:
    return "name: t\nsteps:\n" + steps + WORLD.format(clock=clock)


def world_spec(clock: str) -> dict:
    return {
        "company": {"name": "Acme", "phone": "+18005550100", "va_url": "https://pay.example/va",
                    "timezone": "America/New_York"},
        "clock": clock,
        "clients": [{"id": "MED", "name": "Acme Medical", "business_type": "medical",
                     "auto_opt_in": False}],
        "accounts": [{"id": "1001", "consumer": "Jane Doe", "client": "MED", "balance": "1.00",
                      "phones": ["+16175550101"]}],
    }


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from itms_tui.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("clock", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:00:00-05:00",
                                   "1969-12-31T23:59:59+00:00", "3000-01-01T00:00:00+00:00"])
def test_validate_refuses_a_clock_out_of_range_at_its_place(tmp_path, capsys, clock):
    path = tmp_path / "s.yaml"
    path.write_text(scenario(clock), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{path}:7:10: {datetime.fromisoformat(clock).isoformat()} is outside the "
                      "years the simulated clock can show (1970 to 2999)")
    assert main(["run", str(path)]) == 2


@pytest.mark.parametrize("duration", ["2912381d", "3651d", "87601h", "999999999999999999999999d"])
def test_durations_longer_than_ten_years_are_refused(tmp_path, capsys, duration):
    with pytest.raises(DurationError, match="longer than 3650d"):
        parse_duration(duration)
    path = tmp_path / "s.yaml"
    path.write_text(scenario("2026-03-02T10:00:00-05:00", f"  - advance: {duration}\n"),
                    encoding="utf-8")
    assert main(["run", str(path)]) == 2
    assert re.match(rf".*s\.yaml:3:14: '{duration}' is longer than 3650d",
                    capsys.readouterr().out)


def test_the_engine_refuses_to_move_the_clock_past_its_range():
    assert parse_duration("3650d") == timedelta(days=3650)
    for clock in ("1970-01-01T00:00:00-05:00", "2999-12-31T18:00:00-05:00"):  # the edges work
        assert ItmsService(build_world(world_spec(clock))).send_opt_in_request(
            "1001", "+16175550101").ok
    service = ItmsService(build_world(world_spec("2999-12-25T10:00:00-05:00")))
    service.send_opt_in_request("1001", "+16175550101")  # a PIN-less request, a held text maybe
    before = service.now()
    for result in (service.advance(timedelta(days=3650)), service.advance(timedelta(days=7)),
                   service.advance_to(datetime(3000, 1, 1, tzinfo=UTC))):
        assert not result.ok and "the last day the simulated clock can show" in result.sentence
        assert service.now() == before
    assert service.advance(timedelta(days=6)).ok
    assert service.now() <= LATEST


def test_run_reports_an_advance_past_the_range_as_a_failed_step(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(scenario("2999-06-01T10:00:00-05:00", "  - advance: 3650d\n"),
                    encoding="utf-8")
    assert main(["run", str(path)]) == 1
    out = capsys.readouterr().out
    assert "refused with an unknown reason: moving the clock on by 3650d would pass 2999-12-31" in out
    assert "Traceback" not in out


async def test_the_advance_dialog_refuses_inline_and_the_clock_stays():
    app = ItmsApp(ItmsService(build_world(world_spec("2999-12-30T10:00:00-05:00"))))
    async with app.run_test(size=(140, 45)) as pilot:
        before = app.service.now()
        await pilot.press("escape", "plus")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        for typed, reason in (("2912381d", "is longer than 3650d (ten years)"),
                              ("2d", "that would pass 2999-12-31, the last day the simulated "
                                     "clock can show")):
            box = app.screen.query_one("#prompt-value", Input)
            box.value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TextPrompt)  # still asking
            assert reason in str(app.screen.query_one("#prompt-error", Static).content)
            assert app.service.now() == before
        app.screen.query_one("#prompt-value", Input).value = "1h"
        await pilot.press("enter")
        await pilot.pause()
        assert app.service.now() == before + timedelta(hours=1)


def test_a_session_saved_with_a_clock_out_of_range_is_reported_in_one_line(tmp_path):
    db = tmp_path / "session.json"
    open_session(db, WorldSource.demo()).close()
    files = sorted(p for p in tmp_path.iterdir() if not p.name.endswith(".lock"))
    saved = db.read_text(encoding="utf-8")
    now = re.search(r'"now": "([^"]+)"', saved)
    assert now is not None
    # As the Advance dialog could save it before the clock was bounded: year 9999.
    db.write_text(saved.replace(now.group(1), "9999-12-30T15:00:00+00:00"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in files}

    done = run_cli("--db", str(db))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"itms-tui: {db}: the saved session cannot be resumed: 9999-12-30T15:00:00+00:00 is "
        "outside the years the simulated clock can show (1970 to 2999); start over with --fresh "
        "(the old session is kept)"]
    assert {p.name: p.read_bytes() for p in files} == before  # not one byte written
