"""Layout and legibility: whole footer keys at every size, `?` listing every key."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.widgets import Static

from itms_tui.scenarios import load_scenario
from itms_tui.ui.app import ItmsApp
from itms_tui.ui.playback.app import PlayApp
from itms_tui.ui.screens.audit import AuditScreen
from itms_tui.ui.screens.desk import DeskScreen
from itms_tui.ui.screens.supervisor import SupervisorScreen

from tests.support.ui import NARROW, SIZE, make_app, screen_text

QUICK = "scenarios/opt_in/quick_opt_in.yaml"


def footer_keys_are_whole(app) -> list[str]:
    """Every key the footer shows, checked to be drawn whole and clear of the palette key."""
    footer = app.screen.query_one("Footer")
    keys = list(footer.query("FooterKey"))
    palette = [k for k in keys if k.has_class("-command-palette")]
    limit = palette[0].region.x if palette else app.size.width
    bottom = screen_text(app).splitlines()[footer.region.y]
    shown = []
    for key in keys:
        if key in palette:
            assert key.region.right <= app.size.width
            continue
        label = f"{key.key_display} {key.description}"
        assert key.region.right <= limit, f"{label!r} runs under the palette key"
        assert label in bottom, f"{label!r} is cut in {bottom!r}"
        shown.append(label)
    return shown


@pytest.mark.parametrize("size", [SIZE, NARROW], ids=["140x45", "80x24"])
async def test_the_footer_shows_whole_keys_only_most_important_first(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        desk = footer_keys_are_whole(app)
        assert desk[0] == "? Help"
        assert "s Supervisor" in desk and "a Audit" in desk
        await pilot.press("s")
        await pilot.pause()
        assert "l Link to account" in footer_keys_are_whole(app)
        await pilot.press("a")
        await pilot.pause()
        assert "/ Filter" in footer_keys_are_whole(app)
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert "^q Quit" in footer_keys_are_whole(app)


@pytest.mark.parametrize("size", [SIZE, NARROW], ids=["140x45", "80x24"])
async def test_the_footer_while_playing_has_no_key_under_the_palette(size):
    app = PlayApp([load_scenario(QUICK)])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = footer_keys_are_whole(app)
        # The mode's own keys come first: the desk's are locked while a scenario plays.
        assert {"n Next step", "space Autoplay", "T Take over"} <= set(shown)


def help_text(app) -> str:
    return "\n".join(str(w.content) for w in app.screen.query(Static))


async def test_help_lists_every_key_of_every_screen():
    app = PlayApp([load_scenario(QUICK)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        for needle in ("ctrl+r", "ctrl+t", "ctrl+p", "Supervisor queues", "Audit timeline",
                       "Take over"):
            assert needle.casefold() in text.casefold(), needle
        for owner in (DeskScreen, SupervisorScreen, AuditScreen, ItmsApp, PlayApp):
            for binding in Binding.make_bindings(owner.BINDINGS):
                assert (binding.tooltip or binding.description) in text, binding
        # The supervisor's l and r, the audit's / each sit in their own screen's section.
        supervisor = text[text.index("Supervisor queues (s)"):text.index("Audit timeline (a)")]
        assert "Link to account" in supervisor or "link the selected" in supervisor
        audit = text[text.index("Audit timeline (a)"):text.index("Everywhere")]
        assert "/\nfilter: every word must match" in audit and "\ne\nexport" in audit


async def test_growing_from_80x24_shows_no_bubble_drawn_while_the_phone_was_hidden():
    from textual.widgets import RichLog

    from tests.support.ui import JANE, phone_thread

    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        app.service.consumer_text(JANE, "hello there, a long message to see how the bubbles wrap")
        await pilot.pause()
        thread = app.screen.query_one("#phone-thread", RichLog)
        # Hidden, the phone has no width: a bubble written now would be drawn two columns wide
        # in the first frame at the new size, before the pane could write it again.
        assert thread.scrollable_content_region.width == 0
        assert [strip.cell_length for strip in thread.lines] == []
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        width = thread.scrollable_content_region.width
        assert width > 30 and {strip.cell_length for strip in thread.lines} == {width}
        assert "hello there, a long message" in phone_thread(app)


async def test_growing_from_80x24_to_200x60_draws_the_new_layout_whole_in_its_first_frame():
    from textual.widgets import RichLog

    from tests.support.ui import LEE, log_text, open_account

    app = make_app()
    app.service.consumer_text(LEE, "hello there, a long message to see how the bubbles wrap")
    async with app.run_test(size=NARROW) as pilot:
        await open_account(pilot, "1003", LEE)
        await pilot.press("escape")
        await pilot.pause()
        desk = app.screen
        phone = desk.query_one("#phone-thread", RichLog)
        conversation = desk.query_one("#conversation-log", RichLog)
        frames = []

        def first_frame(screen) -> None:
            # Published as each new layout has just been drawn: what the terminal now shows.
            if not frames:
                frames.append({
                    "wide": screen.has_class("-wide"),
                    "phone width": phone.scrollable_content_region.width,
                    "phone lines": {strip.cell_length for strip in phone.lines},
                    "phone text": log_text(phone),
                    "conversation width": conversation.scrollable_content_region.width,
                    "conversation lines": [strip.cell_length for strip in conversation.lines],
                })

        desk.screen_layout_refresh_signal.subscribe(desk, first_frame, immediate=True)
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        first = frames[0]
        # The wide layout at once (not a frame of the folded one stretched to 200 columns)...
        assert first["wide"] and first["phone width"] > 30
        # ...with the phone's bubble in it, drawn at the phone's width, not an empty phone...
        assert first["phone lines"] == {first["phone width"]}
        assert "hello there, a long" in first["phone text"]
        # ...and the conversation laid out again at its new width: the text on one line.
        assert len(first["conversation lines"]) == 1
        assert first["conversation lines"][0] <= first["conversation width"]


async def test_f2_hiding_the_phone_at_80x24_takes_the_focus_out_of_its_box():
    from textual.widgets import Input

    from tests.support.ui import JANE, phone_thread

    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("c", *"hi", "enter")  # the phone in place of the desk; a text sent
        await pilot.pause()
        assert app.screen.query_one("#phone-thread").has_focus
        await pilot.press("f2")  # the desk again
        await pilot.pause()
        compose = app.screen.query_one("#phone-compose", Input)
        await pilot.press("slash", *"1003")  # the agent searches, not a text from the phone
        await pilot.pause()
        assert app.screen.query_one("#account-search", Input).has_focus
        assert compose.value == "" and "1003" not in phone_thread(app)
        await pilot.press("escape", "f2")  # and back: the phone takes the focus from the desk
        await pilot.pause()
        assert app.screen.query_one("#phone-thread").has_focus
        assert [m.body for m in app.service.thread(JANE)] == ["hi"]


async def test_texts_that_came_while_a_pane_was_covered_are_on_it_when_it_is_back():
    """At 80x24 the phone and the desk take turns: each shows the texts that came meanwhile."""
    from textual.widgets import Input, RichLog

    from tests.support.ui import conversation, phone_thread, phone_types

    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await phone_types(pilot, "Hello")  # `c`: the phone in place of the desk
        await pilot.press("escape", "f2")  # the desk again
        await pilot.press("t")
        app.screen.query_one("#reply-box", Input).insert_text_at_cursor("About your balance, Jane")
        await pilot.press("enter", "escape", "f2")  # a reply, then the phone again
        await pilot.pause()
        assert "About your balance, Jane" in phone_thread(app)
        await phone_types(pilot, "STOP")
        await pilot.press("escape", "f2")  # the desk again
        await pilot.pause()
        assert "you are unsubscribed" in conversation(app)
        log = app.screen.query_one("#conversation-log", RichLog)
        assert log.scroll_y == log.max_scroll_y  # the newest text in view
        assert "delivered]" in screen_text(app).split("Conversation with")[1]


async def test_small_things_a_space_before_a_badge_ellipses_and_plurals():
    from textual.widgets import DataTable

    from tests.support.ui import (
        DARNELL, JAMES, LEE, STRANGER, notifications, open_account, summary_numbers, table_rows,
    )

    app = make_app()
    service = app.service
    service.add_phone("1001", "+44 20 7946 0958")
    long_text = "Hello, I got a letter about an account I do not recognise at all, who is this please?"
    service.consumer_text(STRANGER, long_text)
    for number in (JAMES, LEE, DARNELL):
        service.consumer_text(number, "please stop texting me")
    # Darnell had already opted out: his flag is resolved as it comes in, and the badge counts
    # only the flags an agent must still decide.
    flagged = len({i.number for i in service.inbox() if i.awaiting_decision})
    assert flagged == 2
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1001")
        assert "+44 20 7946 0958 ○ not opted in" in summary_numbers(app)
        assert app.screen.query_one("#inbox").border_subtitle == f"⚠ {flagged} possible opt-outs"
        app.perform(lambda: service.inject_fault("drop", "+16175550101", count=2))
        await pilot.pause()
        assert notifications(app)[-1] == "drop fault on the next 2 texts"
        await pilot.press("s")
        await pilot.pause()
        cell = [row for row in table_rows(app.screen.query_one("#unassociated", DataTable))
                if row[0] == "(718) 555-0199"][0][2]
        assert cell.endswith("…") and len(cell) == 60 and long_text.startswith(cell[:-1])
