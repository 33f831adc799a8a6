"""Loading valid files: the Scenario and Step model, scalars as written, defaults, worlds."""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from itms_tui.scenarios import (
    Position,
    Scenario,
    ScenarioError,
    ScenarioInvalid,
    Step,
    find_scenario_files,
    load_scenario,
    load_world_file,
    parse_scenario,
)
from tests.support.scenarios import SPEC_EXAMPLE, doc, problems
from tests.support.worlds import TWO_WORLD


def load(text: str, **kwargs) -> Scenario:
    return parse_scenario(text, "s.yaml", **kwargs)


def test_the_spec_example_loads_into_steps_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "pin.yaml"
    path.write_text(SPEC_EXAMPLE, encoding="utf-8")
    scenario = load_scenario(path)
    f = str(path)
    assert scenario.path == path
    assert scenario.name == "Agent-initiated opt-in with PIN"
    assert scenario.description.startswith("The agent sends a request")
    assert scenario.tags == ("opt-in", "pin")
    phone = "+16175550101"
    assert [(s.kind, s.action, s.args, s.expect_error, s.position, sorted(s.defaulted))
            for s in scenario.steps] == [
        ("agent", "send_opt_in_request", {"account": "1001", "phone": phone}, None,
         Position(f, 15, 5), []),
        ("expect", "sms", {"to": phone, "template": "opt_in"}, None, Position(f, 18, 5), []),
        ("consumer", "YES", {"from": phone}, None, Position(f, 21, 5), []),
        ("expect", "sms", {"to": phone, "template": "opt_in_pin"}, None, Position(f, 23, 5),
         ["to"]),
        ("agent", "enter_auth_code", {"account": "1001", "phone": phone, "code": "{pin}"}, None,
         Position(f, 25, 5), ["account", "phone"]),
        ("expect", "consent", {"phone": phone, "state": "opted_in"}, None, Position(f, 27, 5),
         ["phone"]),
        ("expect", "sms", {"to": phone, "template": "opted_in"}, None, Position(f, 29, 5),
         ["to"]),
        ("expect", "no_sms", {"to": phone}, None, Position(f, 31, 5), ["to"]),
    ]
    first = scenario.steps[0]
    assert first.key_positions == {
        "agent": Position(f, 15, 5), "account": Position(f, 16, 5), "phone": Position(f, 17, 5),
    }
    assert (first.file, first.line, first.col) == (f, 15, 5)
    assert str(first.position) == f"{f}:15:5"


def test_the_world_is_plain_validated_data() -> None:
    scenario = load(SPEC_EXAMPLE)
    assert scenario.world == {
        "company": {"name": "Acme Recovery", "phone": "+18005550100",
                    "va_url": "https://pay.example.com/va", "timezone": "America/New_York"},
        "clock": "2026-03-02T10:00:00-05:00",
        "settings": {"pin_ttl": "24h", "max_invitations": 3, "agents_available": True},
        "clients": [{"id": "MED", "name": "Acme Medical", "business_type": "medical",
                     "auto_opt_in": False}],
        "accounts": [{"id": "1001", "consumer": "Jane Doe", "client": "MED",
                      "balance": "1250.00", "phones": ["+16175550101"], "agent": None}],
        "consent": {"+16175550101": "none"},
    }


def test_the_world_can_be_built_by_the_core() -> None:
    from itms_tui.core.world import build_world

    world = build_world(load(doc("- advance: 1h", TWO_WORLD)).world)
    assert sorted(world.accounts) == ["1001", "1002"]
    assert world.accounts["1002"].balance == Decimal("80.00")


def test_no_world_means_the_demo_world() -> None:
    scenario = load(doc('- consumer: hi\n  from: "+16175550101"', world=None))
    assert scenario.world is None


def test_world_defaults_are_filled_and_numbers_normalised() -> None:
    world = load(doc("- advance: 1h", """\
world:
  company: {name: A, phone: "(800) 555-0100", va_url: "http://a.example", timezone: UTC}
  clock: 2026-03-02T10:00:00+00:00
  clients: [{id: 7, name: Seven}]
  accounts:
    - {id: 0012, consumer: Al, client: 7, balance: "99.5", phones: ["617.555.0101"], agent: Bo}
    - {id: 13, consumer: Cy, client: 7, balance: 0}
  consent: {"6175550101": opted_out, "+12085550123": opted_in}
""")).world
    assert world is not None
    assert world["company"]["phone"] == "+18005550100"
    assert world["clock"] == "2026-03-02T10:00:00+00:00"
    assert world["settings"] == {}
    assert world["clients"] == [{"id": "7", "name": "Seven", "business_type": "",
                                 "auto_opt_in": False}]
    assert world["accounts"] == [
        {"id": "0012", "consumer": "Al", "client": "7", "balance": "99.50",
         "phones": ["+16175550101"], "agent": "Bo"},
        {"id": "13", "consumer": "Cy", "client": "7", "balance": "0.00", "phones": [],
         "agent": None},
    ]
    # A number on no account may have a state (unknown numbers text in too).
    assert world["consent"] == {"+16175550101": "opted_out", "+12085550123": "opted_in"}


