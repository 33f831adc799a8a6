"""Templates (SPEC.md section 5) sent by their triggers, and every setting of section 3."""

from __future__ import annotations

import pytest

from itms_tui.core.names import Queue, Template
from itms_tui.core.templates import DEFAULT_BODIES
from tests.support.engine import (
    advance, audit_events, last_out, make_service, outbound, quick_opt_in, sent_templates, state,
)
from tests.support.worlds import COMPANY, EASTERN, IDAHO, SHARED, UNKNOWN


def expected_body(template: str, **extra: str) -> str:
    body = DEFAULT_BODIES[template]
    values = {"company": COMPANY["name"], "company_phone": COMPANY["phone"],
              "va_url": COMPANY["va_url"], **extra}
    for name, value in values.items():
        body = body.replace("${" + name + "}", value)
    assert "${" not in body, f"test forgot a variable of {template}"
    return body


def _trigger_all(svc):
    """Send every template once, each by its own trigger; returns the PIN texted."""
    svc.send_opt_in_request("1001", EASTERN)  # opt_in
    svc.consumer_text(EASTERN, "YES")  # opt_in_pin
    pin = svc.pin_for_consumer(EASTERN)
    svc.enter_auth_code("1001", EASTERN, pin)  # opted_in
    svc.send_link("1001", EASTERN)  # link
    svc.consumer_text(EASTERN, "HELP")  # help
    svc.consumer_text(EASTERN, "Hello there")  # welcome + no_one_available
    svc.consumer_text(EASTERN, "STOP")  # opted_out
    svc.consumer_text(UNKNOWN, "who is this")  # unknown_number (+ no_one_available)
    return pin


def test_every_template_is_sent_by_its_trigger_with_variables_filled():
    svc = make_service(settings={"welcome_on_first_text": True, "agents_available": False})
    pin = _trigger_all(svc)
    assert sent_templates(svc, EASTERN) == [
        "opt_in", "opt_in_pin", "opted_in", "link", "help", "welcome", "no_one_available", "opted_out"]
    assert sent_templates(svc, UNKNOWN) == ["unknown_number", "no_one_available"]
    sent = {m.template: m.body for m in outbound(svc, EASTERN) + outbound(svc, UNKNOWN)}
    assert set(sent) == {t.value for t in Template}
    for template, body in sent.items():
        extra = {"pin": pin} if template == "opt_in_pin" else {}
        assert body == expected_body(template, **extra), template
    assert "Acme Recovery" in sent["opt_in"] and "+18005550100" in sent["help"]
    assert "https://pay.example.com/va" in sent["link"]


def test_edited_bodies_are_used_with_their_variables():
    svc = make_service()
    result = svc.update_settings({"templates": {
        "opt_in": "Hi ${consumer}: ${company} asks about account ${account}. Reply YES.",
        "opt_in_pin": "Code ${pin} from ${company}",
        "help": "Call ${company_phone}",
    }})
    assert result.ok
    svc.send_opt_in_request("1001", EASTERN)
    assert last_out(svc, EASTERN).body == "Hi Jane Doe: Acme Recovery asks about account 1001. Reply YES."
    svc.consumer_text(EASTERN, "YES")
    pin = svc.pin_for_consumer(EASTERN)
    assert last_out(svc, EASTERN).body == f"Code {pin} from Acme Recovery"
    svc.consumer_text(EASTERN, "help")
    assert last_out(svc, EASTERN).body == "Call +18005550100"
    # templates not edited keep their default wording
    assert svc.enter_auth_code("1001", EASTERN, pin).ok
    assert last_out(svc, EASTERN).body == expected_body("opted_in")


def test_edited_bodies_from_the_world_settings():
    svc = make_service(settings={"templates": {"link": "Pay at ${va_url}"}})
    quick_opt_in(svc, "1001", EASTERN)
    svc.send_link("1001", EASTERN)
    assert last_out(svc, EASTERN).body == "Pay at https://pay.example.com/va"


