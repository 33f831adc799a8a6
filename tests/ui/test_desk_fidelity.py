"""Issue 10, "wrong on the desk": what an ACE agent sees and may do, driven through the real desk.

All tests start on the demo world at Monday 2 March 2026, 10:00 Eastern; the PIN is always 4821.
"""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

import pytest

from itms_tui.core.names import ConsentState
from itms_tui.session import WorldSource, open_session
from itms_tui.ui.app import ItmsApp
from itms_tui.ui.factory import desk_app
from itms_tui.ui.preferences import Preferences
from itms_tui.ui.screens.modals import AmountModal, ConfirmModal, TextPrompt

from tests.support.ui import (
    JAMES, LEE, PIN, SIZE, conversation, flat, inbox_entries, make_app,
    open_account, phone_thread, phone_types, screen_text,
)
from tests.ui.test_desk import palette_commands

MASKED = "\u2022" * len(PIN)


def record_notices(app: ItmsApp) -> list[str]:
    """Every notification from now on, as "title: message" (the app's own list drops expired
    ones, and a loaded machine can take longer than their timeout between two keys)."""
    said: list[str] = []
    notify = app.notify

    def noting(message: str, **options) -> None:
        title = options.get("title", "")
        said.append(f"{title}: {message}" if title else message)
        notify(message, **options)

    app.notify = noting
    return said


