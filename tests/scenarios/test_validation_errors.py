"""Every kind of validation problem, with its exact message and position (`line:col: message`).

Cases built with `doc()` start their steps on line 3, the kind at column 3 (`- agent: …`), and
put the world last.
"""

from __future__ import annotations

import pytest
from tests.support.scenarios import doc, problems
from tests.support.worlds import ONE_WORLD, TWO_WORLD

KINDS = "agent, supervisor, consumer, advance, set, fault, expect"
SETTINGS = ("send_window, pin_length, pin_ttl, max_pin_attempts, max_invitations, "
            "agents_available, welcome_on_first_text, keywords, templates")
TEMPLATES = ("opt_in, opt_in_pin, opted_in, opted_out, help, link, unknown_number, welcome, "
             "no_one_available")
DURATION_HINT = "use integers with units d, h, m, s in that order, e.g. 90s, 15m, 2h, 1d5h, 1h30m"

STEP_CASES = [
    # -- step kinds and actions
    ("unknown step kind, close", "- agnet: send_opt_in_request",
     ["3:3: unknown step kind 'agnet' (did you mean 'agent'?)"]),
    ("unknown step kind, far", "- wait: 5s",
     [f"3:3: unknown step kind 'wait'; a step starts with one of: {KINDS}"]),
    ("kind not first", '- account: "1001"\n  agent: quick_opt_in',
     ["3:3: a step starts with its kind: move 'agent' to the front "
      "(this step starts with 'account')"]),
    ("unknown agent action", "- agent: send_optin_request",
     ["3:10: unknown agent action 'send_optin_request' (did you mean 'send_opt_in_request'?)"]),
    ("unknown agent action, far", "- agent: dance",
     ["3:10: unknown agent action 'dance'; allowed: add_phone, send_opt_in_request, "
      "enter_auth_code, quick_opt_in, arrange_payment_plan, opt_out, send_text, send_link, "
      "dismiss_possible_opt_out"]),
    ("unknown supervisor action", "- supervisor: link",
     ["3:15: unknown supervisor action 'link' (did you mean 'link_number'?)"]),
    ("unknown expectation", "- expect: smss",
     ["3:11: unknown expectation 'smss' (did you mean 'sms'?)"]),
    ("unknown fault kind", "- fault: dely",
     ["3:10: unknown fault kind 'dely' (did you mean 'delay'?)"]),
    ("action is a list", "- agent: [opt_out]",
     ["3:10: expected an agent action, got a list"]),
    ("kind with no value", "- agent:",
     ["3:3: no value for 'agent': expected an agent action"]),
    ("step is a scalar", "- agent",
     ["3:3: a step must be a mapping like `- agent: send_opt_in_request`, got 'agent'"]),
    ("step is empty", "- {}",
     ["3:3: an empty step: a step starts with its kind, e.g. `- agent: send_opt_in_request`"]),
    # -- keys
    ("unknown key, close", "- expect: sms\n  tempalte: opt_in",
     ["4:3: unknown key 'tempalte' for expect: sms (did you mean 'template'?); "
      "allowed: to, template, contains, matches, status, note"]),
    ("unknown key, far", "- agent: send_link\n  colour: red",
     ["4:3: unknown key 'colour' for agent: send_link; allowed: account, phone, expect_error, task, hint, "
      "note"]),
    ("key of another action", "- fault: drop\n  duration: 5m",
     ["4:3: key 'duration' is not used by fault: drop (only by fault: delay); "
      "allowed: to, count, direction, note"]),
    ("key that starts a step", "- agent: send_link\n  expect: sms",
     ["4:3: 'expect' starts another step: begin it with its own list item `- expect: …`"]),
    ("key on a kind without keys", '- advance: 1h\n  to: "+16175550101"',
     ["4:3: unknown key 'to' for advance; allowed: note"]),
    ("expect_error on a consumer", "- consumer: hi\n  expect_error: opted_out",
     ["4:3: unknown key 'expect_error' for consumer; allowed: from, note"]),
    ("duplicate key", '- expect: sms\n  to: "+16175550101"\n  to: "+16175550101"',
     ["5:3: duplicate key 'to' (first at line 4)"]),
    ("key with no value", "- agent: opt_out\n  phone:",
     ["4:3: no value for 'phone'"]),
    ("text key with no value", "- agent: send_text\n  text:",
     ["4:3: no value for 'text' (write \"\" for an empty text)"]),
    ("merge key", "- &s {agent: opt_out}\n- <<: *s",
     ["4:3: merge keys ('<<') are not supported: write the keys out"]),
    # -- required keys
    ("code missing", "- agent: enter_auth_code",
     ["3:3: required key 'code' is missing for agent: enter_auth_code"]),
    ("text missing", "- agent: send_text",
     ["3:3: required key 'text' is missing for agent: send_text"]),
    ("reply text missing", "- supervisor: reply",
     ["3:3: required key 'text' is missing for supervisor: reply"]),
    ("delay duration missing", "- fault: delay",
     ["3:3: required key 'duration' is missing for fault: delay"]),
    ("consent state missing", "- expect: consent",
     ["3:3: required key 'state' is missing for expect: consent"]),
    ("inbox queue missing", "- expect: inbox",
     ["3:3: required key 'queue' is missing for expect: inbox"]),
    ("audit event missing", "- expect: audit",
     ["3:3: required key 'event' is missing for expect: audit"]),
    # -- closed lists
    ("template", "- expect: sms\n  template: opt-in",
     ["4:13: 'opt-in' is not a template (did you mean 'opt_in'?)"]),
    ("template, far", "- expect: sms\n  template: zzz",
     [f"4:13: 'zzz' is not a template; use one of: {TEMPLATES}"]),
    ("consent state", "- expect: consent\n  state: opted-in",
     ["4:10: 'opted-in' is not a consent state (did you mean 'opted_in'?)"]),
    ("error code", "- agent: opt_out\n  expect_error: opted_in",
     ["4:17: 'opted_in' is not an error code (did you mean 'not_opted_in'?)"]),
    ("queue", "- expect: inbox\n  queue: unasociated",
     ["4:10: 'unasociated' is not a queue (did you mean 'unassociated'?)"]),
    ("audit event", "- expect: audit\n  event: pin_expire",
     ["4:10: 'pin_expire' is not an audit event (did you mean 'pin_expired'?)"]),
    ("message status", "- expect: sms\n  status: deliverd",
     ["4:11: 'deliverd' is not a message status (did you mean 'delivered'?)"]),
    ("carrier status", "- fault: fail\n  status: bounced",
     ["4:11: 'bounced' is not a carrier status (did you mean 'BOUNCED'?)"]),
    ("carrier status, far", "- fault: fail\n  status: delivered",
     ["4:11: 'delivered' is not a carrier status; use one of: BOUNCED, BLOCKED, SPAM"]),
    ("direction", "- fault: drop\n  direction: inbound",
     ["4:14: 'inbound' is not a direction; use one of: out, in"]),
    ("setting", "- set: {pin_tll: 1h}",
     [f"3:9: unknown setting 'pin_tll' (did you mean 'pin_ttl'?); settings are: {SETTINGS}"]),
    ("keyword list", "- set: {keywords: {opt_outs: [quit]}}",
     ["3:20: unknown keyword list 'opt_outs' in keywords (did you mean 'opt_out'?); "
      "allowed: profile, opt_out, opt_out_emoji, possible_opt_out, yes, help, signup"]),
    ("keyword profile", "- set: {keywords: {profile: FCC}}",
     ["3:29: 'FCC' is not a keyword profile (did you mean 'fcc'?)"]),
    ("template body", "- set: {templates: {helpp: Call us}}",
     ["3:21: 'helpp' is not a template (did you mean 'help'?)"]),
    # -- settings checked by the core
    ("setting out of range", "- set: {pin_length: 2}",
     ["3:21: pin_length: must be between 4 and 12, got 2"]),
    ("send window", '- set: {send_window: "9-5"}',
     ["3:22: send_window: '9-5' is not a window: write it as HH:MM-HH:MM, e.g. 08:00-21:00"]),
    ("no settings", "- set: {}",
     ["3:8: no settings given: name at least one, e.g. {agents_available: false}"]),
    ("set a list", "- set: [agents_available]",
     ["3:8: expected a mapping of settings like {agents_available: false}, got a list"]),
    # -- wrong types
    ("whole number", "- fault: drop\n  count: abc",
     ["4:10: expected a whole number, got 'abc'"]),
    ("whole number quoted", '- fault: drop\n  count: "3"',
     ["4:10: expected a whole number, got the text '3': write the number without quotes"]),
    ("whole number too small", "- fault: drop\n  count: 0",
     ["4:10: must be at least 1, got 0"]),
    ("whole number with a fraction", "- fault: drop\n  count: 1.5",
     ["4:10: expected a whole number, got '1.5'"]),
    ("boolean", "- set: {agents_available: no}",
     ["3:27: expected true or false, got 'no'"]),
    ("boolean quoted", '- set: {agents_available: "false"}',
     ["3:27: expected true or false, got 'false'"]),
    ("setting whole number", "- set: {max_invitations: three}",
     ["3:26: expected a whole number, got 'three'"]),
    ("text is a list", "- consumer: [hi, there]",
     ["3:13: expected a text, got a list"]),
    ("text is a mapping", "- agent: enter_auth_code\n  code: {pin: 1}",
     ["4:9: expected a text, got a mapping"]),
    ("amount", "- agent: arrange_payment_plan\n  amount: 12.345",
     ["4:11: expected an amount like 1250.00, got '12.345'"]),
    ("amount zero", "- agent: arrange_payment_plan\n  amount: 0",
     ["4:11: the amount must be more than 0, got '0'"]),
    ("regex", '- expect: sms\n  matches: "("',
     ["4:12: '(' is not a valid regular expression: "
      "missing ), unterminated subpattern at position 0"]),
    ("empty consumer text", '- consumer: ""',
     ["3:13: the consumer's text is empty: a phone cannot send nothing"]),
    ("blank consumer text", "- consumer: '   '",
     ["3:13: the consumer's text is empty: a phone cannot send nothing"]),
    # -- durations
    ("advance", "- advance: 90x", [f"3:12: '90x' is not a duration: {DURATION_HINT}"]),
    ("advance sexagesimal", "- advance: 1:30", [f"3:12: '1:30' is not a duration: {DURATION_HINT}"]),
    ("advance units out of order", "- advance: 30m1h",
     [f"3:12: '30m1h' is not a duration: {DURATION_HINT}"]),
    ("fault delay", "- fault: delay\n  duration: 5 minutes",
     [f"4:13: '5 minutes' is not a duration: {DURATION_HINT}"]),
    ("setting duration", "- set: {pin_ttl: 1 day}",
     [f"3:18: '1 day' is not a duration: {DURATION_HINT}"]),
    # -- phone numbers
    ("expect to", '- expect: sms\n  to: "+1 555 555 1234"',
     ["4:7: '+1 555 555 1234' is not a valid phone number"]),
    ("consumer from", "- consumer: hi\n  from: call me",
     ["4:9: 'call me' is not a phone number: it does not look like a number"]),
    ("fault to", '- fault: drop\n  to: "12"',
     ["4:7: '12' is not a valid phone number"]),
    ("agent phone", '- agent: opt_out\n  phone: "+1617555010"',
     ["4:10: '+1617555010' is not a valid phone number"]),
    ("consent phone", '- expect: consent\n  phone: "617-555-010"\n  state: none',
     ["4:10: '617-555-010' is not a valid phone number"]),
    ("supervisor phone", '- supervisor: reply\n  phone: "+4420"\n  text: hi',
     ["4:10: '+4420' is not a valid phone number"]),
]


