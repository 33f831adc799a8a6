"""What the benchmarks share: the measured interpreters' environment, and a terminal to watch."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import termios
import time


def python_env(pycache: str | None, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the measured interpreters: with a bytecode cache in `pycache` (as an
    installed package has, compiled by pip), or with none at all (PYTHONDONTWRITEBYTECODE, as
    some containers set it: every import then compiles its source)."""
    env = {k: v for k, v in (os.environ if base is None else base).items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = pycache  # a temporary cache: nothing written in the repo
    return env


class NoFrame(RuntimeError):
    """The program never drew what it was expected to draw."""


class Terminal:
    """A program started in a new pseudo-terminal of `size` (columns, rows), watched as a
    person would watch it: what it has written so far, and keys typed into it."""

    def __init__(self, argv: list[str], env: dict[str, str], *,
                 size: tuple[int, int] = (140, 45)) -> None:
        columns, rows = size
        self.argv = argv
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True)
        os.close(slave)
        self.seen = b""

    def wait_for(self, marker: bytes, *, since: float | None = None,
                 timeout: float = 30.0) -> float:
        """Seconds from `since` (default: the start) until `marker` is written after the call;
        raises NoFrame if it never is."""
        since = self.started if since is None else since
        searched_from = len(self.seen)
        while time.perf_counter() - since < timeout:
            # Only the new part is searched (less the marker's length: it may straddle reads).
            if marker in self.seen[max(0, searched_from - len(marker)):]:
                return time.perf_counter() - since
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if not ready:
                if self.process.poll() is not None:
                    break
                continue
            try:
                self.seen += os.read(self.master, 1 << 16)
            except OSError:  # the program ended and closed the terminal
                break
        tail = self.seen[-600:].decode("utf-8", "replace")
        raise NoFrame(f"{' '.join(self.argv)} never showed {marker!r}; its last output: {tail!r}")

    def type(self, keys: bytes) -> float:
        """Write `keys` as typed; returns the moment they were, for `wait_for(since=...)`."""
        os.write(self.master, keys)
        return time.perf_counter()

    def close(self) -> None:
        """ctrl+q, then wait for the program (killed if it will not quit)."""
        try:
            _quit(self.process, self.master)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            os.close(self.master)


def time_to_first_frame(argv: list[str], marker: bytes, env: dict[str, str], *,
                        size: tuple[int, int] = (140, 45), timeout: float = 30.0) -> float:
    """Seconds from starting `argv` in a new terminal of `size` (columns, rows) until `marker`
    has been written to it: what a person who typed the command waits before seeing the app.

    The program is then sent ctrl+q and waited for (not timed), and killed if it will not quit.
    """
    terminal = Terminal(argv, env, size=size)
    try:
        return terminal.wait_for(marker, timeout=timeout)
    finally:
        terminal.close()


def _quit(process: subprocess.Popen, master: int) -> None:
    try:
        os.write(master, b"\x11")  # ctrl+q
    except OSError:
        return
    deadline = time.perf_counter() + 10
    while process.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                os.read(master, 1 << 16)  # keep draining, or a full terminal blocks its writes
            except OSError:
                break