# -- scalars are read as written -------------------------------------------------------------------

#: Everything YAML 1.1 (PyYAML's default) would turn into something else.
YAML11_TRAPS = [
    "YES", "yes", "Yes", "no", "No", "NO", "on", "off", "On", "OFF", "y", "n", "Y", "N",
    "true", "false", "True", "~", "null", "Null", "0123", "0", "007", "1e3", "1E3", "-1",
    "+12", "1_000", "0x1F", "0o17", "0b101", "1:30", "190:20:30", "2026-03-02",
    "2026-03-02T10:00:00Z", ".inf", "-.inf", ".NaN", "12.50", "1.0", "=", "<<x",
]


@pytest.mark.parametrize("trap", YAML11_TRAPS)
def test_a_plain_scalar_is_kept_as_written(trap: str) -> None:
    scenario = load(doc(f"""
        - consumer: {trap}
        - agent: send_text
          text: {trap}
        - agent: enter_auth_code
          code: {trap}
        - expect: sms
          contains: {trap}
    """))
    consumer, send_text, enter_code, expect = scenario.steps
    assert consumer.action == trap
    assert send_text.args["text"] == trap
    assert enter_code.args["code"] == trap
    assert expect.args["contains"] == trap


def test_the_spec_scalars_by_name() -> None:
    steps = load(doc("""
        - consumer: YES
        - agent: enter_auth_code
          code: 0123
        - agent: send_text
          text: no
        - agent: send_text
          text: 1e3
        - agent: send_text
          text: ""
          expect_error: empty_message
    """)).steps
    assert steps[0].action == "YES"
    assert steps[1].args["code"] == "0123"
    assert steps[2].args["text"] == "no"
    assert steps[3].args["text"] == "1e3"
    assert steps[4].args["text"] == "" and steps[4].expect_error == "empty_message"


def test_names_and_tags_are_kept_as_written() -> None:
    scenario = load("name: 1e3\ndescription: no\ntags: [yes, 0123, ~]\nsteps: [{advance: 1h}]\n")
    assert (scenario.name, scenario.description, scenario.tags) == ("1e3", "no",
                                                                   ("yes", "0123", "~"))


def test_numbers_and_booleans_are_read_where_expected() -> None:
    steps = load(doc("""
        - fault: drop
          count: 3
        - set: {agents_available: false, pin_length: 6, welcome_on_first_text: TRUE}
        - agent: arrange_payment_plan
          amount: 250
        - advance: 1d2h3m4s
    """)).steps
    assert steps[0].args["count"] == 3 and isinstance(steps[0].args["count"], int)
    assert steps[1].action == {"agents_available": False, "pin_length": 6,
                               "welcome_on_first_text": True}
    assert steps[2].args["amount"] == Decimal("250.00")
    assert steps[3].action == timedelta(days=1, hours=2, minutes=3, seconds=4)


# -- every step shape ------------------------------------------------------------------------------


