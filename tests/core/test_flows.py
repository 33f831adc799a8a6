"""The eleven flows of SPEC.md section 3, one class per flow, driven through ItmsService."""

from __future__ import annotations

from decimal import Decimal

import pytest

from itms_tui.core.events import ConsentChanged
from itms_tui.core.names import Actor, MessageStatus, Queue, RequestMethod
from tests.support.engine import (
    audit_events, inbound, last_out, make_service, opt_in_with_pin, outbound, quick_opt_in,
    sent_templates, state,
)
from tests.support.worlds import EASTERN, IDAHO, NEW, SHARED, UNKNOWN


class TestAgentInitiatedPin:
    def test_request_yes_pin_opts_in(self, svc):
        result = svc.send_opt_in_request("1001", EASTERN)
        assert result.ok and result.code is None
        record = svc.consent(EASTERN)
        assert record.state.value == "awaiting_yes"
        assert record.method is RequestMethod.AGENT
        request = last_out(svc, EASTERN)
        assert request.template == "opt_in"
        assert request.status is MessageStatus.DELIVERED
        assert request.account_id == "1001"

        svc.consumer_text(EASTERN, "YES")
        assert state(svc, EASTERN) == "awaiting_pin"
        pin_text = last_out(svc, EASTERN)
        assert pin_text.template == "opt_in_pin"
        assert pin_text.status is MessageStatus.DELIVERED
        pin = svc.pin_for_consumer(EASTERN)
        assert pin is not None and pin.isdigit() and len(pin) == 4
        assert pin in pin_text.body

        result = svc.enter_auth_code("1001", EASTERN, pin)
        assert result.ok
        assert state(svc, EASTERN) == "opted_in"
        assert sent_templates(svc, EASTERN) == ["opt_in", "opt_in_pin", "opted_in"]
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED
        assert audit_events(svc, EASTERN) == ["opt_in_request", "yes", "pin_accepted"]

    def test_audit_records_before_after_actor_and_method(self, svc):
        opt_in_with_pin(svc, "1001", EASTERN)
        entries = [e for e in svc.audit() if e.number == EASTERN]
        assert [(e.before.value, e.after.value, e.actor) for e in entries] == [
            ("none", "awaiting_yes", Actor.AGENT),
            ("awaiting_yes", "awaiting_pin", Actor.CONSUMER),
            ("awaiting_pin", "opted_in", Actor.AGENT),
        ]
        assert all(e.method is RequestMethod.AGENT for e in entries)
        assert entries[0].message_id == outbound(svc, EASTERN)[0].id
        assert entries[1].message_id == inbound(svc, EASTERN)[0].id

    def test_replies_and_confirmations_are_system_texts(self, svc):
        opt_in_with_pin(svc, "1001", EASTERN)
        svc.opt_out("1001", EASTERN)
        assert [(m.template, m.actor) for m in outbound(svc, EASTERN)] == [
            ("opt_in", Actor.AGENT), ("opt_in_pin", Actor.SYSTEM),
            ("opted_in", Actor.SYSTEM), ("opted_out", Actor.SYSTEM)]

    def test_phone_in_any_common_format_is_the_same_number(self, svc):
        assert svc.send_opt_in_request("1001", "(617) 555-0101").ok
        assert state(svc, EASTERN) == "awaiting_yes"

    def test_yes_is_read_loosely(self, svc):
        svc.send_opt_in_request("1001", EASTERN)
        svc.consumer_text(EASTERN, "  Yes! ")
        assert state(svc, EASTERN) == "awaiting_pin"

    def test_consent_changes_reach_subscribers(self, svc):
        seen = []
        svc.subscribe(lambda event: seen.append(event))
        opt_in_with_pin(svc, "1001", EASTERN)
        changes = [(e.before.value, e.after.value, e.cause) for e in seen if isinstance(e, ConsentChanged)]
        assert changes == [
            ("none", "awaiting_yes", "opt_in_request"),
            ("awaiting_yes", "awaiting_pin", "yes"),
            ("awaiting_pin", "opted_in", "pin_accepted"),
        ]


