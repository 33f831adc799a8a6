"""Every world the tests build, from one company and one pair of clients: as `world:` data for the
core (`build_world`), as the YAML a scenario file holds, or (a months-old session) built. Each
function returns a fresh copy, so a test may change what it gets. (The app's own demo world is in
`tests.support.ui`.) bench/ builds its worlds from here too."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from itms_tui.core.models import AuditEntry, Message
from itms_tui.core.names import Actor, ConsentState, Direction, MessageStatus
from itms_tui.core.world import World, build_world

#: Every PIN the service draws in the tests (tests/conftest.py fixes it).
PIN = "4821"

# -- numbers, by where they are -------------------------------------------------------------------

BOSTON = "+16175550101"  # America/New_York only: Jane Doe's
BOSTON_WORK = "+16175550102"  # Jane Doe's second number
IDAHO = "+12085550123"  # area code 208: America/Boise and America/Los_Angeles
LOS_ANGELES = "+13105550110"
NEW_YORK = "+16465550124"
CHICAGO = "+13125550188"
BOSTON_SPARE = "+16175550144"
STRANGER = "+17185550199"  # on no account

COMPANY = {
    "name": "Acme Recovery",
    "phone": "+18005550100",
    "va_url": "https://pay.example.com/va",
    "timezone": "America/New_York",
}
MEDICAL = {"id": "MED", "name": "Acme Medical", "business_type": "medical", "auto_opt_in": False}
UTILITY = {"id": "UTIL", "name": "City Power", "business_type": "utility", "auto_opt_in": True}
MONDAY_10AM = "2026-03-02T10:00:00-05:00"  # inside the 08:00-21:00 window in Boston


def account(account_id: str, consumer: str, client: str, balance: str, *phones: str) -> dict[str, Any]:
    return {"id": account_id, "consumer": consumer, "client": client, "balance": balance,
            "phones": list(phones)}


def world(
    *accounts: dict[str, Any],
    clock: str = MONDAY_10AM,
    clients: tuple[dict[str, Any], ...] = (MEDICAL, UTILITY),
    settings: dict[str, Any] | None = None,
    consent: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A world of `accounts` at Acme Recovery, as `build_world` takes it."""
    return copy.deepcopy({
        "company": COMPANY,
        "clock": clock,
        "settings": settings or {},
        "clients": list(clients),
        "accounts": list(accounts),
        "consent": consent or {},
    })


# -- the worlds -----------------------------------------------------------------------------------

#: The engine tests' numbers (tests/core): one in each situation the rules tell apart.
EASTERN = BOSTON
SHARED = "+16175550150"  # listed by account 1002 first, then 1003
NEW = "+16175550160"  # on no account: for add_phone
UNKNOWN = "+16175550999"  # on no account: texts in as a stranger
INVALID = "12345"


def engine_world(settings: dict[str, Any] | None = None, consent: dict[str, str] | None = None,
                 clock: str = MONDAY_10AM) -> dict[str, Any]:
    """Four accounts: one number alone, a two-zone number, a number on two accounts, no number."""
    return world(
        account("1001", "Jane Doe", "MED", "1250.00", EASTERN),
        account("1002", "John Roe", "MED", "300.00", IDAHO, SHARED),
        account("1003", "John Roe", "MED", "75.50", SHARED),
        account("2001", "Pat Poe", "UTIL", "90.00"),
        clock=clock, settings=settings, consent=consent,
    )


def property_world() -> dict[str, Any]:
    """For the state machine: at 19:30 Eastern the window is open and closes after a clock move or
    two; PINs last 2 hours; one number is on two accounts, one starts opted out."""
    return world(
        account("1001", "Jane Doe", "MED", "1250.00", BOSTON),
        account("1002", "Jane Doe", "MED", "90.00", BOSTON, IDAHO),
        account("2001", "Sam Ortiz", "UTIL", "300.00", LOS_ANGELES),
        clock="2026-03-02T19:30:00-05:00",
        settings={"max_invitations": 3, "pin_ttl": "2h"},
        consent={LOS_ANGELES: "opted_out"},
    )


