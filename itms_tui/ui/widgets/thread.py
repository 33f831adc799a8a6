"""What the desk's conversation and the phone share: one number's texts drawn into a log.

A months-old number can hold thousands of texts: only the newest `PAGE` (a tall screen of bubbles
and a margin) are drawn at first, and another page each time the reader scrolls to the top of the
log, so opening or redrawing a thread costs the same whatever its age and the event loop stays
free for keys.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widgets import RichLog

#: Texts drawn when a thread is opened, and added each time the reader reaches its top.
PAGE = 60


class ThreadLog(RichLog):
    """A RichLog whose lines are always laid out at its own width, and that says when the reader
    scrolls back to its first line.

    RichLog lays a line out once, when it is written (and defers it while its size is unknown, so
    a log first shown by a resize stays empty until its own Resize is handled, a frame later).
    `add` lays it out at the log's width now, and when the width changes (a resize, the phone
    shown at 80x24) `relayout` draws the thread again from within the frame that first shows the
    new width, so no frame shows empty, clipped or narrow lines.

    The log is anchored (Textual's `anchor`): it stays scrolled to its newest line when the panes
    around it change its height (the hint below the conversation grows as a number is opted out),
    until the reader scrolls up, and again once they scroll back down.
    """

    class ReachedTop(Message):
        """Scrolled to the first line of a log taller than its window."""

    def __init__(self, *, relayout: Callable[[], None], **kwargs) -> None:
        super().__init__(**kwargs)
        self._relayout = relayout
        #: The width the lines were laid out at (0: hidden when last drawn).
        self.laid_out_width = 0

    def on_mount(self) -> None:
        if self.auto_scroll:
            self.anchor()

    def add(self, renderable: RenderableType, *, scroll_end: bool | None = None) -> None:
        """Lay `renderable` out at the log's width and append it; while the log is hidden (no
        width), the whole thread is drawn when it is next shown (`render_lines`)."""
        width = self.scrollable_content_region.width
        if not width:
            self.laid_out_width = 0
            return
        console = self.app.console
        lines = Segment.split_lines(console.render(renderable, console.options.update_width(width)))
        self.lines.extend(strip.adjust_cell_length(width) for strip in Strip.from_lines(list(lines)))
        self.laid_out_width = width
        self.virtual_size = Size(width, len(self.lines))
        if self.auto_scroll if scroll_end is None else scroll_end:
            self.scroll_end(animate=False, immediate=False, x_axis=False)

    def clear(self) -> ThreadLog:
        self.laid_out_width = 0
        return super().clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        if width and width != self.laid_out_width:
            at_end = self.scroll_y >= self.max_scroll_y
            self._relayout()
            self.laid_out_width = width
            if at_end:  # now, for this frame: the anchor moves it only at the next layout
                self.scroll_end(animate=False, immediate=True, x_axis=False)
        return super().render_lines(crop)

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

    def write_earlier(self, log: ThreadLog) -> None:
        """The line above the texts that says older ones are there (none when all are drawn)."""
        if self._first:
            log.add(Text(f"↑ {self._first:,} earlier texts: scroll up to show them", "dim"),
                    scroll_end=False)

    def forget(self) -> None:
        """Draw everything again on the next show (the service behind the desk was replaced)."""
        self._number, self._shown, self._first = None, {}, None
        self.query_one(f"#{self.LOG_ID}", RichLog).clear()  # type: ignore[attr-defined]

    def relayout(self) -> None:
        """Draw the same texts again at the log's new width (`_first` is kept)."""
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
