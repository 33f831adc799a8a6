"""What every subcommand shares: the program's name, the exit codes, and how a line is said."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

PROG = "itms-tui"
#: Exit codes shared by the subcommands (SPEC.md section 8).
OK, FAILED, INVALID = 0, 1, 2


def say(text: str, *, stream: Any = None) -> None:
    """Print one line on stdout, or on `stream`."""
    print(text, file=stream if stream is not None else sys.stdout)


def complain(text: str) -> None:
    """Print one line on stderr."""
    say(text, stream=sys.stderr)


def complain_all(lines: Iterable[object]) -> None:
    """Print each of `lines` (scenario problems, usually) on stderr."""
    for line in lines:
        complain(str(line))


def is_tty(stream: Any) -> bool:
    """Whether `stream` is a terminal (a closed or odd stream is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
