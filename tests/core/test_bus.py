"""The fake SMS bus (SPEC.md section 6): statuses, faults, and the carrier's own block after STOP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itms_tui.core.bus import Fault, SmsBus
from itms_tui.core.clock import SimClock
from itms_tui.core.events import MessageDelivered, MessageStatusChanged
from itms_tui.core.names import Actor, CarrierStatus, Direction, FaultKind, MessageStatus, Queue
from tests.support.engine import (
    advance, at, audit_events, inbound, last_out, make_service, outbound, quick_opt_in,
    sent_templates, state,
)
from tests.support.worlds import EASTERN, IDAHO, MONDAY_10AM as START


def opted_in_service(**kwargs):
    return make_service(consent={EASTERN: "opted_in"}, **kwargs)


def deliveries(events, message_id):
    return [e.copy for e in events if isinstance(e, MessageDelivered) and e.message.id == message_id]


def test_without_a_fault_a_text_is_delivered_at_once():
    svc = opted_in_service()
    events = []
    svc.subscribe(events.append)
    svc.send_text("1001", EASTERN, "hi")
    text = last_out(svc, EASTERN)
    assert text.status is MessageStatus.DELIVERED
    assert text.sent_at == text.delivered_at == at(START)
    assert text.deliveries == 1
    statuses = [(e.before, e.message.status) for e in events if isinstance(e, MessageStatusChanged)]
    assert statuses == [(MessageStatus.SCHEDULED, MessageStatus.SENT),
                        (MessageStatus.SENT, MessageStatus.DELIVERED)]
    assert deliveries(events, text.id) == [1]


def test_messages_get_increasing_ids_and_the_clock_time():
    svc = opted_in_service()
    svc.send_text("1001", EASTERN, "one")
    advance(svc, minutes=5)
    svc.consumer_text(EASTERN, "two")
    first, second = svc.messages()
    assert (first.id, second.id) == (1, 2)
    assert second.created_at - first.created_at == timedelta(minutes=5)
    assert second.direction is Direction.IN


class TestDelay:
    def test_stays_sent_then_delivered_after_the_duration(self):
        svc = opted_in_service()
        svc.inject_fault("delay", EASTERN, duration=timedelta(minutes=5))
        svc.send_text("1001", EASTERN, "slow")
        text = last_out(svc, EASTERN)
        assert text.status is MessageStatus.SENT
        advance(svc, minutes=4, seconds=59)
        assert text.status is MessageStatus.SENT
        advance(svc, seconds=1)
        assert text.status is MessageStatus.DELIVERED
        assert text.delivered_at == at(START) + timedelta(minutes=5)

    def test_inbound_delay_reaches_itms_late(self):
        svc = make_service()
        svc.quick_opt_in("1001", EASTERN)
        svc.inject_fault("delay", EASTERN, duration=timedelta(minutes=10), direction="in")
        svc.consumer_text(EASTERN, "YES")
        assert inbound(svc, EASTERN)[0].status is MessageStatus.SENT
        assert state(svc, EASTERN) == "awaiting_yes"
        advance(svc, minutes=10)
        assert state(svc, EASTERN) == "opted_in"
        assert last_out(svc, EASTERN).sent_at == at(START) + timedelta(minutes=10)

    def test_delayed_pin_is_not_readable_until_delivered(self):
        svc = make_service()
        svc.send_opt_in_request("1001", EASTERN)
        svc.inject_fault("delay", EASTERN, duration=timedelta(hours=1))
        svc.consumer_text(EASTERN, "YES")
        assert state(svc, EASTERN) == "awaiting_pin"
        assert last_out(svc, EASTERN).status is MessageStatus.SENT
        assert svc.pin_for_consumer(EASTERN) is None  # the phone has not got it yet
        advance(svc, hours=1)
        assert svc.pin_for_consumer(EASTERN) is not None

    def test_a_dropped_pin_never_reaches_the_consumer(self):
        svc = make_service()
        svc.send_opt_in_request("1001", EASTERN)
        svc.inject_fault("drop", EASTERN)
        svc.consumer_text(EASTERN, "YES")
        assert svc.pin_for_consumer(EASTERN) is None
        # the agent asks again; the new PIN arrives and is the one the consumer reads
        svc.send_opt_in_request("1001", EASTERN)
        svc.consumer_text(EASTERN, "YES")
        assert svc.enter_auth_code("1001", EASTERN, svc.pin_for_consumer(EASTERN)).ok


class TestDrop:
    def test_stays_sent_forever(self):
        svc = opted_in_service()
        svc.inject_fault(FaultKind.DROP, EASTERN)
        svc.send_text("1001", EASTERN, "lost")
        advance(svc, days=3)
        text = last_out(svc, EASTERN)
        assert (text.status, text.delivered_at, text.deliveries) == (MessageStatus.SENT, None, 0)

    def test_inbound_drop_never_reaches_itms(self):
        svc = opted_in_service()
        svc.inject_fault("drop", EASTERN, direction="in")
        svc.consumer_text(EASTERN, "STOP")
        assert state(svc, EASTERN) == "opted_in"
        assert outbound(svc, EASTERN) == []
        assert inbound(svc, EASTERN)[0].status is MessageStatus.SENT


class TestDuplicate:
    def test_outbound_is_delivered_twice(self):
        svc = opted_in_service()
        events = []
        svc.subscribe(events.append)
        svc.inject_fault("duplicate", EASTERN)
        svc.send_text("1001", EASTERN, "twice")
        text = last_out(svc, EASTERN)
        assert text.status is MessageStatus.DELIVERED
        assert text.deliveries == 2
        assert deliveries(events, text.id) == [1, 2]
        assert len(outbound(svc, EASTERN)) == 1

    def test_inbound_yes_twice_changes_state_once(self):
        svc = make_service()
        svc.quick_opt_in("1001", EASTERN)
        events = []
        svc.subscribe(events.append)
        svc.inject_fault("duplicate", EASTERN, direction="in")
        svc.consumer_text(EASTERN, "YES")
        message = inbound(svc, EASTERN)[0]
        assert deliveries(events, message.id) == [1, 2]
        assert state(svc, EASTERN) == "opted_in"
        assert sent_templates(svc, EASTERN) == ["opt_in", "opted_in"]
        assert audit_events(svc, EASTERN) == ["opt_in_request", "yes"]
        assert svc.inbox() == []

    def test_inbound_yes_twice_in_the_pin_flow_sends_one_pin(self):
        svc = make_service()
        svc.send_opt_in_request("1001", EASTERN)
        svc.inject_fault("duplicate", EASTERN, direction="in")
        svc.consumer_text(EASTERN, "YES")
        assert sent_templates(svc, EASTERN) == ["opt_in", "opt_in_pin"]
        assert state(svc, EASTERN) == "awaiting_pin"
        assert svc.inbox() == []  # the second YES is not ordinary text in awaiting_pin

    def test_inbound_stop_twice_confirms_once(self):
        svc = opted_in_service()
        svc.inject_fault("duplicate", EASTERN, direction="in")
        svc.consumer_text(EASTERN, "STOP")
        assert sent_templates(svc, EASTERN) == ["opted_out"]
        assert audit_events(svc, EASTERN) == ["keyword_opt_out"]

    def test_inbound_text_twice_makes_one_inbox_item_and_one_reply(self):
        svc = make_service(settings={"agents_available": False, "welcome_on_first_text": True})
        svc.inject_fault("duplicate", EASTERN, direction="in", count=2)
        svc.consumer_text(EASTERN, "can I pay later?")
        assert len(svc.inbox(Queue.AGENT)) == 1
        assert sent_templates(svc, EASTERN) == ["welcome", "no_one_available"]
        svc.consumer_text(EASTERN, "HELP")
        assert sent_templates(svc, EASTERN) == ["welcome", "no_one_available", "help"]

    def test_inbound_signup_twice_counts_one_invitation(self):
        svc = make_service(consent={EASTERN: "opted_out"})
        svc.inject_fault("duplicate", EASTERN, direction="in")
        svc.consumer_text(EASTERN, "SIGNUP")
        assert sent_templates(svc, EASTERN) == ["opt_in"]
        assert svc.consent(EASTERN).unanswered_invitations == 1


class TestFail:
    @pytest.mark.parametrize("status", ["BOUNCED", "BLOCKED", "SPAM"])
    def test_ends_failed_with_the_carrier_status(self, status):
        svc = opted_in_service()
        svc.inject_fault("fail", EASTERN, status=status)
        svc.send_text("1001", EASTERN, "nope")
        text = last_out(svc, EASTERN)
        assert (text.status, text.carrier_status) == (MessageStatus.FAILED, status)
        assert (text.sent_at, text.delivered_at) == (None, None)

    def test_default_status_is_bounced(self):
        svc = opted_in_service()
        svc.inject_fault("fail", EASTERN)
        svc.send_text("1001", EASTERN, "nope")
        assert last_out(svc, EASTERN).carrier_status == "BOUNCED"

    def test_a_failed_request_still_changed_the_state(self):
        svc = make_service()
        svc.inject_fault("fail", EASTERN, status=CarrierStatus.SPAM)
        assert svc.send_opt_in_request("1001", EASTERN).ok
        assert state(svc, EASTERN) == "awaiting_yes"
        assert last_out(svc, EASTERN).status is MessageStatus.FAILED

    def test_inbound_fail_has_no_effect(self):
        svc = opted_in_service()
        svc.inject_fault("fail", EASTERN, direction="in")
        svc.consumer_text(EASTERN, "STOP")
        assert inbound(svc, EASTERN)[0].status is MessageStatus.FAILED
        assert state(svc, EASTERN) == "opted_in"


class TestCountAndScope:
    def test_count_texts_are_affected_then_normal(self):
        svc = opted_in_service()
        svc.inject_fault("drop", EASTERN, count=2)
        for body in ("one", "two", "three"):
            svc.send_text("1001", EASTERN, body)
        assert [m.status for m in outbound(svc, EASTERN)] == [
            MessageStatus.SENT, MessageStatus.SENT, MessageStatus.DELIVERED]
        assert svc.bus.faults == []

    def test_outbound_fault_does_not_touch_inbound_and_vice_versa(self):
        svc = opted_in_service()
        svc.inject_fault("drop", EASTERN)
        svc.consumer_text(EASTERN, "hello")
        assert inbound(svc, EASTERN)[0].status is MessageStatus.DELIVERED
        svc.send_text("1001", EASTERN, "dropped")
        assert last_out(svc, EASTERN).status is MessageStatus.SENT
        svc.inject_fault("drop", EASTERN, direction=Direction.IN)
        svc.send_text("1001", EASTERN, "fine")
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED

    def test_fault_applies_to_its_number_only(self):
        svc = make_service(consent={EASTERN: "opted_in", IDAHO: "opted_in"},
                           clock="2026-03-02T12:00:00-05:00")
        svc.inject_fault("fail", IDAHO)
        svc.send_text("1001", EASTERN, "ok")
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED
        svc.send_text("1002", IDAHO, "fails")
        assert last_out(svc, IDAHO).status is MessageStatus.FAILED

    def test_fault_waits_for_a_held_text_to_be_released(self):
        svc = make_service(consent={EASTERN: "opted_in"}, clock="2026-03-02T22:00:00-05:00")
        svc.inject_fault("fail", EASTERN, status="SPAM")
        svc.send_text("1001", EASTERN, "morning")
        assert last_out(svc, EASTERN).status is MessageStatus.SCHEDULED
        advance(svc, hours=10)
        assert last_out(svc, EASTERN).status is MessageStatus.FAILED

    def test_fault_on_an_invalid_number_is_refused(self, svc):
        result = svc.inject_fault("drop", "12345")
        assert result.code.value == "invalid_phone"
        assert svc.bus.faults == []

    def test_fault_number_in_any_format(self):
        svc = opted_in_service()
        svc.inject_fault("drop", "(617) 555-0101")
        svc.send_text("1001", EASTERN, "x")
        assert last_out(svc, EASTERN).status is MessageStatus.SENT


class TestCarrierBlockAfterStop:
    """The bus itself refuses texts to an opted-out number: a second line of defence."""

    def _bus(self, opted_out: set[str]):
        clock = SimClock(at(START))
        bus = SmsBus(clock, is_opted_out=lambda number: number in opted_out)
        return bus

    def _submit(self, bus, template, reply_to=None, number=EASTERN):
        return bus.submit(number, "body", template=template, actor=Actor.SYSTEM,
                          account_id=None, reply_to=reply_to)

    @pytest.mark.parametrize("template", [None, "opt_in", "opted_in", "link", "opt_in_pin",
                                          "unknown_number", "welcome", "no_one_available"])
    def test_refuses_every_other_text(self, template):
        bus = self._bus({EASTERN})
        assert self._submit(bus, template).status is MessageStatus.BLOCKED

    def test_allows_the_opted_out_confirmation(self):
        bus = self._bus({EASTERN})
        assert self._submit(bus, "opted_out").status is MessageStatus.DELIVERED

    def test_allows_help_answering_the_numbers_own_help(self):
        bus = self._bus({EASTERN})
        asked = bus.send_from_phone(EASTERN, "HELP")
        assert asked.status is MessageStatus.DELIVERED
        assert self._submit(bus, "help", reply_to=asked.id).status is MessageStatus.DELIVERED

    def test_refuses_help_that_answers_nothing_or_another_number(self):
        bus = self._bus({EASTERN})
        other = bus.send_from_phone(IDAHO, "HELP")
        assert self._submit(bus, "help").status is MessageStatus.BLOCKED
        assert self._submit(bus, "help", reply_to=other.id).status is MessageStatus.BLOCKED
        mine_out = self._submit(bus, "opted_out")
        assert self._submit(bus, "help", reply_to=mine_out.id).status is MessageStatus.BLOCKED

    def test_other_numbers_are_not_affected(self):
        bus = self._bus({EASTERN})
        assert self._submit(bus, None, number=IDAHO).status is MessageStatus.DELIVERED

    def test_blocked_texts_do_not_use_up_a_fault(self):
        bus = self._bus({EASTERN})
        bus.inject(Fault(EASTERN, FaultKind.DROP))
        assert self._submit(bus, "link").status is MessageStatus.BLOCKED
        assert self._submit(bus, "opted_out").status is MessageStatus.SENT

    def test_held_text_is_judged_when_released(self):
        opted_out: set[str] = set()
        bus = self._bus(opted_out)
        held = bus.submit(EASTERN, "later", template=None, actor=Actor.AGENT, account_id="1001",
                          hold_until=at(START) + timedelta(hours=1))
        assert held.status is MessageStatus.SCHEDULED
        opted_out.add(EASTERN)
        bus.release(held.id)
        assert held.status is MessageStatus.BLOCKED

    def test_through_the_service_help_is_answered_after_stop(self):
        svc = opted_in_service()
        svc.consumer_text(EASTERN, "STOP")
        svc.consumer_text(EASTERN, "HELP")
        assert [(m.template, m.status) for m in outbound(svc, EASTERN)] == [
            ("opted_out", MessageStatus.DELIVERED), ("help", MessageStatus.DELIVERED)]
        assert all(m.status is not MessageStatus.BLOCKED for m in svc.messages())


def test_quick_flow_through_a_failing_carrier_can_be_retried():
    svc = make_service()
    svc.inject_fault("fail", EASTERN)
    svc.quick_opt_in("1001", EASTERN)
    quick_opt_in(svc, "1001", EASTERN)
    assert [m.status for m in outbound(svc, EASTERN)] == [
        MessageStatus.FAILED, MessageStatus.DELIVERED, MessageStatus.DELIVERED]
