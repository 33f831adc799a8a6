"""The JSON Schema of scenario files agrees with the validator: every library file is valid for
it, and files are accepted or refused by both alike wherever a schema can say why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from itms_tui.core.keywords import PROFILES
from itms_tui.core.names import (
    AUDIT_EVENT_NAMES,
    CarrierStatus,
    ConsentState,
    Direction,
    ErrorCode,
    FaultKind,
    MessageStatus,
    Queue,
    Template,
)
from itms_tui.core.settings import SETTING_NAMES
from itms_tui.scenarios import find_scenario_files
from itms_tui.scenarios.schema import SCHEMA_ID, scenario_schema
from tests.support.scenarios import SPEC_EXAMPLE, doc, problems, yaml12
from tests.support.worlds import ONE_WORLD, TWO_WORLD

SCHEMA = scenario_schema()
VALIDATOR = Draft202012Validator(SCHEMA)
ROOT = Path(__file__).resolve().parents[2]
LIBRARY = find_scenario_files([ROOT / "scenarios"]) + [ROOT / "itms_tui" / "data" / "demo.yaml"]


def schema_errors(text: str) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(yaml12(text))]


def test_the_schema_is_a_valid_draft_2020_12_schema_with_an_id() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == SCHEMA_ID == "https://itms-tui.example/schemas/scenario-v1.json"
    json.dumps(SCHEMA)  # plain JSON data


@pytest.mark.parametrize("path", LIBRARY, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_library_scenario_is_valid_for_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert problems(text) == []
    assert schema_errors(text) == []


#: Where a scenario file names a value of each closed list of the core: a step using `{}`.
CLOSED_LISTS = {
    "template": ([t.value for t in Template], "- expect: sms\n  template: {}"),
    "consent state": ([s.value for s in ConsentState], "- expect: consent\n  state: {}"),
    "error code": ([c.value for c in ErrorCode], "- agent: opt_out\n  expect_error: {}"),
    "queue": ([q.value for q in Queue], "- expect: inbox\n  queue: {}"),
    "message status": ([s.value for s in MessageStatus], "- expect: sms\n  status: {}"),
    "carrier status": ([s.value for s in CarrierStatus], "- fault: fail\n  status: {}"),
    "audit event": (list(AUDIT_EVENT_NAMES), "- expect: audit\n  event: {}"),
    "direction": ([d.value for d in Direction], "- fault: drop\n  direction: {}"),
    "keyword profile": (list(PROFILES), "- set: {{keywords: {{profile: {}}}}}"),
}


@pytest.mark.parametrize(("values", "step"), CLOSED_LISTS.values(), ids=CLOSED_LISTS.keys())
def test_closed_lists_accept_every_name_the_validator_accepts_and_nothing_else(
    values: list[str], step: str
) -> None:
    for value in values:
        text = doc(step.format(value))
        assert (problems(text), schema_errors(text)) == ([], []), value
        misspelt = doc(step.format(value + "x"))
        assert problems(misspelt) and schema_errors(misspelt), value + "x"


#: Each step shape of SPEC.md section 7 with every key it may have.
EVERY_STEP_SHAPE = [
    '- agent: add_phone\n  account: "1001"\n  phone: "+16175550160"\n  expect_error: invalid_phone',
    '- agent: send_opt_in_request\n  account: "1001"\n  phone: "+16175550101"',
    '- agent: enter_auth_code\n  account: "1001"\n  phone: "+16175550101"\n  code: "1234"',
    '- agent: quick_opt_in\n  account: "1001"\n  phone: "+16175550101"',
    '- agent: arrange_payment_plan\n  account: "1001"\n  phone: "+16175550101"\n  amount: 25.50',
    '- agent: opt_out\n  account: "1001"\n  phone: "+16175550101"',
    '- agent: send_text\n  account: "1001"\n  phone: "+16175550101"\n  text: hello',
    '- agent: send_link\n  account: "1001"\n  phone: "+16175550101"',
    '- supervisor: link_number\n  phone: "+16175550101"\n  account: "1001"',
    '- supervisor: reply\n  phone: "+16175550101"\n  text: hello',
    '- consumer: "YES"\n  from: "+16175550101"',
    "- advance: 15m",
    "- set: {pin_ttl: 2h}",
    '- fault: delay\n  to: "+16175550101"\n  duration: 90s\n  count: 2\n  direction: in',
    '- fault: drop\n  to: "+16175550101"\n  count: 1\n  direction: out',
    '- fault: duplicate\n  to: "+16175550101"\n  count: 1\n  direction: in',
    '- fault: fail\n  to: "+16175550101"\n  status: SPAM\n  count: 1\n  direction: out',
    '- expect: sms\n  to: "+16175550101"\n  template: help\n  contains: a\n  matches: "^a"\n'
    "  status: delivered",
    '- expect: no_sms\n  to: "+16175550101"',
    '- expect: consent\n  phone: "+16175550101"\n  state: opted_in',
    '- expect: inbox\n  queue: agent\n  phone: "+16175550101"\n  contains: hi',
    '- expect: audit\n  phone: "+16175550101"\n  event: pin_accepted',
]


def test_the_step_shapes_cover_every_fault() -> None:
    faults = {step.split("\n")[0].removeprefix("- fault: ") for step in EVERY_STEP_SHAPE
              if step.startswith("- fault:")}
    assert faults == {kind.value for kind in FaultKind}


def _without_line(step: str, index: int) -> str:
    lines = step.split("\n")
    return "\n".join(lines[:index] + lines[index + 1:])


@pytest.mark.parametrize("step", EVERY_STEP_SHAPE, ids=lambda step: step.split("\n")[0][2:])
def test_each_step_shape_gets_the_same_verdicts_with_a_key_missing_or_unknown(step: str) -> None:
    """In a world of one account and one number, where every default resolves, a key's absence
    is refused only for a key the step cannot do without: the schema must agree."""
    text = doc(step)
    assert (problems(text), schema_errors(text)) == ([], [])
    for index in range(1, step.count("\n") + 1):  # every key after the step's kind
        without = doc(_without_line(step, index))
        missing = step.split("\n")[index].split(":")[0].strip()
        assert bool(problems(without)) == bool(schema_errors(without)), f"without {missing}"
    unknown = doc(step + "\n  colour: red")
    assert problems(unknown) and schema_errors(unknown)


def test_expect_error_is_allowed_on_agent_and_supervisor_steps_only() -> None:
    for step in EVERY_STEP_SHAPE:
        if "expect_error" in step:
            continue
        text = doc(step + "\n  expect_error: invalid_phone")
        allowed = step.startswith(("- agent", "- supervisor"))
        assert (problems(text) == [], schema_errors(text) == []) == (allowed, allowed), step


#: A value of each setting, as a scenario's `set:` step writes it.
SETTING_EXAMPLES = {
    "send_window": '"09:00-20:00"',
    "pin_length": "6",
    "pin_ttl": "2h",
    "max_pin_attempts": "5",
    "max_invitations": "2",
    "agents_available": "false",
    "welcome_on_first_text": "true",
    "keywords": "{profile: fcc, yes: [yes, oui]}",
    "templates": '{help: "Call us"}',
}


def test_every_setting_is_accepted_and_a_misspelt_one_refused_by_both() -> None:
    assert set(SETTING_EXAMPLES) == set(SETTING_NAMES), "an example for every setting"
    for name, value in SETTING_EXAMPLES.items():
        text = doc(f"- set: {{{name}: {value}}}")
        assert (problems(text), schema_errors(text)) == ([], []), name
        misspelt = doc(f"- set: {{{name}s: {value}}}")
        assert problems(misspelt) and schema_errors(misspelt), name + "s"


VALID = [
    SPEC_EXAMPLE,
    doc("- agent: quick_opt_in"),
    doc("""
        - agent: add_phone
          account: "1002"
          phone: "not a number"
          expect_error: invalid_phone
        - agent: enter_auth_code
          phone: "+16175550101"
          code: 0123
        - agent: arrange_payment_plan
          amount: 250.50
        - agent: send_text
          text: no
        - supervisor: link_number
        - supervisor: reply
          text: "1e3"
        - consumer: YES
        - advance: 1d5h
        - set: {agents_available: false, pin_ttl: 2h, keywords: {profile: fcc, yes: [yes, oui]},
                templates: {help: "Call us"}, send_window: "09:00-20:00", pin_length: 6}
        - fault: delay
          duration: 90s
          count: 2
          direction: in
        - fault: fail
          status: SPAM
        - fault: drop
        - fault: duplicate
        - expect: sms
          template: help
          contains: Call
          matches: "^Call"
          status: delivered
        - expect: no_sms
        - expect: consent
          state: opted_out
        - expect: inbox
          queue: possible_opt_out
        - expect: audit
          event: wrong_code
    """, TWO_WORLD),
    doc('- consumer: hi\n  from: "+16175550101"', world=None),
    "name: t\ndescription: d\ntags: [a, b]\nsteps: [{advance: 15m}]\n",
]


@pytest.mark.parametrize("text", VALID, ids=range(len(VALID)))
def test_valid_scenarios_are_valid_for_the_schema(text: str) -> None:
    assert problems(text) == []
    assert schema_errors(text) == []


INVALID = [
    "name: t\n",  # steps missing
    "steps: [{advance: 1h}]\n",  # name missing
    "name: t\nsteps: []\n",
    "name: t\nstep: x\nsteps: [{advance: 1h}]\n",
    doc("- agnet: quick_opt_in"),
    doc("- agent: quick_optin"),
    doc("- expect: smss"),
    doc("- fault: dely"),
    doc("- expect: sms\n  tempalte: opt_in"),
    doc("- expect: sms\n  template: opt-in"),
    doc("- expect: sms\n  status: deliverd"),
    doc("- expect: consent"),
    doc("- expect: consent\n  state: opted-in"),
    doc("- expect: inbox\n  queue: agents"),
    doc("- expect: audit\n  event: pin_expire"),
    doc("- agent: opt_out\n  expect_error: nope"),
    doc("- consumer: hi\n  expect_error: opted_out"),
    doc("- agent: enter_auth_code"),
    doc("- fault: delay"),
    doc("- fault: drop\n  duration: 1m"),
    doc("- fault: drop\n  count: abc"),
    doc('- fault: drop\n  count: "3"'),
    doc("- fault: drop\n  count: 0"),
    doc("- fault: fail\n  status: bounced"),
    doc("- fault: drop\n  direction: sideways"),
    doc("- advance: 90x"),
    doc("- advance: 90"),
    doc("- set: {pin_tll: 1h}"),
    doc("- set: {agents_available: yes}"),
    doc("- set: {keywords: {profile: strict}}"),
    doc("- set: {}"),
    doc("- agent: arrange_payment_plan\n  amount: abc"),
    doc("- consumer: [hi]"),
    doc("- advance: 1h", ONE_WORLD.replace("auto_opt_in: false", "auto_opt_in: no")),
    doc("- advance: 1h", ONE_WORLD.replace("  clock:", "  clocks:")),
    doc("- advance: 1h", ONE_WORLD + '  consent: {"+16175550101": opted-in}\n'),
]


@pytest.mark.parametrize("text", INVALID, ids=range(len(INVALID)))
def test_files_refused_for_a_key_or_a_name_are_refused_by_both(text: str) -> None:
    assert problems(text) != []
    assert schema_errors(text) != []
