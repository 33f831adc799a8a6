"""`itms-tui play` for a presenter: the desk is locked while a scenario plays, `T` takes it over,
and captions (the scenario's description, each step's `note:`) explain the demo as it runs."""

from __future__ import annotations

import json

from itms_tui.cli import main
from itms_tui.scenarios import load_scenario
from itms_tui.scenarios.run_reports import transcript
from itms_tui.scenarios.runner import run_scenario
from itms_tui.ui.playback.app import PlayApp
from itms_tui.ui.textual_internals import notifications as shown_notifications

JANE = "+16175550101"

CAPTIONED = """\
name: Quick opt-in, narrated
description: The agent asks; the consumer says YES.
world:
  company: {name: Acme, phone: "+18005550100", va_url: "https://pay.example.com", timezone: America/New_York}
  clock: "2026-03-02T10:00:00-05:00"
  clients: [{id: MED, name: Acme Medical}]
  accounts: [{id: "1001", consumer: Jane Doe, client: MED, balance: 10.00, phones: ["+16175550101"]}]
steps:
  - agent: quick_opt_in
    note: Quick Opt In sends the request, no PIN.
  - expect: sms
    template: opt_in
  - consumer: "YES"
    note: The consumer answers YES on the phone.
  - advance: 1m
    note: A minute passes.
  - set: {agents_available: true}
    note: Settings can change mid-scenario.
  - fault: drop
    note: The carrier will lose the next text.
  - expect: consent
    state: opted_in
    note: Jane is opted in.
"""


def captioned(tmp_path):
    path = tmp_path / "narrated.yaml"
    path.write_text(CAPTIONED, encoding="utf-8")
    return path


def strip_text(app) -> str:
    return str(app.screen.query_one("#step-strip").render())


async def until(pilot, condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def test_a_key_pressed_while_a_scenario_plays_changes_nothing_and_says_why(tmp_path):
    app = PlayApp([load_scenario(captioned(tmp_path))])
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        clock = app.service.now()
        await pilot.press("o", "q", "right_square_bracket")  # opt-in, quick opt-in, +1h
        await pilot.pause()
        assert app.service.consent(JANE).state.value == "none"
        assert app.service.now() == clock
        assert app.service.messages() == []
        said = [n.message for n in shown_notifications(app)]
        assert said and all("T to take over" in message for message in said)
        # A click on one of the desk's buttons is stopped as well.
        await pilot.click("#quick-opt-in")
        await pilot.pause()
        assert app.service.messages() == []
        # The scenario itself still acts through the desk.
        await pilot.press("n")
        await until(pilot, lambda: len(app.run_state.outcomes) == 1)
        assert app.run_state.outcomes[0].passed
        assert app.service.consent(JANE).state.value == "awaiting_yes"


async def test_take_over_ends_playback_and_leaves_the_desk_to_the_user(tmp_path):
    app = PlayApp([load_scenario(captioned(tmp_path))])
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: len(app.run_state.outcomes) == 1)
        await pilot.press("T")
        await pilot.pause()
        assert "You have the desk" in strip_text(app)
        # The state the scenario reached is kept, and the desk's keys act again.
        assert app.service.consent(JANE).state.value == "awaiting_yes"
        await pilot.press("c")
        await pilot.press("Y", "E", "S", "enter")
        await pilot.pause()
        assert app.service.consent(JANE).state.value == "opted_in"
        # `n` is no longer "next step": the scenario does not go on.
        await pilot.press("escape", "n")
        await pilot.pause()
        assert len(app.run_state.outcomes) == 1
        footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
        assert "Next step" not in footer and "Take over" not in footer


async def test_the_strip_shows_the_description_then_each_steps_note(tmp_path):
    app = PlayApp([load_scenario(captioned(tmp_path))])
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert "The agent asks; the consumer says YES." in strip_text(app)
        await pilot.press("n")
        await until(pilot, lambda: len(app.run_state.outcomes) == 1)
        assert "Quick Opt In sends the request, no PIN." in strip_text(app)


