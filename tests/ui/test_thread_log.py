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

    def add_texts(self, first: int, count: int) -> None:
        log = self.query_one(ThreadLog)
        for number in range(first, first + count):
            log.add(Text(f"text {number}"))


def at_end(log: ThreadLog) -> bool:
    return log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y


async def test_the_newest_text_stays_in_view_when_the_log_is_made_shorter() -> None:
    app = OneLog()
    async with app.run_test(size=(40, 20)) as pilot:
        app.add_texts(1, 30)
        await pilot.pause()
        log = app.query_one(ThreadLog)
        assert at_end(log)
        app.query_one("#note", Static).update("a note\nof\nfive\nlines\nhere")
        await pilot.pause()
        await pilot.pause()
        assert log.size.height < 12 - 5 + 1
        assert at_end(log), (log.scroll_y, log.max_scroll_y)


async def test_a_reader_who_scrolled_up_stays_there_until_they_scroll_back_down() -> None:
    app = OneLog()
    async with app.run_test(size=(40, 20)) as pilot:
        app.add_texts(1, 30)
        await pilot.pause()
        log = app.query_one(ThreadLog)
        log.focus()
        await pilot.press("up", "up", "up")
        await pilot.pause()
        reading = log.scroll_y
        assert 0 < reading < log.max_scroll_y
        app.query_one("#note", Static).update("a note\nof\nfive\nlines\nhere")
        await pilot.pause()
        await pilot.pause()
        assert log.scroll_y == reading
        log.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        app.query_one("#note", Static).update("")
        await pilot.pause()
        await pilot.pause()
        assert at_end(log), (log.scroll_y, log.max_scroll_y)