def evening_world() -> dict[str, Any]:
    """20:30 Eastern, no agent on duty: a session with a held text and a stranger waiting."""
    return world(
        account("1001", "Jane Doe", "MED", "1250.00", BOSTON, IDAHO),
        clock="2026-03-02T20:30:00-05:00",
        clients=(MEDICAL,),
        settings={"max_invitations": 2, "agents_available": False},
        consent={IDAHO: "opted_in"},
    )


def recorder_world() -> dict[str, Any]:
    """Jane with two numbers, Sam with one, Maria with none at an auto opt-in client."""
    return world(
        account("1001", "Jane Doe", "MED", "1250.00", BOSTON, BOSTON_WORK),
        account("2001", "Sam Ortiz", "MED", "80.25", CHICAGO),
        account("3001", "Maria Lopez", "UTIL", "310.00"),
    )


def long_session_world(texts: int, audit: int = 0) -> World:
    """A months-old session: one opted-in number whose thread holds `texts` texts ("Text number
    N.", the odd ones the agent's), and `audit` more audit entries than the world starts with."""
    built = build_world(world(account("1", "Pat Long", "C", "10.00", BOSTON),
                              clients=({"id": "C", "name": "Client", "business_type": "x",
                                        "auto_opt_in": False},),
                              consent={BOSTON: "opted_in"}))
    start = datetime.fromisoformat("2026-01-01T10:00:00-05:00")
    for i in range(1, texts + 1):
        at = start + timedelta(minutes=i)
        outbound = i % 2 == 1
        built.messages.append(Message(
            id=i, direction=Direction.OUT if outbound else Direction.IN, number=BOSTON,
            body=f"Text number {i}.", template=None, status=MessageStatus.DELIVERED,
            created_at=at, account_id="1", actor=Actor.AGENT if outbound else Actor.CONSUMER,
            sent_at=at, delivered_at=at, status_at=at, deliveries=1))
    first = len(built.audit) + 1
    for seq in range(first, first + audit):
        built.audit.append(AuditEntry(
            seq=seq, at=start + timedelta(minutes=seq), number=BOSTON,
            before=ConsentState.OPTED_IN, after=ConsentState.OPTED_IN, event=f"entry_{seq}",
            actor=Actor.SYSTEM))
    return built


# -- the same, as the `world:` of a scenario file ------------------------------------------------

#: A world with one account and one number: every default resolves to them.
ONE_WORLD = """\
world:
  company: {name: Acme Recovery, phone: "+18005550100", va_url: "https://pay.example.com/va",
            timezone: America/New_York}
  clock: "2026-03-02T10:00:00-05:00"
  clients:
    - {id: MED, name: Acme Medical, business_type: medical, auto_opt_in: false}
  accounts:
    - {id: "1001", consumer: Jane Doe, client: MED, balance: 1250.00, phones: ["+16175550101"]}
"""

#: Two accounts, three numbers: defaults must come from earlier steps.
TWO_WORLD = """\
world:
  company: {name: Acme Recovery, phone: "+18005550100", va_url: "https://pay.example.com/va",
            timezone: America/New_York}
  clock: "2026-03-02T10:00:00-05:00"
  clients:
    - {id: MED, name: Acme Medical, business_type: medical, auto_opt_in: false}
    - {id: UTIL, name: City Power, business_type: utility, auto_opt_in: true}
  accounts:
    - {id: "1001", consumer: Jane Doe, client: MED, balance: 1250.00,
       phones: ["+16175550101", "+16175550102"]}
    - {id: "1002", consumer: Sam Ortiz, client: UTIL, balance: 80, phones: ["+12085550123"]}
"""

#: The trainee exercises' world: Jane with two numbers, Sam in Idaho; CLOCK and CONSENT are
#: filled in by `tests.support.training.exercise_text`.
EXERCISE_WORLD = """\
world:
  company: {name: Acme Recovery, phone: "+18005550100", va_url: "https://pay.example.com/va",
            timezone: America/New_York}
  clock: "CLOCK"
  clients:
    - {id: MED, name: Acme Medical, business_type: medical, auto_opt_in: false}
  accounts:
    - {id: "1001", consumer: Jane Doe, client: MED, balance: 1250.00,
       phones: ["+16175550101", "+16175550102"]}
    - {id: "1002", consumer: Sam Ortiz, client: MED, balance: 80.00, phones: ["+12085550123"]}
  consent: CONSENT
"""
