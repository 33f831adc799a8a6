"""The scenario runner's semantics (SPEC.md section 7), one rule per test.

Scenarios are written inline with `doc()`: steps start on line 3 of a file called `s.yaml`, so a
failure's `file:line` can be checked exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from itms_tui.core.names import ConsentState, ErrorCode
from itms_tui.scenarios import parse_scenario
from itms_tui.scenarios.demo import load_demo_world
from itms_tui.scenarios.runner import (
    ScenarioRun,
    StepNotResolvable,
    build_service,
    run_scenario,
)
from tests.support.scenarios import doc
from tests.support.worlds import ONE_WORLD, TWO_WORLD

NUMBER = "+16175550101"


def scenario(steps: str, world: str | None = ONE_WORLD):
    return parse_scenario(doc(steps, world), "s.yaml", demo_world=load_demo_world())


def run(steps: str, world: str | None = ONE_WORLD):
    return run_scenario(scenario(steps, world))


def passes(steps: str, world: str | None = ONE_WORLD) -> None:
    result = run(steps, world)
    assert result.passed, "\n".join(result.failure.failure_lines() if result.failure else [])


def fails(steps: str, world: str | None = ONE_WORLD):
    """The failing outcome of a scenario that must fail."""
    result = run(steps, world)
    assert not result.passed
    assert result.failure is not None
    return result.failure


def world_at(clock: str) -> str:
    return ONE_WORLD.replace('"2026-03-02T10:00:00-05:00"', f'"{clock}"')


# -- expect: sms -----------------------------------------------------------------------------------


def test_expect_sms_checks_the_oldest_unchecked_text_first() -> None:
    failure = fails("""
        - agent: send_opt_in_request
        - consumer: "YES"
        - expect: sms
          template: opt_in_pin
    """)
    assert failure.index == 3
    assert failure.expected == f"sms to {NUMBER} with template opt_in_pin"
    assert failure.actual.startswith("the oldest unchecked text is opt_in 'Acme Recovery: ")
    assert failure.actual.endswith("(delivered) — wrong template")


def test_expect_sms_moves_on_once_a_text_is_checked() -> None:
    passes("""
        - agent: send_opt_in_request
        - consumer: "YES"
        - expect: sms
          template: opt_in
        - expect: sms
          template: opt_in_pin
        - expect: no_sms
    """)


def test_expect_sms_with_nothing_left_to_check() -> None:
    failure = fails("""
        - agent: send_opt_in_request
        - expect: sms
        - expect: sms
    """)
    assert failure.index == 3
    assert failure.actual == f"every text to {NUMBER} was already checked (1 text sent)"
    failure = fails("""
        - expect: sms
          to: "+16175550199"
    """)
    assert failure.actual == "no text was sent to +16175550199"


def test_expect_sms_ignores_inbound_texts() -> None:
    failure = fails("""
        - consumer: hello there
        - expect: sms
    """)
    assert failure.actual == f"no text was sent to {NUMBER}"


def test_every_key_given_must_match() -> None:
    steps = """
        - agent: send_opt_in_request
        - expect: sms
          template: opt_in
          contains: reply YES
          matches: 'Msg & data rates? may apply'
          status: delivered
    """
    passes(steps)
    failure = fails(steps.replace("contains: reply YES", "contains: reply yes"))
    assert "the body lacks 'reply yes'" in failure.actual  # contains is case-sensitive
    failure = fails(steps.replace("status: delivered", "status: sent"))
    assert failure.actual.endswith("(delivered) — wrong status")
    assert failure.expected.endswith("status sent")
    failure = fails(steps.replace("'Msg & data rates? may apply'", "'^Reply'"))
    assert "the body does not match /^Reply/" in failure.actual


def test_matches_is_a_regex_search_not_a_full_match() -> None:
    passes(r"""
        - agent: send_opt_in_request
        - consumer: "YES"
        - expect: sms
        - expect: sms
          matches: '\b\d{4}\b'
    """)


def test_a_held_text_is_checked_once_as_scheduled() -> None:
    """06:30: the request is held. Checked now it is `scheduled`; after the window opens it
    does not come back as a second text to check."""
    steps = ("- agent: send_opt_in_request\n"
             "- expect: sms\n  template: opt_in\n  status: scheduled\n"
             "- advance: 2h\n"
             "- expect: no_sms\n")
    passes(steps, world_at("2026-03-02T06:30:00-05:00"))
    failure = fails(steps + "- expect: sms\n", world_at("2026-03-02T06:30:00-05:00"))
    assert failure.actual == f"every text to {NUMBER} was already checked (1 text sent)"


def test_a_held_text_first_checked_after_release_has_its_status_now() -> None:
    passes("""
        - agent: send_opt_in_request
        - advance: 2h
        - expect: sms
          template: opt_in
          status: delivered
    """, world_at("2026-03-02T06:30:00-05:00"))


def test_the_failure_shows_when_a_held_text_waits_until() -> None:
    failure = fails("""
        - agent: send_opt_in_request
        - expect: sms
          status: delivered
    """, world_at("2026-03-02T06:30:00-05:00"))
    assert failure.actual.endswith("(scheduled until Mon 08:00) — wrong status")


# -- expect: no_sms --------------------------------------------------------------------------------


def test_no_sms_passes_when_every_text_was_checked() -> None:
    passes("""
        - expect: no_sms
        - agent: quick_opt_in
        - expect: sms
        - expect: no_sms
    """)


def test_no_sms_fails_listing_the_unchecked_texts() -> None:
    failure = fails("""
        - agent: quick_opt_in
        - consumer: "YES"
        - expect: sms
        - expect: no_sms
    """)
    assert failure.index == 4
    assert failure.expected == f"no unchecked text to {NUMBER}"
    assert failure.actual.startswith("1 unchecked text: opted_in 'Acme Recovery: thanks")


# -- expect: consent, inbox, audit -----------------------------------------------------------------


def test_expect_consent() -> None:
    passes("- agent: quick_opt_in\n- expect: consent\n  state: awaiting_yes")
    failure = fails("- agent: quick_opt_in\n- expect: consent\n  state: opted_in")
    assert (failure.expected, failure.actual) == (
        f"consent of {NUMBER} is opted_in", "it is awaiting_yes")


def test_expect_inbox_by_queue_phone_and_case_sensitive_contains() -> None:
    passes("""
        - consumer: "Please STOP texting me"
        - expect: inbox
          queue: possible_opt_out
          contains: STOP texting
        - expect: inbox
          queue: agent
        - expect: inbox
          queue: unanswered
    """)
    failure = fails("""
        - consumer: "Please STOP texting me"
        - expect: inbox
          queue: agent
          contains: stop texting
    """)
    assert failure.expected == (f"an item from {NUMBER} in the agent queue containing "
                                "'stop texting'")
    assert failure.actual == (f"the agent queue holds from {NUMBER} only: "
                              "'Please STOP texting me'")


def test_expect_inbox_names_the_queues_the_text_is_in() -> None:
    failure = fails("""
        - consumer: "Can I pay Friday?"
        - expect: inbox
          queue: unassociated
    """)
    assert failure.actual == (f"the unassociated queue has nothing from {NUMBER}; its items: "
                              "'Can I pay Friday?' in agent")
    failure = fails("- expect: inbox\n  queue: agent")
    assert failure.actual == f"no inbox item from {NUMBER} at all"


def test_expect_audit() -> None:
    passes("""
        - agent: send_text
          text: hi
          expect_error: not_opted_in
        - expect: audit
          event: not_opted_in
        - agent: quick_opt_in
        - expect: audit
          event: opt_in_request
    """)
    failure = fails("""
        - agent: quick_opt_in
        - expect: audit
          event: keyword_opt_out
    """)
    assert failure.actual == f"events for {NUMBER}: opt_in_request"
    assert fails("- expect: audit\n  event: yes").actual == f"no audit event for {NUMBER}"


# -- actions and expect_error ----------------------------------------------------------------------


def test_expect_error_passes_only_on_exactly_that_code() -> None:
    passes("""
        - agent: send_text
          text: hello
          expect_error: not_opted_in
    """)
    failure = fails("""
        - agent: send_text
          text: hello
          expect_error: opted_out
    """)
    assert failure.expected == "refused with opted_out"
    assert failure.actual == ("refused with not_opted_in: The number has not opted in to texts: "
                              "it must opt in first.")


def test_expect_error_fails_when_the_action_is_accepted() -> None:
    failure = fails("""
        - agent: quick_opt_in
          expect_error: already_opted_in
    """)
    assert failure.expected == "refused with already_opted_in"
    assert failure.actual == "accepted: opt-in request: delivered"


def test_a_refusal_without_expect_error_fails_with_code_and_sentence() -> None:
    failure = fails("""
        - agent: quick_opt_in
        - agent: enter_auth_code
          code: "1234"
    """)
    assert failure.index == 2
    assert failure.expected == "accepted"
    assert failure.actual == ("refused with no_pending_pin: "
                              "No PIN is outstanding for this number.")


def test_unknown_accounts_are_checked_when_the_step_runs() -> None:
    steps = '- agent: send_opt_in_request\n  account: "4242"\n'
    assert fails(steps).actual.startswith("refused with unknown_account:")
    passes(steps + "  expect_error: unknown_account\n")


def test_add_phone_is_checked_when_the_step_runs() -> None:
    passes("""
        - agent: add_phone
          phone: "555-0100"
          expect_error: invalid_phone
        - agent: add_phone
          phone: "(617) 555-0177"
        - expect: consent
          phone: "+16175550177"
          state: none
    """)


# -- {pin} -----------------------------------------------------------------------------------------


def test_pin_placeholder_is_the_pin_the_phone_received() -> None:
    passes("""
        - agent: send_opt_in_request
        - consumer: "YES"
        - agent: enter_auth_code
          code: "{pin}"
        - expect: consent
          state: opted_in
    """)


def test_resolve_replaces_the_placeholder_and_keeps_literal_codes() -> None:
    s = scenario("""
        - agent: send_opt_in_request
        - consumer: "YES"
        - agent: enter_auth_code
          code: "{pin}"
        - agent: enter_auth_code
          code: "0123"
    """)
    service = build_service(s)
    flow = ScenarioRun(s, service)
    flow.execute(s.steps[0])
    flow.execute(s.steps[1])
    pin = service.pin_for_consumer(NUMBER)
    assert pin is not None and re.fullmatch(r"\d{4}", pin)
    resolved = flow.resolve(s.steps[2])
    assert resolved.args["code"] == pin
    assert s.steps[2].args["code"] == "{pin}"  # the scenario's own step is untouched
    assert flow.resolve(s.steps[3]) is s.steps[3]
    assert flow.index_of(resolved) == 3


def test_pin_placeholder_without_a_delivered_pin_fails_the_step() -> None:
    failure = fails("""
        - agent: send_opt_in_request
        - fault: drop
        - consumer: "YES"
        - agent: enter_auth_code
          code: "{pin}"
    """)
    assert failure.index == 4
    assert failure.actual == (f"no PIN has reached {NUMBER} (no opt_in_pin text was delivered "
                              "to it), so {pin} stands for nothing")
    s = scenario('- agent: enter_auth_code\n  code: "{pin}"')
    with pytest.raises(StepNotResolvable):
        ScenarioRun(s, build_service(s)).resolve(s.steps[0])


def test_expired_and_voided_pins_through_the_placeholder() -> None:
    passes("""
        - agent: send_opt_in_request
        - consumer: "YES"
        - advance: 1d
        - agent: enter_auth_code
          code: "{pin}"
          expect_error: code_expired
        - agent: send_opt_in_request
        - agent: enter_auth_code
          code: "{pin}"
          expect_error: no_pending_pin
    """)


# -- defaults, other step kinds --------------------------------------------------------------------


def test_defaults_resolve_to_the_last_named_or_the_only_ones() -> None:
    s = scenario("""
        - agent: quick_opt_in
          account: "1002"
          phone: "+12085550123"
        - consumer: "YES"
        - agent: send_text
          text: Hi Sam
        - expect: sms
        - expect: sms
        - expect: sms
          contains: Hi Sam
          status: scheduled
    """, TWO_WORLD)
    assert s.steps[1].args == {"from": "+12085550123"}
    assert s.steps[2].args["account"] == "1002"
    assert "account" in s.steps[2].defaulted
    result = run_scenario(s)
    assert result.passed, result.failure
    assert result.service is not None
    assert result.service.consent("+12085550123").state is ConsentState.OPTED_IN
    # The only account and number of a one-account world.
    s = scenario("- agent: quick_opt_in")
    assert s.steps[0].args == {"account": "1001", "phone": NUMBER}


def test_no_world_runs_on_the_demo_world() -> None:
    passes("""
        - agent: send_text
          account: "1009"
          phone: "+12145550109"
          text: "Robert, your plan is set."
        - expect: sms
          status: delivered
    """, world=None)


def test_set_and_fault_steps_act_on_the_service() -> None:
    passes("""
        - agent: quick_opt_in
        - consumer: "YES"
        - set: {agents_available: false}
        - consumer: "Are you there?"
        - fault: fail
          status: SPAM
        - agent: send_text
          text: Yes, sorry!
        - expect: sms
          template: opt_in
        - expect: sms
          template: opted_in
        - expect: sms
          template: no_one_available
        - expect: sms
          status: failed
    """)


def test_advance_reports_the_clock() -> None:
    result = run("- advance: 1h30m")
    assert result.outcomes[0].actual == "the clock reads Mon 2 Mar 11:30 EST"


# -- the run ---------------------------------------------------------------------------------------


def test_the_run_stops_at_the_first_failing_step() -> None:
    result = run("""
        - agent: quick_opt_in
        - expect: consent
          state: opted_in
        - agent: send_text
          text: never sent
    """)
    assert not result.passed
    assert [o.passed for o in result.outcomes] == [True, False]
    assert result.service is not None
    assert all(m.body != "never sent" for m in result.service.messages())


def test_failure_message_has_file_line_expected_actual_and_context() -> None:
    failure = fails("""
        - agent: send_opt_in_request
        - consumer: "YES"
        - expect: sms
          template: opted_in
    """)
    lines = failure.failure_lines()
    assert lines[0] == "s.yaml:5: step 3, expect: sms"
    assert failure.where == "s.yaml:5"
    assert lines[1] == f"expected: sms to {NUMBER} with template opted_in"
    assert lines[2].startswith("actual:   the oldest unchecked text is opt_in ")
    assert lines[3] == "last messages:"
    assert lines[4].startswith(f"  Mon 10:00 → {NUMBER} opt_in 'Acme Recovery: reply YES")
    assert lines[5] == f"  Mon 10:00 ← {NUMBER} 'YES' (delivered)"
    assert lines[6].startswith(f"  Mon 10:00 → {NUMBER} opt_in_pin ")
    assert lines[7] == "last consent changes:"
    assert lines[8] == f"  Mon 10:00 {NUMBER} none → awaiting_yes (opt_in_request, agent)"
    assert lines[9] == f"  Mon 10:00 {NUMBER} awaiting_yes → awaiting_pin (yes, consumer)"
    assert str(failure) == "\n".join(lines)


def test_the_context_shows_only_the_last_few_items() -> None:
    steps = "\n".join(f"- consumer: text {i}" for i in range(8)) + "\n- expect: sms"
    failure = fails(steps)
    messages = failure.context[1:failure.context.index("last consent changes: none")]
    assert [line.split("'")[1] for line in messages] == [f"text {i}" for i in range(3, 8)]


def test_texts_in_reports_are_cut_and_escaped() -> None:
    failure = fails('- consumer: "line one\\nline two"\n- expect: consent\n  state: opted_in')
    assert "'line one\\nline two'" in "\n".join(failure.context)


def test_an_engine_exception_fails_the_step_without_escaping(monkeypatch) -> None:
    s = scenario("- agent: quick_opt_in\n- expect: no_sms")
    service = build_service(s)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "quick_opt_in", broken)
    flow = ScenarioRun(s, service)
    outcomes = flow.run()
    assert len(outcomes) == 1
    assert outcomes[0].actual == "the engine raised RuntimeError: boom"
    assert isinstance(outcomes[0].error, RuntimeError)


# -- the pieces, as the app's playback uses them ---------------------------------------------------


def test_pieces_judge_an_action_performed_elsewhere() -> None:
    """The app performs agent steps through its widgets, then asks the run to judge the Result."""
    s = scenario("""
        - agent: send_opt_in_request
        - expect: sms
          template: opt_in
        - consumer: "YES"
        - agent: enter_auth_code
          code: "{pin}"
        - agent: enter_auth_code
          code: "{pin}"
          expect_error: no_pending_pin
        - expect: consent
          state: opted_in
    """)
    service = build_service(s)
    flow = ScenarioRun(s, service)
    assert flow.next_step() is s.steps[0]
    outcome = flow.judge_action(s.steps[0], service.send_opt_in_request("1001", NUMBER))
    assert outcome.passed and outcome.index == 1
    assert flow.check(s.steps[1]).passed
    assert flow.execute(s.steps[2]).passed  # the consumer's phone, done directly
    step = flow.resolve(flow.next_step())
    result = service.enter_auth_code(step.args["account"], step.args["phone"], step.args["code"])
    assert flow.judge_action(step, result).passed
    step = flow.resolve(flow.next_step())
    result = service.enter_auth_code("1001", NUMBER, step.args["code"])
    assert result.code is ErrorCode.NO_PENDING_PIN
    assert flow.judge_action(step, result).passed
    assert flow.check(flow.next_step()).passed
    assert flow.next_step() is None and flow.finished and not flow.failed
    assert [o.index for o in flow.outcomes] == [1, 2, 3, 4, 5, 6]


def test_check_refuses_an_action_step() -> None:
    s = scenario("- agent: quick_opt_in")
    with pytest.raises(ValueError):
        ScenarioRun(s, build_service(s)).check(s.steps[0])


def test_build_service_on_the_demo_world_is_fresh_each_time() -> None:
    s = scenario('- consumer: STOP\n  from: "+16175550101"', world=None)
    first = run_scenario(s)
    assert first.passed
    second = build_service(s)
    assert second.consent(NUMBER).state is ConsentState.OPTED_IN  # the demo world's start
    assert len(second.accounts()) == 28


def test_the_built_in_demo_world_file_runs(tmp_path: Path) -> None:
    from itms_tui.scenarios import load_scenario

    demo = Path(__file__).parents[2] / "itms_tui" / "data" / "demo.yaml"
    result = run_scenario(load_scenario(demo, demo_world=load_demo_world()))
    assert result.passed, result.failure


def test_fail_records_a_step_the_app_could_not_carry_out() -> None:
    s = scenario("- agent: quick_opt_in\n- expect: no_sms")
    flow = ScenarioRun(s, build_service(s))
    outcome = flow.fail(s.steps[0], "the Quick Opt In button was disabled")
    assert not outcome.passed and outcome.index == 1
    assert (outcome.expected, outcome.actual) == ("accepted", "the Quick Opt In button was disabled")
    assert flow.failed and flow.finished and flow.next_step() is None
    assert outcome.failure_lines()[:3] == [
        "s.yaml:3: step 1, agent: quick_opt_in",
        "expected: accepted",
        "actual:   the Quick Opt In button was disabled",
    ]


LOCKOUT = Path(__file__).parents[2] / "scenarios" / "training" / "14_pin_lockout.yaml"


def test_a_scripted_wrong_code_is_never_drawn_as_the_pin(monkeypatch) -> None:
    """A scenario knows a PIN only as `{pin}`: a code it types as written is a wrong one, in
    every run. Drawn at random, "1234" was the PIN once in 10,000 runs of the lockout exercise."""
    from itms_tui.core import pins
    from itms_tui.scenarios import load_scenario
    from itms_tui.scenarios.runner import scripted_codes
    from tests.support.engine import DealtDigits

    monkeypatch.setattr("itms_tui.core.service.draw_pin", pins.draw_pin)
    monkeypatch.setattr(pins, "secrets", DealtDigits("1234" "1243" "2143"))
    lockout = load_scenario(LOCKOUT, demo_world=load_demo_world())
    assert scripted_codes(lockout) == {"1234", "1243", "2143"}
    result = run_scenario(lockout)
    assert result.passed, result.failure
