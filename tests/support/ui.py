"""What the UI tests share: the demo world, the app, readers of the screen, and the moves an agent
or a consumer makes on the desk.

The readers (`screen_text`, `conversation`, `phone_thread`, …) return what is on screen as plain
text, so assertions read like what a person sees. The moves press the real keys and click the
real widgets; they paste long text instead of typing it, since Pilot spends ~0.1 s a key.
"""

from __future__ import annotations

import copy
import io
import re
import time
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, OptionList, RichLog, Static

from itms_tui.scenarios.demo import load_demo_world
from itms_tui.ui.app import ItmsApp
from itms_tui.ui.factory import desk_app_on_world
from itms_tui.ui.textual_internals import notifications as shown_notifications, screen_render
from tests.support.worlds import PIN  # noqa: F401  (the tests import it from here)

SIZE = (140, 45)
NARROW = (80, 24)

# Numbers of the demo world, named by what the tests use them for.
JANE = "+16175550101"  # Boston, opted in, on accounts 1001 and 1028
SAM = "+12085550102"  # Idaho (two zones): outside the send window at 10:00 Eastern
LEE = "+13125550103"  # Chicago, account 1003 (with a second number)
MARIA = "+13055550104"  # Miami, account 1004, client UTIL (auto opt-in)
DARNELL = "+14045550105"  # Atlanta, opted out
JAMES = "+12125550111"  # New York, account 1011, state none: inside the window at 10:00
PATRICK = "+16175550125"  # Boston, account 1025, state none
ROBERT = "+12145550109"  # Dallas, opted in
STRANGER = "+17185550199"  # on no account


# -- worlds and apps ------------------------------------------------------------------------------

def demo_spec() -> dict[str, Any]:
    """The demo world's validated `world:` (a fresh copy: tests may change it)."""
    return copy.deepcopy(load_demo_world())


def make_app(spec: dict[str, Any] | None = None) -> ItmsApp:
    """The desk as `itms-tui record` builds it: on `spec` (default: the demo's world, without
    the demo's steps, so that every test starts from the same quiet inbox)."""
    return desk_app_on_world(spec if spec is not None else load_demo_world())


# -- reading the screen ---------------------------------------------------------------------------

def screen_text(app: ItmsApp) -> str:
    """The whole screen as plain text, rendered exactly as `export_screenshot` renders it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(screen_render(app))
    return console.export_text()


def flat(text: str) -> str:
    """Text with every run of white space made one space: wrapped lines read as one."""
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Text without any white space: a URL the pane wrapped mid-word still matches."""
    return "".join(text.split())


def log_text(log: RichLog) -> str:
    """Every line written to a RichLog (conversation, phone thread), as plain text."""
    return "\n".join(strip.text.rstrip() for strip in log.lines)


def static_text(widget: Static) -> str:
    return str(widget.content)


def options_text(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def notifications(app: ItmsApp) -> list[str]:
    """The notifications on screen now, oldest first, as "title: message"."""
    return [f"{n.title}: {n.message}" if n.title else n.message for n in shown_notifications(app)]


# -- driving the desk -----------------------------------------------------------------------------

def keys_at_once(app: ItmsApp, *keys: str) -> None:
    """Queue `keys` for the app in one go, as a fast typist or a paste in a terminal delivers
    them: unlike `pilot.press`, nothing waits for the app between two keys."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def until(pilot: Pilot, condition, within: float = 10.0) -> bool:
    """Whether `condition()` came true within `within` seconds, the app running meanwhile.

    First a few turns of the app (a chain of messages settles in those), then every 50 ms: what a
    Textual timer does, or a step played on the desk, a busy machine delays past any fixed pause.
    """
    deadline = time.monotonic() + within
    turns = 0
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(None if turns < QUICK_TURNS else 0.05)
        turns += 1
    return True


#: Turns of the app `until` waits without a delay before it waits 50 ms at a time.
QUICK_TURNS = 50


async def leave_text_box(pilot: Pilot) -> None:
    """Escape from a text box (where letters type) to the desk; a no-op elsewhere.

    Pilot spends ~0.3 s on every change of focus at 140x45, so tests only press what is needed.
    """
    if isinstance(pilot.app.focused, Input):
        await pilot.press("escape")


async def open_account(pilot: Pilot, account_id: str, number: str | None = None,
                       *, typed: bool = False) -> None:
    """Open an account the way an agent does: `/`, its id in the search box, Enter; then `n`
    until `number` is in focus.

    Pilot spends ~0.1 s on every key, so the id is pasted into the box unless `typed`.
    """
    desk = pilot.app.screen
    await leave_text_box(pilot)
    await pilot.press("slash")
    search = desk.query_one("#account-search", Input)
    assert search.has_focus
    search.value = ""
    if typed:
        await pilot.press(*account_id)
    else:
        search.insert_text_at_cursor(account_id)
    await pilot.press("enter")
    await pilot.pause()
    assert desk.account_id == account_id, f"the search did not open account {account_id}"
    for _ in range(4):
        if number is None or desk.number == number:
            break
        await pilot.press("n")
    assert number is None or desk.number == number
    search.value = ""  # the whole list again, as after clearing the box
    await pilot.pause()


async def phone_types(pilot: Pilot, text: str, *, typed: bool = False) -> None:
    """The consumer types `text` on the phone (`c` focuses its compose box) and sends it.

    Pilot cannot type emoji, and spends ~0.1 s a key: the text is pasted unless `typed`.
    """
    compose = pilot.app.screen.query_one("#phone-compose", Input)
    if not compose.has_focus:  # a consumer still in the compose box just types on
        await leave_text_box(pilot)
        await pilot.press("c")
    assert compose.has_focus
    if typed:
        await pilot.press(*text)
    else:
        compose.insert_text_at_cursor(text)
    await pilot.press("enter")
    await pilot.pause()


async def phone_taps(pilot: Pilot, reply: str) -> None:
    """The consumer taps a quick reply on the phone (YES, STOP, HELP, SIGNUP or an emoji)."""
    button = next(b for b in pilot.app.screen.query(".quick").results(Button) if str(b.label) == reply)
    assert await pilot.click(button), f"the quick reply {reply} could not be clicked"
    await pilot.pause()


# -- the desk's widgets, read as text -------------------------------------------------------------

_BUBBLE_BORDERS = re.compile(r"[│╭╮╰╯─]")


def conversation(app: ItmsApp) -> str:
    """The agent's conversation log, wrapped lines joined (`flat`)."""
    return flat(log_text(app.screen.query_one("#conversation-log", RichLog)))


def phone_thread(app: ItmsApp) -> str:
    """What the consumer's phone shows: every bubble's text, borders removed, lines joined."""
    raw = log_text(app.screen.query_one("#phone-thread", RichLog))
    return flat(_BUBBLE_BORDERS.sub(" ", raw))


def summary_numbers(app: ItmsApp) -> list[str]:
    """The account summary's numbers, each with its consent badge."""
    return [flat(line) for line in options_text(app.screen.query_one("#phone-options", OptionList))]


def reply_hint(app: ItmsApp) -> str:
    return static_text(app.screen.query_one("#reply-hint", Static))


def record_status(app: ItmsApp) -> str:
    """The phone record's Text Messaging section: Opt, badge, invitations, window, PIN expiry."""
    screen = app.screen
    return flat(static_text(screen.query_one("#record-status", Static)) + " "
                + static_text(screen.query_one("#pin-expiry", Static)))


def inbox_entries(app: ItmsApp) -> list[str]:
    return [flat(entry) for entry in options_text(app.screen.query_one("#inbox-options", OptionList))]
