"""The send window (SPEC.md section 3, "Send rules"): agency texts are held outside 08:00-21:00
consumer-local and released at the first open moment; replies and confirmations go at once."""

from __future__ import annotations

from datetime import UTC

import pytest

from itms_tui.core.names import MessageStatus
from tests.support.engine import (
    advance, at, last_out, make_service, outbound, quick_opt_in, sent_templates, state,
)
from tests.support.worlds import EASTERN, IDAHO, NEW, UNKNOWN

NIGHT = "2026-03-02T22:00:00-05:00"
NEXT_MORNING = at("2026-03-03T08:00:00-05:00")


def night_service(**kwargs):
    return make_service(clock=NIGHT, **kwargs)


class TestHeldAgencyTexts:
    @pytest.mark.parametrize("action", ["send_opt_in_request", "quick_opt_in", "arrange_payment_plan"])
    def test_requests_are_held_but_the_state_changes_at_once(self, action):
        svc = night_service()
        result = getattr(svc, action)("1001", EASTERN)
        assert result.ok
        assert "held until" in result.detail
        assert state(svc, EASTERN) == "awaiting_yes"
        request = last_out(svc, EASTERN)
        assert request.template == "opt_in"
        assert request.status is MessageStatus.SCHEDULED
        assert request.release_at == NEXT_MORNING
        assert request.sent_at is None

    def test_released_at_the_first_open_moment(self):
        svc = night_service()
        svc.send_opt_in_request("1001", EASTERN)
        advance(svc, hours=9, minutes=59, seconds=59)  # 07:59:59
        assert last_out(svc, EASTERN).status is MessageStatus.SCHEDULED
        advance(svc, seconds=1)
        request = last_out(svc, EASTERN)
        assert request.status is MessageStatus.DELIVERED
        assert request.sent_at == NEXT_MORNING
        assert request.delivered_at == NEXT_MORNING

    def test_released_when_the_clock_jumps_past_the_opening(self):
        svc = night_service()
        svc.send_opt_in_request("1001", EASTERN)
        advance(svc, days=2)
        assert last_out(svc, EASTERN).sent_at == NEXT_MORNING

    def test_several_held_texts_go_in_order(self):
        svc = night_service(consent={EASTERN: "opted_in"})
        svc.send_text("1001", EASTERN, "first")
        svc.send_link("1001", EASTERN)
        svc.send_text("1001", EASTERN, "third")
        assert [m.status for m in outbound(svc, EASTERN)] == [MessageStatus.SCHEDULED] * 3
        advance(svc, hours=10)
        texts = outbound(svc, EASTERN)
        assert [m.status for m in texts] == [MessageStatus.DELIVERED] * 3
        assert [m.body for m in texts][0::2] == ["first", "third"]
        assert [m.template for m in texts] == [None, "link", None]

    def test_supervisor_link_request_is_held(self):
        svc = night_service()
        svc.consumer_text(UNKNOWN, "it's Jane")
        assert last_out(svc, UNKNOWN).status is MessageStatus.DELIVERED  # unknown_number: a reply
        svc.link_number(UNKNOWN, "1001")
        assert state(svc, UNKNOWN) == "awaiting_yes"
        request = last_out(svc, UNKNOWN)
        assert (request.template, request.status) == ("opt_in", MessageStatus.SCHEDULED)

    def test_supervisor_reply_is_held(self):
        svc = night_service(consent={EASTERN: "opted_in"})
        svc.supervisor_reply(EASTERN, "morning reply")
        assert last_out(svc, EASTERN).status is MessageStatus.SCHEDULED

    def test_auto_opt_in_confirmation_is_held(self):
        svc = night_service()
        svc.add_phone("2001", NEW)
        assert state(svc, NEW) == "opted_in"
        confirmation = last_out(svc, NEW)
        assert (confirmation.template, confirmation.status) == ("opted_in", MessageStatus.SCHEDULED)
        advance(svc, hours=10)
        assert last_out(svc, NEW).status is MessageStatus.DELIVERED


