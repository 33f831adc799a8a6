"""Inbound text routing (SPEC.md section 3, flow 10), supervisor linking, and the compound actions."""

from __future__ import annotations

import pytest

from itms_tui.core.names import AuditEvent, MessageStatus, Queue, RequestMethod
from tests.support.engine import (
    audit_events, inbound, last_out, make_service, outbound, quick_opt_in, sent_templates, state,
)
from tests.support.worlds import EASTERN, IDAHO, NEW, SHARED, UNKNOWN


class TestAgentQueue:
    def test_text_lands_in_the_agent_queue_of_its_account(self, svc):
        svc.consumer_text(IDAHO, "payment question")
        [item] = svc.inbox(Queue.AGENT)
        assert (item.number, item.account_id, item.queue) == (IDAHO, "1002", Queue.AGENT)
        assert svc.inbox(Queue.UNASSOCIATED) == []

    def test_number_on_two_accounts_belongs_to_the_first_that_lists_it(self, svc):
        svc.consumer_text(SHARED, "which account is this?")
        [item] = svc.inbox(Queue.AGENT)
        assert item.account_id == "1002"
        assert inbound(svc, SHARED)[0].account_id == "1002"
        assert [a.id for a in svc.accounts_for(SHARED)] == ["1002", "1003"]

    def test_consent_is_shared_by_both_accounts(self, svc):
        quick_opt_in(svc, "1003", SHARED)
        assert svc.send_text("1002", SHARED, "hi from 1002").ok
        svc.opt_out("1002", SHARED)
        assert svc.send_text("1003", SHARED, "hi").code.value == "opted_out"

    def test_unanswered_until_an_agent_text_goes_out(self):
        svc = make_service(consent={EASTERN: "opted_in"})
        svc.consumer_text(EASTERN, "first")
        svc.consumer_text(EASTERN, "second")
        svc.consumer_text(SHARED, "other number")
        assert len(svc.inbox(Queue.UNANSWERED)) == 3
        svc.send_text("1001", EASTERN, "answering you")
        unanswered = svc.inbox(Queue.UNANSWERED)
        assert [i.number for i in unanswered] == [SHARED]
        assert all(i.answered for i in svc.inbox(Queue.AGENT) if i.number == EASTERN)
        svc.consumer_text(EASTERN, "third")
        assert [i.body for i in svc.inbox(Queue.UNANSWERED)] == ["other number", "third"]

    def test_supervisor_reply_and_link_text_answer_too(self):
        svc = make_service(consent={EASTERN: "opted_in", SHARED: "opted_in"})
        svc.consumer_text(EASTERN, "a")
        svc.consumer_text(SHARED, "b")
        svc.send_link("1001", EASTERN)
        svc.supervisor_reply(SHARED, "hello")
        assert svc.inbox(Queue.UNANSWERED) == []

    def test_automatic_replies_and_refused_texts_do_not_answer(self):
        svc = make_service(settings={"agents_available": False})
        svc.consumer_text(EASTERN, "hello")
        svc.consumer_text(UNKNOWN, "hello")
        svc.consumer_text(EASTERN, "HELP")
        assert svc.send_text("1001", EASTERN, "hi").code.value == "not_opted_in"
        assert len(svc.inbox(Queue.UNANSWERED)) == 2

    def test_held_agent_reply_counts_as_the_answer(self):
        svc = make_service(consent={EASTERN: "opted_in"}, clock="2026-03-02T22:00:00-05:00")
        svc.consumer_text(EASTERN, "late question")
        svc.send_text("1001", EASTERN, "we'll call tomorrow")
        assert last_out(svc, EASTERN).status is MessageStatus.SCHEDULED
        assert svc.inbox(Queue.UNANSWERED) == []


