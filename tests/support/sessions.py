"""What the session tests share: a world, random actions on it and a reading of a session's whole
state, for the reopen property test and the child process the kill test kills
(tests/store/session_child.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from itms_tui.core import pins
from itms_tui.core.service import ItmsService, Result

EAST, IDAHO, WEST, CHICAGO, SPARE, UNKNOWN = (
    "+16175550101", "+12085550123", "+13105550110", "+13125550103", "+16465550124",
    "+17185550199",
)
NUMBERS = [EAST, IDAHO, WEST, CHICAGO, SPARE, UNKNOWN]
ACCOUNT_IDS = ["1001", "1002", "1003", "2001"]
WORLD = {
    "company": {"name": "Acme Recovery", "phone": "+18005550100",
                "va_url": "https://pay.example.com/va", "timezone": "America/New_York"},
    "clock": "2026-03-02T19:30:00-05:00",
    "settings": {"max_invitations": 3, "pin_ttl": "2h"},
    "clients": [
        {"id": "MED", "name": "Acme Medical", "business_type": "medical", "auto_opt_in": False},
        {"id": "UTIL", "name": "Northwind", "business_type": "utility", "auto_opt_in": True},
    ],
    "accounts": [
        {"id": "1001", "consumer": "Jane Doe", "client": "MED", "balance": "1250.00",
         "phones": [EAST]},
        {"id": "1002", "consumer": "Jane Doe", "client": "MED", "balance": "90.00",
         "phones": [EAST, IDAHO]},
        {"id": "1003", "consumer": "Lee Park", "client": "MED", "balance": "75.50",
         "phones": [CHICAGO]},
        {"id": "2001", "consumer": "Sam Ortiz", "client": "UTIL", "balance": "300.00",
         "phones": [WEST]},
    ],
    "consent": {WEST: "opted_out"},
}
TEXTS = ["YES", "STOP", "HELP", "SIGNUP", "hello?", "please stop texting me", "4821"]

def act(service: ItmsService, action: tuple) -> Result:
    name, *args = action
    if name == "enter_auth_code":
        account_id, number, right = args
        code = service.pin_for_consumer(number) if right else None
        return service.enter_auth_code(account_id, number, code or "0000")
    if name == "send_text":
        return service.send_text(*args, "Your balance is due. Reply STOP to opt out.")
    if name == "supervisor_reply":
        return service.supervisor_reply(*args, "We can help. Reply STOP to opt out.")
    if name == "arrange_payment_plan":
        return service.arrange_payment_plan(*args, "25.00")
    if name == "advance":
        return service.advance(timedelta(minutes=args[0]))
    if name == "update_settings":
        return service.update_settings({args[0]: args[1]})
    if name == "inject_fault":
        kind, number = args
        duration = timedelta(minutes=30) if kind == "delay" else None
        return service.inject_fault(kind, number, count=2, duration=duration)
    return getattr(service, name)(*args)


def outcome(result: Result) -> tuple:
    return result.ok, result.code, result.sentence, result.detail, result.events


def state(service: ItmsService) -> dict:
    return {
        "now": service.now(),
        "settings": service.settings.to_data(),
        "consent": {n: service.consent(n).to_data() for n in service.known_numbers()},
        "messages": [m.to_data() for m in service.messages()],
        "audit": [e.to_data() for e in service.audit()],
        "inbox": [i.to_data() for i in service.inbox()],
        "accounts": [a.to_data() for a in service.accounts()],
        "filed_under": {n: [a.id for a in service.accounts_for(n)] for n in NUMBERS},
        "initial": dict(service.world.initial_consent),
        "faults": [f.to_data() for f in service.bus.faults],
        "held": [m.id for m in service.bus.held()],
        "next_due": service.bus.next_due(),
    }


def same_pins_everywhere(patch) -> None:
    """Every session draws the same PINs and salts, so two sessions given the same actions hold
    the same records byte for byte. `patch(target, name, value)` is monkeypatch.setattr's shape."""
    import itms_tui.core.service as service_module

    patch(service_module, "draw_pin", lambda length, avoiding=(): ("4821" * 3)[:length])
    patch(pins.secrets, "token_hex", lambda size: "5a" * size)


def actions(seed: int) -> Iterator[tuple]:
    """The endless sequence of random actions `seed` draws (the same in every process)."""
    rng = random.Random(seed)
    while True:
        yield random_action(rng)


def random_action(rng: random.Random) -> tuple:
    """One action drawn the way the hypothesis strategies draw them, for a process to replay."""
    account, number = rng.choice(ACCOUNT_IDS), rng.choice(NUMBERS)
    return rng.choice([
        ("add_phone", account, number),
        ("link_number", number, account),
        (rng.choice(["send_opt_in_request", "quick_opt_in", "send_link", "opt_out"]), account, number),
        ("enter_auth_code", account, number, rng.random() < 0.7),
        ("consumer_text", number, rng.choice(TEXTS)),
        ("send_text", account, number),
        ("supervisor_reply", number),
        ("arrange_payment_plan", account, number),
        ("advance", rng.choice([1, 59, 600, 60 * 14, 60 * 30])),
        ("update_settings", rng.choice(["agents_available", "welcome_on_first_text"]),
         rng.random() < 0.5),
        ("inject_fault", rng.choice(["drop", "duplicate", "delay", "fail"]), number),
    ])
