"""Phone numbers (SPEC.md section 1): every number is kept in E.164, whatever format it came in."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat


class InvalidPhone(ValueError):
    """Not a valid phone number; the message says why, in words a user can act on."""


_PARSE_PROBLEMS = {
    NumberParseException.INVALID_COUNTRY_CODE: "the country code is missing or unknown",
    NumberParseException.NOT_A_NUMBER: "it does not look like a number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}


def _parse_valid(text: object, region: str | None) -> phonenumbers.PhoneNumber:
    if not isinstance(text, str):
        raise InvalidPhone(f"{text!r} is not a phone number: expected text")
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        problem = _PARSE_PROBLEMS.get(error.error_type, "it cannot be read")
        raise InvalidPhone(f"{text!r} is not a phone number: {problem}") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(f"{text!r} is not a valid phone number")
    # E.164 has no room for an extension, and a text cannot reach one: dropping it silently
    # would address the message to a switchboard.
    if number.extension:
        raise InvalidPhone(f"{text!r} has an extension; a text needs a number without one")
    return number


def normalise_phone(text: str, region: str = "US") -> str:
    """`text` in E.164 (`+16175550101`); national numbers are read as numbers of `region`."""
    if not isinstance(text, str):
        raise InvalidPhone(f"{text!r} is not a phone number: expected text")
    return _normalise(text, region)


def phone_or_none(text: object, region: str = "US") -> str | None:
    """`text` in E.164, or None when it is not a valid number (for code that only compares)."""
    try:
        return normalise_phone(text, region)  # type: ignore[arg-type]
    except InvalidPhone:
        return None


@lru_cache(maxsize=4096)  # every action names a number, and parsing one is the costliest check
def _normalise(text: str, region: str) -> str:
    return phonenumbers.format_number(_parse_valid(text, region), PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)  # a screen of audit rows or inbox items formats the same few numbers
def format_national(e164: str, region: str = "US") -> str:
    """For display: `(617) 555-0101` for a number of `region`, `+44 20 7946 0018` otherwise."""
    number = _parse_valid(e164, None)
    home = phonenumbers.region_code_for_number(number) == region
    return phonenumbers.format_number(
        number, PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
    )
