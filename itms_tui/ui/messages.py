"""App-level Textual messages. Engine events arrive batched, one batch per user action."""

from __future__ import annotations

from textual.message import Message

from ..core.events import Event
from ..core.service import ItmsService


class EngineChanged(Message):
    """The simulated ITMS did something; widgets re-render from the events it reported.

    A batch means something only against the service that reported it: a mode that swaps the
    service (the next exercise, a retry) may do so while a batch of the old one is still queued
    for a screen, and that screen must let it go (`is_from`)."""

    def __init__(self, events: tuple[Event, ...], service: ItmsService) -> None:
        super().__init__()
        self.events = events
        self.service = service

    def is_from(self, service: ItmsService) -> bool:
        return self.service is service