@pytest.mark.parametrize(("steps", "expected"), [case[1:] for case in STEP_CASES],
                         ids=[case[0] for case in STEP_CASES])
def test_step_problem(steps: str, expected: list[str]) -> None:
    assert problems(doc(steps)) == expected


def world_doc(world_body: str) -> str:
    """`name`, one step on line 2, `world:` on line 3, the body from line 4."""
    return ('name: t\nsteps: [{consumer: hi, from: "+16175550101"}]\nworld:\n'
            + world_body)


COMPANY = ('  company: {name: Acme, phone: "+18005550100", va_url: "https://pay.example.com",'
           " timezone: America/New_York}\n")
CLOCK = '  clock: "2026-03-02T10:00:00-05:00"\n'
CLIENTS = "  clients: [{id: MED, name: Acme Medical}]\n"
ACCOUNTS = ('  accounts: [{id: "1001", consumer: Jane Doe, client: MED, balance: 10,'
            ' phones: ["+16175550101"]}]\n')

WORLD_CASES = [
    ("unknown world key", COMPANY + CLOCK + CLIENTS + ACCOUNTS + "  setings: {}\n",
     ["8:3: unknown key 'setings' in world (did you mean 'settings'?); "
      "allowed: company, clock, settings, clients, accounts, consent"]),
    ("clock missing", COMPANY + CLIENTS + ACCOUNTS,
     ["4:3: required key 'clock' is missing in world"]),
    ("company key missing",
     '  company: {name: Acme, phone: "+18005550100", va_url: "https://x.example"}\n'
     + CLOCK + CLIENTS + ACCOUNTS,
     ["4:12: required key 'timezone' is missing in world.company"]),
    ("unknown company key",
     '  company: {name: Acme, phone: "+18005550100", va_url: "https://x.example",\n'
     "            timezone: UTC, tz: UTC}\n" + CLOCK + CLIENTS + ACCOUNTS,
     ["5:28: unknown key 'tz' in world.company; allowed: name, phone, va_url, timezone"]),
    ("company phone",
     '  company: {name: Acme, phone: "0800", va_url: "https://x.example", timezone: UTC}\n'
     + CLOCK + CLIENTS + ACCOUNTS,
     ["4:32: '0800' is not a valid phone number"]),
    ("time zone",
     '  company: {name: Acme, phone: "+18005550100", va_url: "https://x.example",\n'
     "            timezone: America/NewYork}\n" + CLOCK + CLIENTS + ACCOUNTS,
     ["5:23: 'America/NewYork' is not a time zone (did you mean 'America/New_York'?): "
      "use an IANA name like America/New_York"]),
    ("va_url",
     '  company: {name: Acme, phone: "+18005550100", va_url: "pay.example.com",\n'
     "            timezone: UTC}\n" + CLOCK + CLIENTS + ACCOUNTS,
     ["4:56: 'pay.example.com' is not a web address: it must start with http:// or https://"]),
    ("clock without offset", COMPANY + '  clock: "2026-03-02T10:00:00"\n' + CLIENTS + ACCOUNTS,
     ["5:10: '2026-03-02T10:00:00' has no UTC offset, e.g. 2026-03-02T10:00:00-05:00"]),
    ("clock not a time", COMPANY + "  clock: tomorrow\n" + CLIENTS + ACCOUNTS,
     ["5:10: 'tomorrow' is not a time: write it like 2026-03-02T10:00:00-05:00"]),
    ("world settings", COMPANY + CLOCK + "  settings: {pin_ttl: 90x, max_pin_attempts: 0}\n"
     + CLIENTS + ACCOUNTS,
     [f"6:23: '90x' is not a duration: {DURATION_HINT}",
      "6:46: max_pin_attempts: must be between 1 and 100, got 0"]),
    ("unknown client key", COMPANY + CLOCK + "  clients: [{id: MED, name: M, auto: true}]\n"
     + ACCOUNTS,
     ["6:32: unknown key 'auto' in a client (did you mean 'auto_opt_in'?); "
      "allowed: id, name, business_type, auto_opt_in"]),
    ("client boolean", COMPANY + CLOCK + "  clients: [{id: MED, name: M, auto_opt_in: yes}]\n"
     + ACCOUNTS,
     ["6:45: expected true or false, got 'yes'"]),
    ("duplicate client id", COMPANY + CLOCK
     + "  clients: [{id: MED, name: M}, {id: MED, name: N}]\n" + ACCOUNTS,
     ["6:38: duplicate client id 'MED'"]),
    ("unknown account key", COMPANY + CLOCK + CLIENTS
     + '  accounts: [{id: "1", consumer: J, client: MED, balance: 1, phone: "+16175550101"}]\n',
     ["7:62: unknown key 'phone' in an account (did you mean 'phones'?); "
      "allowed: id, consumer, client, balance, phones, agent"]),
    ("account required key", COMPANY + CLOCK + CLIENTS
     + '  accounts: [{id: "1", client: MED, balance: 1}]\n',
     ["7:14: required key 'consumer' is missing in an account"]),
    ("account names unknown client", COMPANY + CLOCK + CLIENTS
     + '  accounts: [{id: "1001", consumer: J, client: MED2, balance: 1}]\n',
     ["7:48: account '1001' names unknown client 'MED2' (did you mean 'MED'?)"]),
    ("duplicate account id", COMPANY + CLOCK + CLIENTS
     + '  accounts:\n    - {id: "1001", consumer: J, client: MED, balance: 1}\n'
     + "    - {id: 1001, consumer: K, client: MED, balance: 2}\n",
     ["9:12: duplicate account id '1001'"]),
    ("balance", COMPANY + CLOCK + CLIENTS
     + '  accounts: [{id: "1", consumer: J, client: MED, balance: $10}]\n',
     ["7:59: expected an amount like 1250.00, got '$10'"]),
    ("account phone", COMPANY + CLOCK + CLIENTS
     + '  accounts: [{id: "1", consumer: J, client: MED, balance: 1, phones: ["+1 555 555 1234"]}]\n',
     ["7:71: '+1 555 555 1234' is not a valid phone number"]),
    ("phone twice on an account", COMPANY + CLOCK + CLIENTS
     + '  accounts: [{id: "1", consumer: J, client: MED, balance: 1,\n'
     + '               phones: ["+16175550101", "(617) 555-0101"]}]\n',
     ["8:41: +16175550101 is listed twice on this account"]),
    ("phones not a list", COMPANY + CLOCK + CLIENTS
     + '  accounts: [{id: "1", consumer: J, client: MED, balance: 1, phones: "+16175550101"}]\n',
     ["7:70: expected a list of phone numbers, got '+16175550101'"]),
    ("consent state", COMPANY + CLOCK + CLIENTS + ACCOUNTS
     + '  consent: {"+16175550101": opted-in}\n',
     ["8:29: 'opted-in' is not a consent state (did you mean 'opted_in'?)"]),
    ("consent number", COMPANY + CLOCK + CLIENTS + ACCOUNTS + "  consent: {call-me: none}\n",
     ["8:13: 'call-me' is not a phone number: it does not look like a number"]),
    ("consent number twice", COMPANY + CLOCK + CLIENTS + ACCOUNTS
     + '  consent: {"+16175550101": none, "617-555-0101": opted_in}\n',
     ["8:35: +16175550101 is given twice (first at line 8)"]),
    ("world is a list", "  - company\n",
     ["4:3: expected a mapping in world, got a list"]),
]


