"""A session reopened from disk is the same session: consent, PIN state, held texts, audit, inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itms_tui.core.names import ConsentState, MessageStatus, Queue
from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from itms_tui.store import StoreLocked, open_repository
from tests.support.worlds import BOSTON, IDAHO, STRANGER, evening_world

EAST = BOSTON
SPEC = evening_world()


def snapshot(service: ItmsService) -> dict:
    return {
        "now": service.now(),
        "settings": service.settings.to_data(),
        "consent": {n: service.consent(n).to_data() for n in service.known_numbers()},
        "messages": [m.to_data() for m in service.messages()],
        "audit": [e.to_data() for e in service.audit()],
        "inbox": [i.to_data() for i in service.inbox()],
        "accounts": [a.to_data() for a in service.accounts()],
        "initial": dict(service.world.initial_consent),
    }


def open_session(path) -> ItmsService:
    return ItmsService.open(open_repository(path), seed=lambda: build_world(SPEC))


def test_a_reopened_session_is_the_same_session(tmp_path):
    path = tmp_path / "session.json"
    service = open_session(path)
    service.send_opt_in_request("1001", EAST)
    service.consumer_text(EAST, "YES")  # a PIN is now waiting for the agent
    service.enter_auth_code("1001", EAST, "not-it")  # one wrong attempt counted
    service.advance(timedelta(hours=3))  # 23:30 Eastern, 21:30 in Boise: the window is closed
    service.send_text("1001", IDAHO, "We will call tomorrow")  # held until morning
    service.consumer_text(STRANGER, "who is this?")  # unknown number, no one available
    service.inject_fault("drop", EAST, count=2)
    before = snapshot(service)
    pin = service.pin_for_consumer(EAST)
    service.close()

    reopened = open_session(path)
    assert snapshot(reopened) == before
    assert reopened.consent(EAST).state is ConsentState.AWAITING_PIN
    assert reopened.consent(EAST).pin.wrong_attempts == 1
    assert [i.number for i in reopened.inbox(Queue.UNASSOCIATED)] == [STRANGER]
    held = [m for m in reopened.messages() if m.status is MessageStatus.SCHEDULED]
    assert [m.number for m in held] == [IDAHO]

    # The session goes on where it stopped: the PIN still works, the held text still goes.
    assert reopened.enter_auth_code("1001", EAST, pin).ok
    reopened.advance(timedelta(hours=12))
    assert reopened.thread(IDAHO)[-1].status is MessageStatus.DELIVERED
    # The injected fault survived too: the opted_in confirmation was dropped by the carrier.
    confirmation = [m for m in reopened.thread(EAST) if m.template == "opted_in"][-1]
    assert confirmation.status is MessageStatus.SENT
    reopened.close()


def test_every_action_is_durable_without_a_clean_close(tmp_path):
    path = tmp_path / "session.json"
    service = open_session(path)
    service.quick_opt_in("1001", EAST)
    service.consumer_text(EAST, "YES")
    expected = snapshot(service)
    # No close(): the process "dies" here; release the lock as the OS would.
    service._repository._lock.release()  # noqa: SLF001 - simulating the OS dropping the lock
    reopened = open_session(path)
    assert snapshot(reopened) == expected
    reopened.close()


def test_a_second_session_on_the_same_file_is_refused(tmp_path):
    path = tmp_path / "session.json"
    first = open_session(path)
    with pytest.raises(StoreLocked):
        open_session(path)
    first.close()