class TestQuickOptIn:
    def test_yes_opts_in_without_a_pin(self, svc):
        assert svc.quick_opt_in("1001", EASTERN).ok
        record = svc.consent(EASTERN)
        assert record.state.value == "awaiting_yes"
        assert record.method is RequestMethod.QUICK
        svc.consumer_text(EASTERN, "yes")
        assert state(svc, EASTERN) == "opted_in"
        assert sent_templates(svc, EASTERN) == ["opt_in", "opted_in"]
        assert svc.consent(EASTERN).pin is None
        assert audit_events(svc, EASTERN) == ["opt_in_request", "yes"]

    def test_no_pin_to_enter(self, svc):
        quick_opt_in(svc, "1001", EASTERN)
        assert svc.enter_auth_code("1001", EASTERN, "1234").code.value == "no_pending_pin"


class TestPaymentPlan:
    def test_plan_sends_request_and_yes_opts_in(self, svc):
        result = svc.arrange_payment_plan("1001", EASTERN, "250.00")
        assert result.ok
        plans = svc.account("1001").payment_plans
        assert len(plans) == 1
        assert plans[0].amount == Decimal("250.00") and plans[0].phone == EASTERN
        record = svc.consent(EASTERN)
        assert record.state.value == "awaiting_yes"
        assert record.method is RequestMethod.PAYMENT_PLAN
        assert sent_templates(svc, EASTERN) == ["opt_in"]
        svc.consumer_text(EASTERN, "YES")
        assert state(svc, EASTERN) == "opted_in"
        assert sent_templates(svc, EASTERN) == ["opt_in", "opted_in"]

    def test_opted_in_number_gets_no_request_and_the_plan_sends_nothing(self, svc):
        quick_opt_in(svc, "1001", EASTERN)
        before = len(svc.messages())
        result = svc.arrange_payment_plan("1001", EASTERN)
        assert result.ok
        assert len(svc.account("1001").payment_plans) == 1
        assert len(svc.messages()) == before
        assert state(svc, EASTERN) == "opted_in"
        assert audit_events(svc, EASTERN)[-1] == "already_opted_in"


class TestSupervisorLink:
    def test_unknown_number_is_linked_and_opts_in(self, svc):
        svc.consumer_text(UNKNOWN, "Hi, this is Jane Doe")
        assert sent_templates(svc, UNKNOWN) == ["unknown_number"]
        [item] = svc.inbox(Queue.UNASSOCIATED)
        assert item.number == UNKNOWN and item.account_id is None

        result = svc.link_number(UNKNOWN, "1001")
        assert result.ok
        assert svc.account("1001").phones == [EASTERN, UNKNOWN]
        assert all(m.account_id == "1001" for m in inbound(svc, UNKNOWN))
        assert svc.inbox(Queue.UNASSOCIATED) == []
        [moved] = svc.inbox(Queue.AGENT)
        assert moved.number == UNKNOWN and moved.account_id == "1001"
        record = svc.consent(UNKNOWN)
        assert record.state.value == "awaiting_yes"
        assert record.method is RequestMethod.SUPERVISOR
        assert sent_templates(svc, UNKNOWN) == ["unknown_number", "opt_in"]
        assert last_out(svc, UNKNOWN).account_id == "1001"
        assert audit_events(svc, UNKNOWN) == ["number_linked", "opt_in_request"]

        svc.consumer_text(UNKNOWN, "YES")
        assert state(svc, UNKNOWN) == "opted_in"
        assert sent_templates(svc, UNKNOWN)[-1] == "opted_in"


class TestAutoOptIn:
    def test_adding_a_number_to_an_auto_client_opts_it_in(self, svc):
        result = svc.add_phone("2001", NEW)
        assert result.ok
        assert svc.account("2001").phones == [NEW]
        assert state(svc, NEW) == "opted_in"
        assert sent_templates(svc, NEW) == ["opted_in"]
        assert last_out(svc, NEW).status is MessageStatus.DELIVERED
        [entry] = [e for e in svc.audit() if e.number == NEW]
        assert (entry.event, entry.before.value, entry.after.value, entry.actor) == (
            "auto_opt_in", "none", "opted_in", Actor.SYSTEM)

    def test_other_clients_do_not_opt_in(self, svc):
        assert svc.add_phone("1001", NEW).ok
        assert state(svc, NEW) == "none"
        assert outbound(svc, NEW) == []
        assert audit_events(svc, NEW) == []

    @pytest.mark.parametrize("start", ["opted_in", "opted_out"])
    def test_an_opted_in_or_out_number_is_left_alone(self, start):
        svc = make_service(consent={NEW: start})
        assert svc.add_phone("2001", NEW).ok
        assert state(svc, NEW) == start
        assert outbound(svc, NEW) == []
        assert "auto_opt_in" not in audit_events(svc, NEW)

    def test_loading_a_world_opts_nothing_in(self):
        from tests.support.worlds import engine_world
        from itms_tui.core.service import ItmsService
        from itms_tui.core.world import build_world

        spec = engine_world(consent={IDAHO: "awaiting_yes"})
        spec["accounts"][3]["phones"] = [NEW]
        svc = ItmsService(build_world(spec))
        assert state(svc, NEW) == "none"
        assert state(svc, IDAHO) == "awaiting_yes"
        assert svc.messages() == [] and svc.audit() == []


