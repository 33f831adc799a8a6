"""What the coach, the hints and the grader say, in an agent's words: no error codes, no provider
names, no advice that contradicts an exercise, and sentences that read right."""

from __future__ import annotations

import re

from tests.support.training import JANE, JANE_WORK, PIN, PIN_FLOW, SAM, FakeTimer, exercise

from itms_tui.core.names import ErrorCode
from itms_tui.scenarios import parse_scenario
from itms_tui.scenarios.runner import ScenarioRun, build_service
from itms_tui.training.grading import TrainingRun
from itms_tui.training.mistakes import KINDS, Mistake
from itms_tui.training.tasks import derive_hint, derive_task

CODES = re.compile(r"\b(" + "|".join(code.value for code in ErrorCode) + r")\b")
PROVIDERS = ("twilio", "bandwidth", "plivo", "sinch", "21610")


def start(steps: str, **options):
    scenario = exercise(steps, **options)
    service = build_service(scenario)
    training = TrainingRun(scenario, service, timer=FakeTimer())
    training.start()
    return training, service


def test_no_rule_text_names_an_error_code_or_a_provider() -> None:
    for kind in KINDS.values():
        for text in (kind.title, kind.why, kind.rule):
            assert not CODES.search(text), (kind.id, text)
            assert not any(p in text.casefold() for p in PROVIDERS), (kind.id, text)


def test_an_opt_out_is_explained_for_every_route_and_every_way_back() -> None:
    why = KINDS["texted_opted_out"].why
    assert "an agent opted it out" in why
    assert all(word in why for word in ("SIGNUP", "START", "UNSTOP"))
    assert "final" not in why


def test_the_possible_opt_out_advice_is_what_the_grader_accepts() -> None:
    assert "clarifying question" not in KINDS["ignored_possible_opt_out"].why


def test_a_wrong_number_opt_out_is_not_said_to_reach_anyone() -> None:
    assert "never agreed" not in KINDS["wrong_number"].why


def test_a_number_never_asked_is_said_in_words() -> None:
    training, service = start(f"""
        - agent: quick_opt_in
          account: "1001"
          phone: "{JANE}"
        """)
    service.send_text("1001", JANE, "Hello. Reply STOP to opt out.")
    detail = training.mistakes[0].detail
    assert detail == "you tried to text 617-555-0101, which has never opted in; the desk refused it"


def test_a_refusal_says_why_without_its_code() -> None:
    training, service = start(PIN_FLOW)
    service.send_text("1001", JANE, "   ")
    (mistake,) = training.mistakes
    assert mistake.kind == "refused"
    assert mistake.detail == ("you texted 617-555-0101 on account 1001, and the desk refused it: "
                              "The message is empty")
    assert not CODES.search(mistake.explanation())


def test_a_code_the_desk_should_have_refused_reads_right() -> None:
    training, service = start(f"""
        - agent: send_opt_in_request
          account: "1001"
          phone: "{JANE}"
        - consumer: "YES"
        - agent: enter_auth_code
          code: "1111"
          expect_error: wrong_code
        """)
    service.send_opt_in_request("1001", JANE)
    assert "(the desk should refuse it: that code is not the PIN the consumer was sent)" in (
        training.current.text)
    service.enter_auth_code("1001", JANE, PIN)
    # Jane read out 1111: any other code, even the right PIN, is one she did not give.
    (mistake,) = training.mistakes
    assert (mistake.kind, mistake.detail) == (
        "wrong_pin", "Jane Doe read out 1111; you entered '4821' for 617-555-0101")


def test_a_wrong_pin_names_the_consumer() -> None:
    training, service = start(PIN_FLOW)
    service.send_opt_in_request("1001", JANE)
    service.enter_auth_code("1001", JANE, "0000")
    assert training.mistakes[0].detail == ("Jane Doe read out 4821; you entered '0000' for "
                                           "617-555-0101")
    service.enter_auth_code("1001", JANE_WORK, "0000")  # no code was read out for this one
    assert training.mistakes[-1].detail == ("you entered '0000' for 617-555-0102, but no PIN has "
                                            "reached Jane Doe's phone")


def test_doing_the_next_task_before_a_pending_opt_out_says_the_opt_out_comes_first() -> None:
    training, service = start(f"""
        - agent: opt_out
          account: "1001"
          phone: "{JANE}"
        - agent: quick_opt_in
          account: "1002"
          phone: "{SAM}"
        """, consent=f'{{"{JANE}": opted_in}}')
    service.quick_opt_in("1002", SAM)
    (mistake,) = training.mistakes
    assert (mistake.kind, mistake.title) == ("opt_out_waiting", "Left an opt-out waiting")
    assert mistake.detail.endswith("while 617-555-0101 still waits to be opted out")


def test_an_explanation_never_ends_a_sentence_twice() -> None:
    mistake = Mistake("out_of_order", "the task now is 2: Deal with his text first.")
    assert ".." not in mistake.explanation()


def test_the_pin_flow_hint_and_advice_mention_entering_the_pin() -> None:
    scenario = parse_scenario(exercise_text_for(PIN_FLOW), "x.yaml")
    first = scenario.steps[0]
    assert "enter the PIN the consumer reads out to you (p)" in derive_hint(first)
    assert "enter the PIN" in KINDS["texted_not_opted_in"].why


def test_a_pin_task_does_not_say_their_phone() -> None:
    scenario = exercise(PIN_FLOW)
    service = build_service(scenario)
    pin_step = next(s for s in scenario.steps if s.action == "enter_auth_code")
    text = derive_task(pin_step, service)
    assert "their phone" not in text
    assert text == "Jane Doe reads you the PIN that came to 617-555-0101: enter it to opt the " \
                   "number in"


def test_an_expectation_reads_as_english() -> None:
    scenario = exercise(f"""
        - agent: quick_opt_in
          account: "1001"
          phone: "{JANE_WORK}"
        - expect: sms
          contains: nowhere
        """)
    run = ScenarioRun(scenario, build_service(scenario))
    run.run()
    assert run.outcomes[-1].expected == "sms to +16175550102 with a body containing 'nowhere'"


def exercise_text_for(steps: str) -> str:
    from tests.support.training import exercise_text

    return exercise_text(steps)
