"""Amounts of money as the agency writes them: digits with at most two decimals, more than 0.

The one reading of an amount, for the desk's payment-plan dialog and for scenario files alike.
"""

from __future__ import annotations

import re
from decimal import Decimal

#: `150`, `150.5`, `150.00`; thousands separators are the caller's to drop.
AMOUNT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
#: Digits an amount may have before its point: past 26, Decimal cannot keep its cents.
AMOUNT_DIGITS = 15


class NotAnAmount(ValueError):
    """The text is not an amount; the message says how to write one."""


def parse_amount(text: str, *, positive: bool = True) -> Decimal:
    """`text` as money with two decimals, or NotAnAmount saying why not."""
    text = text.strip()
    if AMOUNT.fullmatch(text) is None:
        raise NotAnAmount(f"{text!r} is not an amount: write it like 150.00 (at most two decimals)")
    if len(text.partition(".")[0]) > AMOUNT_DIGITS:
        raise NotAnAmount(f"an amount has at most {AMOUNT_DIGITS} digits before the point")
    value = Decimal(text).quantize(Decimal("0.01"))
    if positive and value <= 0:
        raise NotAnAmount(f"the amount must be more than 0, got {text!r}")
    return value


def format_amount(amount: Decimal) -> str:
    return f"${amount:,.2f}"