def test_every_step_kind_reads_into_its_args() -> None:
    steps = load(doc("""
        - agent: add_phone
          phone: "not a number"
          expect_error: invalid_phone
        - agent: send_opt_in_request
        - agent: quick_opt_in
        - agent: arrange_payment_plan
        - agent: opt_out
        - agent: send_link
          expect_error: not_opted_in
        - supervisor: link_number
          phone: "(208) 555-0123"
        - supervisor: reply
          text: Hello
        - consumer: STOP
        - advance: 15m
        - set:
            keywords: {profile: fcc, opt_out: [stop, quit]}
            templates: {help: "Call us"}
            send_window: 09:00-20:00
            pin_ttl: 1h
        - fault: delay
          duration: 90s
        - fault: drop
          direction: in
        - fault: duplicate
          count: 2
        - fault: fail
          status: SPAM
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
          contains: stop
        - expect: audit
          event: keyword_opt_out
        - expect: audit
          event: wrong_code
    """)).steps
    jane, sam = "+16175550101", "+12085550123"
    acct = {"account": "1001"}
    assert [(s.kind, s.action, s.args, s.expect_error) for s in steps] == [
        ("agent", "add_phone", {**acct, "phone": "not a number"}, "invalid_phone"),
        ("agent", "send_opt_in_request", {**acct, "phone": jane}, None),
        ("agent", "quick_opt_in", {**acct, "phone": jane}, None),
        ("agent", "arrange_payment_plan", {**acct, "phone": jane}, None),
        ("agent", "opt_out", {**acct, "phone": jane}, None),
        ("agent", "send_link", {**acct, "phone": jane}, "not_opted_in"),
        ("supervisor", "link_number", {"phone": sam, **acct}, None),
        ("supervisor", "reply", {"phone": sam, "text": "Hello"}, None),
        ("consumer", "STOP", {"from": sam}, None),
        ("advance", timedelta(minutes=15), {}, None),
        ("set", {"keywords": {"profile": "fcc", "opt_out": ["stop", "quit"]},
                 "templates": {"help": "Call us"}, "send_window": "09:00-20:00",
                 "pin_ttl": "1h"}, {}, None),
        ("fault", "delay", {"to": sam, "duration": timedelta(seconds=90), "count": 1,
                            "direction": "out"}, None),
        ("fault", "drop", {"to": sam, "count": 1, "direction": "in"}, None),
        ("fault", "duplicate", {"to": sam, "count": 2, "direction": "out"}, None),
        ("fault", "fail", {"to": sam, "status": "SPAM", "count": 1, "direction": "out"}, None),
        ("expect", "sms", {"to": sam, "template": "help", "contains": "Call",
                           "matches": "^Call", "status": "delivered"}, None),
        ("expect", "no_sms", {"to": sam}, None),
        ("expect", "consent", {"phone": sam, "state": "opted_out"}, None),
        ("expect", "inbox", {"phone": sam, "queue": "possible_opt_out", "contains": "stop"},
         None),
        ("expect", "audit", {"phone": sam, "event": "keyword_opt_out"}, None),
        ("expect", "audit", {"phone": sam, "event": "wrong_code"}, None),
    ]


def test_step_is_frozen_and_has_a_label() -> None:
    steps = load(doc("- advance: 1h30m\n- consumer: STOP\n- expect: no_sms")).steps
    assert isinstance(steps[0], Step)
    with pytest.raises(AttributeError):
        steps[0].kind = "agent"  # type: ignore[misc]
    assert [s.label() for s in steps] == ["advance: 1h30m", "consumer: 'STOP'", "expect: no_sms"]


# -- defaults --------------------------------------------------------------------------------------


def test_defaults_follow_the_last_named_account_and_number() -> None:
    steps = load(doc("""
        - agent: quick_opt_in
          account: "1002"
          phone: "208-555-0123"
        - expect: sms
        - agent: opt_out
          account: "1001"
        - consumer: hi
          from: "+16175550102"
        - agent: send_link
        - expect: consent
          state: none
    """, TWO_WORLD)).steps
    assert steps[1].args["to"] == "+12085550123"
    assert steps[2].args == {"account": "1001", "phone": "+12085550123"}
    assert steps[3].args == {"from": "+16175550102"}
    assert steps[4].args == {"account": "1001", "phone": "+16175550102"}  # `from` names a number
    assert steps[4].defaulted == {"account", "phone"}
    assert steps[5].args["phone"] == "+16175550102"


def test_defaults_fall_back_on_the_worlds_only_account_and_number() -> None:
    step = load(doc("- agent: quick_opt_in")).steps[0]
    assert step.args == {"account": "1001", "phone": "+16175550101"}
    assert step.defaulted == {"account", "phone"}


def test_an_account_id_in_a_step_is_not_checked_at_load() -> None:
    step = load(doc('- agent: quick_opt_in\n  account: "9999"\n  expect_error: unknown_account'))
    assert step.steps[0].args["account"] == "9999"


def test_an_invalid_add_phone_number_is_no_default_but_a_valid_one_is() -> None:
    steps = load(doc("""
        - agent: add_phone
          phone: "555"
          expect_error: invalid_phone
        - expect: no_sms
        - agent: add_phone
          phone: "(208) 555-0123"
        - expect: consent
          state: none
    """)).steps
    assert steps[0].args["phone"] == "555"
    assert steps[1].args["to"] == "+16175550101"  # the world's only number
    assert steps[2].args["phone"] == "(208) 555-0123"  # as written: it is under test
    assert steps[3].args["phone"] == "+12085550123"