def test_notes_are_accepted_on_every_kind_of_step_and_change_nothing(tmp_path):
    path = captioned(tmp_path)
    assert main(["validate", str(path)]) == 0
    scenario = load_scenario(path)
    notes = [step.note for step in scenario.steps]
    assert notes[0] == "Quick Opt In sends the request, no PIN." and notes[1] is None
    assert all("note" not in step.args for step in scenario.steps)
    result = run_scenario(scenario)
    assert result.passed
    schema = json.loads(_schema_text())
    assert '"note"' in json.dumps(schema)


def _schema_text() -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["schema"]) == 0
    return out.getvalue()


def test_notes_are_written_into_the_transcript_without_html_entities(tmp_path):
    scenario = load_scenario(captioned(tmp_path))
    result = run_scenario(scenario)
    text = transcript(result)
    assert "note: The consumer answers YES on the phone." in text
    assert "Msg & data rates may apply" in text
    assert "&amp;" not in text


def test_autoplay_keeps_a_pace_a_presenter_can_talk_over(tmp_path):
    app = PlayApp([load_scenario(captioned(tmp_path))])
    steps = app.scenario.steps
    action, plain_check, captioned_check = steps[0], steps[1], steps[-1]
    assert app.pause_after(action) >= 3
    assert app.pause_after(captioned_check) >= 3
    assert app.pause_after(plain_check) < app.pause_after(action)


async def test_n_plays_the_steps_that_answer_a_dialog():
    # The dismissal asks its reason in a dialog, the opt-out its confirmation: played with `n`
    # (not autoplay), both steps pass and the scenario ends green.
    app = PlayApp([load_scenario("scenarios/opt_out/possible_opt_out_dismissed.yaml")])
    async with app.run_test(size=(140, 45)) as pilot:
        total = len(app.scenario.steps)
        for played in range(1, total + 1):
            await pilot.press("n")
            await until(pilot, lambda: len(app.run_state.outcomes) == played)
            failed = [o for o in app.run_state.outcomes if not o.passed]
            assert failed == [], failed[0].step


async def test_n_goes_on_past_a_dialog_that_shows_a_refusal():
    # A refused number keeps the Add number dialog open with the reason, as for an agent; its
    # box took the presenter's `n` as a letter, and playback stood still at step 9 of 13.
    from itms_tui.ui.screens.modals import TextPrompt
    from tests.support.ui import screen_text

    app = PlayApp([load_scenario("scenarios/rules/add_phone.yaml")])
    async with app.run_test(size=(140, 45)) as pilot:
        total = len(app.scenario.steps)
        refusals_seen = 0
        for played in range(1, total + 1):
            await pilot.press("n")
            await until(pilot, lambda: len(app.run_state.outcomes) == played)
            assert all(o.passed for o in app.run_state.outcomes), app.run_state.outcomes[-1]
            if isinstance(app.screen, TextPrompt):
                refusals_seen += 1
                assert "invalid_phone" in screen_text(app) or "already" in screen_text(app)
        assert refusals_seen == 3 and app.run_state.finished
        assert "✓ all steps passed" in strip_text(app)


async def test_a_clicked_text_box_leaves_the_playback_keys_to_playback_until_take_over():
    app = PlayApp([load_scenario("scenarios/opt_in/agent_pin.yaml")])
    async with app.run_test(size=(140, 45)) as pilot:
        search = app.screen.query_one("#account-search")
        await pilot.click("#account-search")
        assert app.focused is search
        await pilot.press("n")
        await until(pilot, lambda: len(app.run_state.outcomes) == 1)
        await pilot.press("space")  # autoplay on, then off again
        await until(pilot, lambda: app.autoplay)
        await pilot.press("space")
        assert search.value == "" and not app.autoplay
        assert "n Next step" in " ".join(footer_keys(app))  # not hidden as a key the box takes
        await pilot.press("T")
        await until(pilot, lambda: app.taken_over)
        await pilot.click("#account-search")
        await pilot.press("n", "o")  # the desk is the user's: the box types again
        assert search.value == "no"


def footer_keys(app) -> list[str]:
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    return [f"{key.key_display} {key.description}" for key in footer.children]
