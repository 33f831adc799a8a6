"""Counted words in the sentences the simulator prints: `plural(2, "file")` is "2 files"."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """`count` and `word`, with an `s` unless the count is one."""
    return f"{count} {word}{'' if count == 1 else 's'}"
