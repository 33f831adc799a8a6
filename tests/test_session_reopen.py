"""A session read back from its store behaves exactly as the live session it was saved from.

The property test drives a live session on disk through random actions, copies its files as they
stand (snapshot and journal, as a kill would leave them) and opens the copy; then both get the
same further actions and must give the same results, events and messages, and end in the same
state. Compaction is forced after every commit in half the examples, so both the journal replay
and the snapshot are read back.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itms_tui.core import pins
from itms_tui.core.service import ItmsService, Result
from itms_tui.core.world import build_world
from itms_tui.store import Sync, TinyDBRepository

EAST, IDAHO, WEST, CHICAGO, SPARE, UNKNOWN = (
    "+16175550101", "+12085550123", "+13105550110", "+13125550103", "+16465550124",
    "+17185550199",
)
NUMBERS = [EAST, IDAHO, WEST, CHICAGO, SPARE, UNKNOWN]
ACCOUNT_IDS = ["1001", "1002", "1003", "2001"]
WORLD = {
    "company": {"name": "Acme Recovery", "phone": "+18005550100",
                "va_url": "https://pay.example.com/va", "timezone": "America/New_York"},
    "clock": "2026-03-02T19:30:00-05:00",
    "settings": {"max_invitations": 3, "pin_ttl": "2h"},
    "clients": [
        {"id": "MED", "name": "Acme Medical", "business_type": "medical", "auto_opt_in": False},
        {"id": "UTIL", "name": "Northwind", "business_type": "utility", "auto_opt_in": True},
    ],
    "accounts": [
        {"id": "1001", "consumer": "Jane Doe", "client": "MED", "balance": "1250.00",
         "phones": [EAST]},
        {"id": "1002", "consumer": "Jane Doe", "client": "MED", "balance": "90.00",
         "phones": [EAST, IDAHO]},
        {"id": "1003", "consumer": "Lee Park", "client": "MED", "balance": "75.50",
         "phones": [CHICAGO]},
        {"id": "2001", "consumer": "Sam Ortiz", "client": "UTIL", "balance": "300.00",
         "phones": [WEST]},
    ],
    "consent": {WEST: "opted_out"},
}
TEXTS = ["YES", "STOP", "HELP", "SIGNUP", "hello?", "please stop texting me", "4821"]

accounts, numbers = st.sampled_from(ACCOUNT_IDS), st.sampled_from(NUMBERS)
actions = st.one_of(
    st.tuples(st.just("add_phone"), accounts, numbers),
    st.tuples(st.just("link_number"), numbers, accounts),
    st.tuples(st.sampled_from(["send_opt_in_request", "quick_opt_in", "send_link", "opt_out"]),
              accounts, numbers),
    st.tuples(st.just("enter_auth_code"), accounts, numbers, st.booleans()),
    st.tuples(st.just("consumer_text"), numbers, st.sampled_from(TEXTS)),
    st.tuples(st.just("send_text"), accounts, numbers),
    st.tuples(st.just("supervisor_reply"), numbers),
    st.tuples(st.just("arrange_payment_plan"), accounts, numbers),
    st.tuples(st.just("advance"), st.sampled_from([1, 59, 600, 60 * 14, 60 * 30])),
    st.tuples(st.just("update_settings"),
              st.sampled_from(["agents_available", "welcome_on_first_text"]), st.booleans()),
    st.tuples(st.just("inject_fault"), st.sampled_from(["drop", "duplicate", "delay", "fail"]),
              numbers),
)


def act(service: ItmsService, action: tuple) -> Result:
    name, *args = action
    if name == "enter_auth_code":
        account_id, number, right = args
        code = service.pin_for_consumer(number) if right else None
        return service.enter_auth_code(account_id, number, code or "0000")
    if name == "send_text":
        return service.send_text(*args, "Your balance is due. Reply STOP to opt out.")
    if name == "supervisor_reply":
        return service.supervisor_reply(*args, "We can help. Reply STOP to opt out.")
    if name == "arrange_payment_plan":
        return service.arrange_payment_plan(*args, "25.00")
    if name == "advance":
        return service.advance(timedelta(minutes=args[0]))
    if name == "update_settings":
        return service.update_settings({args[0]: args[1]})
    if name == "inject_fault":
        kind, number = args
        duration = timedelta(minutes=30) if kind == "delay" else None
        return service.inject_fault(kind, number, count=2, duration=duration)
    return getattr(service, name)(*args)


def outcome(result: Result) -> tuple:
    return result.ok, result.code, result.sentence, result.detail, result.events


def state(service: ItmsService) -> dict:
    return {
        "now": service.now(),
        "settings": service.settings.to_data(),
        "consent": {n: service.consent(n).to_data() for n in service.known_numbers()},
        "messages": [m.to_data() for m in service.messages()],
        "audit": [e.to_data() for e in service.audit()],
        "inbox": [i.to_data() for i in service.inbox()],
        "accounts": [a.to_data() for a in service.accounts()],
        "filed_under": {n: [a.id for a in service.accounts_for(n)] for n in NUMBERS},
        "initial": dict(service.world.initial_consent),
        "faults": [f.to_data() for f in service.bus.faults],
        "held": [m.id for m in service.bus.held()],
        "next_due": service.bus.next_due(),
    }


@pytest.fixture(autouse=True)
def same_pins_everywhere(monkeypatch):
    """The live and the reopened session draw the same PINs and salts, so their records can be
    compared byte for byte."""
    monkeypatch.setattr("itms_tui.core.service.draw_pin", lambda length: ("4821" * 3)[:length])
    monkeypatch.setattr(pins.secrets, "token_hex", lambda size: "5a" * size)


def _open(path: Path, compaction_min_bytes: int) -> ItmsService:
    repository = TinyDBRepository(path, compaction_min_bytes=compaction_min_bytes, sync=Sync.NORMAL)
    return ItmsService.open(repository, seed=lambda: build_world(WORLD))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(actions, max_size=25), after=st.lists(actions, max_size=15),
       compact_every_commit=st.booleans())
def test_a_reopened_session_behaves_as_the_live_one(before, after, compact_every_commit):
    with tempfile.TemporaryDirectory() as folder:
        live_path, copy_path = Path(folder, "live", "session.json"), Path(folder, "copy", "session.json")
        live = _open(live_path, 0 if compact_every_commit else 1 << 20)
        try:
            for action in before:
                act(live, action)
            # The files as they stand, as a kill at this moment would leave them.
            shutil.copytree(live_path.parent, copy_path.parent,
                            ignore=shutil.ignore_patterns("*.lock"))
            reopened = _open(copy_path, 1 << 20)
            try:
                assert reopened.resumed
                assert state(reopened) == state(live)
                for action in after:
                    assert outcome(act(reopened, action)) == outcome(act(live, action)), action
                assert state(reopened) == state(live)
            finally:
                reopened.close()
        finally:
            live.close()


def test_a_number_on_two_accounts_is_filed_under_the_same_account_after_a_restart(tmp_path):
    path = tmp_path / "session.json"
    service = _open(path, 1 << 20)
    assert service.add_phone("1001", CHICAGO).ok  # Lee's number joins Jane's account second
    service.consumer_text(CHICAGO, "hello?")
    assert [i.account_id for i in service.inbox()] == ["1003"]
    service.close()

    reopened = _open(path, 1 << 20)
    reopened.consumer_text(CHICAGO, "are you there?")
    assert [i.account_id for i in reopened.inbox()] == ["1003", "1003"]
    assert [a.id for a in reopened.accounts_for(CHICAGO)] == ["1003", "1001"]
    reopened.close()
