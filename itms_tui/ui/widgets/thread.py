"""What the desk's conversation and the phone share: one number's texts drawn into a log."""

from __future__ import annotations

from textual.widgets import RichLog


class ThreadView:
    """Bookkeeping for a widget that draws a number's texts into the RichLog `#LOG_ID` and
    redraws it only when it must. The widget defines `show(service, number, events=())` and
    keeps `_number` (the number drawn) and `_shown` (what is on screen, with its status)."""

    LOG_ID: str
    _number: str | None
    _shown: dict

    def forget(self) -> None:
        """Draw everything again on the next show (the service behind the desk was replaced)."""
        self._number, self._shown = None, {}
        self.query_one(f"#{self.LOG_ID}", RichLog).clear()  # type: ignore[attr-defined]

    def on_resize(self) -> None:
        # Lines and bubbles are laid out at the log's width when written, so write them again
        # when it changes (at 80x24, F2 showed bubbles drawn while the pane was hidden: one
        # column wide).
        if self._number is not None:
            number, self._number = self._number, None
            self.show(self.app.service, number)  # type: ignore[attr-defined]