class TestUnassociated:
    def test_unknown_number_gets_the_reply_and_lands_in_the_supervisor_queue(self, svc):
        svc.consumer_text(UNKNOWN, "Jane Doe here, acct 1001")
        reply = last_out(svc, UNKNOWN)
        assert (reply.template, reply.status, reply.account_id) == (
            "unknown_number", MessageStatus.DELIVERED, None)
        [item] = svc.inbox(Queue.UNASSOCIATED)
        assert (item.number, item.account_id, item.body) == (UNKNOWN, None, "Jane Doe here, acct 1001")
        assert svc.inbox(Queue.AGENT) == []
        assert svc.inbox(Queue.UNANSWERED) == [item]
        assert state(svc, UNKNOWN) == "none"

    def test_each_text_from_an_unknown_number_gets_the_reply(self, svc):
        svc.consumer_text(UNKNOWN, "hello")
        svc.consumer_text(UNKNOWN, "hello?")
        assert sent_templates(svc, UNKNOWN) == ["unknown_number", "unknown_number"]
        assert len(svc.inbox(Queue.UNASSOCIATED)) == 2

    def test_link_moves_conversation_and_queue_item_and_sends_a_supervisor_request(self, svc):
        svc.consumer_text(UNKNOWN, "hello")
        svc.consumer_text(UNKNOWN, "it's Jane")
        assert svc.link_number(UNKNOWN, "1001").ok
        assert [a.id for a in svc.accounts_for(UNKNOWN)] == ["1001"]
        assert all(m.account_id == "1001" for m in inbound(svc, UNKNOWN))
        assert svc.inbox(Queue.UNASSOCIATED) == []
        items = svc.inbox(Queue.AGENT)
        assert [(i.number, i.account_id) for i in items] == [(UNKNOWN, "1001")] * 2
        assert len(svc.inbox(Queue.UNANSWERED)) == 2  # linking is not an answer
        assert svc.consent(UNKNOWN).method is RequestMethod.SUPERVISOR
        request = last_out(svc, UNKNOWN)
        assert (request.template, request.account_id) == ("opt_in", "1001")
        linked = [e for e in svc.audit() if e.event == "number_linked"][0]
        assert (linked.number, linked.account_id, linked.before.value, linked.after.value) == (
            UNKNOWN, "1001", "none", "none")
        # later texts route to the account's agent
        svc.consumer_text(UNKNOWN, "got it")
        assert svc.inbox(Queue.AGENT)[-1].account_id == "1001"

    def test_link_a_known_number_to_a_second_account(self, svc):
        assert svc.link_number(EASTERN, "1003").ok
        assert [a.id for a in svc.accounts_for(EASTERN)] == ["1001", "1003"]
        svc.consumer_text(EASTERN, "hi")
        assert svc.inbox(Queue.AGENT)[0].account_id == "1001"

    def test_link_refused_for_a_number_already_on_the_account(self, svc):
        result = svc.link_number(EASTERN, "1001")
        assert result.code.value == "phone_already_on_account"
        assert svc.account("1001").phones == [EASTERN]
        assert svc.messages() == []


class TestPossibleOptOut:
    @pytest.mark.parametrize(("text", "reason_part"), [
        ("please stop texting me", "stop texting"),
        ("I want to stop", "stop"),
        ("wrong number", "wrong number"),
        ("no thanks 🛑", "🛑"),
    ])
    def test_flagged_with_its_reason_and_nothing_changes(self, text, reason_part):
        svc = make_service(consent={EASTERN: "opted_in"})
        svc.consumer_text(EASTERN, text)
        assert state(svc, EASTERN) == "opted_in"
        assert outbound(svc, EASTERN) == []
        [item] = svc.inbox(Queue.POSSIBLE_OPT_OUT)
        assert item.queue is Queue.AGENT
        assert reason_part in item.possible_opt_out
        assert svc.inbox(Queue.AGENT) == [item]
        assert audit_events(svc, EASTERN) == []

    def test_from_an_unknown_number_it_stays_unassociated(self, svc):
        svc.consumer_text(UNKNOWN, "remove me from your list")
        [item] = svc.inbox(Queue.POSSIBLE_OPT_OUT)
        assert item.queue is Queue.UNASSOCIATED
        assert sent_templates(svc, UNKNOWN) == ["unknown_number"]

    def test_the_agent_decides_with_opt_out(self):
        svc = make_service(consent={EASTERN: "opted_in"})
        svc.consumer_text(EASTERN, "don't text me anymore")
        assert svc.opt_out("1001", EASTERN).ok
        assert state(svc, EASTERN) == "opted_out"


