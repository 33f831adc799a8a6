"""The small world the engine tests share, and helpers that read the service like a tester would."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from itms_tui.core.models import Message
from itms_tui.core.names import Direction
from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world

START = "2026-03-02T10:00:00-05:00"  # a Monday, inside the 08:00-21:00 window in Boston
EASTERN = "+16175550101"  # Boston: America/New_York only
IDAHO = "+12085550123"  # area code 208: America/Boise and America/Los_Angeles
SHARED = "+16175550150"  # listed by account 1002 first, then 1003
NEW = "+16175550160"  # on no account: for add_phone
UNKNOWN = "+16175550999"  # on no account: texts in as a stranger
INVALID = "12345"

COMPANY = {
    "name": "Acme Recovery",
    "phone": "+18005550100",
    "va_url": "https://pay.example.com/va",
    "timezone": "America/New_York",
}


def world_spec(
    settings: dict[str, Any] | None = None,
    consent: dict[str, str] | None = None,
    clock: str = START,
) -> dict[str, Any]:
    return {
        "company": dict(COMPANY),
        "clock": clock,
        "settings": settings or {},
        "clients": [
            {"id": "MED", "name": "Acme Medical", "business_type": "medical", "auto_opt_in": False},
            {"id": "UTIL", "name": "City Power", "business_type": "utility", "auto_opt_in": True},
        ],
        "accounts": [
            {"id": "1001", "consumer": "Jane Doe", "client": "MED", "balance": "1250.00",
             "phones": [EASTERN]},
            {"id": "1002", "consumer": "John Roe", "client": "MED", "balance": "300.00",
             "phones": [IDAHO, SHARED]},
            {"id": "1003", "consumer": "John Roe", "client": "MED", "balance": "75.50",
             "phones": [SHARED]},
            {"id": "2001", "consumer": "Pat Poe", "client": "UTIL", "balance": "90.00",
             "phones": []},
        ],
        "consent": consent or {},
    }


def make_service(
    settings: dict[str, Any] | None = None,
    consent: dict[str, str] | None = None,
    clock: str = START,
) -> ItmsService:
    return ItmsService(build_world(world_spec(settings, consent, clock)))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def outbound(svc: ItmsService, number: str) -> list[Message]:
    return [m for m in svc.thread(number) if m.direction is Direction.OUT]


def inbound(svc: ItmsService, number: str) -> list[Message]:
    return [m for m in svc.thread(number) if m.direction is Direction.IN]


def sent_templates(svc: ItmsService, number: str) -> list[str | None]:
    return [m.template for m in outbound(svc, number)]


def last_out(svc: ItmsService, number: str) -> Message:
    messages = outbound(svc, number)
    assert messages, f"no outbound text to {number}"
    return messages[-1]


def audit_events(svc: ItmsService, number: str | None = None) -> list[str]:
    return [e.event for e in svc.audit() if number is None or e.number == number]


def state(svc: ItmsService, number: str) -> str:
    return svc.consent(number).state.value


def opt_in_with_pin(svc: ItmsService, account: str, number: str) -> None:
    assert svc.send_opt_in_request(account, number).ok
    assert svc.consumer_text(number, "YES").ok
    pin = svc.pin_for_consumer(number)
    assert pin is not None
    assert svc.enter_auth_code(account, number, pin).ok
    assert state(svc, number) == "opted_in"


def quick_opt_in(svc: ItmsService, account: str, number: str) -> None:
    assert svc.quick_opt_in(account, number).ok
    assert svc.consumer_text(number, "YES").ok
    assert state(svc, number) == "opted_in"


def advance(svc: ItmsService, **delta: float) -> None:
    assert svc.advance(timedelta(**delta)).ok
