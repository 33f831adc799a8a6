"""PINs: drawn with `secrets`, kept only as a salted hash, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from .models import Pin

# A 4-digit PIN has 10,000 values, so no hash makes it resist a brute-force search of a stolen
# store; what protects it is the attempt limit and the expiry. The salted hash keeps it out of
# plain sight at rest, and a slow key-derivation function would only slow every action.


def draw_pin(length: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(length))


def _digest(code: str, salt: str) -> str:
    return hmac.new(bytes.fromhex(salt), code.encode(), hashlib.sha256).hexdigest()


def seal_pin(code: str, issued_at: datetime, ttl: timedelta) -> Pin:
    salt = secrets.token_hex(16)
    return Pin(salt=salt, digest=_digest(code, salt), issued_at=issued_at, expires_at=issued_at + ttl)


def pin_matches(pin: Pin, code: str) -> bool:
    return hmac.compare_digest(pin.digest, _digest(code, pin.salt))
