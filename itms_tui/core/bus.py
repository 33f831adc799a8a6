"""The fake SMS bus: the carrier between ITMS and the phones, and the only road a text travels.

It numbers texts, moves their status (scheduled → sent → delivered, or blocked / failed), stamps
them with the simulated clock, injects the faults QA asks for, and, like a real carrier after
STOP, refuses texts to an opted-out number on its own as a second line of defence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable

from .clock import SimClock
from .events import Event, MessageDelivered, MessageQueued, MessageStatusChanged
from .models import Message
from .names import Actor, CarrierStatus, Direction, FaultKind, MessageStatus, Template

Listener = Callable[[Event], None]
InboundHandler = Callable[[Message], None]


@dataclass
class Fault:
    number: str
    kind: FaultKind
    direction: Direction = Direction.OUT
    remaining: int = 1
    duration: timedelta | None = None
    carrier_status: CarrierStatus = CarrierStatus.BOUNCED

    def to_data(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind.value,
            "direction": self.direction.value,
            "remaining": self.remaining,
            "duration_s": self.duration.total_seconds() if self.duration else None,
            "carrier_status": self.carrier_status.value,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Fault:
        seconds = data.get("duration_s")
        return cls(
            number=data["number"],
            kind=FaultKind(data["kind"]),
            direction=Direction(data["direction"]),
            remaining=data["remaining"],
            duration=timedelta(seconds=seconds) if seconds is not None else None,
            carrier_status=CarrierStatus(data["carrier_status"]),
        )


@dataclass(frozen=True)
class BusChanges:
    """What changed on the bus since its owner last asked: message ids, and the faults."""

    messages: frozenset[int]
    faults: bool


class SmsBus:
    """The carrier: numbers texts, moves their status on the simulated clock, injects faults."""

    def __init__(
        self,
        clock: SimClock,
        is_opted_out: Callable[[str], bool],
        messages: Iterable[Message] = (),
        faults: Iterable[Fault] = (),
    ) -> None:
        self._clock = clock
        self._is_opted_out = is_opted_out
        self._listeners: list[Listener] = []
        self._itms: InboundHandler | None = None
        self.messages: dict[int, Message] = {}
        self._by_number: dict[str, list[int]] = defaultdict(list)
        #: Texts waiting for a release or a delayed delivery, by id.
        self._held: set[int] = set()
        self._in_flight: dict[int, datetime] = {}
        self.faults: list[Fault] = list(faults)
        # What changed since the owner last took the changes (see `take_changes`).
        self._changed: set[int] = set()
        self._faults_changed = False
        for message in messages:
            self._index(message)

    # -- wiring -----------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def connect_itms(self, handler: InboundHandler) -> None:
        self._itms = handler

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    def _index(self, message: Message) -> None:
        self.messages[message.id] = message
        self._by_number[message.number].append(message.id)
        if message.status is MessageStatus.SCHEDULED and message.release_at is not None:
            self._held.add(message.id)
        if message.status is MessageStatus.SENT and message.deliver_at is not None:
            self._in_flight[message.id] = message.deliver_at

    # -- queries ----------------------------------------------------------------------------------

    def thread(self, number: str) -> list[Message]:
        return [self.messages[i] for i in self._by_number.get(number, ())]

    def held(self) -> list[Message]:
        return sorted((self.messages[i] for i in self._held), key=lambda m: (m.release_at, m.id))

    def next_due(self) -> datetime | None:
        """The earliest moment a held text or a delayed delivery falls due."""
        times = [self.messages[i].release_at for i in self._held]
        times.extend(self._in_flight.values())
        return min(times) if times else None

    # -- changes, for the owner's persistence -----------------------------------------------------

    def take_changes(self) -> BusChanges:
        """What changed since the last call (every message and the faults after `touch_all`)."""
        changes = BusChanges(frozenset(self._changed), self._faults_changed)
        self._changed.clear()
        self._faults_changed = False
        return changes

    def touch_all(self) -> None:
        """Count every message and the faults as changed (a new store must get them all)."""
        self._changed.update(self.messages)
        self._faults_changed = True

    # -- the ITMS side ----------------------------------------------------------------------------

    def submit(
        self,
        number: str,
        body: str,
        *,
        template: str | None,
        actor: Actor,
        account_id: str | None,
        reply_to: int | None = None,
        pin_span: tuple[int, int] | None = None,
        hold_until: datetime | None = None,
    ) -> Message:
        """Take an outbound text from ITMS; send it now, or hold it `scheduled` until a time."""
        message = self._new(Direction.OUT, number, body, template, actor, account_id)
        message.reply_to = reply_to
        message.pin_span = pin_span
        message.release_at = hold_until
        self._index(message)
        self._emit(MessageQueued(self._clock.now(), message.snapshot()))
        if hold_until is None:
            self._transmit(message)
        return message

    def release(self, message_id: int) -> None:
        """A held text's window has opened: hand it to the carrier."""
        message = self.messages[message_id]
        self._held.discard(message_id)
        self._transmit(message)

    def reschedule(self, message_id: int, release_at: datetime) -> None:
        """Move a held text's release (the send window changed while it waited)."""
        self.messages[message_id].release_at = release_at
        self._changed.add(message_id)

    def file_under(self, message_id: int, account_id: str) -> None:
        """ITMS files a text under an account (a number was linked, or found on one)."""
        self.messages[message_id].account_id = account_id
        self._changed.add(message_id)

    def block(self, message_id: int) -> None:
        """ITMS withdraws a held text (its number opted out while it waited)."""
        message = self.messages[message_id]
        self._held.discard(message_id)
        self._set_status(message, MessageStatus.BLOCKED)

    # -- the phone side ---------------------------------------------------------------------------

    def send_from_phone(self, number: str, body: str) -> Message:
        message = self._new(Direction.IN, number, body, None, Actor.CONSUMER, None)
        self._index(message)
        self._emit(MessageQueued(self._clock.now(), message.snapshot()))
        self._transmit(message)
        return message

    # -- faults -----------------------------------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        self.faults.append(fault)
        self._faults_changed = True

    def _take_fault(self, number: str, direction: Direction) -> Fault | None:
        for fault in self.faults:
            if fault.number == number and fault.direction is direction and fault.remaining > 0:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self.faults.remove(fault)
                self._faults_changed = True
                return fault
        return None

    # -- time -------------------------------------------------------------------------------------

    def deliver_due(self) -> None:
        """Deliver the delayed texts whose time has come, oldest first."""
        now = self._clock.now()
        due = sorted((at, mid) for mid, at in self._in_flight.items() if at <= now)
        for _, message_id in due:
            del self._in_flight[message_id]
            message = self.messages[message_id]
            message.deliver_at = None
            # The number may have opted out while the text was in flight: the carrier checks again.
            if not self._carrier_allows(message):
                self._set_status(message, MessageStatus.BLOCKED)
                continue
            self._deliver(message, copies=1)

    # -- internals --------------------------------------------------------------------------------

    def _new(
        self,
        direction: Direction,
        number: str,
        body: str,
        template: str | None,
        actor: Actor,
        account_id: str | None,
    ) -> Message:
        now = self._clock.now()
        message = Message(
            id=len(self.messages) + 1,
            direction=direction,
            number=number,
            body=body,
            template=template,
            status=MessageStatus.SCHEDULED,
            created_at=now,
            account_id=account_id,
            actor=actor,
            status_at=now,
        )
        self._changed.add(message.id)
        return message

    def _carrier_allows(self, message: Message) -> bool:
        if message.direction is Direction.IN or not self._is_opted_out(message.number):
            return True
        if message.template == Template.OPTED_OUT:
            return True
        if message.template == Template.HELP and message.reply_to is not None:
            asked = self.messages.get(message.reply_to)
            return asked is not None and asked.direction is Direction.IN and asked.number == message.number
        return False

    def _transmit(self, message: Message) -> None:
        if not self._carrier_allows(message):
            self._set_status(message, MessageStatus.BLOCKED)
            return
        fault = self._take_fault(message.number, message.direction)
        if fault is not None and fault.kind is FaultKind.FAIL:
            message.carrier_status = fault.carrier_status.value
            self._set_status(message, MessageStatus.FAILED)
            return
        message.sent_at = self._clock.now()
        self._set_status(message, MessageStatus.SENT)
        if fault is not None and fault.kind is FaultKind.DROP:
            return
        if fault is not None and fault.kind is FaultKind.DELAY:
            message.deliver_at = self._clock.now() + (fault.duration or timedelta(0))
            self._in_flight[message.id] = message.deliver_at
            self._changed.add(message.id)
            return
        copies = 2 if fault is not None and fault.kind is FaultKind.DUPLICATE else 1
        self._deliver(message, copies)

    def _deliver(self, message: Message, copies: int) -> None:
        message.delivered_at = self._clock.now()
        self._set_status(message, MessageStatus.DELIVERED)
        for copy in range(1, copies + 1):
            message.deliveries += 1
            self._changed.add(message.id)
            self._emit(MessageDelivered(self._clock.now(), message.snapshot(), copy))
            if message.direction is Direction.IN and self._itms is not None:
                self._itms(message)

    def _set_status(self, message: Message, status: MessageStatus) -> None:
        before = message.status
        message.status = status
        message.status_at = self._clock.now()
        self._changed.add(message.id)
        self._emit(MessageStatusChanged(self._clock.now(), message.snapshot(), before))
