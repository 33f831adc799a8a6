"""The JSON Schema of scenario files agrees with the validator: same names, same verdicts."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from scenario_support import ONE_WORLD, SPEC_EXAMPLE, TWO_WORLD, doc, problems, yaml12

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
from itms_tui.scenarios.step_kinds import STEP_KINDS
from itms_tui.scenarios.schema import SCHEMA_ID, scenario_schema

#: The step kinds of SPEC.md section 7, in its order.
STEP_KIND_NAMES = ("agent", "supervisor", "consumer", "advance", "set", "fault", "expect")
SCHEMA = scenario_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def schema_errors(text: str) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(yaml12(text))]


def test_the_schema_is_a_valid_draft_2020_12_schema_with_an_id() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == SCHEMA_ID == "https://itms-tui.example/schemas/scenario-v1.json"
    assert SCHEMA["required"] == ["name", "steps"]
    json.dumps(SCHEMA)  # plain JSON data


@pytest.mark.parametrize(("name", "values"), [
    ("template", [t.value for t in Template]),
    ("consent_state", [s.value for s in ConsentState]),
    ("error_code", [c.value for c in ErrorCode]),
    ("queue", [q.value for q in Queue]),
    ("message_status", [s.value for s in MessageStatus]),
    ("carrier_status", [s.value for s in CarrierStatus]),
    ("audit_event", list(AUDIT_EVENT_NAMES)),
    ("direction", [d.value for d in Direction]),
    ("keyword_profile", list(PROFILES)),
])
def test_closed_lists_are_the_cores(name: str, values: list[str]) -> None:
    assert SCHEMA["$defs"][name] == {"enum": values}


def test_setting_names_are_the_cores() -> None:
    settings = SCHEMA["$defs"]["settings"]
    assert list(settings["properties"]) == list(SETTING_NAMES)
    assert settings["propertyNames"] == {"enum": list(SETTING_NAMES)}
    assert settings["additionalProperties"] is False


def _variants() -> dict[tuple[str, str | None], dict]:
    result = {}
    for variant in SCHEMA["$defs"]["step"]["oneOf"]:
        kind = variant["required"][0]
        head = variant["properties"][kind]
        result[(kind, head.get("const"))] = variant
    return result


def test_every_step_shape_of_the_validator_is_in_the_schema_with_the_same_keys() -> None:
    variants = _variants()
    assert [kind for kind, _ in variants] == [k for k in STEP_KIND_NAMES for _ in
                                              (STEP_KINDS[k].variants or [None])]
    assert {action for kind, action in variants if kind == "fault"} == {f.value for f in FaultKind}
    for kind in STEP_KINDS.values():
        for action in kind.variants or [None]:
            variant = variants[(kind.name, action)]
            keys = kind.variant(action).keys
            assert list(variant["properties"]) == [kind.name, *keys]
            assert variant["required"] == [kind.name, *(k for k, v in keys.items() if v.required)]
            assert variant["additionalProperties"] is False


def test_expect_error_is_on_every_agent_and_supervisor_step() -> None:
    for (kind, _action), variant in _variants().items():
        has = "expect_error" in variant["properties"]
        assert has == (kind in ("agent", "supervisor"))


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
