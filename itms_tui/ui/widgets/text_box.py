"""The app's one-line edit box: an `Input` that never draws a control character raw.

Textual's `Input` draws its value as it is, so a value set by a program (the reply box that
`play` fills with a scenario's `text:`, a search box filled from a file) could send OSC 0/2/52 or
a bidi override straight to the terminal. `TextBox` draws it through `itms_tui.inert.inert_box`,
which keeps every character one character, so the cursor and the selection stay where they are in
the value; the value itself, what a handler reads and the service receives, is what was typed.
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from ...inert import inert_box


class _InertView(Highlighter):
    """The box's view of its value: `Input` draws what its highlighter returns."""

    def __init__(self, box: Input) -> None:
        self._box = box

    def highlight(self, text: Text) -> None:
        # Rich has already dropped some controls (BEL, CR, …) from `text`, which would shift the
        # cursor: the view is built from the value itself, one character for each.
        text.plain = inert_box(self._box.value)


class TextBox(Input):
    """An `Input` whose value is drawn inert (its stand-ins are one character each)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.highlighter is None:
            self.highlighter = _InertView(self)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # The app may keep some keys from its boxes (ItmsApp.keys_kept_from_text_boxes; an app
        # of another kind keeps none).
        if key in getattr(self.app, "keys_kept_from_text_boxes", ()):
            return False
        return super().check_consume_key(key, character)
