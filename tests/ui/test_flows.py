"""SPEC section 3, every flow driven through the real desk: keys and clicks in, then the screen,
the engine and the consumer's phone must tell the same story.

All tests start on the demo world at Monday 2 March 2026, 10:00 Eastern; the PIN is always 4821.
"""

from __future__ import annotations

import re
from datetime import datetime

from textual.widgets import Button, DataTable, Input, OptionList, Static

from itms_tui.core.names import ConsentState, Direction, MessageStatus, Queue, RequestMethod
from itms_tui.ui.screens.desk import DeskScreen
from itms_tui.ui.screens.modals import AccountPicker, AmountModal, ConfirmModal, TextPrompt
from itms_tui.ui.screens.supervisor import SupervisorScreen
from tests.support.ui import (
    DARNELL, JAMES, JANE, MARIA, PATRICK, PIN, ROBERT, SIZE, STRANGER,
    conversation, flat, inbox_entries, notifications, open_account, phone_taps, phone_thread,
    phone_types, record_status, reply_hint, screen_text, squeezed, static_text, summary_numbers,
    table_rows,
)


def templates_to(app, number: str) -> list[str | None]:
    return [m.template for m in app.service.thread(number) if m.direction is Direction.OUT]


def audit_events(app, number: str) -> list[str]:
    return [e.event for e in app.service.audit() if e.number == number]


def badge_line(app, number_national: str) -> str:
    return next(line for line in summary_numbers(app) if line.startswith(number_national))


# -- 1. agent-initiated opt-in with a PIN ---------------------------------------------------------

