"""`task:`, `hint:` (agent and supervisor steps) and `objective:`, `pass_mark:` (the file): read by
the validator, described by the JSON Schema from the same tables, and the task derived when left
out."""

from __future__ import annotations

import pytest
import yaml
from jsonschema import Draft202012Validator

from itms_tui.scenarios import ScenarioInvalid, parse_scenario
from itms_tui.scenarios.runner import build_service, run_scenario
from itms_tui.scenarios.schema import scenario_schema
from itms_tui.training.tasks import derive_hint, derive_task, phone_text, task_text
from tests.support.training import JANE, exercise, exercise_text

HEADER = "name: An exercise\nobjective: Learn the PIN flow\npass_mark: 90\n"


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioInvalid) as raised:
        parse_scenario(text, "x.yaml")
    return [f"{e.line}:{e.col}: {e.message}" for e in raised.value.errors]


def test_the_keys_are_read_and_kept_out_of_the_step_arguments() -> None:
    scenario = exercise(f"""
        - agent: send_opt_in_request
          account: "1001"
          phone: "{JANE}"
          task: Ask Jane for consent
          hint: Press o
        - supervisor: reply
          text: Hello. Reply STOP to opt out.
          task: Answer her
        """, header=HEADER)
    first, second = scenario.steps
    assert (first.task, first.hint) == ("Ask Jane for consent", "Press o")
    assert "task" not in first.args and "hint" not in first.args
    assert (second.task, second.hint) == ("Answer her", None)
    assert scenario.objective == "Learn the PIN flow"
    assert scenario.pass_mark == 90
    # A run ignores them.
    assert run_scenario(exercise("- agent: quick_opt_in\n  account: \"1001\"\n  phone: "
                                 f'"{JANE}"\n  task: go')).passed


def test_left_out_they_default() -> None:
    scenario = exercise(f'- agent: quick_opt_in\n  account: "1001"\n  phone: "{JANE}"')
    assert scenario.objective == "" and scenario.pass_mark is None
    assert scenario.steps[0].task is None and scenario.steps[0].hint is None


@pytest.mark.parametrize(("step", "message"), [
    ("- consumer: hi\n  task: say hi",
     "'task' is only for agent and supervisor steps (the trainee's tasks); "
     "consumer plays by itself in trainee mode"),
    ("- expect: no_sms\n  hint: look",
     "'hint' is only for agent and supervisor steps (the trainee's tasks); "
     "expect: no_sms plays by itself in trainee mode"),
    ("- advance: 1h\n  task: wait",
     "'task' is only for agent and supervisor steps (the trainee's tasks); "
     "advance plays by itself in trainee mode"),
    ('- agent: quick_opt_in\n  task: ""', "the task is empty: say what the trainee should do"),
    ("- agent: quick_opt_in\n  hint: \"  \"", "the hint is empty: leave the key out instead"),
    ("- agent: quick_opt_in\n  task: [a, b]", "expected a text, got a list"),
    ("- agent: quick_opt_in\n  hnit: x",
     "unknown key 'hnit' for agent: quick_opt_in (did you mean 'hint'?); "
     "allowed: account, phone, expect_error, task, hint, note"),
])
def test_step_key_problems(step: str, message: str) -> None:
    found = problems(exercise_text(step))
    assert any(found_message.endswith(message) for found_message in found), found


@pytest.mark.parametrize(("header", "message"), [
    ("pass_mark: 101\n", "2:12: must be at most 100, got 101"),
    ("pass_mark: -1\n", "2:12: must be at least 0, got -1"),
    ("pass_mark: \"80\"\n", "2:12: expected a whole number, got the text '80': write the number "
                            "without quotes"),
    ("pass_mark: eighty\n", "2:12: expected a whole number, got 'eighty'"),
    ("objective: \"\"\n", "2:12: the objective is empty: leave the key out instead"),
    ("objectve: x\n", "2:1: unknown key 'objectve' (did you mean 'objective'?); allowed: name, "
                      "description, tags, objective, pass_mark, world, steps"),
])
def test_file_key_problems(header: str, message: str) -> None:
    text = exercise_text(f'- agent: quick_opt_in\n  account: "1001"\n  phone: "{JANE}"',
                         header="name: An exercise\n" + header)
    assert message in problems(text)