@pytest.mark.parametrize(("body", "expected"), [case[1:] for case in WORLD_CASES],
                         ids=[case[0] for case in WORLD_CASES])
def test_world_problem(body: str, expected: list[str]) -> None:
    assert problems(world_doc(body)) == expected


FILE_CASES = [
    ("name missing", "steps: [{advance: 1h}]\n", ["1:1: required key 'name' is missing"]),
    ("steps missing", "name: t\n", ["1:1: required key 'steps' is missing"]),
    ("steps empty", "name: t\nsteps: []\n", ["2:8: 'steps' must be a non-empty list"]),
    ("steps with no value", "name: t\nsteps:\n", ["2:1: 'steps' must be a non-empty list"]),
    ("steps not a list", "name: t\nsteps: go\n", ["2:8: 'steps' must be a non-empty list"]),
    ("unknown top-level key", "name: t\nstep: []\nsteps: [{advance: 1h}]\n",
     ["2:1: unknown key 'step' (did you mean 'steps'?); "
      "allowed: name, description, tags, objective, pass_mark, world, steps"]),
    ("duplicate top-level key", "name: t\nname: u\nsteps: [{advance: 1h}]\n",
     ["2:1: duplicate key 'name' (first at line 1)"]),
    ("name empty", 'name: ""\nsteps: [{advance: 1h}]\n', ["1:7: the text is empty"]),
    ("tags not a list", "name: t\ntags: pin\nsteps: [{advance: 1h}]\n",
     ["2:7: expected a list of tags, got 'pin'"]),
    ("description a mapping", "name: t\ndescription: {a: b}\nsteps: [{advance: 1h}]\n",
     ["2:14: expected a text, got a mapping"]),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in FILE_CASES],
                         ids=[case[0] for case in FILE_CASES])
