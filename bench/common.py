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


def time_to_first_frame(argv: list[str], marker: bytes, env: dict[str, str], *,
                        size: tuple[int, int] = (140, 45), timeout: float = 30.0) -> float:
    """Seconds from starting `argv` in a new terminal of `size` (columns, rows) until `marker`
    has been written to it: what a person who typed the command waits before seeing the app.

    The program is then sent ctrl+q and waited for (not timed), and killed if it will not quit.
    """
    columns, rows = size
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                               start_new_session=True)
    os.close(slave)
    seen = b""
    found: float | None = None
    try:
        while found is None and time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the program ended and closed the terminal
                break
            seen += chunk
            # Only the end is searched again: the marker may straddle two reads.
            if marker in seen[-(len(chunk) + len(marker)):]:
                found = time.perf_counter() - started
        _quit(process, master)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    if found is None:
        tail = seen[-600:].decode("utf-8", "replace")
        raise NoFrame(f"{' '.join(argv)} never showed {marker!r}; its last output: {tail!r}")
    return found


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
