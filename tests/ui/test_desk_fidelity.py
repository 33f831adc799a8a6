"""Issue 10, "wrong on the desk": what an ACE agent sees and may do, driven through the real desk.

All tests start on the demo world at Monday 2 March 2026, 10:00 Eastern; the PIN is always 4821.
"""

from __future__ import annotations

from itms_tui.core.names import ConsentState
from tests.support.ui import JAMES, PIN, SIZE, conversation, open_account, phone_thread, phone_types

MASKED = "\u2022" * len(PIN)


async def test_the_desk_masks_the_pin_that_only_the_phone_shows(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("o")
        await phone_types(pilot, "YES")
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_PIN
        assert f"your PIN for texts from us is {MASKED}." in conversation(app)
        assert PIN not in conversation(app)
        assert f"is {PIN}." in phone_thread(app)
