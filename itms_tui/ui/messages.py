"""App-level Textual messages. Engine events arrive batched, one batch per user action."""

from __future__ import annotations

from textual.message import Message

from ..core.events import Event


class EngineChanged(Message):
    """The simulated ITMS did something; widgets re-render from the events it reported."""

    def __init__(self, events: tuple[Event, ...]) -> None:
        super().__init__()
        self.events = events