class TestOptedOutNumber:
    def test_ordinary_text_gets_no_automatic_reply(self):
        svc = make_service(consent={EASTERN: "opted_out"},
                           settings={"agents_available": False, "welcome_on_first_text": True})
        svc.consumer_text(EASTERN, "why did you text me")
        assert outbound(svc, EASTERN) == []  # not even attempted: nothing blocked
        [item] = svc.inbox(Queue.AGENT)
        assert item.number == EASTERN
        assert state(svc, EASTERN) == "opted_out"

    def test_unknown_opted_out_number_gets_no_unknown_number_reply(self):
        svc = make_service(consent={UNKNOWN: "opted_out"})
        svc.consumer_text(UNKNOWN, "hello")
        assert outbound(svc, UNKNOWN) == []
        assert len(svc.inbox(Queue.UNASSOCIATED)) == 1

    def test_yes_is_ordinary_text_and_help_is_answered(self):
        svc = make_service(consent={EASTERN: "opted_out"})
        svc.consumer_text(EASTERN, "YES")
        assert state(svc, EASTERN) == "opted_out"
        assert outbound(svc, EASTERN) == []
        svc.consumer_text(EASTERN, "help")
        assert [(m.template, m.status) for m in outbound(svc, EASTERN)] == [
            ("help", MessageStatus.DELIVERED)]


class TestCompoundActions:
    @pytest.mark.parametrize(("start", "code"), [("opted_in", "already_opted_in"),
                                                 ("opted_out", "opted_out")])
    def test_payment_plan_is_arranged_where_no_request_is_allowed(self, start, code):
        svc = make_service(consent={EASTERN: start})
        result = svc.arrange_payment_plan("1001", EASTERN, 100)
        assert result.ok and result.code is None
        assert len(svc.account("1001").payment_plans) == 1
        assert svc.messages() == []
        assert state(svc, EASTERN) == start
        entry = svc.audit()[-1]
        assert (entry.event, entry.number, entry.account_id) == (code, EASTERN, "1001")
        assert entry.before.value == entry.after.value == start

    def test_payment_plan_at_the_invitation_limit(self, svc):
        for _ in range(3):
            svc.send_opt_in_request("1001", EASTERN)
        result = svc.arrange_payment_plan("1001", EASTERN)
        assert result.ok
        assert "max_invitations" in result.detail
        assert len(svc.account("1001").payment_plans) == 1
        assert sent_templates(svc, EASTERN) == ["opt_in"] * 3
        assert audit_events(svc, EASTERN)[-1] == "max_invitations"
        assert svc.consent(EASTERN).method is RequestMethod.AGENT

    def test_payment_plan_while_awaiting_yes_replaces_the_request(self, svc):
        svc.send_opt_in_request("1001", EASTERN)
        assert svc.arrange_payment_plan("1001", EASTERN).ok
        assert svc.consent(EASTERN).method is RequestMethod.PAYMENT_PLAN
        assert sent_templates(svc, EASTERN) == ["opt_in", "opt_in"]

    def test_payment_plan_refused_for_unknown_account_or_number(self, svc):
        assert svc.arrange_payment_plan("9999", EASTERN).code.value == "unknown_account"
        assert svc.arrange_payment_plan("1001", "12345").code.value == "invalid_phone"
        assert svc.arrange_payment_plan("1001", IDAHO).code.value == "unknown_phone"
        assert svc.account("1001").payment_plans == []

    @pytest.mark.parametrize(("start", "code"), [("opted_in", "already_opted_in"),
                                                 ("opted_out", "opted_out")])
    def test_link_is_done_where_no_request_is_allowed(self, start, code):
        svc = make_service(consent={UNKNOWN: start})
        result = svc.link_number(UNKNOWN, "1001")
        assert result.ok
        assert UNKNOWN in svc.account("1001").phones
        assert outbound(svc, UNKNOWN) == []
        assert audit_events(svc, UNKNOWN) == ["number_linked", code]
        assert state(svc, UNKNOWN) == start

    def test_link_at_the_invitation_limit(self, svc):
        for _ in range(3):
            svc.send_opt_in_request("1001", EASTERN)
        assert svc.link_number(EASTERN, "1003").ok
        assert audit_events(svc, EASTERN)[-2:] == ["number_linked", "max_invitations"]
        assert sent_templates(svc, EASTERN) == ["opt_in"] * 3

    def test_link_to_an_auto_opt_in_account_opts_in_without_a_request(self, svc):
        svc.consumer_text(UNKNOWN, "hi")
        assert svc.link_number(UNKNOWN, "2001").ok
        assert state(svc, UNKNOWN) == "opted_in"
        assert sent_templates(svc, UNKNOWN) == ["unknown_number", "opted_in"]
        assert audit_events(svc, UNKNOWN) == ["number_linked", "auto_opt_in"]

    def test_link_opted_in_number_to_an_auto_account_records_why_nothing_went(self):
        svc = make_service(consent={UNKNOWN: "opted_in"})
        assert svc.link_number(UNKNOWN, "2001").ok
        assert outbound(svc, UNKNOWN) == []
        assert audit_events(svc, UNKNOWN) == ["number_linked", "already_opted_in"]


