"""What every subcommand shares: the program's name, the exit codes, and how a line is said."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from ..inert import inert, inert_line

PROG = "itms-tui"
#: Exit codes shared by the subcommands (SPEC.md section 8).
OK, FAILED, INVALID = 0, 1, 2
#: What a damaged file's message offers besides moving it away: the desk's --fresh, and the
#: --records of `train` and `report`.
START_OVER = "start with --fresh"
OTHER_RECORDS = "name another file with --records"


def say(text: str, *, stream: Any = None, one_line: bool = False) -> None:
    """Print `text` on stdout, or on `stream`, made inert: names, texts and file names in it may
    hold terminal controls. With `one_line`, a line break in it shows as ␤."""
    print(inert(text, one_line=one_line), file=stream if stream is not None else sys.stdout)


def complain(text: str, *, one_line: bool = False) -> None:
    """Print `text` on stderr, made inert."""
    say(text, stream=sys.stderr, one_line=one_line)


def store_problem(error: Exception, instead: str) -> str:
    """`error` as said to the user; a damaged file's also says what the command offers `instead`
    ("start with --fresh")."""
    from ..session import SessionDamaged
    from ..store import StoreDamaged

    if isinstance(error, (StoreDamaged, SessionDamaged)):
        return f"{error}, or {instead}"
    return str(error)


def complain_all(lines: Iterable[object]) -> None:
    """Print each of `lines` (scenario problems, usually) on stderr, one line each."""
    for line in lines:
        complain(str(line), one_line=True)


def is_tty(stream: Any) -> bool:
    """Whether `stream` is a terminal (a closed or odd stream is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Parser(argparse.ArgumentParser):
    """argparse's parser (its subcommands' too), whose errors quote what was typed: inert."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {inert_line(message)}\n")
