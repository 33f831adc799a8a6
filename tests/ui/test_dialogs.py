"""Every dialog closes on Escape, and each one with a Cancel button on a click of it, returning its
cancel value."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.screen import ModalScreen

from itms_tui.ui.screens.modals import AccountPicker, AmountModal, ConfirmModal, FaultModal, TextPrompt

#: Each dialog, built as the desk builds it, with what it returns when cancelled.
WITH_CANCEL_BUTTON = {
    "confirm": (lambda: ConfirmModal("Opt out?", "One confirmation, then silence.", "Opt Out"), False),
    "amount": (lambda: AmountModal("+16175550101"), None),
    "fault": (lambda: FaultModal("+16175550101"), None),
    "text prompt": (lambda: TextPrompt("Advance", "The clock moves.", "15m"), None),
}
#: The account picker is a list with no button: Escape is its only way out.
ESCAPE_ONLY = {
    "account picker": (lambda: AccountPicker("+16175550101", [("1001", "Jane Doe")]), None),
}
EVERY_DIALOG = WITH_CANCEL_BUTTON | ESCAPE_ONLY


async def cancelled_with(dialog: ModalScreen, *, click_cancel: bool) -> list[object]:
    """What the dialog returned after Escape, or after a click on its Cancel button."""
    results: list[object] = []
    app = App()
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(dialog, results.append)
        await pilot.pause()
        if click_cancel:
            assert await pilot.click("#cancel"), "the Cancel button could not be clicked"
        else:
            await pilot.press("escape")
        await pilot.pause()
    return results


@pytest.mark.parametrize(("make", "cancel_value"), EVERY_DIALOG.values(), ids=EVERY_DIALOG.keys())
async def test_escape_cancels_the_dialog(make, cancel_value):
    assert await cancelled_with(make(), click_cancel=False) == [cancel_value]


@pytest.mark.parametrize(("make", "cancel_value"), WITH_CANCEL_BUTTON.values(),
                         ids=WITH_CANCEL_BUTTON.keys())
async def test_the_cancel_button_cancels_the_dialog(make, cancel_value):
    assert await cancelled_with(make(), click_cancel=True) == [cancel_value]