def test_the_schema_agrees() -> None:
    schema = scenario_schema()
    validator = Draft202012Validator(schema)
    good = yaml.safe_load(exercise_text(
        f'- agent: quick_opt_in\n  account: "1001"\n  phone: "{JANE}"\n  task: t\n  hint: h',
        header=HEADER))
    assert list(validator.iter_errors(good)) == []
    assert schema["properties"]["pass_mark"]["minimum"] == 0
    assert schema["properties"]["pass_mark"]["maximum"] == 100
    assert schema["properties"]["objective"]["minLength"] == 1
    steps = schema["$defs"]["step"]["oneOf"]
    for variant in steps:
        kind = variant["required"][0]
        has = {"task", "hint"} <= set(variant["properties"])
        assert has == (kind in ("agent", "supervisor")), variant["title"]
    for bad in ({"pass_mark": 101}, {"pass_mark": -1}, {"objective": ""}):
        assert list(validator.iter_errors({**good, **bad}))
    consumer_with_task = {**good, "steps": [{"consumer": "hi", "task": "x"}]}
    assert list(validator.iter_errors(consumer_with_task))


def test_tasks_are_derived_in_plain_words() -> None:
    scenario = exercise(f"""
        - agent: send_opt_in_request
          account: "1001"
          phone: "{JANE}"
        - agent: enter_auth_code
          code: "{{pin}}"
        - agent: enter_auth_code
          code: "0000"
        - agent: quick_opt_in
          phone: "+12085550123"
          account: "1002"
        - agent: arrange_payment_plan
          amount: 200
        - agent: opt_out
        - agent: send_text
          text: "Hi Sam.\\nReply STOP to opt out."
        - agent: send_link
          expect_error: opted_out
        - agent: add_phone
          phone: (208) 555-0199
        - supervisor: link_number
          phone: "+17185550199"
        - supervisor: reply
          text: Who is this?
        """)
    service = build_service(scenario)
    tasks = [derive_task(step, service) for step in scenario.steps]
    assert tasks == [
        "Get Jane Doe's number 617-555-0101 opted in with a PIN",
        "Jane Doe reads you the PIN that came to 617-555-0101: enter it to opt the number in",
        "Enter the code 0000 for Jane Doe's number 617-555-0101",
        "Opt Sam Ortiz's number 208-555-0123 in with Quick Opt In (no PIN)",
        "Arrange a payment plan of $200.00 for Sam Ortiz (account 1002) on 208-555-0123",
        "Opt Sam Ortiz's number 208-555-0123 out",
        "Text Sam Ortiz at 208-555-0123: “Hi Sam. Reply STOP to opt out.”",
        "Send Sam Ortiz the portal link at 208-555-0123 (the desk should refuse it: the number has "
        "opted out: nothing may be sent until the consumer texts SIGNUP)",
        "Add the number 208-555-0199 to Sam Ortiz's account 1002",
        "In the supervisor's queues, link 718-555-0199 to account 1002 (Sam Ortiz)",
        "From the supervisor's queues, answer 718-555-0199: “Who is this?”",
    ]
    assert "press o" in derive_hint(scenario.steps[0])
    assert "the code the consumer reads out" in derive_hint(scenario.steps[1])
    assert "opt out" in derive_hint(scenario.steps[6])
    # A written task wins.
    written = exercise(f'- agent: quick_opt_in\n  account: "1001"\n  phone: "{JANE}"\n  task: Go')
    assert task_text(written.steps[0], build_service(written)) == "Go"


def test_phone_text() -> None:
    assert phone_text("+16175550101") == "617-555-0101"
    assert phone_text("+442079460018") == "+44 20 7946 0018"
