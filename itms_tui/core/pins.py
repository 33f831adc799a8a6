"""PINs: drawn with `secrets`, kept only as a salted hash, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Collection
from datetime import datetime, timedelta

from .models import Message, Pin
from .names import Template

# A 4-digit PIN has 10,000 values, so no hash makes it resist a brute-force search of a stolen
# store; what protects it is the attempt limit and the expiry. The salted hash keeps it out of
# plain sight at rest, and a slow key-derivation function would only slow every action.


def draw_pin(length: int, avoiding: Collection[str] = ()) -> str:
    """A fresh PIN of `length` digits, never one of `avoiding` (a few codes of 10**length)."""
    while True:
        code = "".join(secrets.choice("0123456789") for _ in range(length))
        if code not in avoiding:
            return code


def _digest(code: str, salt: str) -> str:
    return hmac.new(bytes.fromhex(salt), code.encode(), hashlib.sha256).hexdigest()


def seal_pin(code: str, issued_at: datetime, ttl: timedelta) -> Pin:
    salt = secrets.token_hex(16)
    return Pin(salt=salt, digest=_digest(code, salt), issued_at=issued_at, expires_at=issued_at + ttl)


def pin_matches(pin: Pin, code: str) -> bool:
    return hmac.compare_digest(pin.digest, _digest(code, pin.salt))


#: What the agency side shows in place of each digit of a PIN (SPEC section 9).
PIN_MASK = "\u2022"


def agency_body(message: Message) -> str:
    """`message.body` as the agency side may show it: the digits of a PIN masked.

    The PIN reaches the agent only when the consumer reads it out; the desk, the inbox, the
    supervisor, the audit, reports, transcripts and `run` all show texts through this. Only the
    phone shows the body itself.
    """
    if message.template != Template.OPT_IN_PIN:
        return message.body
    body = message.body
    if message.pin_span is not None:
        start, end = message.pin_span
        pin = body[start:end]
        body = body[:start] + PIN_MASK * len(pin) + body[end:]
        if pin:  # a body that says the PIN twice hides it twice
            body = re.sub(rf"(?<!\d){re.escape(pin)}(?!\d)", PIN_MASK * len(pin), body)
        return body
    # A text stored without its span (an older session): hide every run of digits rather than guess.
    return re.sub(r"\d", PIN_MASK, body)