def test_add_phone_then_request(svc):
    assert svc.add_phone("1001", "617 555 0160").ok
    assert svc.account("1001").phones == [EASTERN, NEW]
    assert svc.send_opt_in_request("1001", NEW).ok
    assert state(svc, NEW) == "awaiting_yes"


def test_every_audit_event_of_section_1_is_produced():
    svc = make_service(settings={"pin_ttl": "1h"})
    # opt_in_request, yes, pin_accepted
    svc.send_opt_in_request("1001", EASTERN)
    svc.consumer_text(EASTERN, "YES")
    svc.enter_auth_code("1001", EASTERN, svc.pin_for_consumer(EASTERN))
    # agent_opt_out, signup
    svc.opt_out("1001", EASTERN)
    svc.consumer_text(EASTERN, "SIGNUP")
    # keyword_opt_out
    svc.consumer_text(EASTERN, "STOP")
    # auto_opt_in
    svc.add_phone("2001", NEW)
    # pin_voided (a new request replaces the PIN), pin_expired
    svc.send_opt_in_request("1002", IDAHO)
    svc.advance_to(svc.next_window_opening(IDAHO))
    svc.consumer_text(IDAHO, "YES")
    svc.send_opt_in_request("1002", IDAHO)
    svc.consumer_text(IDAHO, "YES")
    svc.advance(svc.settings.pin_ttl)
    # number_linked
    svc.consumer_text(UNKNOWN, "hi")
    svc.link_number(UNKNOWN, "1001")
    # possible_opt_out_dismissed (audited, no change)
    svc.consumer_text(SHARED, "please stop texting me")
    svc.dismiss_possible_opt_out("1003", SHARED, "not an opt-out")

    produced = set(audit_events(svc))
    assert {e.value for e in AuditEvent} <= produced
    assert {e.value for e in AuditEvent} == {
        "opt_in_request", "yes", "pin_accepted", "auto_opt_in", "keyword_opt_out",
        "agent_opt_out", "signup", "pin_voided", "pin_expired", "number_linked",
        "possible_opt_out_dismissed"}
    # the log is in order and numbered without gaps
    assert [e.seq for e in svc.audit()] == list(range(1, len(svc.audit()) + 1))
    assert all(a.at <= b.at for a, b in zip(svc.audit(), svc.audit()[1:]))
