"""The world ITMS works on: company, clients, accounts, consent per number, messages, audit, inbox.

Every record turns into plain JSON-able data (`to_data`) and back (`from_data`), which is how the
store persists it and how transcripts print it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from .names import (
    Actor,
    ConsentState,
    Direction,
    ErrorCode,
    MessageStatus,
    Queue,
    RequestMethod,
)

_ERROR_CODES = frozenset(code.value for code in ErrorCode)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


@dataclass
class Company:
    name: str
    phone: str
    va_url: str
    timezone: str
    country: str = "US"

    def to_data(self) -> dict[str, Any]:
        return dict(vars(self))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Company:
        return cls(**data)


@dataclass
class Client:
    id: str
    name: str
    business_type: str = ""
    auto_opt_in: bool = False

    def to_data(self) -> dict[str, Any]:
        return dict(vars(self))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Client:
        return cls(**data)


@dataclass
class PaymentPlan:
    arranged_at: datetime
    amount: Decimal | None
    phone: str

    def to_data(self) -> dict[str, Any]:
        return {
            "arranged_at": _time(self.arranged_at),
            "amount": str(self.amount) if self.amount is not None else None,
            "phone": self.phone,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PaymentPlan:
        amount = data.get("amount")
        return cls(
            arranged_at=datetime.fromisoformat(data["arranged_at"]),
            amount=Decimal(amount) if amount is not None else None,
            phone=data["phone"],
        )


@dataclass
class Account:
    id: str
    consumer: str
    client: str
    balance: Decimal
    phones: list[str] = field(default_factory=list)
    agent: str | None = None
    payment_plans: list[PaymentPlan] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "consumer": self.consumer,
            "client": self.client,
            "balance": str(self.balance),
            "phones": list(self.phones),
            "agent": self.agent,
            "payment_plans": [plan.to_data() for plan in self.payment_plans],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Account:
        return cls(
            id=data["id"],
            consumer=data["consumer"],
            client=data["client"],
            balance=Decimal(data["balance"]),
            phones=list(data.get("phones", [])),
            agent=data.get("agent"),
            payment_plans=[PaymentPlan.from_data(p) for p in data.get("payment_plans", [])],
        )


@dataclass
class Pin:
    """A PIN sent to a number. Only a salted hash is kept: the PIN itself is never stored."""

    salt: str
    digest: str
    issued_at: datetime
    expires_at: datetime
    wrong_attempts: int = 0

    def to_data(self) -> dict[str, Any]:
        return {
            "salt": self.salt,
            "digest": self.digest,
            "issued_at": _time(self.issued_at),
            "expires_at": _time(self.expires_at),
            "wrong_attempts": self.wrong_attempts,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Pin:
        return cls(
            salt=data["salt"],
            digest=data["digest"],
            issued_at=datetime.fromisoformat(data["issued_at"]),
            expires_at=datetime.fromisoformat(data["expires_at"]),
            wrong_attempts=data.get("wrong_attempts", 0),
        )


@dataclass
class Consent:
    """Consent belongs to the number, whatever accounts list it."""

    number: str
    state: ConsentState = ConsentState.NONE
    #: The method of the request outstanding or last completed.
    method: RequestMethod | None = None
    #: Opt-in requests never answered YES (reset on reaching opted_in).
    unanswered_invitations: int = 0
    #: The PIN awaiting entry (state awaiting_pin).
    pin: Pin | None = None
    #: A PIN that lapsed, kept so entering it says `code_expired` until a new request replaces it.
    expired_pin: Pin | None = None
    updated_at: datetime | None = None
    #: When the last `no_one_available` reply went out (it goes once per 24 hours).
    no_one_available_at: datetime | None = None
    #: Whether this number has sent a text that is not a keyword (the optional `welcome` greets
    #: the first such text).
    has_texted: bool = False

    def to_data(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "state": self.state.value,
            "method": self.method.value if self.method else None,
            "unanswered_invitations": self.unanswered_invitations,
            "pin": self.pin.to_data() if self.pin else None,
            "expired_pin": self.expired_pin.to_data() if self.expired_pin else None,
            "updated_at": _time(self.updated_at),
            "no_one_available_at": _time(self.no_one_available_at),
            "has_texted": self.has_texted,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Consent:
        return cls(
            number=data["number"],
            state=ConsentState(data["state"]),
            method=RequestMethod(data["method"]) if data.get("method") else None,
            unanswered_invitations=data.get("unanswered_invitations", 0),
            pin=Pin.from_data(data["pin"]) if data.get("pin") else None,
            expired_pin=Pin.from_data(data["expired_pin"]) if data.get("expired_pin") else None,
            updated_at=_parse_time(data.get("updated_at")),
            no_one_available_at=_parse_time(data.get("no_one_available_at")),
            has_texted=data.get("has_texted", False),
        )


@dataclass
class Message:
    id: int
    direction: Direction
    number: str
    body: str
    template: str | None
    status: MessageStatus
    created_at: datetime
    account_id: str | None = None
    actor: Actor = Actor.SYSTEM
    #: For a held text: when the send window lets it go.
    release_at: datetime | None = None
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    status_at: datetime | None = None
    #: The carrier outcome of a failed text (BOUNCED, BLOCKED, SPAM).
    carrier_status: str | None = None
    #: The inbound text this message answers (a HELP answer names the HELP it answers).
    reply_to: int | None = None
    #: How many times the phone (or ITMS) received it: 2 after a `duplicate` fault.
    deliveries: int = 0
    #: When a delayed text reaches its recipient.
    deliver_at: datetime | None = None
    #: Where the PIN sits in an `opt_in_pin` body: the consumer reads it from the text itself.
    pin_span: tuple[int, int] | None = None

    def snapshot(self) -> Message:
        """A copy frozen in time for an event (every field is immutable, so shallow is enough).

        Built without __init__ because the bus takes one per status change: it is on the hot path.
        """
        copy = object.__new__(Message)
        copy.__dict__.update(self.__dict__)
        return copy

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "direction": self.direction.value,
            "number": self.number,
            "body": self.body,
            "template": self.template,
            "status": self.status.value,
            "created_at": _time(self.created_at),
            "account_id": self.account_id,
            "actor": self.actor.value,
            "release_at": _time(self.release_at),
            "sent_at": _time(self.sent_at),
            "delivered_at": _time(self.delivered_at),
            "status_at": _time(self.status_at),
            "carrier_status": self.carrier_status,
            "reply_to": self.reply_to,
            "deliveries": self.deliveries,
            "deliver_at": _time(self.deliver_at),
            "pin_span": list(self.pin_span) if self.pin_span else None,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Message:
        return cls(
            id=data["id"],
            direction=Direction(data["direction"]),
            number=data["number"],
            body=data["body"],
            template=data.get("template"),
            status=MessageStatus(data["status"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            account_id=data.get("account_id"),
            actor=Actor(data.get("actor", Actor.SYSTEM)),
            release_at=_parse_time(data.get("release_at")),
            sent_at=_parse_time(data.get("sent_at")),
            delivered_at=_parse_time(data.get("delivered_at")),
            status_at=_parse_time(data.get("status_at")),
            carrier_status=data.get("carrier_status"),
            reply_to=data.get("reply_to"),
            deliveries=data.get("deliveries", 0),
            deliver_at=_parse_time(data.get("deliver_at")),
            pin_span=tuple(data["pin_span"]) if data.get("pin_span") else None,
        )


@dataclass(frozen=True)
class AuditEntry:
    """One consent change or refusal. The log is append-only."""

    seq: int
    at: datetime
    number: str | None
    before: ConsentState | None
    after: ConsentState | None
    event: str
    actor: Actor
    reason: str = ""
    account_id: str | None = None
    message_id: int | None = None
    method: RequestMethod | None = None

    @property
    def is_refusal(self) -> bool:
        return self.event in _ERROR_CODES

    def to_data(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": _time(self.at),
            "number": self.number,
            "before": self.before.value if self.before else None,
            "after": self.after.value if self.after else None,
            "event": self.event,
            "actor": self.actor.value,
            "reason": self.reason,
            "account_id": self.account_id,
            "message_id": self.message_id,
            "method": self.method.value if self.method else None,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AuditEntry:
        return cls(
            seq=data["seq"],
            at=datetime.fromisoformat(data["at"]),
            number=data.get("number"),
            before=ConsentState(data["before"]) if data.get("before") else None,
            after=ConsentState(data["after"]) if data.get("after") else None,
            event=data["event"],
            actor=Actor(data["actor"]),
            reason=data.get("reason", ""),
            account_id=data.get("account_id"),
            message_id=data.get("message_id"),
            method=RequestMethod(data["method"]) if data.get("method") else None,
        )


@dataclass
class InboxItem:
    """An inbound text waiting for a person: in the agent's inbox or the supervisor's queue."""

    message_id: int
    number: str
    body: str
    at: datetime
    queue: Queue
    account_id: str | None = None
    #: Why the text may be an opt-out that a person must judge; None when it is not one.
    possible_opt_out: str | None = None
    answered: bool = False
    #: What resolved a possible opt-out: the audit event of an opt-out or of the agent's
    #: dismissal, or `opted_out` when the number had already opted out when it came in.
    resolved_by: str | None = None

    @property
    def awaiting_decision(self) -> bool:
        """A possible opt-out nobody has resolved yet (SPEC flow 10)."""
        return self.possible_opt_out is not None and self.resolved_by is None

    def to_data(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "number": self.number,
            "body": self.body,
            "at": _time(self.at),
            "queue": self.queue.value,
            "account_id": self.account_id,
            "possible_opt_out": self.possible_opt_out,
            "answered": self.answered,
            "resolved_by": self.resolved_by,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> InboxItem:
        return cls(
            message_id=data["message_id"],
            number=data["number"],
            body=data["body"],
            at=datetime.fromisoformat(data["at"]),
            queue=Queue(data["queue"]),
            account_id=data.get("account_id"),
            possible_opt_out=data.get("possible_opt_out"),
            answered=data.get("answered", False),
            resolved_by=data.get("resolved_by"),
        )