async def test_agent_pin_flow_from_request_to_opted_in(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011", typed=True)
        assert summary_numbers(app) == ["(212) 555-0111 ○ not opted in"]

        await pilot.press("o")  # Send Opt In Request
        await pilot.pause()
        record = app.service.consent(JAMES)
        assert (record.state, record.method) == (ConsentState.AWAITING_YES, RequestMethod.AGENT)
        assert badge_line(app, "(212) 555-0111").endswith("◐ awaiting YES")
        assert "Opt: Pending (agent)" in record_status(app)
        assert "Invitations 1/3 unanswered" in record_status(app)
        assert "reply YES to get texts" in conversation(app)
        assert "reply YES to get texts" in phone_thread(app)  # delivered: inside the window
        assert templates_to(app, JAMES) == ["opt_in"]
        assert reply_hint(app) == "◐ Awaiting YES: no texts until they reply YES."

        await phone_types(pilot, "YES", typed=True)
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_PIN
        assert badge_line(app, "(212) 555-0111").endswith("◐ awaiting PIN")
        assert "PIN expires in 24h 00m · 0/3 wrong" in record_status(app)
        assert reply_hint(app) == "◐ Awaiting PIN: no texts until it is entered."
        # The agent learns the PIN the way a real one does: the consumer reads it off the phone.
        shown = re.search(r"your PIN for texts from us is (\d+)", phone_thread(app))
        assert shown is not None and shown.group(1) == PIN == app.service.pin_for_consumer(JAMES)
        assert "← YES" in conversation(app)

        await pilot.press("escape", "p")  # Escape leaves the phone's compose box for the desk
        assert app.screen.query_one("#auth-code", Input).has_focus
        await pilot.press(*shown.group(1), "enter")
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.OPTED_IN
        assert badge_line(app, "(212) 555-0111").endswith("● opted in")
        assert app.screen.query_one("#auth-code", Input).value == ""
        assert "no PIN outstanding" in record_status(app)
        assert "thanks for agreeing to texts" in phone_thread(app)
        assert templates_to(app, JAMES) == ["opt_in", "opt_in_pin", "opted_in"]
        assert audit_events(app, JAMES) == ["opt_in_request", "yes", "pin_accepted"]
        assert notifications(app)[-1] == "PIN accepted: the number is opted in"
        assert reply_hint(app) == "● Opted in: replies go now."
        assert "(212) 555-0111 ● opted in" in screen_text(app)  # the top bar follows the focus


async def test_wrong_pin_is_refused_and_counted_inline(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await pilot.click("#send-opt-in")  # the mouse works as well as `o`
        await pilot.pause()
        await phone_taps(pilot, "YES")
        await pilot.press("escape", "p", *"1111", "enter")
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_PIN
        assert notifications(app)[-1].startswith("Refused: wrong_code: ")
        assert "PIN expires in 24h 00m · 1/3 wrong" in record_status(app)
        assert app.screen.query_one("#auth-code", Input).value == ""  # emptied for the next try
        # Clicking Confirm after typing the right code works like Enter.
        app.screen.query_one("#auth-code", Input).value = PIN
        await pilot.click("#confirm-code")
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.OPTED_IN


# -- 2. quick opt-in ------------------------------------------------------------------------------

async def test_quick_opt_in_needs_only_yes(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1025")
        await pilot.press("q")
        await pilot.pause()
        record = app.service.consent(PATRICK)
        assert (record.state, record.method) == (ConsentState.AWAITING_YES, RequestMethod.QUICK)
        assert "Opt: Pending (quick)" in record_status(app)
        assert "reply YES" in phone_thread(app)

        await phone_types(pilot, "yes")
        assert app.service.consent(PATRICK).state is ConsentState.OPTED_IN
        assert app.service.pin_for_consumer(PATRICK) is None  # no PIN in this flow
        assert templates_to(app, PATRICK) == ["opt_in", "opted_in"]
        assert badge_line(app, "(617) 555-0125").endswith("● opted in")
        assert "thanks for agreeing" in phone_thread(app)
        assert audit_events(app, PATRICK) == ["opt_in_request", "yes"]


# -- 3. payment plan ------------------------------------------------------------------------------

async def test_payment_plan_sends_an_opt_in_request_to_a_number_not_opted_in(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("dollar_sign")
        await pilot.pause()
        assert isinstance(app.screen, AmountModal)
        await pilot.press(*"150.00", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        plans = app.service.account("1011").payment_plans
        assert [str(p.amount) for p in plans] == ["150.00"]
        record = app.service.consent(JAMES)
        assert (record.state, record.method) == (ConsentState.AWAITING_YES, RequestMethod.PAYMENT_PLAN)
        assert "payment plan $150.00" in flat(static_text(app.screen.query_one("#summary-line", Static)))
        assert "payment plan of $150.00 arranged; opt-in request: delivered" in notifications(app)[-1]
        assert "reply YES" in phone_thread(app)

        await phone_taps(pilot, "YES")
        assert app.service.consent(JAMES).state is ConsentState.OPTED_IN
        assert badge_line(app, "(212) 555-0111").endswith("● opted in")


async def test_payment_plan_edge_cases_opted_in_number_and_bad_amount(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # A number already opted in: the plan is arranged, no request is sent, the audit says why.
        await open_account(pilot, "1001")
        sent_before = len(app.service.thread(JANE))
        await pilot.press("dollar_sign", "enter")  # the amount is optional
        await pilot.pause()
        assert len(app.service.account("1001").payment_plans) == 1
        assert len(app.service.thread(JANE)) == sent_before
        assert "no opt-in request sent (already_opted_in)" in notifications(app)[-1]
        assert app.service.audit()[-1].event == "already_opted_in"

        # An amount that is not a number is explained in the dialog, which stays open.
        await pilot.press("dollar_sign", *"1.2.3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AmountModal)
        assert "'1.2.3' is not an amount" in static_text(app.screen.query_one("#amount-error", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert len(app.service.account("1001").payment_plans) == 1


# -- 4. supervisor link ---------------------------------------------------------------------------

async def test_stranger_text_is_linked_by_the_supervisor(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("escape", "e")  # switch the phone to the unknown number
        await pilot.pause()
        assert str(app.screen.query_one("#phone").border_title).startswith("📱 (718) 555-0199")
        await phone_types(pilot, "Hi, I got a letter. Who is this?")
        assert "reply with your NAME and ACCOUNT" in phone_thread(app)
        assert any(e.startswith("? (718) 555-0199") for e in inbox_entries(app))

        await pilot.press("escape", "s")
        await pilot.pause()
        assert isinstance(app.screen, SupervisorScreen)
        rows = table_rows(app.screen.query_one("#unassociated", DataTable))
        assert rows[0][0] == "(718) 555-0199" and rows[0][2] == "Hi, I got a letter. Who is this?"
        assert app.screen.query_one("#unassociated", DataTable).has_focus

        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, AccountPicker)
        await pilot.press(*"Priya")
        await pilot.pause()
        picker = app.screen.query_one("#picker-options", OptionList)
        assert picker.option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SupervisorScreen)
        assert [a.id for a in app.service.accounts_for(STRANGER)] == ["1006"]
        record = app.service.consent(STRANGER)
        assert (record.state, record.method) == (ConsentState.AWAITING_YES, RequestMethod.SUPERVISOR)
        assert table_rows(app.screen.query_one("#unassociated", DataTable)) == []
        assert "linked to 1006" in notifications(app)[-1]
        assert audit_events(app, STRANGER) == ["number_linked", "opt_in_request"]

        await pilot.press("escape")
        await pilot.pause()
        await open_account(pilot, "1006", STRANGER)
        assert "Hi, I got a letter" in conversation(app)  # the conversation moved to the account
        await phone_taps(pilot, "YES")
        assert app.service.consent(STRANGER).state is ConsentState.OPTED_IN
        assert badge_line(app, "(718) 555-0199").endswith("● opted in")


async def test_supervisor_link_by_clicking_the_picker_and_reply(app):
    app.service.consumer_text(STRANGER, "Is this about my bill?")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # Enter on an unassociated row opens the picker too
        await pilot.pause()
        assert isinstance(app.screen, AccountPicker)
        options = app.screen.query_one("#picker-options", OptionList)
        second = options.get_option_at_index(1)
        assert str(second.prompt) == "1002  Sam Ortiz"
        # Click the second option: the list's first row is its top border, then one row an option.
        await pilot.click("#picker-options", offset=(3, 2))
        await pilot.pause()
        assert [a.id for a in app.service.accounts_for(STRANGER)] == ["1002"]

        # The supervisor's reply follows the agent's rules: refused until the number opts in.
        await pilot.press("tab", "r")
        await pilot.pause()
        reply = app.screen.query_one("#supervisor-reply", Input)
        assert reply.has_focus
        await pilot.press(*"Hello", "enter")
        await pilot.pause()
        assert notifications(app)[-1].startswith("Refused: not_opted_in: ")
        assert reply.value == "Hello"  # kept after a refusal
        hint = static_text(app.screen.query_one("#supervisor-hint", Static))
        assert "◐ Awaiting YES: no texts until they reply YES." in hint


# -- 5. auto opt-in -------------------------------------------------------------------------------

NEW_MIAMI = "+13055550140"


async def add_number(pilot, typed_number: str, *, click: bool = False) -> None:
    """`N` (or a click on + Add number), the number pasted in the dialog, Enter."""
    if click:
        await pilot.click("#add-number")
    else:
        await pilot.press("escape", "N")
    assert isinstance(pilot.app.screen, TextPrompt)
    pilot.app.screen.query_one("#prompt-value", Input).insert_text_at_cursor(typed_number)
    await pilot.press("enter")
    await pilot.pause()


async def test_auto_opt_in_when_a_number_joins_an_auto_opt_in_clients_account(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1004")
        assert summary_numbers(app) == ["(305) 555-0104 ○ not opted in"]
        await add_number(pilot, "(305) 555-0140", click=True)
        assert isinstance(app.screen, DeskScreen)
        assert app.service.account("1004").phones == [MARIA, NEW_MIAMI]
        assert app.service.consent(NEW_MIAMI).state is ConsentState.OPTED_IN
        assert summary_numbers(app) == ["(305) 555-0104 ○ not opted in", "(305) 555-0140 ● opted in"]
        assert audit_events(app, NEW_MIAMI) == ["auto_opt_in"]
        assert app.screen.number == NEW_MIAMI  # the new number is in focus, and on the phone
        assert "thanks for agreeing" in phone_thread(app)
        assert "thanks for agreeing" in conversation(app)
        assert "opted in automatically" in notifications(app)[-1]


async def test_auto_opt_in_never_overrides_an_opt_out_and_bad_numbers_are_refused(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1004")
        await add_number(pilot, "12345")
        assert notifications(app)[-1].startswith("Refused: invalid_phone: ")
        assert app.service.account("1004").phones == [MARIA]

        await add_number(pilot, "404-555-0105")  # Darnell's number, opted out
        assert app.service.consent(DARNELL).state is ConsentState.OPTED_OUT
        assert summary_numbers(app)[1].startswith("(404) 555-0105 ⊘ opted out")
        assert "auto_opt_in" not in audit_events(app, DARNELL)
        assert templates_to(app, DARNELL) == []


# -- 6. consumer opt-out --------------------------------------------------------------------------

async def test_consumer_stop_keyword_opts_out_once(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1001")
        await phone_types(pilot, "Stop.")
        assert app.service.consent(JANE).state is ConsentState.OPTED_OUT
        assert "you are unsubscribed" in phone_thread(app).replace("You", "you")
        assert badge_line(app, "(617) 555-0101").startswith("(617) 555-0101 ⊘ opted out")
        assert reply_hint(app).startswith("⊘ Opted out")
        assert audit_events(app, JANE) == ["keyword_opt_out"]
        # A repeat changes nothing and sends nothing.
        await phone_taps(pilot, "STOP")
        assert templates_to(app, JANE) == ["opted_out"]
        assert audit_events(app, JANE) == ["keyword_opt_out"]


async def test_consumer_opt_out_by_emoji_quick_reply_or_typed_with_a_skin_tone(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1009")
        stop_sign = app.screen.query_one("#quick-4", Button)
        assert str(stop_sign.label) == "🛑"
        await pilot.click(stop_sign)
        await pilot.pause()
        assert app.service.consent(ROBERT).state is ConsentState.OPTED_OUT
        inbound = [m for m in app.service.thread(ROBERT) if m.direction is Direction.IN]
        assert [m.body for m in inbound] == ["🛑"]
        assert "🛑" in phone_thread(app) and "← 🛑" in conversation(app)
        assert "(214) 555-0109 ⊘ opted out" in summary_numbers(app)

        await open_account(pilot, "1001")
        await phone_types(pilot, "🖕🏾🖕🏾")  # typed, not a quick reply (Pilot cannot press emoji)
        assert app.service.consent(JANE).state is ConsentState.OPTED_OUT
        assert "🖕🏾🖕🏾" in phone_thread(app)


# -- 7. agent opt-out -----------------------------------------------------------------------------

async def test_agent_opt_out_asks_first_then_confirms(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1001")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # cancel: nothing happens
        await pilot.pause()
        assert app.service.consent(JANE).state is ConsentState.OPTED_IN

        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#confirm")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert app.service.consent(JANE).state is ConsentState.OPTED_OUT
        assert templates_to(app, JANE) == ["opted_out"]
        assert "unsubscribed" in phone_thread(app)
        assert "(617) 555-0101 ⊘ opted out" in " ".join(summary_numbers(app))
        assert audit_events(app, JANE) == ["agent_opt_out"]
        assert app.service.audit()[-1].actor.value == "agent"

        # Opting out an opted-out number: the desk says so, with nothing to confirm.
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert notifications(app)[-1].startswith("Already opted out: ")


async def test_enter_on_a_number_in_the_summary_offers_opt_out(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1009")
        await pilot.press("escape")  # focus goes to the summary's numbers
        assert app.screen.query_one("#phone-options", OptionList).has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # the focused button is Opt Out
        await pilot.pause()
        assert app.service.consent(ROBERT).state is ConsentState.OPTED_OUT


# -- 8. SIGNUP after an opt-out -------------------------------------------------------------------

async def test_signup_after_opt_out_starts_a_new_opt_in(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1005")
        assert summary_numbers(app)[0].startswith("(404) 555-0105 ⊘ opted out")
        await phone_taps(pilot, "SIGNUP")
        record = app.service.consent(DARNELL)
        assert (record.state, record.method) == (ConsentState.AWAITING_YES, RequestMethod.SIGNUP)
        assert "reply YES" in phone_thread(app)
        await phone_taps(pilot, "YES")
        assert app.service.consent(DARNELL).state is ConsentState.OPTED_IN
        assert summary_numbers(app)[0].startswith("(404) 555-0105 ● opted in")
        assert audit_events(app, DARNELL) == ["signup", "yes"]


# -- 9. HELP in any state -------------------------------------------------------------------------

async def test_help_is_answered_in_every_state_and_changes_nothing(app):
    async def help_changes_nothing(number: str) -> None:
        before = app.service.consent(number).state
        await phone_taps(pilot, "HELP")
        assert app.service.consent(number).state is before
        answer = app.service.thread(number)[-1]
        assert (answer.template, answer.status) == ("help", MessageStatus.DELIVERED)
        assert squeezed(answer.body) in squeezed(phone_thread(app))
        assert squeezed(f"{answer.body} [help · ✓✓ delivered]") in squeezed(conversation(app))

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await help_changes_nothing(JAMES)  # none
        await pilot.press("escape", "o")
        await help_changes_nothing(JAMES)  # awaiting YES: still only an answer
        await phone_types(pilot, "info")  # the other HELP keyword
        assert app.service.thread(JAMES)[-1].template == "help"
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_YES
        await open_account(pilot, "1001")
        await help_changes_nothing(JANE)  # opted in
        await open_account(pilot, "1005")
        await help_changes_nothing(DARNELL)  # opted out: the one text it may still get


# -- 10. other inbound text → inbox, possible opt-out --------------------------------------------

async def test_ordinary_text_lands_in_the_inbox_and_opens_the_conversation(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1009")
        await phone_types(pilot, "Can I pay $200 on Friday?")
        [entry] = inbox_entries(app)
        assert entry.startswith("✉ 1009") and "“Can I pay $200 on Friday?”" in entry
        assert app.screen.query_one("#inbox").border_title == "Inbox (1)"
        assert [(i.queue, i.account_id) for i in app.service.inbox(Queue.AGENT)] == [(Queue.AGENT, "1009")]

        await open_account(pilot, "1001")  # somewhere else, then back through the inbox
        await pilot.press("escape", "i", "enter")
        await pilot.pause()
        assert app.screen.account_id == "1009" and app.screen.number == ROBERT
        assert app.screen.query_one("#reply-box", Input).has_focus
        app.screen.query_one("#reply-box", Input).insert_text_at_cursor("Yes, Friday is fine.")
        await pilot.press("enter")
        await pilot.pause()
        assert app.service.thread(ROBERT)[-1].body == "Yes, Friday is fine."
        assert "→ Yes, Friday is fine." in conversation(app)
        assert "Yes, Friday is fine." in phone_thread(app)
        assert inbox_entries(app) == []  # answered
        assert app.screen.query_one("#reply-box", Input).value == ""


async def test_possible_opt_out_is_flagged_with_its_reason_and_changes_nothing(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1003")
        await phone_types(pilot, "please stop texting me at work")
        assert app.service.consent("+13125550103").state is ConsentState.NONE
        [entry] = inbox_entries(app)
        assert entry.startswith("⚠ 1003")
        assert entry.endswith('“please stop texting me at work” '
                              'possible opt-out: contains the phrase "stop texting"')
        inbox = app.screen.query_one("#inbox")
        assert inbox.has_class("-alert")
        assert inbox.border_subtitle == "⚠ 1 possible opt-out"
        assert "possible opt-out" in flat(screen_text(app))


# -- 11. agent texts refused, held outside the window ---------------------------------------------

async def test_replies_to_numbers_not_opted_in_or_opted_out_are_refused(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011")
        assert reply_hint(app) == "○ Not opted in: no texts until the number opts in."
        await pilot.press("t", *"Hello", "enter")
        await pilot.pause()
        assert notifications(app)[-1] == ("Refused: not_opted_in: The number has not opted in "
                                         "to texts: it must opt in first.")
        assert "not_opted_in" in flat(screen_text(app))  # the toast is on screen
        assert app.screen.query_one("#reply-box", Input).value == "Hello"  # kept, not lost
        assert app.service.thread(JAMES) == []

        await open_account(pilot, "1005")
        assert reply_hint(app) == "⊘ Opted out: no texts until they text SIGNUP."
        await pilot.press("t")
        app.screen.query_one("#reply-box", Input).value = "Pay now"
        await pilot.press("enter")
        await pilot.pause()
        assert notifications(app)[-1].startswith("Refused: opted_out: ")
        await pilot.press("escape", "l")  # the link template too
        await pilot.pause()
        assert notifications(app)[-1].startswith("Refused: opted_out: ")
        assert app.service.thread(DARNELL) == []
        assert [e.event for e in app.service.audit()] == ["not_opted_in", "opted_out", "opted_out"]


async def test_reply_outside_the_window_is_held_then_released_by_the_clock(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1001")
        app.service.advance_to(datetime.fromisoformat("2026-03-02T21:00:00-05:00"))  # window shut
        await pilot.pause()
        assert reply_hint(app) == "◷ Window shut: a reply is held until Tue 08:00."
        await pilot.press("t", *"See you tomorrow", "enter")
        await pilot.pause()
        held = app.service.thread(JANE)[-1]
        assert held.status is MessageStatus.SCHEDULED
        assert "See you tomorrow [agent · ◷ held until Tue 08:00]" in conversation(app)
        assert "See you tomorrow" not in phone_thread(app)  # the phone has not got it
        assert "held until Tue 08:00" in notifications(app)[-1]

        await pilot.press("escape", "w")  # advance to the window opening
        await pilot.pause()
        assert held.status is MessageStatus.DELIVERED
        assert "See you tomorrow [agent · ✓✓ delivered]" in conversation(app)
        assert "See you tomorrow" in phone_thread(app)
        assert "Tue 2 Mar" not in screen_text(app) and "Tue 3 Mar 2026 08:00" in screen_text(app)