class TestNoOneAvailable:
    def test_sent_at_most_once_per_24_hours_per_number(self):
        svc = make_service(settings={"agents_available": False})
        svc.consumer_text(EASTERN, "anyone there?")
        svc.consumer_text(SHARED, "hello")
        assert sent_templates(svc, EASTERN) == ["no_one_available"]
        assert sent_templates(svc, SHARED) == ["no_one_available"]
        advance(svc, hours=23, minutes=59)
        svc.consumer_text(EASTERN, "hello??")
        assert sent_templates(svc, EASTERN) == ["no_one_available"]
        advance(svc, minutes=1)
        svc.consumer_text(EASTERN, "still there?")
        assert sent_templates(svc, EASTERN) == ["no_one_available", "no_one_available"]
        assert len(svc.inbox(Queue.AGENT)) == 4

    def test_not_sent_when_agents_are_available(self, svc):
        svc.consumer_text(EASTERN, "anyone there?")
        assert outbound(svc, EASTERN) == []

    def test_setting_changes_mid_session(self, svc):
        svc.consumer_text(EASTERN, "one")
        svc.update_settings({"agents_available": False})
        svc.consumer_text(EASTERN, "two")
        svc.update_settings({"agents_available": True})
        svc.consumer_text(EASTERN, "three")
        assert sent_templates(svc, EASTERN) == ["no_one_available"]

    def test_keywords_do_not_trigger_it(self):
        svc = make_service(settings={"agents_available": False})
        svc.consumer_text(EASTERN, "HELP")
        svc.quick_opt_in("1001", EASTERN)
        svc.consumer_text(EASTERN, "YES")
        assert sent_templates(svc, EASTERN) == ["help", "opt_in", "opted_in"]

    def test_blank_body_turns_it_off(self):
        svc = make_service(settings={"agents_available": False,
                                     "templates": {"no_one_available": "   "}})
        svc.consumer_text(EASTERN, "hello")
        assert outbound(svc, EASTERN) == []
        assert len(svc.inbox(Queue.AGENT)) == 1
        # turned back on: the blank period did not use up the once-a-day allowance
        svc.update_settings({"templates": {"no_one_available": "Back soon, ${company}"}})
        svc.consumer_text(EASTERN, "hello again")
        assert [m.body for m in outbound(svc, EASTERN)] == ["Back soon, Acme Recovery"]


class TestWelcome:
    def test_off_by_default(self, svc):
        svc.consumer_text(EASTERN, "hello")
        assert outbound(svc, EASTERN) == []

    def test_first_text_only(self):
        svc = make_service(settings={"welcome_on_first_text": True})
        svc.consumer_text(EASTERN, "hello")
        svc.consumer_text(EASTERN, "hello again")
        assert sent_templates(svc, EASTERN) == ["welcome"]
        assert last_out(svc, EASTERN).account_id == "1001"

    def test_keywords_do_not_use_up_the_first_text(self):
        svc = make_service(settings={"welcome_on_first_text": True})
        svc.consumer_text(EASTERN, "HELP")
        svc.consumer_text(EASTERN, "YES")  # ordinary text here, but still a keyword
        assert sent_templates(svc, EASTERN) == ["help"]
        svc.consumer_text(EASTERN, "I'd like to pay")
        assert sent_templates(svc, EASTERN) == ["help", "welcome"]

    def test_unknown_number_gets_unknown_number_instead(self):
        svc = make_service(settings={"welcome_on_first_text": True})
        svc.consumer_text(UNKNOWN, "hello")
        assert sent_templates(svc, UNKNOWN) == ["unknown_number"]


