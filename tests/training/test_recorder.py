"""The session recorder: what was done on the service (or on the desk) becomes a scenario file
that is valid, reads well, and replays green with `run` and through the desk (`play`)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from itms_tui.cli import main
from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from itms_tui.scenarios import load_scenario, parse_scenario
from itms_tui.scenarios.runner import ScenarioResult, run_scenario
from itms_tui.training.session_recorder import Recorder, quoted
from itms_tui.ui.app import ItmsApp
from itms_tui.ui.factory import desk_app
from itms_tui.ui.playback.app import play_headless
from tests.support.playing import play_in_one_app
from tests.support.training import PIN
from tests.support.worlds import BOSTON, BOSTON_SPARE, BOSTON_WORK, CHICAGO, STRANGER, recorder_world

JANE, JANE_WORK, SAM, MARIA = BOSTON, BOSTON_WORK, CHICAGO, BOSTON_SPARE
WORLD = recorder_world()


def fresh() -> ItmsService:
    return ItmsService(build_world(WORLD))


def pin_flow(s: ItmsService) -> None:
    s.send_opt_in_request("1001", JANE)
    s.consumer_text(JANE, "YES")
    s.enter_auth_code("1001", JANE, "9999")  # misheard: refused
    s.enter_auth_code("1001", JANE, s.pin_for_consumer(JANE))
    s.send_text("1001", JANE, "Hi Jane. Reply STOP to opt out.")


def quick(s: ItmsService) -> None:
    s.quick_opt_in("2001", SAM)
    s.consumer_text(SAM, "yes")
    s.send_link("2001", SAM)


def payment_plan(s: ItmsService) -> None:
    s.arrange_payment_plan("1001", JANE_WORK, "200")
    s.consumer_text(JANE_WORK, "YES")
    s.arrange_payment_plan("1001", JANE_WORK, None)  # already opted in: no request (audit)


def supervisor_link(s: ItmsService) -> None:
    s.consumer_text(STRANGER, "Rosa here, account 2001")
    s.link_number(STRANGER, "2001")
    s.consumer_text(STRANGER, "YES")
    s.supervisor_reply(STRANGER, "Hi Rosa. Reply STOP to opt out.")


def auto_opt_in(s: ItmsService) -> None:
    s.add_phone("3001", "(617) 555-0144")
    s.add_phone("3001", "617 555 0144")  # phone_already_on_account
    s.add_phone("3001", "12")  # invalid_phone


def consumer_opt_out(s: ItmsService) -> None:
    s.quick_opt_in("1001", JANE)
    s.consumer_text(JANE, "YES")
    s.consumer_text(JANE, "🛑")
    s.consumer_text(JANE, "STOP")  # again: nothing
    s.send_link("1001", JANE)  # refused: opted_out


def agent_opt_out(s: ItmsService) -> None:
    s.opt_out("1001", JANE_WORK)
    s.opt_out("1001", JANE_WORK)  # refused


def signup(s: ItmsService) -> None:
    s.consumer_text(SAM, "STOP")
    s.consumer_text(SAM, "SIGNUP")
    s.consumer_text(SAM, "YES")


def help_and_text(s: ItmsService) -> None:
    s.consumer_text(JANE, "HELP")
    s.consumer_text(JANE, "please stop texting me")  # a possible opt-out
    s.consumer_text(STRANGER, "who is this")
    s.update_settings({"agents_available": False})
    s.consumer_text(JANE, "hello?")


def agent_texts_and_window(s: ItmsService) -> None:
    s.send_text("1001", JANE, "Hi")  # refused: not opted in
    s.quick_opt_in("1001", JANE)
    s.consumer_text(JANE, "YES")
    s.advance(timedelta(hours=10))  # 20:00
    s.advance(timedelta(hours=1, minutes=30))  # 21:30: joined into one advance
    s.send_link("1001", JANE)  # held until 08:00
    s.send_text("1001", JANE, "")  # refused: empty_message
    s.advance(timedelta(hours=11))


def faults_and_limits(s: ItmsService) -> None:
    s.inject_fault("delay", JANE, duration=timedelta(minutes=5))
    s.inject_fault("fail", SAM, status="SPAM", count=2)
    s.inject_fault("duplicate", JANE, direction="in")
    s.quick_opt_in("1001", JANE)
    s.quick_opt_in("2001", SAM)
    s.consumer_text(JANE, "YES")
    for _ in range(3):
        s.quick_opt_in("2001", SAM)  # the third is past the limit
    s.advance(timedelta(minutes=10))
    s.update_settings({"pin_ttl": "1h", "send_window": "09:00-20:00"})
    s.send_opt_in_request("1001", JANE_WORK)
    s.consumer_text(JANE_WORK, "YES")
    s.advance(timedelta(hours=2))  # the PIN expires
    s.enter_auth_code("1001", JANE_WORK, PIN)  # code_expired


FLOWS = [pin_flow, quick, payment_plan, supervisor_link, auto_opt_in, consumer_opt_out,
         agent_opt_out, signup, help_and_text, agent_texts_and_window, faults_and_limits]


def record(flow) -> str:
    service = fresh()
    recorder = Recorder(service, name=f"Recorded: {flow.__name__}")
    flow(service)
    recorder.stop()
    return recorder.text()


@pytest.fixture(scope="module")
def played_recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, ScenarioResult]]:
    """Every flow recorded to a file, and the files played through the desk in one app."""
    folder = tmp_path_factory.mktemp("recordings")
    paths = []
    for flow in FLOWS:
        path = folder / f"{flow.__name__}.yaml"
        path.write_text(record(flow), encoding="utf-8")
        paths.append(path)
    with pytest.MonkeyPatch.context() as patch:  # set before the function-scoped autouse one
        patch.setenv("ITMS_TUI_DATA", str(folder / "data"))
        played = play_in_one_app([load_scenario(path) for path in paths])
    return {flow.__name__: (path, result) for flow, path, result in zip(FLOWS, paths, played)}


@pytest.mark.slow
@pytest.mark.parametrize("flow", FLOWS, ids=[f.__name__ for f in FLOWS])
def test_every_flow_round_trips_through_run_and_play(flow, played_recordings) -> None:
    path, played = played_recordings[flow.__name__]
    scenario = load_scenario(path)
    result = run_scenario(scenario)
    assert result.passed, "\n".join(result.failure.failure_lines())
    assert played.passed, "\n".join(played.failure.failure_lines() if played.failure
                                    else ["it stopped before its end"])
    assert main(["run", str(path)]) == 0


def test_a_recording_reads_like_a_scenario() -> None:
    text = record(pin_flow)
    assert text.splitlines()[0] == ("# yaml-language-server: $schema=https://itms-tui.example/"
                                    "schemas/scenario-v1.json")
    assert 'name: "Recorded: pin_flow"' in text
    assert "  # Mon 2 Mar 10:00\n  - agent: send_opt_in_request\n" in text
    assert '    code: "9999"\n    expect_error: wrong_code\n' in text
    assert '    code: "{pin}"\n' in text and PIN not in text  # the PIN itself is never written
    assert ("  - expect: sms\n    to: \"+16175550101\"\n    template: opt_in_pin\n"
            "    status: delivered\n") in text
    assert "  - expect: consent\n    phone: \"+16175550101\"\n    state: opted_in\n" in text
    assert '    contains: "Hi Jane. Reply STOP to opt out."\n' in text
    scenario = parse_scenario(text)
    assert scenario.tags == ("recorded",) and len(scenario.description) > 60
    joined = parse_scenario(record(agent_texts_and_window))
    advances = [s.action for s in joined.steps if s.kind == "advance"]
    assert advances == [timedelta(hours=11, minutes=30), timedelta(hours=11)]
    audit = [s.args["event"] for s in parse_scenario(record(payment_plan)).steps
             if s.kind == "expect" and s.action == "audit"]
    assert audit == ["already_opted_in"]


HOSTILE = ['He said "hi" \\ [bold]x[/] [@click=app.quit] #not a comment: yes',
           "  leading and trailing  ", "line one\nline two\ttab", "STOP\u200b", "🖕🏾 ⛔️",
           "\x1b[2J escape", "no: yes", "'single' and `back`", "\u202eevil", "\x85next\u2028"]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_reads_back_exactly(text: str) -> None:
    assert parse_scenario(f"name: x\nsteps:\n  - consumer: {quoted(text)}\n    from: \"{JANE}\"",
                          demo_world=None).steps[0].action == text


def test_random_pins_replay_too(monkeypatch) -> None:
    from itms_tui.core import pins

    monkeypatch.setattr("itms_tui.core.service.draw_pin", pins.draw_pin)
    text = record(pin_flow)
    for _ in range(3):  # a new PIN every run: "{pin}" reads the one the phone got
        assert run_scenario(parse_scenario(text)).passed


def test_a_recording_started_mid_session_says_what_it_leaves_out() -> None:
    service = fresh()
    service.send_opt_in_request("1001", JANE)
    recorder = Recorder(service)
    service.send_opt_in_request("1001", JANE_WORK)
    recorder.stop()
    text = recorder.text()
    assert "# Recorded in the middle of a session; the world below leaves out:" in text
    assert "+16175550101 was awaiting_yes" in text and "earlier message(s)" in text
    assert 'consent: {"+16175550101": "awaiting_yes"}' in text
    assert run_scenario(parse_scenario(text)).passed


def test_nothing_done_is_still_a_valid_scenario() -> None:
    service = fresh()
    recorder = Recorder(service)
    recorder.stop()
    service.quick_opt_in("1001", JANE)  # after stop: not recorded
    assert recorder.actions == 0
    assert run_scenario(parse_scenario(recorder.text())).passed


async def record_on_the_desk(target: Path) -> ItmsApp:
    app = desk_app(fresh())
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.recorder is not None
        await pilot.press("o")  # Send Opt In Request for Jane
        await pilot.pause()
        await pilot.press("c")  # the phone: Jane answers YES
        app.focused.value = "YES"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "p")
        app.focused.value = app.service.pin_for_consumer(JANE)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "right_square_bracket")  # +1h
        await pilot.pause()
        await pilot.press("ctrl+r")  # stop: where to save?
        await pilot.pause()
        app.screen.query_one("#prompt-value").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    return app


@pytest.mark.slow
def test_recording_on_the_desk_with_the_keys(tmp_path: Path) -> None:
    """ctrl+r in the app: record, act on the desk and the phone, ctrl+r again and save."""
    target = tmp_path / "desk.yaml"
    app = asyncio.run(record_on_the_desk(target))
    assert app.recorder is None and app.recordings == [target]
    scenario = load_scenario(target)
    assert [s.label() for s in scenario.steps if s.kind != "expect"] == [
        "agent: send_opt_in_request", "consumer: 'YES'", "agent: enter_auth_code", "advance: 1h"]
    assert run_scenario(scenario).passed and play_headless(scenario).passed


async def test_record_mode_saves_on_quit(tmp_path: Path) -> None:
    target = tmp_path / "quit.yaml"
    app = desk_app(fresh(), record_to=target)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert app.recorder is not None
        await pilot.press("q")  # Quick Opt In
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert app.recordings == [target]
    assert run_scenario(load_scenario(target)).passed


def test_record_command_errors(tmp_path: Path, capsys) -> None:
    assert main(["record", str(tmp_path / "out.txt")]) == 2
    assert "name it *.yaml" in capsys.readouterr().err
    existing = tmp_path / "there.yaml"
    existing.write_text("x", encoding="utf-8")
    assert main(["record", str(existing)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "x"
    assert main(["record", str(tmp_path / "no" / "out.yaml")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["record", str(tmp_path / "w.yaml"), "--world", str(tmp_path / "nope.yaml")]) == 2