def test_the_demo_world_can_supply_defaults() -> None:
    demo = load(doc("- advance: 1h")).world
    step = load(doc("- agent: opt_out", world=None), demo_world=demo).steps[0]
    assert step.args == {"account": "1001", "phone": "+16175550101"}
    assert problems(doc("- agent: opt_out", world=None),
                    demo_world=load(doc("- advance: 1h", TWO_WORLD)).world) == [
        "3:3: this step needs a phone: name one with `phone:` "
        "(no earlier step named one and the demo world has 3 numbers)",
        "3:3: this step needs an account: name one with `account:` "
        "(no earlier step named one and the demo world has 2 accounts)",
    ]


# -- anchors -------------------------------------------------------------------------------------


def test_an_aliased_step_is_placed_where_it_is_used() -> None:
    steps = load(doc("""
        - &yes {consumer: "YES", from: "+16175550101"}
        - expect: sms
        - *yes
    """)).steps
    assert steps[0].action == steps[2].action == "YES"
    assert steps[0].line == 3 and steps[2].line == 5


# -- world files -----------------------------------------------------------------------------------


def test_load_world_file_reads_the_world_of_a_scenario(tmp_path: Path) -> None:
    path = tmp_path / "pin.yaml"
    path.write_text(SPEC_EXAMPLE, encoding="utf-8")
    assert load_world_file(path) == load(SPEC_EXAMPLE).world


def test_load_world_file_reads_a_file_with_only_a_world(tmp_path: Path) -> None:
    path = tmp_path / "world.yaml"
    path.write_text(TWO_WORLD, encoding="utf-8")
    world = load_world_file(path)
    assert [a["id"] for a in world["accounts"]] == ["1001", "1002"]


@pytest.mark.parametrize(("text", "expected"), [
    ("name: x\n", "1:1: required key 'world' is missing"),
    ("wrld: {}\n", "1:1: unknown key 'wrld' (did you mean 'world'?); "
                   "allowed: name, description, tags, objective, pass_mark, world, steps"),
    ("wrld: {}\nworld: {}\n", "1:1: unknown key 'wrld' (did you mean 'world'?); "
                              "allowed: name, description, tags, objective, pass_mark, world, steps"),
    ("world:\n", "1:1: no value for 'world'"),
    (TWO_WORLD.replace("client: UTIL", "client: UTL"),
     "11:49: account '1002' names unknown client 'UTL' (did you mean 'UTIL'?)"),
    ("", "1:1: the file is empty: a scenario needs name and steps"),
])
def test_load_world_file_problems(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "world.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioInvalid) as raised:
        load_world_file(path)
    assert f"{path}:{expected}" in [str(e) for e in raised.value.errors]


# -- errors and discovery --------------------------------------------------------------------------


def test_scenario_error_prints_as_file_line_col_message() -> None:
    error = ScenarioError("a.yaml", 3, 7, "bad")
    assert str(error) == "a.yaml:3:7: bad"
    assert error.position == Position("a.yaml", 3, 7)
    invalid = ScenarioInvalid([ScenarioError("a.yaml", 9, 1, "z"), error, error])
    assert invalid.errors == [error, ScenarioError("a.yaml", 9, 1, "z")]
    assert str(invalid) == "a.yaml:3:7: bad\na.yaml:9:1: z"


def test_find_scenario_files(tmp_path: Path) -> None:
    (tmp_path / "lib" / "deep").mkdir(parents=True)
    for name in ("lib/b.yaml", "lib/a.yaml", "lib/deep/c.yaml", "lib/notes.txt", "lib/d.yml",
                 "single.yaml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = find_scenario_files([tmp_path / "single.yaml", tmp_path / "lib",
                                 tmp_path / "lib" / "a.yaml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "single.yaml", "lib/a.yaml", "lib/b.yaml", "lib/deep/c.yaml",
    ]
    with pytest.raises(FileNotFoundError, match="missing.yaml: no such file or folder"):
        find_scenario_files([tmp_path / "missing.yaml"])


def test_a_missing_or_unreadable_path_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(tmp_path / "nope.yaml")
    assert str(raised.value) == (f"{tmp_path / 'nope.yaml'}:1:1: cannot read the file: "
                                 "No such file or directory")
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(tmp_path)
    assert str(raised.value) == f"{tmp_path}:1:1: this is a folder, not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(fifo)
    assert str(raised.value) == f"{fifo}:1:1: this is not a regular file"
