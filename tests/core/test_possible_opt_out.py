"""SPEC flow 10: how a possible opt-out is resolved — the number opts out, or the agent dismisses it."""

from __future__ import annotations

from tests.support.engine import audit_events, quick_opt_in, state
from tests.support.worlds import EASTERN, SHARED

from itms_tui.core.models import InboxItem
from itms_tui.core.names import Actor, AuditEvent, ConsentState, ErrorCode, Queue

FLAGGED = "please stop texting me"
DISMISSED = AuditEvent.POSSIBLE_OPT_OUT_DISMISSED.value


def flagged(svc, number=EASTERN):
    return [item.number for item in svc.inbox(Queue.POSSIBLE_OPT_OUT) if item.number == number]


def test_dismissal_is_audited_with_the_reason_and_changes_no_state(svc):
    quick_opt_in(svc, "1001", EASTERN)
    svc.consumer_text(EASTERN, FLAGGED)
    assert flagged(svc) == [EASTERN]

    result = svc.dismiss_possible_opt_out("1001", EASTERN, "  she meant the   robocalls ")

    assert result.ok
    entry = svc.audit()[-1]
    assert (entry.event, entry.actor, entry.number) == (DISMISSED, Actor.AGENT, EASTERN)
    assert entry.before is entry.after is ConsentState.OPTED_IN
    assert entry.reason == "she meant the robocalls"
    assert not entry.is_refusal
    assert state(svc, EASTERN) == "opted_in"
    assert flagged(svc) == []
    [item] = svc.inbox(Queue.AGENT)  # still a text waiting for an answer, no longer a flag
    assert item.resolved_by == DISMISSED and not item.answered


def test_an_opt_out_by_keyword_or_by_the_agent_resolves_the_flag(svc):
    svc.consumer_text(EASTERN, FLAGGED)
    svc.consumer_text(SHARED, FLAGGED)
    svc.consumer_text(EASTERN, "STOP")
    assert svc.opt_out("1002", SHARED).ok
    assert svc.inbox(Queue.POSSIBLE_OPT_OUT) == []
    resolved = {item.number: item.resolved_by for item in svc.inbox(Queue.AGENT)
                if item.possible_opt_out}
    assert resolved == {EASTERN: AuditEvent.KEYWORD_OPT_OUT.value,
                        SHARED: AuditEvent.AGENT_OPT_OUT.value}


def test_a_flag_from_a_number_already_opted_out_awaits_no_decision(svc):
    svc.consumer_text(EASTERN, "STOP")
    svc.consumer_text(EASTERN, FLAGGED)
    assert flagged(svc) == []
    assert svc.inbox(Queue.AGENT)[-1].possible_opt_out  # the reason is still shown


def test_dismissing_with_nothing_flagged_records_nothing(svc):
    svc.consumer_text(EASTERN, "what do I owe?")
    before = len(svc.audit())
    result = svc.dismiss_possible_opt_out("1001", EASTERN)
    assert result.ok and "no possible opt-out" in result.detail
    assert len(svc.audit()) == before


def test_a_dismissal_is_checked_like_every_agent_action(svc):
    svc.consumer_text(EASTERN, FLAGGED)
    assert svc.dismiss_possible_opt_out("9999", EASTERN).code is ErrorCode.UNKNOWN_ACCOUNT
    assert svc.dismiss_possible_opt_out("1002", EASTERN).code is ErrorCode.UNKNOWN_PHONE
    assert svc.dismiss_possible_opt_out("1001", "12345").code is ErrorCode.INVALID_PHONE
    assert audit_events(svc, EASTERN)[-1] == "unknown_phone"
    assert flagged(svc) == [EASTERN]


def test_a_new_flag_after_a_dismissal_needs_a_new_decision(svc):
    svc.consumer_text(EASTERN, FLAGGED)
    svc.dismiss_possible_opt_out("1001", EASTERN, "joke")
    svc.consumer_text(EASTERN, "no really, leave me alone")
    assert flagged(svc) == [EASTERN]


def test_the_resolution_survives_a_save_and_load():
    item = InboxItem(1, EASTERN, FLAGGED, None, Queue.AGENT, "1001", "revocation phrase",
                     resolved_by=DISMISSED)
    data = item.to_data()
    data["at"] = "2026-03-02T10:00:00-05:00"
    assert InboxItem.from_data(data).resolved_by == DISMISSED