class TestConsumerOptOut:
    @pytest.mark.parametrize("start", ["none", "awaiting_yes", "opted_in"])
    def test_stop_from_any_state_opts_out_once(self, start):
        svc = make_service(consent={EASTERN: start})
        svc.consumer_text(EASTERN, "STOP")
        assert state(svc, EASTERN) == "opted_out"
        assert sent_templates(svc, EASTERN) == ["opted_out"]
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED
        [entry] = [e for e in svc.audit() if e.number == EASTERN]
        assert (entry.event, entry.before.value, entry.actor) == ("keyword_opt_out", start, Actor.CONSUMER)
        assert svc.inbox() == []

    def test_stop_while_awaiting_pin_voids_the_pin(self, svc):
        svc.send_opt_in_request("1001", EASTERN)
        svc.consumer_text(EASTERN, "YES")
        pin = svc.pin_for_consumer(EASTERN)
        svc.consumer_text(EASTERN, "🛑")
        assert state(svc, EASTERN) == "opted_out"
        assert svc.consent(EASTERN).pin is None
        assert svc.enter_auth_code("1001", EASTERN, pin).code.value == "no_pending_pin"
        assert state(svc, EASTERN) == "opted_out"

    def test_a_repeat_changes_nothing_and_sends_nothing(self, svc):
        svc.consumer_text(EASTERN, "stop")
        svc.consumer_text(EASTERN, "UNSUBSCRIBE")
        svc.consumer_text(EASTERN, "⛔️")
        assert sent_templates(svc, EASTERN) == ["opted_out"]
        assert audit_events(svc, EASTERN) == ["keyword_opt_out"]
        assert svc.inbox() == []


class TestAgentOptOut:
    def test_agent_opts_the_number_out(self, svc):
        quick_opt_in(svc, "1001", EASTERN)
        result = svc.opt_out("1001", EASTERN)
        assert result.ok
        assert state(svc, EASTERN) == "opted_out"
        assert sent_templates(svc, EASTERN)[-1] == "opted_out"
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED
        entry = svc.audit()[-1]
        assert (entry.event, entry.before.value, entry.after.value, entry.actor) == (
            "agent_opt_out", "opted_in", "opted_out", Actor.AGENT)

    def test_opting_out_twice_is_refused(self, svc):
        svc.opt_out("1001", EASTERN)
        result = svc.opt_out("1001", EASTERN)
        assert not result.ok and result.code.value == "opted_out"
        assert sent_templates(svc, EASTERN) == ["opted_out"]


class TestSignup:
    @pytest.mark.parametrize("word", ["SIGNUP", "start", "Unstop"])
    def test_signup_from_opted_out_sends_a_request_at_once(self, word):
        svc = make_service(consent={EASTERN: "opted_out"})
        svc.consumer_text(EASTERN, word)
        record = svc.consent(EASTERN)
        assert record.state.value == "awaiting_yes"
        assert record.method is RequestMethod.SIGNUP
        request = last_out(svc, EASTERN)
        assert request.template == "opt_in"
        assert request.status is MessageStatus.DELIVERED
        [entry] = [e for e in svc.audit() if e.number == EASTERN]
        assert (entry.event, entry.before.value, entry.actor) == ("signup", "opted_out", Actor.CONSUMER)
        svc.consumer_text(EASTERN, "YES")
        assert state(svc, EASTERN) == "opted_in"
        assert sent_templates(svc, EASTERN) == ["opt_in", "opted_in"]

    def test_signup_from_none(self, svc):
        svc.consumer_text(EASTERN, "signup")
        assert state(svc, EASTERN) == "awaiting_yes"
        assert sent_templates(svc, EASTERN) == ["opt_in"]
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED

    def test_signup_after_a_keyword_opt_out(self, svc):
        quick_opt_in(svc, "1001", EASTERN)
        svc.consumer_text(EASTERN, "STOP")
        svc.consumer_text(EASTERN, "SIGNUP")
        assert state(svc, EASTERN) == "awaiting_yes"
        assert last_out(svc, EASTERN).template == "opt_in"
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED

    @pytest.mark.parametrize("start", ["awaiting_yes", "opted_in"])
    def test_signup_in_another_state_is_ordinary_text(self, start):
        svc = make_service(consent={EASTERN: start})
        svc.consumer_text(EASTERN, "SIGNUP")
        assert state(svc, EASTERN) == start
        assert outbound(svc, EASTERN) == []
        [item] = svc.inbox(Queue.AGENT)
        assert item.body == "SIGNUP" and item.account_id == "1001"


