"""The public names of SPEC.md.

Scenario files, transcripts and scripts depend on these strings, so they never change. Every
closed list the scenario validator checks against lives here, once.
"""

from __future__ import annotations

from enum import StrEnum


class ConsentState(StrEnum):
    NONE = "none"
    AWAITING_YES = "awaiting_yes"
    AWAITING_PIN = "awaiting_pin"
    OPTED_IN = "opted_in"
    OPTED_OUT = "opted_out"


class RequestMethod(StrEnum):
    AGENT = "agent"
    QUICK = "quick"
    SUPERVISOR = "supervisor"
    PAYMENT_PLAN = "payment_plan"
    SIGNUP = "signup"


class Template(StrEnum):
    OPT_IN = "opt_in"
    OPT_IN_PIN = "opt_in_pin"
    OPTED_IN = "opted_in"
    OPTED_OUT = "opted_out"
    HELP = "help"
    LINK = "link"
    UNKNOWN_NUMBER = "unknown_number"
    WELCOME = "welcome"
    NO_ONE_AVAILABLE = "no_one_available"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class MessageStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"
    DELIVERED = "delivered"
    BLOCKED = "blocked"
    FAILED = "failed"


class CarrierStatus(StrEnum):
    """The carrier outcome a `fail` fault reports (ITMS's "Vendor Tracking Status")."""

    BOUNCED = "BOUNCED"
    BLOCKED = "BLOCKED"
    SPAM = "SPAM"


class Actor(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    CONSUMER = "consumer"
    SYSTEM = "system"


class ErrorCode(StrEnum):
    INVALID_PHONE = "invalid_phone"
    UNKNOWN_ACCOUNT = "unknown_account"
    UNKNOWN_PHONE = "unknown_phone"
    PHONE_ALREADY_ON_ACCOUNT = "phone_already_on_account"
    NOT_OPTED_IN = "not_opted_in"
    OPTED_OUT = "opted_out"
    ALREADY_OPTED_IN = "already_opted_in"
    MAX_INVITATIONS = "max_invitations"
    WRONG_CODE = "wrong_code"
    CODE_EXPIRED = "code_expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    NO_PENDING_PIN = "no_pending_pin"
    EMPTY_MESSAGE = "empty_message"


#: The sentence shown to a user (and written to the audit log) for each refusal.
ERROR_SENTENCES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_PHONE: "That is not a valid phone number.",
    ErrorCode.UNKNOWN_ACCOUNT: "There is no account with that id.",
    ErrorCode.UNKNOWN_PHONE: "That number is not on this account.",
    ErrorCode.PHONE_ALREADY_ON_ACCOUNT: "That number is already on this account.",
    ErrorCode.NOT_OPTED_IN: "The number has not opted in to texts: it must opt in first.",
    ErrorCode.OPTED_OUT: "The number has opted out: nothing may be sent until the consumer texts SIGNUP.",
    ErrorCode.ALREADY_OPTED_IN: "The number is already opted in: no request is needed.",
    ErrorCode.MAX_INVITATIONS: "This number has reached the limit of unanswered opt-in requests.",
    ErrorCode.WRONG_CODE: "That code is not the PIN the consumer was sent.",
    ErrorCode.CODE_EXPIRED: "That PIN has expired: send a new opt-in request.",
    ErrorCode.TOO_MANY_ATTEMPTS: "Too many wrong codes: the PIN is void, send a new opt-in request.",
    ErrorCode.NO_PENDING_PIN: "No PIN is outstanding for this number.",
    ErrorCode.EMPTY_MESSAGE: "The message is empty.",
}


class AuditEvent(StrEnum):
    """Causes of a consent change, and the one audited decision that changes no state.

    Refusals are audited under their `ErrorCode` instead.
    """

    OPT_IN_REQUEST = "opt_in_request"
    YES = "yes"
    PIN_ACCEPTED = "pin_accepted"
    AUTO_OPT_IN = "auto_opt_in"
    KEYWORD_OPT_OUT = "keyword_opt_out"
    AGENT_OPT_OUT = "agent_opt_out"
    SIGNUP = "signup"
    PIN_VOIDED = "pin_voided"
    PIN_EXPIRED = "pin_expired"
    NUMBER_LINKED = "number_linked"
    #: Not a change: the agent decided a flagged text is not an opt-out (flow 10).
    POSSIBLE_OPT_OUT_DISMISSED = "possible_opt_out_dismissed"


#: Every string an audit entry's `event` may hold.
AUDIT_EVENT_NAMES: tuple[str, ...] = tuple(e.value for e in AuditEvent) + tuple(
    e.value for e in ErrorCode
)


class Queue(StrEnum):
    AGENT = "agent"
    UNASSOCIATED = "unassociated"
    UNANSWERED = "unanswered"
    POSSIBLE_OPT_OUT = "possible_opt_out"


class FaultKind(StrEnum):
    DELAY = "delay"
    DROP = "drop"
    DUPLICATE = "duplicate"
    FAIL = "fail"
