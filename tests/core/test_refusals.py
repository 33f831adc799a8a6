"""Every error code of SPEC.md section 7 from the action that produces it, and the order of checks:
account, phone validity, phone on the account, empty message, consent state, invitation limit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itms_tui.core.events import ActionRefused
from itms_tui.core.names import ERROR_SENTENCES, Actor, ErrorCode
from tests.support.engine import audit_events, make_service, quick_opt_in, state
from tests.support.worlds import EASTERN, IDAHO, INVALID, UNKNOWN


def _request_three_times(svc, number=EASTERN, account="1001"):
    for _ in range(3):
        assert svc.send_opt_in_request(account, number).ok


def _await_pin(svc):
    svc.send_opt_in_request("1001", EASTERN)
    svc.consumer_text(EASTERN, "YES")
    return svc.pin_for_consumer(EASTERN)


def _wrong_pin(pin: str) -> str:
    return "0000" if pin != "0000" else "1111"


# (code, how to get the world there, the refused action)
CASES = {
    "invalid_phone": [
        (lambda s: None, lambda s: s.add_phone("1001", INVALID)),
        (lambda s: None, lambda s: s.send_opt_in_request("1001", "not a number")),
        (lambda s: None, lambda s: s.link_number(INVALID, "1001")),
        (lambda s: None, lambda s: s.supervisor_reply(INVALID, "hi")),
        (lambda s: None, lambda s: s.consumer_text(INVALID, "hi")),
    ],
    "unknown_account": [
        (lambda s: None, lambda s: s.add_phone("9999", EASTERN)),
        (lambda s: None, lambda s: s.send_text("9999", EASTERN, "hi")),
        (lambda s: None, lambda s: s.arrange_payment_plan("9999", EASTERN)),
        (lambda s: None, lambda s: s.link_number(UNKNOWN, "9999")),
    ],
    "unknown_phone": [
        (lambda s: None, lambda s: s.send_opt_in_request("1001", IDAHO)),
        (lambda s: None, lambda s: s.quick_opt_in("1001", UNKNOWN)),
        (lambda s: None, lambda s: s.opt_out("1001", IDAHO)),
        (lambda s: None, lambda s: s.enter_auth_code("1001", IDAHO, "1234")),
        (lambda s: None, lambda s: s.arrange_payment_plan("1001", IDAHO)),
    ],
    "phone_already_on_account": [
        (lambda s: None, lambda s: s.add_phone("1001", "617-555-0101")),
        (lambda s: None, lambda s: s.link_number(EASTERN, "1001")),
    ],
    "not_opted_in": [
        (lambda s: None, lambda s: s.send_text("1001", EASTERN, "hi")),
        (lambda s: None, lambda s: s.send_link("1001", EASTERN)),
        (lambda s: s.quick_opt_in("1001", EASTERN), lambda s: s.supervisor_reply(EASTERN, "hi")),
    ],
    "opted_out": [
        (lambda s: s.opt_out("1001", EASTERN), lambda s: s.send_text("1001", EASTERN, "hi")),
        (lambda s: s.opt_out("1001", EASTERN), lambda s: s.send_opt_in_request("1001", EASTERN)),
        (lambda s: s.opt_out("1001", EASTERN), lambda s: s.quick_opt_in("1001", EASTERN)),
        (lambda s: s.opt_out("1001", EASTERN), lambda s: s.opt_out("1001", EASTERN)),
    ],
    "already_opted_in": [
        (lambda s: quick_opt_in(s, "1001", EASTERN), lambda s: s.send_opt_in_request("1001", EASTERN)),
        (lambda s: quick_opt_in(s, "1001", EASTERN), lambda s: s.quick_opt_in("1001", EASTERN)),
    ],
    "max_invitations": [
        (_request_three_times, lambda s: s.send_opt_in_request("1001", EASTERN)),
        (_request_three_times, lambda s: s.quick_opt_in("1001", EASTERN)),
    ],
    "wrong_code": [
        (_await_pin, lambda s: s.enter_auth_code("1001", EASTERN, _wrong_pin(s.pin_for_consumer(EASTERN)))),
        (_await_pin, lambda s: s.enter_auth_code("1001", EASTERN, "")),
    ],
    "code_expired": [
        (lambda s: (_await_pin(s), s.advance(timedelta(hours=25))),
         lambda s: s.enter_auth_code("1001", EASTERN, "1234")),
    ],
    "too_many_attempts": [
        (lambda s: (_await_pin(s), s.enter_auth_code("1001", EASTERN, "x"),
                    s.enter_auth_code("1001", EASTERN, "y")),
         lambda s: s.enter_auth_code("1001", EASTERN, "z")),
    ],
    "no_pending_pin": [
        (lambda s: None, lambda s: s.enter_auth_code("1001", EASTERN, "1234")),
        (lambda s: s.send_opt_in_request("1001", EASTERN), lambda s: s.enter_auth_code("1001", EASTERN, "1")),
    ],
    "empty_message": [
        (lambda s: quick_opt_in(s, "1001", EASTERN), lambda s: s.send_text("1001", EASTERN, "")),
        (lambda s: quick_opt_in(s, "1001", EASTERN), lambda s: s.send_text("1001", EASTERN, "  \n ")),
        (lambda s: quick_opt_in(s, "1001", EASTERN), lambda s: s.supervisor_reply(EASTERN, " ")),
    ],
}
PARAMS = [
    pytest.param(code, setup, action, id=f"{code}-{i}")
    for code, cases in CASES.items()
    for i, (setup, action) in enumerate(cases)
]


def test_every_error_code_has_a_case():
    assert set(CASES) == {code.value for code in ErrorCode}


@pytest.mark.parametrize(("code", "setup", "action"), PARAMS)
def test_refusal_gives_its_code_is_audited_and_sends_nothing(code, setup, action):
    svc = make_service()
    setup(svc)
    messages_before = [(m.id, m.status) for m in svc.messages()]
    audit_before = len(svc.audit())
    seen = []
    svc.subscribe(seen.append)

    result = action(svc)

    assert not result.ok
    assert result.code is ErrorCode(code)
    assert result.sentence == ERROR_SENTENCES[ErrorCode(code)]
    assert [(m.id, m.status) for m in svc.messages()] == messages_before, "a refusal sent something"
    new_audit = svc.audit()[audit_before:]
    assert new_audit[0].event == code
    assert new_audit[0].reason == ERROR_SENTENCES[ErrorCode(code)]
    assert new_audit[0].before == new_audit[0].after
    assert [e.code.value for e in seen if isinstance(e, ActionRefused)] == [code]
    assert [e.code.value for e in result.events if isinstance(e, ActionRefused)] == [code]


def test_refusal_audit_names_number_account_and_actor(svc):
    svc.send_text("1001", EASTERN, "hi")
    entry = svc.audit()[-1]
    assert (entry.event, entry.number, entry.account_id, entry.actor) == (
        "not_opted_in", EASTERN, "1001", Actor.AGENT)
    assert entry.before.value == entry.after.value == "none"
    assert entry.is_refusal
    svc.supervisor_reply(EASTERN, "hi")
    assert svc.audit()[-1].actor is Actor.SUPERVISOR


class TestOrderOfChecks:
    def test_account_before_phone_validity(self, svc):
        assert svc.send_text("9999", INVALID, "").code.value == "unknown_account"
        assert svc.send_opt_in_request("9999", INVALID).code.value == "unknown_account"
        assert svc.add_phone("9999", INVALID).code.value == "unknown_account"
        assert svc.link_number(INVALID, "9999").code.value == "unknown_account"

    def test_phone_validity_before_phone_on_account(self, svc):
        assert svc.send_text("1001", INVALID, "").code.value == "invalid_phone"
        assert svc.enter_auth_code("1001", INVALID, "1234").code.value == "invalid_phone"

    def test_phone_on_account_before_empty_message(self, svc):
        assert svc.send_text("1001", IDAHO, "").code.value == "unknown_phone"

    def test_empty_message_before_consent_state(self):
        for start in ("none", "opted_out"):
            svc = make_service(consent={EASTERN: start})
            assert svc.send_text("1001", EASTERN, "").code.value == "empty_message"
        svc = make_service(consent={EASTERN: "opted_out"})
        assert svc.supervisor_reply(EASTERN, "").code.value == "empty_message"

    def test_consent_state_before_invitation_limit(self, svc):
        _request_three_times(svc)
        svc.consumer_text(EASTERN, "STOP")
        assert svc.consent(EASTERN).unanswered_invitations == 3
        assert svc.send_opt_in_request("1001", EASTERN).code.value == "opted_out"

    def test_unknown_phone_before_consent_state(self):
        svc = make_service(consent={IDAHO: "opted_out"})
        assert svc.send_opt_in_request("1001", IDAHO).code.value == "unknown_phone"

    def test_phone_already_on_account_is_checked_after_validity(self, svc):
        assert svc.add_phone("1001", INVALID).code.value == "invalid_phone"


def test_refusals_change_no_state(svc):
    quick_opt_in(svc, "1001", EASTERN)
    svc.send_opt_in_request("1001", EASTERN)
    svc.quick_opt_in("1001", EASTERN)
    assert state(svc, EASTERN) == "opted_in"
    assert audit_events(svc, EASTERN) == ["opt_in_request", "yes", "already_opted_in", "already_opted_in"]