class TestHelp:
    @pytest.mark.parametrize("start", ["none", "awaiting_yes", "awaiting_pin", "opted_in", "opted_out"])
    def test_help_is_answered_in_every_state(self, start):
        svc = make_service(consent={EASTERN: start})
        svc.consumer_text(EASTERN, "HELP")
        assert state(svc, EASTERN) == start
        assert sent_templates(svc, EASTERN) == ["help"]
        answer = last_out(svc, EASTERN)
        assert answer.status is MessageStatus.DELIVERED
        assert answer.reply_to == inbound(svc, EASTERN)[0].id
        assert audit_events(svc, EASTERN) == []
        assert svc.inbox() == []

    def test_info_from_an_unknown_number(self, svc):
        svc.consumer_text(UNKNOWN, "info")
        assert sent_templates(svc, UNKNOWN) == ["help"]
        assert state(svc, UNKNOWN) == "none"
        assert svc.inbox() == []


class TestOtherInboundText:
    def test_goes_to_the_agent_inbox_of_the_account(self, svc):
        svc.consumer_text(EASTERN, "Can I pay next week?")
        [item] = svc.inbox(Queue.AGENT)
        assert (item.number, item.account_id, item.body, item.answered) == (
            EASTERN, "1001", "Can I pay next week?", False)
        assert item.possible_opt_out is None
        assert svc.inbox(Queue.UNANSWERED) == [item]
        assert inbound(svc, EASTERN)[0].account_id == "1001"
        assert outbound(svc, EASTERN) == []
        assert state(svc, EASTERN) == "none"

    def test_yes_outside_awaiting_yes_is_ordinary_text(self, svc):
        svc.consumer_text(EASTERN, "YES")
        assert state(svc, EASTERN) == "none"
        assert [i.body for i in svc.inbox(Queue.AGENT)] == ["YES"]

    def test_shared_number_belongs_to_the_first_account(self, svc):
        svc.consumer_text(SHARED, "hello")
        [item] = svc.inbox(Queue.AGENT)
        assert item.account_id == "1002"


class TestAgentTexts:
    def test_free_text_and_link_to_an_opted_in_number(self, svc):
        quick_opt_in(svc, "1001", EASTERN)
        assert svc.send_text("1001", EASTERN, "Your plan is set up.").ok
        text = last_out(svc, EASTERN)
        assert (text.template, text.body, text.status, text.actor) == (
            None, "Your plan is set up.", MessageStatus.DELIVERED, Actor.AGENT)
        assert svc.send_link("1001", EASTERN).ok
        link = last_out(svc, EASTERN)
        assert link.template == "link"
        assert "https://pay.example.com/va" in link.body

    @pytest.mark.parametrize(("start", "code"), [
        ("none", "not_opted_in"), ("awaiting_yes", "not_opted_in"),
        ("awaiting_pin", "not_opted_in"), ("opted_out", "opted_out"),
    ])
    def test_refused_for_every_other_state(self, start, code):
        svc = make_service(consent={EASTERN: start})
        for result in (svc.send_text("1001", EASTERN, "hi"), svc.send_link("1001", EASTERN),
                       svc.supervisor_reply(EASTERN, "hi")):
            assert not result.ok and result.code.value == code
        assert svc.messages() == []
        assert audit_events(svc, EASTERN) == [code, code, code]

    def test_supervisor_reply_to_an_opted_in_number(self, svc):
        quick_opt_in(svc, "1001", EASTERN)
        assert svc.supervisor_reply(EASTERN, "A supervisor here.").ok
        reply = last_out(svc, EASTERN)
        assert (reply.body, reply.actor, reply.account_id, reply.status) == (
            "A supervisor here.", Actor.SUPERVISOR, "1001", MessageStatus.DELIVERED)
