"""The app's text boxes take a burst of keys in the order they came.

Keys come in bursts when text is pasted through tmux or a macro tool, or when a busy classroom
server reads several at once. Textual's `Input` types a printable key as soon as it reaches the
box, but runs its editing keys (backspace, arrows, Enter) as bindings once the key has bubbled up
to the app (Textualize/textual#6605): "ab⌫c" became "abc" less its c, i.e. "ab".
"""

from __future__ import annotations

from textual import events

from tests.support.ui import SIZE, make_app


def burst(app, keys: list[str]) -> None:
    """Post `keys` to the app at once, as a terminal read of several keys does."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_a_burst_of_keys_is_typed_in_its_order() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")  # the reply box
        box = app.focused
        burst(app, ["a", "b", "backspace", "c", "left", "left", "x", "end", "d"])
        await pilot.pause()
        assert box.value == "xacd"


async def test_enter_in_a_burst_sends_what_was_typed_before_it() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")  # the reply box, to Jane Doe (opted in: replies go now)
        burst(app, ["h", "i", "enter", "x"])
        await pilot.pause()
        sent = [m.body for m in app.service.messages() if m.direction.value == "out"]
        assert sent[-1:] == ["hi"]