class TestMaxInvitations:
    def test_counted_across_accounts_and_methods(self, svc):
        assert svc.send_opt_in_request("1002", SHARED).ok
        assert svc.quick_opt_in("1003", SHARED).ok
        assert svc.arrange_payment_plan("1002", SHARED).ok
        assert svc.consent(SHARED).unanswered_invitations == 3
        result = svc.send_opt_in_request("1003", SHARED)
        assert result.code.value == "max_invitations"
        assert sent_templates(svc, SHARED) == ["opt_in"] * 3

    def test_reaching_opted_in_resets_the_count(self, svc):
        for _ in range(3):
            svc.quick_opt_in("1001", EASTERN)
        svc.consumer_text(EASTERN, "YES")
        assert state(svc, EASTERN) == "opted_in"
        assert svc.consent(EASTERN).unanswered_invitations == 0
        svc.opt_out("1001", EASTERN)
        svc.consumer_text(EASTERN, "SIGNUP")  # 1
        assert svc.send_opt_in_request("1001", EASTERN).ok  # 2
        assert svc.send_opt_in_request("1001", EASTERN).ok  # 3
        assert svc.send_opt_in_request("1001", EASTERN).code.value == "max_invitations"

    def test_opting_out_does_not_reset_and_signup_counts_but_is_never_refused(self, svc):
        svc.send_opt_in_request("1001", EASTERN)
        svc.send_opt_in_request("1001", EASTERN)
        svc.consumer_text(EASTERN, "STOP")
        assert svc.consent(EASTERN).unanswered_invitations == 2
        svc.consumer_text(EASTERN, "SIGNUP")
        assert svc.consent(EASTERN).unanswered_invitations == 3
        assert svc.send_opt_in_request("1001", EASTERN).code.value == "max_invitations"
        svc.consumer_text(EASTERN, "STOP")
        svc.consumer_text(EASTERN, "SIGNUP")  # over the limit, but the consumer asked
        assert state(svc, EASTERN) == "awaiting_yes"
        assert svc.consent(EASTERN).unanswered_invitations == 4
        assert last_out(svc, EASTERN).template == "opt_in"
        assert "max_invitations" not in audit_events(svc, EASTERN)[-2:]

    def test_a_yes_answers_its_request(self, svc):
        for _ in range(3):
            svc.send_opt_in_request("1001", EASTERN)
        svc.consumer_text(EASTERN, "YES")
        assert svc.consent(EASTERN).unanswered_invitations == 2
        for _ in range(3):
            svc.enter_auth_code("1001", EASTERN, "x")  # voids the PIN
        assert state(svc, EASTERN) == "none"
        assert svc.send_opt_in_request("1001", EASTERN).ok
        assert svc.send_opt_in_request("1001", EASTERN).code.value == "max_invitations"

    def test_refused_requests_do_not_count(self, svc):
        svc.update_settings({"max_invitations": 1})
        assert svc.send_opt_in_request("1001", EASTERN).ok
        assert svc.send_opt_in_request("1001", EASTERN).code.value == "max_invitations"
        assert svc.consent(EASTERN).unanswered_invitations == 1

    def test_setting(self):
        svc = make_service(settings={"max_invitations": 5})
        for _ in range(5):
            assert svc.send_opt_in_request("1001", EASTERN).ok
        assert svc.send_opt_in_request("1001", EASTERN).code.value == "max_invitations"

    def test_counted_per_number(self, svc):
        for _ in range(3):
            svc.send_opt_in_request("1001", EASTERN)
        assert svc.send_opt_in_request("1002", IDAHO).ok


class TestKeywordProfile:
    def test_revoke_is_a_possible_opt_out_by_default(self, svc):
        svc.consumer_text(EASTERN, "revoke")
        assert state(svc, EASTERN) == "none"
        [item] = svc.inbox(Queue.POSSIBLE_OPT_OUT)
        assert item.body == "revoke" and "revoke" in item.possible_opt_out
        assert outbound(svc, EASTERN) == []

    def test_fcc_profile_makes_revoke_an_exact_opt_out(self):
        svc = make_service(settings={"keywords": {"profile": "fcc"}}, consent={EASTERN: "opted_in"})
        svc.consumer_text(EASTERN, "Revoke.")
        assert state(svc, EASTERN) == "opted_out"
        assert sent_templates(svc, EASTERN) == ["opted_out"]
        assert svc.inbox() == []

    def test_profile_set_mid_session(self, svc):
        svc.update_settings({"keywords": {"profile": "fcc"}})
        svc.consumer_text(EASTERN, "REVOKE")
        assert state(svc, EASTERN) == "opted_out"

    def test_custom_keyword_lists(self):
        svc = make_service(settings={"keywords": {"yes": ["yes", "si"], "opt_out": ["basta"]}})
        svc.quick_opt_in("1001", EASTERN)
        svc.consumer_text(EASTERN, "Sí")
        assert state(svc, EASTERN) == "awaiting_yes"  # "sí" is not "si"
        svc.consumer_text(EASTERN, "si")
        assert state(svc, EASTERN) == "opted_in"
        svc.consumer_text(EASTERN, "stop")  # replaced list: STOP is no longer exact
        assert state(svc, EASTERN) == "opted_in"
        svc.consumer_text(EASTERN, "BASTA")
        assert state(svc, EASTERN) == "opted_out"


def test_settings_are_kept_on_the_world(svc):
    svc.update_settings({"pin_ttl": "2h", "max_pin_attempts": 4, "agents_available": False})
    data = svc.settings.to_data()
    assert (data["pin_ttl"], data["max_pin_attempts"], data["agents_available"]) == ("2h", 4, False)


@pytest.mark.parametrize("bad", [{"pin_length": 3}, {"send_window": "21:00-08:00"},
                                 {"templates": {"nope": "x"}}, {"shoe_size": 9}])
def test_bad_settings_are_rejected_and_change_nothing(svc, bad):
    before = svc.settings
    with pytest.raises(ValueError):
        svc.update_settings(bad)
    assert svc.settings == before
