"""The desk around the flows: the clock keys, carrier faults, the audit screen, help, the command
palette and the small-terminal layout, each through the keys and widgets a user touches."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, OptionList, Select, Static

from itms_tui.core.names import ConsentState, MessageStatus, RequestMethod
from itms_tui.ui.screens.audit import AuditScreen
from itms_tui.ui.screens.desk import DeskScreen
from itms_tui.ui.screens.help import HelpScreen, sections
from itms_tui.ui.screens.modals import FaultModal, TextPrompt
from tests.support.ui import (
    JAMES, JANE, NARROW, SAM, SIZE,
    conversation, demo_spec, flat, make_app, notifications, open_account, options_text,
    phone_thread, record_status, screen_text, static_text, table_rows,
)


def top_clock(app) -> str:
    return static_text(app.screen.query_one("#top-clock", Static))


# -- the clock ------------------------------------------------------------------------------------

async def test_clock_keys_move_time_and_release_held_texts_visibly(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1002")  # Idaho: 07:00 Pacific, the window opens at 11:00 Eastern
        await pilot.press("o")
        await pilot.pause()
        held = app.service.thread(SAM)[-1]
        assert held.status is MessageStatus.SCHEDULED
        assert "[opt_in · ◷ held until Mon 11:00]" in conversation(app)
        assert "send window shut till Mon 11:00" in record_status(app)
        assert phone_thread(app) == ""  # the phone has nothing yet
        assert "held until Mon 11:00 EST" in notifications(app)[-1]

        await pilot.press(".")  # +1 minute
        await pilot.pause()
        assert top_clock(app).endswith("Mon 2 Mar 2026 10:01 EST")
        await pilot.press("]")  # +1 hour: past 11:00, the held text goes
        await pilot.pause()
        assert top_clock(app).endswith("Mon 2 Mar 2026 11:01 EST")
        assert held.status is MessageStatus.DELIVERED
        assert "[opt_in · ✓✓ delivered]" in conversation(app)
        assert "reply YES to get texts" in phone_thread(app)
        assert "inside the consumer's send window" in record_status(app)


async def test_advance_by_asks_for_a_duration_and_explains_a_bad_one(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"soon", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # still open, with the reason
        assert static_text(app.screen.query_one("#prompt-error", Static)) != ""
        app.screen.query_one("#prompt-value", Input).value = ""
        await pilot.press(*"1d2h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert top_clock(app).endswith("Tue 3 Mar 2026 12:00 EST")


async def test_pin_expiry_shows_and_lapses_with_the_clock(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("o")
        await pilot.click("#quick-0")  # the consumer taps YES: a PIN is out
        await pilot.pause()
        assert "PIN expires in 24h 00m" in record_status(app)
        await pilot.press("escape", "]", "]", "]")
        await pilot.pause()
        assert "PIN expires in 21h 00m" in record_status(app)
        await pilot.press("plus")
        app.screen.query_one("#prompt-value", Input).insert_text_at_cursor("21h1m")
        await pilot.press("enter")
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.NONE
        assert "PIN expired: send a new request" in record_status(app)
        await pilot.press("p", *"4821", "enter")
        await pilot.pause()
        assert notifications(app)[-1].startswith("Refused: code_expired: ")


# -- carrier faults -------------------------------------------------------------------------------

async def test_fault_injected_in_the_dialog_fails_the_next_text(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1001")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FaultModal)
        kind = app.screen.query_one("#fault-kind", Select)
        assert kind.has_focus
        await pilot.press("enter", "down", "down", "down", "enter")  # delay → drop → duplicate → fail
        await pilot.pause()
        assert kind.value == "fail"
        await pilot.click("#inject")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)

        await pilot.press("t", *"Your plan starts Friday", "enter")
        await pilot.pause()
        failed = app.service.thread(JANE)[-1]
        assert (failed.status, failed.carrier_status) == (MessageStatus.FAILED, "BOUNCED")
        assert "Your plan starts Friday [agent · ✗ failed BOUNCED]" in conversation(app)
        assert "Your plan starts Friday" not in phone_thread(app)  # it never arrived
        # The fault was for one text: the next goes through.
        await pilot.press("t", *"Call us", "enter")  # after a send the desk has its keys again
        await pilot.pause()
        assert app.service.thread(JANE)[-1].status is MessageStatus.DELIVERED
        assert "Call us" in phone_thread(app)


# -- audit ----------------------------------------------------------------------------------------

async def test_refusals_are_listed_in_the_audit_screen_and_filterable(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("t", *"Hi", "enter")  # not_opted_in
        await pilot.press("escape")
        await open_account(pilot, "1001")
        await pilot.press("o")  # already_opted_in
        await pilot.pause()

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
        rows = table_rows(app.screen.query_one("#audit-table", DataTable))
        assert [row[2:7] for row in rows] == [
            ["agent", "(617) 555-0101", "1001", "already_opted_in", "refused"],
            ["agent", "(212) 555-0111", "1011", "not_opted_in", "refused"],
        ]
        # The Reason column is cut with an ellipsis; the highlighted entry's reason is whole below.
        assert rows[0][7] == "The number is already opted in: no requ…"
        assert "The number is already opted in: no request is needed." in static_text(
            app.screen.query_one("#audit-detail", Static))
        assert "Audit timeline · 2 of 2 entries" in screen_text(app)

        await pilot.press("slash", *"not_opted")
        await pilot.pause()
        rows = table_rows(app.screen.query_one("#audit-table", DataTable))
        assert [row[5] for row in rows] == ["not_opted_in"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)


# -- help and the command palette -----------------------------------------------------------------

async def test_help_opens_with_question_mark_and_closes_with_escape(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = flat(screen_text(app))
        for line in ("o Send Opt In Request (PIN flow)", "q Quick Opt In (no PIN)",
                     "/ search by name, account id or number"):
            assert line in text
        # Every key of the desk is explained there.
        help_keys = " ".join(key for _, rows in sections(app) for key, _ in rows).casefold()
        for binding in DeskScreen.BINDINGS:
            shown = binding.key if binding.key.startswith("ctrl+") else app.get_key_display(binding)
            assert shown.casefold() in help_keys, binding
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)


async def palette_commands(pilot, query: str = "") -> list[str]:
    """Open the palette (ctrl+p), type `query`, and return the commands it lists (first lines)."""
    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    if query:
        await pilot.press(*query)
    commands = pilot.app.screen.query_one(CommandList)
    for _ in range(20):  # the palette searches in a worker
        await pilot.pause(0.02)
        if commands.option_count:
            break
    return [prompt.splitlines()[0] for prompt in options_text(commands)]


async def test_command_palette_offers_what_fits_the_number_in_focus(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        opted_in = await palette_commands(pilot)  # Jane's number is opted in
        assert "Text (617) 555-0101" in opted_in and "Opt (617) 555-0101 out" in opted_in
        assert not any(c.startswith("Send Opt In Request") for c in opted_in)
        assert {"Supervisor queues", "Audit timeline", "Help: every key"} <= set(opted_in)
        await pilot.press("escape")

        await open_account(pilot, "1011")
        not_opted_in = await palette_commands(pilot, "quick")
        assert not_opted_in[0] == "Quick Opt In (212) 555-0111"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        record = app.service.consent(JAMES)
        assert (record.state, record.method) == (ConsentState.AWAITING_YES, RequestMethod.QUICK)


# -- small terminals ------------------------------------------------------------------------------

async def test_80x24_folds_the_phone_behind_f2_and_cuts_nothing_off(app):
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("o")
        await pilot.pause()
        phone, desk = app.screen.query_one("#phone"), app.screen.query_one("#desk")
        assert not phone.display and desk.display
        text = screen_text(app)
        for control in ("Send Opt In Request", "Quick Opt In", "Payment plan", "Send link",
                        "Txt Msg Auth Code", "Confirm", "no PIN outstanding"):
            assert control in text, f"{control} is cut off at 80x24"

        await pilot.press("f2")
        await pilot.pause()
        assert phone.display and not desk.display
        text = screen_text(app)
        assert "reply YES" in flat(text) and "SIGNUP" in text
        await pilot.click("#quick-0")  # the quick replies work at this size too
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_PIN

        await pilot.press("escape", "f2")
        await pilot.pause()
        assert desk.display and not phone.display
        assert "PIN expires in 24h 00m · 0/3 wrong" in screen_text(app)


async def test_80x24_folds_the_account_list_into_its_search_box_while_the_agent_is_elsewhere(app):
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await pilot.pause()
        accounts = app.screen.query_one("#account-options", OptionList)
        inbox = app.screen.query_one("#inbox")
        assert accounts.display and accounts.has_focus  # the desk opens on the list
        open_height = inbox.size.height

        await pilot.press("escape")  # to the desk: the list folds, the inbox takes the room
        await pilot.pause()
        assert not accounts.display
        assert app.screen.query_one("#account-search").display
        assert inbox.size.height > open_height

        await open_account(pilot, "1011")  # "/" opens the list again, the search works as ever
        assert accounts.display and accounts.has_focus
        assert "1011 James O'Connor" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not accounts.display and app.screen.account_id == "1011"

        await pilot.click("#account-search")  # the mouse opens it too
        await pilot.pause()
        assert accounts.display


async def test_80x24_keeps_the_whole_record_status_and_a_three_line_conversation(app):
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await open_account(pilot, "1002")  # Idaho: the send window is shut at 10:00 Eastern
        await pilot.press("o", "escape")
        await pilot.pause()
        status = app.screen.query_one("#record-status", Static)
        assert "send window shut till Mon 11:00" in static_text(status)
        # Wrapped, not cut: the window and the consumer's time in both of Idaho's zones take
        # two of the narrow record's lines.
        assert status.size.height == 4
        lines = screen_text(app).splitlines()[status.region.y:status.region.y + 4]
        assert "Mon 11:00" in lines[2] and "07:00 PST" in lines[3]
        assert app.screen.query_one("#conversation-log").size.height >= 3


async def test_a_long_company_name_is_shown_whole_as_the_sender_and_ends_in_an_ellipsis_on_top():
    spec = demo_spec()
    spec["company"]["name"] = "Northeastern Consolidated Recovery Services of New England LLC"
    app = make_app(spec)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sender = app.screen.query_one("#phone-sender", Static)
        assert flat(static_text(sender)) == (
            "From Northeastern Consolidated Recovery Services of New England LLC")
        lines = screen_text(app).splitlines()
        assert "Recovery Services of New England LLC" in lines[sender.region.y + 1]
        assert "Services of N…" in lines[0]  # the top bar: cut with a mark, not mid-word silently


async def test_dialogs_scroll_when_taller_than_the_terminal(app):
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FaultModal)
        await pilot.press(*["tab"] * 5)
        await pilot.pause()
        assert app.focused is app.screen.query_one("#inject")
        assert "Inject" in screen_text(app)  # scrolled into view, not cut off
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert notifications(app)[-1] == "delay fault on the next text"


async def test_the_first_frame_has_its_footer_and_start_up_does_not_rebuild_it(app, monkeypatch):
    from itms_tui.ui.widgets.footer import QuietFooter

    rebuilds = []
    original = QuietFooter.recompose

    async def counted(self):
        rebuilds.append(self)
        await original(self)

    monkeypatch.setattr(QuietFooter, "recompose", counted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rebuilds == []  # composed with its keys, not empty and then filled
        assert isinstance(app.focused, OptionList) and app.focused.id == "account-options"
        assert "o Opt-in" in screen_text(app).splitlines()[-1]
        await pilot.press("t")  # the keys change with the focus: then it does rebuild
        await pilot.pause()
        assert len(rebuilds) == 1
        assert "Opt-in" not in screen_text(app).splitlines()[-1]


async def test_footer_drops_the_keys_a_text_box_types_itself(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "/ Search" in footer and "+ Advance…" in footer and "o Opt-in" in footer
        await pilot.press("t")  # the reply box: "/", "+", "." and letters are text there
        footer = screen_text(app).splitlines()[-1]
        assert "Search" not in footer and "Advance" not in footer and "+1m" not in footer
        assert "Opt-in" not in footer
        await pilot.press("escape")
        assert "/ Search" in screen_text(app).splitlines()[-1]
