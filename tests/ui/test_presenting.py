"""What presenters and QA meet on the desk: a stranger from any number (the supervisor link done
twice), the desk's keys back after a text from the phone, times as the consumer and the carrier
see them, and an audit timeline that filters what it shows and exports it."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static

from itms_tui.core.names import ConsentState
from itms_tui.ui.screens.audit import AuditScreen
from itms_tui.ui.screens.modals import AccountPicker, TextPrompt
from itms_tui.ui.screens.supervisor import SupervisorScreen

from tests.support.ui import (
    JAMES, SAM, SIZE, STRANGER, conversation, make_app, notifications, open_account, phone_taps,
    phone_types, record_status, static_text, table_rows,
)


async def link_the_stranger(pilot, account_name: str) -> str:
    """The supervisor links the first unassociated number to `account_name`'s account."""
    await pilot.press("escape", "s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SupervisorScreen)
    number = pilot.app.screen.selected_number()
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AccountPicker)
    await pilot.press(*account_name, "enter")
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()
    return number


async def test_the_supervisor_link_can_be_practised_again_and_again(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # First time: the demo's stranger, as the README says.
        await pilot.press("e")
        await pilot.pause()
        await phone_types(pilot, "Who is this?")
        first = await link_the_stranger(pilot, "Priya")
        assert first == STRANGER and app.service.accounts_for(STRANGER)
        # Second time: `e` offers a new stranger now that the first is on an account.
        for _ in range(3):  # the account's numbers, then a stranger
            await pilot.press("e")
            await pilot.pause()
            second = app.screen.query_one("PhonePane").number
            if not app.service.accounts_for(second):
                break
        assert second != STRANGER and not app.service.accounts_for(second)
        await phone_types(pilot, "Hello?")
        assert await link_the_stranger(pilot, "Sam") == second
        # Third time: any number the user types.
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"not a number", "enter")
        await pilot.pause()
        assert "is not a phone number" in static_text(app.screen.query_one("#prompt-error", Static))
        app.screen.query_one("#prompt-value", Input).value = "(646) 555-0177"
        await pilot.press("enter")
        await pilot.pause()
        compose = app.screen.query_one("#phone-compose", Input)
        assert compose.has_focus and app.screen.query_one("PhonePane").number == "+16465550177"
        await pilot.press(*"hi", "enter")
        await pilot.pause()
        assert await link_the_stranger(pilot, "Jane") == "+16465550177"
        linked = [a.id for n in (STRANGER, second, "+16465550177") for a in app.service.accounts_for(n)]
        assert len(linked) == 3
        assert all(app.service.consent(n).state is ConsentState.AWAITING_YES
                   for n in (STRANGER, second, "+16465550177"))


