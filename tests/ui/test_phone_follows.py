"""The consumer's phone follows the desk's `phone_number`: the agent's moves take it along, `e`
and a stranger's text move it alone, and each move draws the phone once."""

from __future__ import annotations

from itms_tui.ui.screens.desk import DeskScreen
from itms_tui.ui.widgets.accounts import AccountList
from itms_tui.ui.widgets.phone import PhonePane
from tests.support.ui import JANE, LEE, SIZE, STRANGER, open_account


def count_draws(monkeypatch) -> dict[str, int]:
    """How often the desk asks the phone and the account list to draw (a relayout at a new
    width is not a draw the desk asked for)."""
    draws = {"phone": 0, "accounts": 0}
    phone_show, accounts_show = PhonePane.show, AccountList.show

    def phone(self, *args, keep_window: bool = False, **kwargs):
        draws["phone"] += not keep_window
        return phone_show(self, *args, keep_window=keep_window, **kwargs)

    def accounts(self, *args, **kwargs):
        draws["accounts"] += 1
        return accounts_show(self, *args, **kwargs)

    monkeypatch.setattr(PhonePane, "show", phone)
    monkeypatch.setattr(AccountList, "show", accounts)
    return draws


async def test_the_phone_follows_the_desk_and_each_move_draws_it_once(app, monkeypatch):
    draws = count_draws(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        phone = desk.query_one(PhonePane)
        assert desk.phone_number == phone.number == JANE

        draws.update(phone=0, accounts=0)
        desk.choose_account("1003")  # another account: the phone moves to its first number
        await pilot.pause()
        assert desk.phone_number == phone.number == LEE and draws["phone"] == 1

        await pilot.press("n")  # the account's next number: the phone follows the desk
        await pilot.pause()
        second = app.service.account("1003").phones[1]
        assert desk.number == desk.phone_number == phone.number == second
        assert draws["phone"] == 2

        draws.update(phone=0, accounts=0)
        await pilot.press("e")  # past the account's last number, a stranger; the phone alone
        await pilot.pause()      # is drawn, nothing else of the desk
        assert desk.number == second and desk.phone_number == phone.number == STRANGER
        assert str(phone.border_title).startswith("📱 (718) 555-0199")
        assert draws == {"phone": 1, "accounts": 0}

        desk.phone_number = LEE  # the state itself: the phone follows it
        await pilot.pause()
        assert phone.number == LEE
        assert str(phone.border_title).startswith("📱 (312) 555-0103")


async def test_a_strangers_text_opened_from_the_inbox_puts_the_stranger_on_the_phone(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1003")
        app.perform(lambda: app.service.consumer_text(STRANGER, "Who is this?"))
        await pilot.pause()
        desk = app.screen
        phone = desk.query_one(PhonePane)
        assert phone.number == LEE
        await pilot.press("i", "enter")  # the stranger's text: the supervisor's queue opens
        await pilot.pause()
        assert not isinstance(app.screen, DeskScreen)
        # The phone is the stranger's at once, not at the desk's next redraw.
        assert desk.phone_number == phone.number == STRANGER
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is desk and phone.number == STRANGER
        assert str(phone.border_title).startswith("📱 (718) 555-0199")
