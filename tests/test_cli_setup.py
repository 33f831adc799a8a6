"""`itms-tui --setup FILE` (SPEC section 8): a new session in the state a scenario's actions build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from itms_tui import cli
from itms_tui.core.names import ConsentState
from itms_tui.scenarios import load_scenario
from itms_tui.scenarios.runner import run_scenario
from itms_tui.ui.app import ItmsApp
from tests.support.worlds import ONE_WORLD

ROOT = Path(__file__).resolve().parents[1]
AGENT_PIN = ROOT / "scenarios" / "opt_in" / "agent_pin.yaml"
JANE = "+16175550101"

#: A refused action without expect_error, an expectation that does not hold, a "{pin}" no PIN
#: reached, and an action after them all: setup applies the actions and checks nothing.
UNCHECKED = """\
name: unchecked
steps:
  - agent: send_text
    text: refused, since Jane is not opted in
  - expect: consent
    state: opted_out
  - agent: enter_auth_code
    code: "{pin}"
  - agent: quick_opt_in
  - agent: send_opt_in_request
    expect_error: opted_out
""" + ONE_WORLD


@pytest.fixture
def started(monkeypatch):
    """The services the app was started on (the terminal is not needed to see them)."""
    services: list = []
    monkeypatch.setattr(ItmsApp, "run", lambda app: services.append(app.service))
    return services


def texts(service) -> list[tuple]:
    """Each message as (template, body, status); PINs are drawn at random, so not their digits."""
    return [(m.template, re.sub(r"\d{4}", "####", m.body), m.status) for m in service.messages()]


def audit_rows(service) -> list[tuple]:
    return [(e.number, e.event, e.before, e.after, e.actor) for e in service.audit()]


def test_setup_builds_what_run_builds_and_the_session_resumes_it(tmp_path, started):
    db = tmp_path / "s.json"
    assert cli.main(["--setup", str(AGENT_PIN), "--db", str(db)]) == 0
    service = started[-1]
    ran = run_scenario(load_scenario(AGENT_PIN)).service
    assert service.consent(JANE).state is ConsentState.OPTED_IN
    assert audit_rows(service) == audit_rows(ran)
    assert texts(service) == texts(ran)
    assert service.now() == ran.now()

    assert cli.main(["--db", str(db)]) == 0  # reopened: the same session, saved
    resumed = started[-1]
    assert resumed.resumed and audit_rows(resumed) == audit_rows(ran)
    assert len(resumed.messages()) == len(ran.messages())


def test_setup_applies_every_action_and_checks_nothing(tmp_path, started):
    scenario = tmp_path / "unchecked.yaml"
    scenario.write_text(UNCHECKED, encoding="utf-8")
    assert cli.main(["--setup", str(scenario), "--db", str(tmp_path / "s.json")]) == 0
    service = started[-1]
    events = [e.event for e in service.audit()]
    assert events[0] == "not_opted_in"  # the refused text, audited as usual
    assert "opt_in_request" in events and events[-1] == "opt_in_request"
    assert service.consent(JANE).state is ConsentState.AWAITING_YES


def test_setup_types_a_scripted_wrong_code_as_a_wrong_one(tmp_path, started, monkeypatch):
    from itms_tui.core import pins
    from tests.support.engine import DealtDigits

    monkeypatch.setattr("itms_tui.core.service.draw_pin", pins.draw_pin)
    monkeypatch.setattr(pins, "secrets", DealtDigits("1234"))  # the lockout's first wrong code
    lockout = ROOT / "scenarios" / "training" / "14_pin_lockout.yaml"
    assert cli.main(["--setup", str(lockout), "--db", str(tmp_path / "s.json")]) == 0
    events = [e.event for e in started[-1].audit()]
    assert events.count("wrong_code") == 2 and "pin_voided" in events
    assert events[-1] == "pin_accepted"


def test_a_bad_file_is_placed_and_nothing_is_created(tmp_path, started, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - advance: 90x\n", encoding="utf-8")
    folder = tmp_path / "data"
    folder.mkdir()
    assert cli.main(["--setup", str(bad), "--db", str(folder / "s.json")]) == 2
    out, err = capsys.readouterr()
    assert err.startswith(f"{bad}:3:14: '90x' is not a duration") and out == ""
    assert list(folder.iterdir()) == [] and started == []
    assert cli.main(["--setup", str(tmp_path / "missing.yaml"), "--db", str(folder / "s.json")]) == 2
    assert "missing.yaml:1:1: cannot read the file" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_setup_over_a_saved_session_needs_fresh_and_keeps_the_old_one(tmp_path, started, capsys):
    db = tmp_path / "s.json"
    assert cli.main(["--db", str(db)]) == 0  # the demo session
    assert cli.main(["--setup", str(AGENT_PIN), "--db", str(db)]) == 2
    assert "already holds a saved session: add --fresh" in capsys.readouterr().err
    assert cli.main(["--setup", str(AGENT_PIN), "--db", str(db), "--fresh", "--yes"]) == 0
    assert started[-1].consent(JANE).state is ConsentState.OPTED_IN
    assert len(started[-1].accounts()) == 1
    assert any(p.name.startswith("s.json.previous") for p in tmp_path.iterdir())


def test_setup_and_world_cannot_be_given_together(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--setup", str(AGENT_PIN), "--world", str(AGENT_PIN)])
    assert stopped.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
