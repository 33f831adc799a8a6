"""What the desk's conversation and the phone share: one number's texts drawn into a log.

A months-old number can hold thousands of texts: only the newest `PAGE` (a tall screen of bubbles
and a margin) are drawn at first, and another page each time the reader scrolls to the top of the
log, so opening or redrawing a thread costs the same whatever its age and the event loop stays
free for keys.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import RichLog

#: Texts drawn when a thread is opened, and added each time the reader reaches its top.
PAGE = 60


class ThreadLog(RichLog):
    """A RichLog that says when the reader scrolls back to its first line."""

    class ReachedTop(Message):
        """Scrolled to the first line of a log taller than its window."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(new_value) == 0 and round(old_value) > 0 and self.lines:
            self.post_message(self.ReachedTop())


class ThreadView:
    """Bookkeeping for a widget that draws a number's texts into the ThreadLog `#LOG_ID` and
    redraws it only when it must. The widget defines `show(service, number, events=())`, keeps
    `_number` (the number drawn) and `_shown` (what is on screen, with its status), and draws
    `thread[self.first_drawn(thread):]` after `self.write_earlier(log)`."""

    LOG_ID: str
    _number: str | None
    _shown: dict
    #: The index in the thread of the oldest text drawn; None: the newest PAGE on the next show.
    _first: int | None = None

    def first_drawn(self, thread: list) -> int:
        if self._first is None or self._first > len(thread):
            self._first = max(0, len(thread) - PAGE)
        return self._first

    def write_earlier(self, log: RichLog) -> None:
        """The line above the texts that says older ones are there (none when all are drawn)."""
        if self._first:
            log.write(Text(f"↑ {self._first:,} earlier texts: scroll up to show them", "dim"),
                      scroll_end=False)

    def forget(self) -> None:
        """Draw everything again on the next show (the service behind the desk was replaced)."""
        self._number, self._shown, self._first = None, {}, None
        self.query_one(f"#{self.LOG_ID}", RichLog).clear()  # type: ignore[attr-defined]

    def on_resize(self) -> None:
        # Lines and bubbles are laid out at the log's width when written, so write them again
        # when it changes (at 80x24, F2 showed bubbles drawn while the pane was hidden: one
        # column wide). The same texts are drawn: `_first` is kept.
        if self._number is not None:
            number, self._number = self._number, None
            self.show(self.app.service, number, keep_window=True)  # type: ignore[attr-defined]

    def on_thread_log_reached_top(self, message: ThreadLog.ReachedTop) -> None:
        message.stop()
        log = self.query_one(f"#{self.LOG_ID}", RichLog)  # type: ignore[attr-defined]
        if not self._first or self._number is None or log.max_scroll_y == 0:
            return
        lines_before = len(log.lines)
        self._first = max(0, self._first - PAGE)
        number, self._number = self._number, None
        self.show(self.app.service, number, keep_window=True,  # type: ignore[attr-defined]
                  scroll_end=False)
        # Keep the text the reader was looking at in place: the new lines are above it.
        log.scroll_to(y=max(0, len(log.lines) - lines_before), animate=False, immediate=True)
