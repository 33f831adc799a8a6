"""The disk fills up while the agent works: a notification says the action was not saved, the
desk shows the session as it was before it, and the app goes on."""

from __future__ import annotations

import errno

from itms_tui.core.names import ConsentState
from itms_tui.session import WorldSource, open_session
from itms_tui.store import tinydb_repository
from itms_tui.ui.factory import desk_app

from tests.support.ui import PATRICK, SIZE, notifications, open_account, phone_thread, record_status


def _disk_full(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_a_full_disk_during_an_action_is_a_notification_and_the_action_is_undone(
        tmp_path, monkeypatch):
    db = tmp_path / "session.json"
    app = desk_app(open_session(db, WorldSource.demo()))  # as `itms-tui --db` builds it
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1025")
        audit_before = len(app.service.audit())
        with monkeypatch.context() as full:
            full.setattr(tinydb_repository, "_write_all", _disk_full)
            await pilot.press("q")  # quick opt-in
            await pilot.pause()
        assert app.is_running
        said = [n for n in notifications(app) if n.startswith("Not saved:")]
        assert len(said) == 1 and "No space left on device" in said[0]
        assert "The action was undone" in said[0]
        assert app.service.consent(PATRICK).state is ConsentState.NONE
        assert len(app.service.audit()) == audit_before
        assert "Opt: Pending" not in record_status(app)
        assert "reply YES" not in phone_thread(app)

        await pilot.press("q")  # the store now refuses every change: said again, not done
        await pilot.pause()
        assert len([n for n in notifications(app) if n.startswith("Not saved:")]) == 2
        assert app.service.consent(PATRICK).state is ConsentState.NONE
    app.service.close()

    reopened = open_session(db, WorldSource.demo())
    try:
        assert reopened.consent(PATRICK).state is ConsentState.NONE
        assert len(reopened.audit()) == audit_before
    finally:
        reopened.close()
