"""The log that shows one number's texts keeps its newest line in view when the panes around it
change size, and leaves a reader who scrolled up where they are."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from itms_tui.ui.widgets.thread import ThreadLog


class OneLog(App):
    """A ThreadLog above a note whose height the test changes, as the desk's hint below the
    conversation grows when a number is opted out."""

    CSS = "Vertical { height: 12; } ThreadLog { height: 1fr; } #note { height: auto; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield ThreadLog(relayout=lambda: None, wrap=True, markup=False, auto_scroll=True)
            yield Static("", id="note", markup=False)


FIVE_LINES = "a note\nof\nfive\nlines\nhere"


async def thirty_texts(pilot) -> ThreadLog:
    """The log, once thirty texts are drawn in it (more than it shows)."""
    log = pilot.app.query_one(ThreadLog)
    for number in range(1, 31):
        log.add(Text(f"text {number}"))
    await pilot.pause()
    return log


async def set_note(pilot, text: str) -> None:
    """The note below the log says `text`, and the screen is laid out again."""
    pilot.app.query_one("#note", Static).update(text)
    await pilot.pause()
    await pilot.pause()


def at_end(log: ThreadLog) -> bool:
    return log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y


async def test_the_newest_text_stays_in_view_when_the_log_is_made_shorter() -> None:
    async with OneLog().run_test(size=(40, 20)) as pilot:
        log = await thirty_texts(pilot)
        assert at_end(log)
        await set_note(pilot, FIVE_LINES)
        assert log.size.height < 12 - 5 + 1
        assert at_end(log), (log.scroll_y, log.max_scroll_y)


async def test_a_reader_who_scrolled_up_stays_there_until_they_scroll_back_down() -> None:
    async with OneLog().run_test(size=(40, 20)) as pilot:
        log = await thirty_texts(pilot)
        log.focus()
        await pilot.press("up", "up", "up")
        await pilot.pause()
        reading = log.scroll_y
        assert 0 < reading < log.max_scroll_y
        await set_note(pilot, FIVE_LINES)
        assert log.scroll_y == reading
        log.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        await set_note(pilot, "")
        assert at_end(log), (log.scroll_y, log.max_scroll_y)