class TestWindowEdges:
    def test_opens_at_0800_inclusive_and_closes_at_2100_exclusive(self):
        svc = make_service(clock="2026-03-02T20:59:59-05:00", consent={EASTERN: "opted_in"})
        assert svc.window_open_for(EASTERN)
        svc.send_text("1001", EASTERN, "just in time")
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED
        advance(svc, seconds=1)
        assert not svc.window_open_for(EASTERN)
        svc.send_text("1001", EASTERN, "too late")
        assert last_out(svc, EASTERN).status is MessageStatus.SCHEDULED
        assert svc.next_window_opening(EASTERN) == NEXT_MORNING

    def test_early_morning_is_held_until_eight(self):
        svc = make_service(clock="2026-03-02T07:30:00-05:00")
        svc.send_opt_in_request("1001", EASTERN)
        assert last_out(svc, EASTERN).release_at == at("2026-03-02T08:00:00-05:00")


class TestMultiZoneNumber:
    def test_idaho_is_open_only_when_open_in_boise_and_los_angeles(self, svc):
        # 10:00 in Boston is 08:00 in Boise but 07:00 in Los Angeles.
        assert svc.window_open_for(EASTERN)
        assert not svc.window_open_for(IDAHO)
        assert svc.next_window_opening(IDAHO) == at("2026-03-02T11:00:00-05:00")
        svc.send_opt_in_request("1002", IDAHO)
        request = last_out(svc, IDAHO)
        assert request.status is MessageStatus.SCHEDULED
        assert request.release_at == at("2026-03-02T11:00:00-05:00")
        advance(svc, minutes=59)
        assert last_out(svc, IDAHO).status is MessageStatus.SCHEDULED
        advance(svc, minutes=1)
        assert last_out(svc, IDAHO).status is MessageStatus.DELIVERED
        assert last_out(svc, IDAHO).sent_at.astimezone(UTC) == at("2026-03-02T16:00:00+00:00")

    def test_idaho_closes_with_boise(self):
        # 22:30 in Boston: 20:30 in Boise, 19:30 in Los Angeles: open; 23:00 Boston: Boise shut.
        svc = make_service(clock="2026-03-02T22:30:00-05:00", consent={IDAHO: "opted_in"})
        svc.send_text("1002", IDAHO, "evening")
        assert last_out(svc, IDAHO).status is MessageStatus.DELIVERED
        advance(svc, minutes=30)
        svc.send_text("1002", IDAHO, "too late")
        held = last_out(svc, IDAHO)
        assert held.status is MessageStatus.SCHEDULED
        assert held.release_at == at("2026-03-03T11:00:00-05:00")


class TestRepliesGoAtOnce:
    def test_help_stop_and_unknown_number_at_night(self):
        svc = night_service()
        svc.consumer_text(EASTERN, "HELP")
        svc.consumer_text(UNKNOWN, "who is this")
        svc.consumer_text(EASTERN, "STOP")
        assert [(m.template, m.status) for m in outbound(svc, EASTERN)] == [
            ("help", MessageStatus.DELIVERED), ("opted_out", MessageStatus.DELIVERED)]
        assert [(m.template, m.status) for m in outbound(svc, UNKNOWN)] == [
            ("unknown_number", MessageStatus.DELIVERED)]

    def test_pin_flow_replies_at_night(self, svc):
        svc.send_opt_in_request("1001", EASTERN)  # sent at 10:00, inside the window
        advance(svc, hours=13)  # 23:00
        svc.consumer_text(EASTERN, "YES")
        assert last_out(svc, EASTERN).template == "opt_in_pin"
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED
        svc.enter_auth_code("1001", EASTERN, svc.pin_for_consumer(EASTERN))
        assert last_out(svc, EASTERN).template == "opted_in"
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED

    def test_quick_flow_confirmation_at_night(self, svc):
        svc.quick_opt_in("1001", EASTERN)
        advance(svc, hours=13)
        svc.consumer_text(EASTERN, "yes")
        assert (last_out(svc, EASTERN).template, last_out(svc, EASTERN).status) == (
            "opted_in", MessageStatus.DELIVERED)

    def test_signup_request_at_night(self):
        svc = night_service(consent={EASTERN: "opted_out"})
        svc.consumer_text(EASTERN, "SIGNUP")
        assert (last_out(svc, EASTERN).template, last_out(svc, EASTERN).status) == (
            "opt_in", MessageStatus.DELIVERED)

    def test_agent_opt_out_confirmation_at_night(self):
        svc = night_service(consent={EASTERN: "opted_in"})
        svc.opt_out("1001", EASTERN)
        assert (last_out(svc, EASTERN).template, last_out(svc, EASTERN).status) == (
            "opted_out", MessageStatus.DELIVERED)

    def test_no_one_available_and_welcome_at_night(self):
        svc = night_service(settings={"agents_available": False, "welcome_on_first_text": True})
        svc.consumer_text(EASTERN, "hello?")
        assert [(m.template, m.status) for m in outbound(svc, EASTERN)] == [
            ("welcome", MessageStatus.DELIVERED), ("no_one_available", MessageStatus.DELIVERED)]


