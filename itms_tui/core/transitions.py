"""The consent transitions of SPEC.md section 3 as data, and what the rules allow a number now.

`TRANSITIONS` lists every change of state the service can make (before, after, cause); the
consent diagram draws it and `itms-tui coverage` counts against it. The refusal checks below are
the ones the service applies, so "what would be refused now" is asked of the rules themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Consent
from .names import Actor, AuditEvent, ConsentState, ErrorCode, RequestMethod
from .settings import Settings

_NONE, _YES, _PIN, _IN, _OUT = (ConsentState.NONE, ConsentState.AWAITING_YES,
                                ConsentState.AWAITING_PIN, ConsentState.OPTED_IN,
                                ConsentState.OPTED_OUT)
#: The states from which a revocation moves a number (an opted-out number stays as it is).
_REVOCABLE = (_NONE, _YES, _PIN, _IN)


@dataclass(frozen=True)
class Transition:
    before: ConsentState
    after: ConsentState
    cause: AuditEvent
    #: Who can cause it.
    actors: tuple[Actor, ...]

    @property
    def key(self) -> str:
        """`none → awaiting_yes (opt_in_request)`."""
        return f"{self.before.value} → {self.after.value} ({self.cause.value})"


def _each(befores: tuple[ConsentState, ...], after: ConsentState, cause: AuditEvent,
          *actors: Actor) -> tuple[Transition, ...]:
    return tuple(Transition(before, after, cause, actors) for before in befores)


#: Every consent change the service makes. A request to a number awaiting its PIN first voids
#: the PIN (awaiting_pin → none), then asks again (none → awaiting_yes).
TRANSITIONS: tuple[Transition, ...] = (
    *_each((_NONE, _YES), _YES, AuditEvent.OPT_IN_REQUEST, Actor.AGENT, Actor.SUPERVISOR),
    *_each((_NONE, _OUT), _YES, AuditEvent.SIGNUP, Actor.CONSUMER),
    Transition(_YES, _PIN, AuditEvent.YES, (Actor.CONSUMER,)),
    Transition(_YES, _IN, AuditEvent.YES, (Actor.CONSUMER,)),
    Transition(_PIN, _IN, AuditEvent.PIN_ACCEPTED, (Actor.AGENT,)),
    *_each((_NONE, _YES, _PIN), _IN, AuditEvent.AUTO_OPT_IN, Actor.SYSTEM),
    *_each(_REVOCABLE, _OUT, AuditEvent.KEYWORD_OPT_OUT, Actor.CONSUMER),
    *_each(_REVOCABLE, _OUT, AuditEvent.AGENT_OPT_OUT, Actor.AGENT),
    Transition(_PIN, _NONE, AuditEvent.PIN_VOIDED, (Actor.AGENT, Actor.SUPERVISOR, Actor.SYSTEM)),
    Transition(_PIN, _NONE, AuditEvent.PIN_EXPIRED, (Actor.SYSTEM,)),
)

TRANSITION_KEYS: frozenset[tuple[ConsentState, ConsentState, str]] = frozenset(
    (t.before, t.after, t.cause.value) for t in TRANSITIONS
)


def is_known_transition(before: ConsentState, after: ConsentState, cause: str) -> bool:
    return (before, after, cause) in TRANSITION_KEYS


# -- the refusal checks the service applies ---------------------------------------------------------

#: The codes that can stop an opt-in request once account and phone are fine (section 3).
REQUEST_REFUSALS: tuple[ErrorCode, ...] = (
    ErrorCode.ALREADY_OPTED_IN, ErrorCode.OPTED_OUT, ErrorCode.MAX_INVITATIONS,
)


def request_refusal(consent: Consent, settings: Settings, *, limited: bool = True) -> ErrorCode | None:
    """Why an opt-in request may not go to the number now, if it may not."""
    if consent.state is _IN:
        return ErrorCode.ALREADY_OPTED_IN
    if consent.state is _OUT:
        return ErrorCode.OPTED_OUT
    if limited and consent.unanswered_invitations >= settings.max_invitations:
        return ErrorCode.MAX_INVITATIONS
    return None


def text_refusal(state: ConsentState) -> ErrorCode | None:
    """Why an agent's or supervisor's text may not go to a number in `state`, if it may not."""
    if state is _OUT:
        return ErrorCode.OPTED_OUT
    if state is not _IN:
        return ErrorCode.NOT_OPTED_IN
    return None


def opt_out_refusal(state: ConsentState) -> ErrorCode | None:
    """An agent may not opt out a number that already is."""
    return ErrorCode.OPTED_OUT if state is _OUT else None


def pin_refusal(consent: Consent) -> ErrorCode | None:
    """Why no code can be checked now: no PIN outstanding, or only an expired one."""
    if consent.pin is not None:
        return None
    return ErrorCode.CODE_EXPIRED if consent.expired_pin is not None else ErrorCode.NO_PENDING_PIN


# -- what could happen to a number now --------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One thing someone could do to a number now: the change it would make, or its refusal."""

    #: What is done, in a person's words: "agent's request".
    action: str
    actor: Actor
    before: ConsentState
    #: The state it leads to, or would lead to were it not refused.
    target: ConsentState
    cause: AuditEvent
    #: The code the rules would refuse it with now.
    refusal: ErrorCode | None = None

    @property
    def refused(self) -> bool:
        return self.refusal is not None

    @property
    def after(self) -> ConsentState:
        """The state the number is in once the move is done (unchanged when refused)."""
        return self.before if self.refused else self.target


