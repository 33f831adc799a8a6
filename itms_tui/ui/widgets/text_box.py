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
from textual import events
from textual.binding import BindingsMap
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


#: Input's own editing keys (backspace, arrows, Enter, …) and the action each runs.
EDITING_KEYS = {key: bindings[0].action
                for key, bindings in BindingsMap(Input.BINDINGS).key_to_bindings.items()}


class TextBox(Input):
    """An `Input` whose value is drawn inert (its stand-ins are one character each), and which
    takes a burst of keys in the order they came."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.highlighter is None:
            self.highlighter = _InertView(self)

    async def on_key(self, event: events.Key) -> None:
        # Input types a printable key as it reaches the box, but runs its editing keys as
        # bindings once the key has bubbled up to the app (Textualize/textual#6605): in a burst
        # (text pasted through tmux, a busy classroom server) "ab⌫c" became "ab". Run them here,
        # in turn; a key whose action is refused goes on up as before.
        action = next((EDITING_KEYS[key] for key in event.aliases if key in EDITING_KEYS), None)
        if action is not None and await self.app.run_action(action, self):
            event.stop()
            event.prevent_default()

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # The app may keep some keys from its boxes (ItmsApp.keys_kept_from_text_boxes; an app
        # of another kind keeps none).
        if key in getattr(self.app, "keys_kept_from_text_boxes", ()):
            return False
        return super().check_consume_key(key, character)
