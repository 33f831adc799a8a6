"""Where `run` prints: results on stdout, a progress bar on stderr when it is a terminal."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from ..inert import inert_line
from . import common


class RunConsole:
    """A verdict line per scenario (marked and coloured on a terminal) and the progress bar."""

    def __init__(self, total: int) -> None:
        self.out: TextIO = sys.stdout
        self.err: TextIO = sys.stderr
        self.marks = common.is_tty(self.out)
        self.colour = self.marks and "NO_COLOR" not in os.environ
        self.progress = common.is_tty(self.err) and total > 10
        self.total = total
        self.done = 0
        self._bar_shown = False

    def line(self, text: str = "", *, head: str = "") -> None:
        """Print `head` (ours: it may be coloured) and `text` (made inert) as one line."""
        self._clear_bar()
        print(head + inert_line(text), file=self.out, flush=self.progress)
        self._draw_bar()

    def verdict(self, passed: bool, name: str, file: str) -> None:
        word = "PASS" if passed else "FAIL"
        if self.marks:
            mark = "✓" if passed else "✗"
            head = f"{mark} {word}"
            if self.colour:
                head = f"\x1b[{'32' if passed else '31;1'}m{head}\x1b[0m"
            self.line(f" {name} ({file})", head=head)
        else:
            self.line(f"{word} {name} ({file})")

    def advance(self, label: str) -> None:
        self.done += 1
        self._draw_bar(label)

    def _draw_bar(self, label: str = "") -> None:
        if not self.progress or self.done >= self.total:
            return
        width = 30
        filled = width * self.done // self.total
        text = (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{inert_line(label)}")
        self.err.write("\r\x1b[K" + text[:100])
        self.err.flush()
        self._bar_shown = True

    def _clear_bar(self) -> None:
        if self._bar_shown:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._bar_shown = False

    def close(self) -> None:
        self._clear_bar()
