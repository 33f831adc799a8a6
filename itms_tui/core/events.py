"""What the simulated ITMS and the bus tell their subscribers. Immutable, named in the past tense.

The app turns these into Textual messages; the scenario runner records them for expectations and
transcripts. Messages are copied into the event, so a subscriber sees the text as it was then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .models import AuditEntry, InboxItem, Message
from .names import Actor, ConsentState, ErrorCode, MessageStatus


@dataclass(frozen=True)
class Event:
    at: datetime


@dataclass(frozen=True)
class MessageQueued(Event):
    """A text entered the bus: outbound from ITMS, or inbound from a phone."""

    message: Message


@dataclass(frozen=True)
class MessageStatusChanged(Event):
    message: Message
    before: MessageStatus


@dataclass(frozen=True)
class MessageDelivered(Event):
    """A text reached its recipient; a `duplicate` fault delivers it twice (two events)."""

    message: Message
    copy: int


@dataclass(frozen=True)
class ConsentChanged(Event):
    number: str
    before: ConsentState
    after: ConsentState
    cause: str
    actor: Actor


@dataclass(frozen=True)
class ActionRefused(Event):
    action: str
    code: ErrorCode
    sentence: str
    number: str | None
    account_id: str | None
    actor: Actor


@dataclass(frozen=True)
class AuditRecorded(Event):
    entry: AuditEntry


@dataclass(frozen=True)
class InboxChanged(Event):
    item: InboxItem


@dataclass(frozen=True)
class AccountChanged(Event):
    account_id: str


@dataclass(frozen=True)
class ClockMoved(Event):
    before: datetime


@dataclass(frozen=True)
class SettingsChanged(Event):
    names: tuple[str, ...]


@dataclass(frozen=True)
class FaultInjected(Event):
    number: str
    kind: str
    count: int
    direction: str
