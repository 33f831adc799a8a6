"""Every dialog closes on Escape or its Cancel button, returning its cancel value."""

from __future__ import annotations

import pytest
from textual.app import App

from itms_tui.ui.screens.modals import AccountPicker, AmountModal, ConfirmModal, FaultModal, TextPrompt

DIALOGS = [
    (lambda: ConfirmModal("Opt out?", "One confirmation, then silence.", "Opt Out"), False),
    (lambda: AmountModal("+16175550101"), None),
    (lambda: FaultModal("+16175550101"), None),
    (lambda: TextPrompt("Advance", "The clock moves.", "15m"), None),
    (lambda: AccountPicker("+16175550101", [("1001", "Jane Doe")]), None),
]


@pytest.mark.parametrize("how", ["escape", "cancel button"])
@pytest.mark.parametrize(("make", "cancelled"), DIALOGS, ids=lambda d: getattr(d, "__name__", str(d)))
async def test_dialog_cancels(make, cancelled, how):
    results = []
    app = App()
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = make()
        app.push_screen(dialog, results.append)
        await pilot.pause()
        if how == "escape":
            await pilot.press("escape")
        elif dialog.query("#cancel"):
            await pilot.click("#cancel")
        else:  # the account picker has no button: Escape is its only way out
            await pilot.press("escape")
        await pilot.pause()
    assert results == [cancelled]