class TestOptOutBeforeRelease:
    def test_held_text_ends_blocked(self):
        svc = night_service(consent={EASTERN: "opted_in"})
        svc.send_text("1001", EASTERN, "about your balance")
        svc.consumer_text(EASTERN, "STOP")
        advance(svc, hours=10)
        held = [m for m in outbound(svc, EASTERN) if m.body == "about your balance"][0]
        assert held.status is MessageStatus.BLOCKED
        assert held.sent_at is None
        assert sent_templates(svc, EASTERN) == [None, "opted_out"]

    def test_held_request_ends_blocked(self):
        svc = night_service()
        svc.send_opt_in_request("1001", EASTERN)
        svc.opt_out("1001", EASTERN)
        advance(svc, hours=10)
        request = outbound(svc, EASTERN)[0]
        assert (request.template, request.status) == ("opt_in", MessageStatus.BLOCKED)

    def test_resubscribed_before_release_is_sent(self):
        svc = night_service(consent={EASTERN: "opted_in"})
        svc.send_text("1001", EASTERN, "held")
        svc.consumer_text(EASTERN, "STOP")
        svc.consumer_text(EASTERN, "SIGNUP")
        svc.consumer_text(EASTERN, "YES")
        advance(svc, hours=10)
        held = [m for m in outbound(svc, EASTERN) if m.body == "held"][0]
        assert held.status is MessageStatus.DELIVERED


def test_send_window_setting():
    svc = make_service(settings={"send_window": "11:00-17:00"})
    svc.send_opt_in_request("1001", EASTERN)
    assert last_out(svc, EASTERN).release_at == at("2026-03-02T11:00:00-05:00")
    svc.update_settings({"send_window": "08:00-21:00"})
    assert svc.window_open_for(EASTERN)
    svc.update_settings({"send_window": "06:00-09:00"})
    quick_opt_in(svc, "1001", EASTERN)  # request held until tomorrow 06:00, YES answers anyway
    assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED  # the opted_in confirmation
    svc.send_text("1001", EASTERN, "hi")
    assert last_out(svc, EASTERN).release_at == at("2026-03-03T06:00:00-05:00")


class TestWindowChangedWhileHeld:
    def test_held_texts_follow_a_narrower_window(self):
        svc = night_service(consent={EASTERN: "opted_in"})
        svc.send_text("1001", EASTERN, "held")
        svc.update_settings({"send_window": "09:30-17:00"})
        assert last_out(svc, EASTERN).release_at == at("2026-03-03T09:30:00-05:00")
        advance(svc, hours=11)  # 09:00: inside the old window, outside the new one
        assert last_out(svc, EASTERN).status is MessageStatus.SCHEDULED
        advance(svc, minutes=30)
        assert last_out(svc, EASTERN).status is MessageStatus.DELIVERED

    def test_held_texts_go_at_once_when_the_window_now_covers_the_time(self):
        svc = night_service(consent={EASTERN: "opted_in"})
        svc.send_text("1001", EASTERN, "held")
        svc.update_settings({"send_window": "08:00-24:00"})
        text = last_out(svc, EASTERN)
        assert text.status is MessageStatus.DELIVERED
        assert text.sent_at == at(NIGHT)

    def test_other_settings_leave_held_texts_alone(self):
        svc = night_service(consent={EASTERN: "opted_in"})
        svc.send_text("1001", EASTERN, "held")
        svc.update_settings({"agents_available": False})
        assert last_out(svc, EASTERN).release_at == NEXT_MORNING
