"""Consent badges: a symbol and a word with the colour, so they read in monochrome too."""

from __future__ import annotations

from textual.content import Content

from ..core.names import ConsentState, MessageStatus

BADGE = {
    ConsentState.OPTED_IN: ("●", "opted in", "$text-success"),
    ConsentState.AWAITING_YES: ("◐", "awaiting YES", "$text-warning"),
    ConsentState.AWAITING_PIN: ("◐", "awaiting PIN", "$text-warning"),
    ConsentState.NONE: ("○", "not opted in", "$text-muted"),
    ConsentState.OPTED_OUT: ("⊘", "opted out", "$text-error"),
}

TICKS = {
    MessageStatus.SCHEDULED: ("◷", "held"),
    MessageStatus.SENT: ("✓", "sent"),
    MessageStatus.DELIVERED: ("✓✓", "delivered"),
    MessageStatus.BLOCKED: ("⊘", "blocked"),
    MessageStatus.FAILED: ("✗", "failed"),
}


def badge(state: ConsentState, *, short: bool = False) -> Content:
    symbol, word, colour = BADGE[state]
    return Content(symbol if short else f"{symbol} {word}").stylize(f"bold {colour}")


def tick(status: MessageStatus) -> str:
    symbol, word = TICKS[status]
    return f"{symbol} {word}"