#: The move a number joining an auto opt-in client's account makes (add_phone, link_number).
AUTO_OPT_IN_MOVE = "auto opt-in client"
#: The move each desk or supervisor action makes, by its scenario name (for an auto opt-in
#: client's account, add_phone and link_number make AUTO_OPT_IN_MOVE instead).
ACTION_MOVES: dict[str, str] = {
    "send_opt_in_request": "agent's request",
    "quick_opt_in": "agent's request",
    "arrange_payment_plan": "agent's request",
    "link_number": "agent's request",
    "enter_auth_code": "agent's PIN",
    "opt_out": "agent's opt-out",
}


def moves(consent: Consent, settings: Settings) -> tuple[Move, ...]:
    """What each party could do to `consent`'s number now, by the service's own rules."""
    state = consent.state
    found: list[Move] = []

    def add(action: str, actor: Actor, target: ConsentState, cause: AuditEvent,
            refusal: ErrorCode | None = None) -> None:
        found.append(Move(action, actor, state, target, cause, refusal))

    # A request to a number awaiting its PIN voids the PIN and asks again: it ends awaiting YES.
    add("agent's request", Actor.AGENT, _YES, AuditEvent.OPT_IN_REQUEST,
        request_refusal(consent, settings))
    if state is _YES:
        pin_flow = consent.method is RequestMethod.AGENT
        add("consumer's YES", Actor.CONSUMER, _PIN if pin_flow else _IN, AuditEvent.YES)
    if state is _PIN:
        add("agent's PIN", Actor.AGENT, _IN, AuditEvent.PIN_ACCEPTED)
        add("PIN expires", Actor.SYSTEM, _NONE, AuditEvent.PIN_EXPIRED)
    else:
        add("agent's PIN", Actor.AGENT, _IN, AuditEvent.PIN_ACCEPTED, pin_refusal(consent))
    if state in (_NONE, _OUT):
        add("consumer's SIGNUP", Actor.CONSUMER, _YES, AuditEvent.SIGNUP)
    if state in (_NONE, _YES, _PIN):
        add(AUTO_OPT_IN_MOVE, Actor.SYSTEM, _IN, AuditEvent.AUTO_OPT_IN)
    if state is not _OUT:
        add("consumer's STOP", Actor.CONSUMER, _OUT, AuditEvent.KEYWORD_OPT_OUT)
    add("agent's opt-out", Actor.AGENT, _OUT, AuditEvent.AGENT_OPT_OUT, opt_out_refusal(state))
    return tuple(found)