def test_file_problem(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


# -- defaults ------------------------------------------------------------------------------------


def test_unresolvable_defaults_name_the_count() -> None:
    assert problems(doc("- agent: quick_opt_in", TWO_WORLD)) == [
        "3:3: this step needs a phone: name one with `phone:` "
        "(no earlier step named one and the world has 3 numbers)",
        "3:3: this step needs an account: name one with `account:` "
        "(no earlier step named one and the world has 2 accounts)",
    ]


def test_unresolvable_default_names_the_key_the_step_uses() -> None:
    assert problems(doc("- expect: no_sms\n- consumer: hi", TWO_WORLD)) == [
        "3:3: this step needs a phone: name one with `to:` "
        "(no earlier step named one and the world has 3 numbers)",
        "4:3: this step needs a phone: name one with `from:` "
        "(no earlier step named one and the world has 3 numbers)",
    ]


def test_without_a_world_defaults_must_come_from_steps() -> None:
    assert problems(doc('- consumer: hi\n- agent: opt_out\n  phone: "+16175550101"',
                        world=None)) == [
        "3:3: this step needs a phone: name one with `from:` "
        "(no earlier step named one and the built-in demo world has several numbers)",
        "4:3: this step needs an account: name one with `account:` "
        "(no earlier step named one and the built-in demo world has several accounts)",
    ]


def test_world_with_no_accounts() -> None:
    text = world_doc(COMPANY + CLOCK + CLIENTS + "  accounts: []\n").replace(
        '[{consumer: hi, from: "+16175550101"}]', "[{expect: no_sms}]")
    assert problems(text) == [
        "2:9: this step needs a phone: name one with `to:` "
        "(no earlier step named one and the world has no numbers)"
    ]


def test_a_bad_phone_does_not_cascade_into_default_errors() -> None:
    # The second step would default to the first one's number: one problem, not two.
    assert problems(doc('- consumer: hi\n  from: "+1 555"\n- expect: sms', TWO_WORLD)) == [
        "4:9: '+1 555' is not a valid phone number"
    ]


def test_a_broken_world_does_not_cascade_into_default_errors() -> None:
    text = doc("- agent: quick_opt_in", ONE_WORLD.replace("client: MED", "client: MEDX"))
    assert problems(text) == [
        "11:48: account '1001' names unknown client 'MEDX' (did you mean 'MED'?)"
    ]


def test_all_problems_of_a_file_are_reported_in_order() -> None:
    text = doc("""
        - agnet: send_opt_in_request
        - expect: sms
          tempalte: opt_in
        - advance: 90x
        - expect: consent
          state: opted-in
    """)
    assert problems(text) == [
        "3:3: unknown step kind 'agnet' (did you mean 'agent'?)",
        "5:3: unknown key 'tempalte' for expect: sms (did you mean 'template'?); "
        "allowed: to, template, contains, matches, status, note",
        f"6:12: '90x' is not a duration: {DURATION_HINT}",
        "8:10: 'opted-in' is not a consent state (did you mean 'opted_in'?)",
    ]
