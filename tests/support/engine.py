"""The engine tests' service on their world (`tests.support.worlds.engine_world`), and helpers that
read the service like a tester would."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from itms_tui.core.models import Message
from itms_tui.core.names import Direction
from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from tests.support.worlds import MONDAY_10AM, engine_world


class DealtDigits:
    """`secrets` as core/pins.py sees it, with `choice` dealing `digits` first (then drawing as
    `secrets` does): a test decides which PIN is drawn first, the real `draw_pin` still draws it.

    Use: `monkeypatch.setattr(pins, "secrets", DealtDigits("1234"))`, with the service's real
    `draw_pin` put back (tests/conftest.py fixes every PIN to 4821)."""

    def __init__(self, digits: str) -> None:
        import secrets

        self._secrets = secrets
        self._dealt = iter(digits)

    def choice(self, alphabet: str) -> str:
        return next(self._dealt, None) or self._secrets.choice(alphabet)

    def token_hex(self, size: int) -> str:
        return self._secrets.token_hex(size)



def make_service(
    settings: dict[str, Any] | None = None,
    consent: dict[str, str] | None = None,
    clock: str = MONDAY_10AM,
) -> ItmsService:
    return ItmsService(build_world(engine_world(settings, consent, clock)))


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
