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
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from itms_tui.store import Sync, TinyDBRepository

from tests.support.sessions import (
    ACCOUNT_IDS,
    CHICAGO,
    NUMBERS,
    TEXTS,
    WORLD,
    act,
    outcome,
    same_pins_everywhere,
    state,
)

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


@pytest.fixture(autouse=True)
def same_pins(monkeypatch):
    same_pins_everywhere(monkeypatch.setattr)


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