async def test_the_desk_masks_the_pin_that_only_the_phone_shows(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("o")
        await phone_types(pilot, "YES")
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_PIN
        assert f"your PIN for texts from us is {MASKED}." in conversation(app)
        assert PIN not in conversation(app)
        assert f"is {PIN}." in phone_thread(app)


async def test_search_opens_the_first_match_and_typing_never_changes_the_desk(app):
    async with app.run_test(size=SIZE) as pilot:
        desk = app.screen
        await pilot.press("down")  # 1002 Sam Ortiz, as in the demo
        await pilot.pause()
        assert desk.account_id == "1002"
        await pilot.press("slash", *"Jane")
        await pilot.pause()
        assert desk.account_id == "1002"  # typing chose nothing
        options = desk.query_one("#account-options", OptionList)
        assert options.highlighted == 0
        assert options.get_option_at_index(0).id == "1001"
        await pilot.press("enter")
        await pilot.pause()
        assert desk.account_id == "1001"


async def test_typing_a_search_that_drops_the_open_account_keeps_the_desk_on_it(app):
    async with app.run_test(size=SIZE) as pilot:
        desk = app.screen
        await pilot.press("slash", *"Park")
        await pilot.pause()
        assert desk.account_id == "1001"
        assert [o.id for o in desk.query_one("#account-options", OptionList).options] == ["1003"]
        await pilot.press("enter")
        await pilot.pause()
        assert desk.account_id == "1003"


# -- possible opt-outs: resolved by an opt-out or by the agent's dismissal (SPEC flow 10) ---------

DISMISSED = "possible_opt_out_dismissed"


@pytest.fixture
def demo_app() -> ItmsApp:
    """The app as `itms-tui` first opens it: the demo world with its texts waiting in the inbox,
    Lee Park's possible opt-out among them (in memory)."""
    return ItmsApp(open_session(None, WorldSource.demo()))


def inbox_badge(app) -> str:
    return str(app.screen.query_one("#inbox").border_subtitle or "")


def alert_shown(app) -> bool:
    return app.screen.query_one("#opt-out-alert").has_class("-shown")


async def open_flagged_text(pilot) -> None:
    """The agent goes to the inbox and opens the possible opt-out, listed first."""
    await pilot.press("i", "enter")
    await pilot.pause()
    assert pilot.app.screen.number == LEE


async def test_u_dismisses_a_possible_opt_out_with_the_agents_reason(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        assert inbox_badge(app) == "⚠ 1 possible opt-out"
        await open_flagged_text(pilot)
        await pilot.press("escape")  # from the reply box back to the desk
        assert alert_shown(app)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "Not an opt-out?" in screen_text(app)
        said = " ".join(str(label.render()) for label in app.screen.query(Static))
        assert "the number stays not opted in" in " ".join(said.split())
        await pilot.press(*"wrong person", "enter")
        await pilot.pause()
        entry = app.service.audit()[-1]
        assert (entry.event, entry.actor.value, entry.number, entry.reason) == (
            DISMISSED, "agent", LEE, "wrong person")
        assert entry.before is entry.after is ConsentState.NONE
        assert inbox_badge(app) == ""
        assert not alert_shown(app)
        assert "⚠" not in " ".join(inbox_entries(app))
        assert "dismissed: not an opt-out" in conversation(app)


async def test_the_alert_button_and_the_palette_offer_the_dismissal(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await open_flagged_text(pilot)
        await pilot.click("#alert-dismiss")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")  # cancelled: nothing recorded
        await pilot.pause()
        assert DISMISSED not in [e.event for e in app.service.audit()]
        assert "Dismiss the possible opt-out from (312) 555-0103" in await palette_commands(
            pilot, "dismiss")


async def test_opting_the_number_out_clears_the_flag_and_the_badge(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await open_flagged_text(pilot)
        await pilot.press("escape", "x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.service.consent(LEE).state is ConsentState.OPTED_OUT
        assert inbox_badge(app) == ""
        assert not app.screen.query_one("#inbox").has_class("-alert")
        assert not alert_shown(app)


async def test_o_q_dollar_l_ask_first_on_a_number_with_a_possible_opt_out(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await open_flagged_text(pilot)
        await pilot.press("escape")
        sent = len(app.service.thread(LEE))
        for key in ("o", "q", "dollar_sign", "l"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal), key
            assert "may have asked to stop texts" in flat(screen_text(app))
            await pilot.press("escape")
            await pilot.pause()
        assert len(app.service.thread(LEE)) == sent  # nothing went out
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("y")  # the agent decides to go ahead
        await pilot.pause()
        assert app.service.consent(LEE).state is ConsentState.AWAITING_YES


async def test_opt_out_on_an_opted_out_number_says_so_and_asks_nothing(app):
    said = record_notices(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1005")
        audit_before = len(app.service.audit())
        await pilot.press("escape", "x")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)
        assert "already opted out: nothing to confirm" in said[-1]
        assert len(app.service.audit()) == audit_before


# -- inputs and dialogs ---------------------------------------------------------------------------

async def test_a_refused_number_keeps_the_add_number_dialog_open_with_the_text_and_reason(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("escape", "N")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"555-01", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # still open, to be corrected
        assert app.screen.query_one("#prompt-value", Input).value == "555-01"
        assert "invalid_phone: That is not a valid phone number." in flat(screen_text(app))
        await pilot.press(*"34", "enter")  # "555-0134" is still not valid alone: fix it whole
        await pilot.pause()
        box = app.screen.query_one("#prompt-value", Input)
        box.value = "(212) 555-0134"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, TextPrompt)
        assert app.service.account("1011").phones[-1] == "+12125550134"
        assert app.screen.number == "+12125550134"


async def test_the_pin_box_takes_digits_only_and_is_emptied_after_each_try(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("o")
        await phone_types(pilot, "YES")
        await pilot.press("escape", "p", *"12a3-4", "enter")
        await pilot.pause()
        box = app.screen.query_one("#auth-code", Input)
        assert app.service.audit()[-1].event == "wrong_code"
        assert box.value == ""  # emptied after the wrong try
        await pilot.press(*"4x8z21")
        assert box.value == PIN
        await pilot.press("enter")
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.OPTED_IN
        assert box.value == ""


async def test_the_payment_amount_is_money_shown_on_the_account_and_in_the_audit(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("escape", "dollar_sign")
        await pilot.pause()
        assert isinstance(app.screen, AmountModal)
        await pilot.press(*"12.345", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AmountModal)
        assert "at most two decimals" in str(app.screen.query_one("#amount-error").content)
        box = app.screen.query_one("#amount", Input)
        box.value = "1,250.5"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AmountModal)
        [plan] = app.service.account("1011").payment_plans
        assert str(plan.amount) == "1250.50"
        assert "payment plan $1,250.50" in flat(screen_text(app))
        assert "payment plan of $1,250.50" in app.service.audit()[-1].reason


async def test_the_theme_and_the_last_account_survive_a_restart(tmp_path):
    session = tmp_path / "session.json"
    kept = tmp_path / "desk.json"
    first = desk_app(make_app().service, preferences=Preferences.load(kept, session))
    async with first.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1017")
        first.theme = "textual-light"
        await pilot.pause()
    again = desk_app(make_app().service, preferences=Preferences.load(kept, session))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
        assert again.screen.account_id == "1017"
        options = again.screen.query_one("#account-options", OptionList)
        assert options.get_option_at_index(options.highlighted).id == "1017"
    other = desk_app(make_app().service, preferences=Preferences.load(kept, tmp_path / "b.json"))
    async with other.run_test(size=SIZE) as pilot:
        assert other.screen.account_id == "1001"  # another session starts on its first account


async def test_the_palette_screenshot_is_saved_in_the_data_folder_and_says_where(
        app, tmp_path, monkeypatch):
    monkeypatch.setenv("ITMS_TUI_DATA", str(tmp_path))
    said = record_notices(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert "Screenshot" in await palette_commands(pilot, "screenshot")
        await pilot.press("enter")
        for _ in range(50):  # a timer, then a thread writes the file
            await pilot.pause(0.05)
            if any("screenshot" in n.casefold() for n in said):
                break
        [saved] = (tmp_path / "screenshots").glob("*.svg")
        assert saved.read_text(encoding="utf-8").startswith("<svg")
        assert str(tmp_path / "screenshots") in said[-1]
