"""Text that users and scenario files typed is shown literally, everywhere (SPEC section 9).

Markup (`[bold]`, `[/`, `[@click=app.quit]`, `[$accent]`, `[STOP]`) must neither style, vanish,
crash nor act; an ANSI escape and a right-to-left override must show as visible stand-ins
(itms_tui/inert.py: ␛ and ⟨U+202E⟩), never reach the terminal raw. The texts go in through the phone,
the reply boxes and the world itself (company, client, account ids and consumer names).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Input, OptionList

from itms_tui.core.names import ConsentState
from itms_tui.ui.screens.audit import AuditScreen
from itms_tui.ui.screens.modals import AccountPicker
from itms_tui.ui.screens.supervisor import SupervisorScreen
from itms_tui.ui.textual_internals import screen_render
from itms_tui.inert import inert
from tests.support.ui import (
    SIZE, conversation, inbox_entries, make_app, notifications, open_account, phone_thread,
    phone_types, screen_text, squeezed, table_rows,
)


ESC_RED = "\x1b[31mred\x1b[0m"
RTL = "abc\u202edef"
HOSTILE = [
    "[bold]x[/bold]",
    "[/",
    "[@click=app.quit]quit[/]",
    "[$accent]hi",
    "Reply [STOP] now",
    ESC_RED,
    RTL,
    "skin tones ✋🏽👍🏿",
]
LONG = " ".join(f"w{i:03d}" for i in range(401))[:2000]  # 2,000 characters of words

EVE = "+16175550101"  # opted in, on the account whose id and consumer name are markup
MAL = "+16175550102"  # on the account whose client (auto opt-in) has an ANSI escape in its name
STRANGER = "+16175550199"
COMPANY = "[@click=app.quit]Harbor[/] [$accent]Point"
EVE_NAME = "[@click=app.quit]Eve[/]"
EVE_ACCOUNT = "[b]42[/b]"
MAL_NAME = "Mal\u202eory [STOP]"
MAL_ACCOUNT = "7[/"
MED_NAME = "[bold]Acme[/bold] [/"
UTIL_NAME = f"{ESC_RED} Power"


def hostile_world() -> dict:
    return {
        "company": {"name": COMPANY, "phone": "+18005550100", "va_url": "https://pay.example/va",
                    "timezone": "America/New_York"},
        "clock": "2026-03-02T10:00:00-05:00",
        "clients": [
            {"id": "MED", "name": MED_NAME, "business_type": "medical", "auto_opt_in": False},
            {"id": "UTIL", "name": UTIL_NAME, "business_type": "utility", "auto_opt_in": True},
        ],
        "accounts": [
            {"id": EVE_ACCOUNT, "consumer": EVE_NAME, "client": "MED", "balance": "10.00",
             "phones": [EVE]},
            {"id": MAL_ACCOUNT, "consumer": MAL_NAME, "client": "UTIL", "balance": "20.00",
             "phones": [MAL]},
        ],
        "consent": {EVE: "opted_in"},
    }


def shown(text: str) -> str:
    """How `text` must look on screen: literally, with controls as visible stand-ins."""
    return inert(text)


def assert_safe(app, *texts: str) -> None:
    """Each text is on screen literally, nothing raw reached the screen, the app still runs."""
    screen, svg = screen_text(app), app.export_screenshot()
    for text in texts:
        assert squeezed(shown(text)) in squeezed(screen), f"{text!r} is not shown literally"
    for raw in ("\x1b", "\u202e"):
        assert raw not in screen and raw not in svg
    assert app.return_code is None and app.is_running


async def click_text(pilot, text: str) -> None:
    """Click on the first place `text` is drawn: if it were live markup, its action would run."""
    for y, line in enumerate(screen_text(pilot.app).splitlines()):
        x = line.find(text)
        if x >= 0:
            await pilot.click(offset=(x + 1, y))
            await pilot.pause()
            return
    raise AssertionError(f"{text!r} is not on screen")


async def test_world_names_are_shown_literally_and_never_act():
    app = make_app(hostile_world())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        # The top bar, the account list, the summary (title, client), the phone's title and sender.
        assert_safe(app, COMPANY, EVE_ACCOUNT, EVE_NAME, MAL_ACCOUNT, MAL_NAME, MED_NAME)
        assert "Account [b]42[/b] · [@click=app.quit]Eve[/]" in screen_text(app)
        assert "From [@click=app.quit]Harbor[/]" in screen_text(app)  # the phone's sender line
        # Clicking a name that looks like a link does nothing but what a click on the list does.
        await click_text(pilot, "[@click=app.quit]Eve[/]")
        await click_text(pilot, "[@click=app.quit]Harbor[/]")
        assert_safe(app, EVE_NAME, COMPANY)

        await open_account(pilot, MAL_ACCOUNT)
        assert_safe(app, MAL_NAME, UTIL_NAME)
        assert "Mal⟨U+202E⟩ory [STOP]" in screen_text(app)
        assert "␛[31mred␛[0m Power" in screen_text(app)

        # The search box takes markup-like input without a crash, and still finds by id.
        await pilot.press("escape", "slash")
        app.screen.query_one("#account-search", Input).insert_text_at_cursor("[/")
        await pilot.pause()
        options = app.screen.query_one("#account-options", OptionList)
        found = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert found == [EVE_ACCOUNT, MAL_ACCOUNT]  # both ids hold "[/"
        assert_safe(app)


async def test_consumer_and_agent_texts_are_shown_literally_in_every_pane():
    app = make_app(hostile_world())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.screen.number == EVE
        for text in HOSTILE:
            await phone_types(pilot, text)
        assert app.service.consent(EVE).state is ConsentState.OPTED_IN  # "[STOP]" inside a text
        bodies = [m.body for m in app.service.thread(EVE)]
        assert bodies == HOSTILE  # and none of them was answered by a keyword reply

        # The phone's bubbles and the agent's conversation.
        for text in HOSTILE:
            assert squeezed(shown(text)) in squeezed(phone_thread(app)), text
            assert squeezed(shown(text)) in squeezed(conversation(app)), text
        assert "␛[31mred␛[0m" in phone_thread(app) and "abc⟨U+202E⟩def" in conversation(app)
        assert "✋🏽👍🏿" in phone_thread(app)
        # The inbox: newest first, each literally, the possible opt-out with its reason.
        entries = inbox_entries(app)
        assert any("“Reply [STOP] now”" in e and "possible opt-out" in e for e in entries)
        for text in HOSTILE:
            assert any(shown(text) in e for e in entries), text
        assert_safe(app, "[@click=app.quit]quit[/]", "[$accent]hi", "[bold]x[/bold]")
        await click_text(pilot, "[@click=app.quit]quit[/]")
        assert_safe(app)

        # The agent answers with the same texts, through the reply box.
        await pilot.press("escape")
        reply_box = app.screen.query_one("#reply-box", Input)
        for text in (*HOSTILE, LONG):
            await pilot.press("t")  # after a send the desk has its keys again
            reply_box.insert_text_at_cursor(text)
            await pilot.press("enter")
            await pilot.pause()
            assert reply_box.value == ""  # sent
        agent_texts = [m.body for m in app.service.thread(EVE)][len(HOSTILE):]
        assert agent_texts == [*HOSTILE, LONG]
        assert squeezed(shown(ESC_RED)) in squeezed(phone_thread(app))
        assert squeezed(LONG) in squeezed(conversation(app))
        assert squeezed(LONG) in squeezed(phone_thread(app))
        assert_safe(app)


async def test_supervisor_and_audit_show_texts_and_names_literally():
    app = make_app(hostile_world())
    app.service.consumer_text(STRANGER, "[@click=app.quit]who[/] " + ESC_RED)
    app.service.consumer_text(EVE, LONG)
    app.service.consumer_text(EVE, "[/")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SupervisorScreen)
        unassociated = table_rows(app.screen.query_one("#unassociated", DataTable))
        assert unassociated[0][2] == "[@click=app.quit]who[/] ␛[31mred␛[0m"
        unanswered = table_rows(app.screen.query_one("#unanswered", DataTable))
        assert [row[1] for row in unanswered] == ["none", EVE_ACCOUNT]
        assert unanswered[1][3] == "[/"
        assert_safe(app, "[@click=app.quit]who[/]", EVE_ACCOUNT)
        await click_text(pilot, "[@click=app.quit]who[/]")

        # Link the stranger to the account whose id is "7[/": a literal picker, notification,
        # and audit reasons (the link, and the UTIL client's auto opt-in with its ANSI name).
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, AccountPicker)
        assert_safe(app, f"{EVE_ACCOUNT}  {EVE_NAME}", f"{MAL_ACCOUNT}  {MAL_NAME}")
        app.screen.query_one("#picker-search", Input).insert_text_at_cursor("7[/")
        await pilot.press("enter")
        await pilot.pause()
        assert [a.id for a in app.service.accounts_for(STRANGER)] == [MAL_ACCOUNT]
        assert app.service.consent(STRANGER).state is ConsentState.OPTED_IN
        assert notifications(app)[-1].startswith("linked to 7[/; ")
        assert_safe(app, "linked to 7[/")

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
        table = app.screen.query_one("#audit-table", DataTable)
        reason = [column.label.plain for column in table.columns.values()].index("Reason")
        reasons = [row[reason] for row in table_rows(table)]
        assert "linked to account 7[/" in reasons
        assert any(r.startswith("client ␛[31mred␛[0m Power (utility)") for r in reasons)
        assert_safe(app, "linked to account 7[/", "client ␛[31mred␛[0m Power")
        # The filter box takes markup-like input without a crash.
        await pilot.press("slash")
        app.screen.query_one("#audit-filter", Input).insert_text_at_cursor("[/")
        await pilot.pause()
        assert_safe(app)
    assert app.return_code is None


async def test_a_2000_character_text_and_its_counter():
    app = make_app(hostile_world())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("escape", "c")
        compose = app.screen.query_one("#phone-compose", Input)
        compose.insert_text_at_cursor(LONG)
        await pilot.pause()
        assert len(LONG) == 2000
        assert "2000/153 GSM-7 · 14 segments" in screen_text(app)  # the counter under the box
        await pilot.press("enter")
        await pilot.pause()
        assert app.service.thread(EVE)[-1].body == LONG
        assert squeezed(LONG) in squeezed(phone_thread(app))
        assert squeezed(LONG) in squeezed(conversation(app))
        [entry] = inbox_entries(app)
        assert "w000 w001" in entry and len(entry) < 200  # clipped in the inbox
        assert_safe(app)


# -- what reaches the terminal --------------------------------------------------------------------

#: A value a program puts in a box: OSC 2 (pane title), OSC 52 (clipboard), an 8-bit CSI, a
#: right-to-left override.
PROGRAMMED = "pay \x1b]2;PWNED\x1b\\\x1b]52;c;cHduZWQ=\x07 \x9b2J \u202eevil now"
#: The app's own cursor moves and colours; anything else starting with ESC came from a text.
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*[mH]")
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_output(app) -> str:
    """What the app writes to the terminal to draw its whole screen now, less its own sequences."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False, safe_box=False)
    console.print(screen_render(app))
    return OWN_SEQUENCES.sub("", console.file.getvalue())


async def test_a_box_filled_by_a_program_draws_its_value_inert_and_sends_it_as_it_is():
    app = make_app(hostile_world())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("escape", "t")
        reply_box = app.screen.query_one("#reply-box", Input)
        reply_box.value = PROGRAMMED  # as `play` fills it
        reply_box.cursor_position = 4
        await pilot.pause()
        assert RAW.search(terminal_output(app)) is None
        assert "pay ␛]2;PWNED␛\\␛]52;c;cHduZWQ=␇ �2J �evil now" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.service.thread(EVE)[-1].body == PROGRAMMED  # the value, not its view
        assert RAW.search(terminal_output(app)) is None


def test_every_edit_box_of_the_app_is_a_text_box():
    """A plain `Input` would draw a value set by a program raw: the app builds only `TextBox`es."""
    ui = Path(__import__("itms_tui.ui", fromlist=["ui"]).__file__).parent
    plain = [f"{path.relative_to(ui)}:{number}"
             for path in sorted(ui.rglob("*.py")) if path.name != "text_box.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bInput\(", line)]
    assert plain == []