async def test_after_a_text_from_the_phone_the_desks_keys_work_again(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1011", JAMES)
        await pilot.press("o")
        await pilot.pause()
        await phone_types(pilot, "YES", typed=True)
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_PIN
        assert not isinstance(app.focused, Input)
        await pilot.press("p")  # the README's next key: the PIN box, not a "p" on the phone
        await pilot.pause()
        assert app.screen.query_one("#auth-code", Input).has_focus
        assert app.screen.query_one("#phone-compose", Input).value == ""


async def test_after_an_accepted_pin_and_a_sent_reply_the_desks_keys_work_again(tmp_path):
    # The README's first session, keys only: p, the PIN, Enter; t, a reply, Enter; c, STOP, Enter.
    from tests.support.ui import PIN

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1011", JAMES)
        await pilot.press("o")
        await pilot.pause()
        await phone_types(pilot, "YES", typed=True)
        await pilot.press("p", *PIN, "enter")
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.OPTED_IN
        await pilot.press("t")  # not a letter the PIN box refuses, then an empty code on Enter
        await pilot.pause()
        assert app.screen.query_one("#reply-box", Input).has_focus
        await pilot.press(*"Thanks", "enter")
        await pilot.pause()
        await pilot.press("c")  # the phone, not a "c" in the next reply
        await pilot.pause()
        assert app.screen.query_one("#phone-compose", Input).has_focus
        await pilot.press(*"STOP", "enter")
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.OPTED_OUT
        assert "→ Thanks" in conversation(app) and "cSTOP" not in conversation(app)
        assert [e.event for e in app.service.audit() if e.is_refusal] == []  # no empty PIN sent


async def test_a_held_text_is_timed_when_it_goes_and_the_consumers_time_is_shown(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1002", SAM)  # Idaho: 08:00 Mountain, 07:00 Pacific at 10:00 EST
        await pilot.press("o")
        await pilot.pause()
        line = conversation(app)
        assert line.startswith("Mon 11:00 →"), line  # when it goes, not 10:00 when it was made
        status = record_status(app)
        assert "their time 08:00 MST, 07:00 PST" in status


def audit_table(app) -> DataTable:
    return app.screen.query_one("#audit-table", DataTable)


async def test_the_audit_filter_matches_what_the_rows_show(tmp_path):
    app = make_app()
    app.service.send_text("1011", JAMES, "hello")  # refused: not opted in
    app.service.quick_opt_in("1002", SAM)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
        everything = len(table_rows(audit_table(app)))
        await pilot.press("slash", *"refused")
        await pilot.pause()
        rows = table_rows(audit_table(app))
        assert rows and all("refused" in row for row in rows)
        # By account: the rows name it.
        app.screen.query_one("#audit-filter", Input).value = "1002"
        await pilot.pause()
        rows = table_rows(audit_table(app))
        assert rows and all(row[4] == "1002" for row in rows) and len(rows) < everything
        # By time, as the Time column shows it, and words combine.
        app.screen.query_one("#audit-filter", Input).value = "Mon 10:00 refused"
        await pilot.pause()
        rows = table_rows(audit_table(app))
        assert rows and all(row[1] == "Mon 10:00" and row[6] == "refused" for row in rows)
        app.screen.query_one("#audit-filter", Input).value = "Tue"
        await pilot.pause()
        assert table_rows(audit_table(app)) == []


async def test_the_audit_shows_the_whole_reason_of_the_highlighted_entry(tmp_path):
    app = make_app()
    app.service.send_text("1011", JAMES, "hello")
    refusal = app.service.audit()[-1]
    assert len(refusal.reason) > 40
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        detail = static_text(app.screen.query_one("#audit-detail", Static))
        assert refusal.reason in detail.replace("\n", " ")


async def test_the_audit_and_a_conversation_export_to_a_path_the_app_names(tmp_path, monkeypatch):
    monkeypatch.setenv("ITMS_TUI_DATA", str(tmp_path))
    app = make_app()
    app.service.send_text("1011", JAMES, "hello")  # refused: in the audit
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011", JAMES)
        await pilot.press("o")
        await phone_taps(pilot, "YES")
        await phone_types(pilot, "=1+1")  # a spreadsheet would run it as a formula
        await pilot.press("ctrl+e")
        await pilot.pause()
        said = notifications(app)[-1]
        assert said.startswith("Conversation exported: Saved as ")
        path = Path(said.removeprefix("Conversation exported: Saved as ").split(" and ")[0])
        assert path.parent == tmp_path / "exports" and path.suffix == ".md"
        text = path.read_text(encoding="utf-8")
        assert "Conversation with (212) 555-0111" in text and "| ← in |" in text
        with path.with_suffix(".csv").open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0][:3] == ["#", "Time", "Direction"]
        texts = [row[-1] for row in rows[1:]]
        assert "YES" in texts and "'=1+1" in texts
        assert any("••••" in text for text in texts)  # the PIN stays masked on the agency side

        await pilot.press("a")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        said = notifications(app)[-1]
        assert said.startswith("Audit exported: Saved as ")
        path = Path(said.removeprefix("Audit exported: Saved as ").split(" and ")[0])
        assert path.parent == tmp_path / "exports"
        with path.with_suffix(".csv").open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ["#", "Time", "Actor", "Number", "Account", "Event", "Before → after", "Reason"]
        assert len(rows) - 1 == len(app.service.audit())
        assert any(row[6] == "refused" for row in rows)
