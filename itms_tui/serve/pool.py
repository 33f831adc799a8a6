"""Worker processes started ahead of the trainees, so that joining skips Python's and the app's
start-up (imports, reading the course): the part of a trainee's start that is the same for all.

`take()` hands out a warm worker at once, or starts one when none is left; the pool then fills
itself again, one worker at a time, so that refilling never competes with a class joining at once
for more than one core's worth of start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from asyncio.subprocess import PIPE, Process
from collections.abc import Mapping, Sequence

from .worker import WARM

log = logging.getLogger("itms-tui.serve")

#: How long a worker may take to import the app before the pool gives up on it (a machine
#: shared with a class joining at once can be slow).
WARM_UP_TIMEOUT = 300.0
#: After a worker that did not start: a pause, and a limit on tries in a row.
RETRY_AFTER = 10.0
GIVE_UP_AFTER = 3


def web_environment() -> dict[str, str]:
    """The environment of a trainee's app: textual-serve's, with Textual's web driver."""
    from importlib.metadata import version

    return {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
            "TEXTUAL_FPS": "60", "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual",
            "TERM_PROGRAM_VERSION": version("textual-serve")}


def worker_command(root: str, course: str | None) -> list[str]:
    """The worker's command line, as an argument list (never through a shell)."""
    return [sys.executable, "-m", "itms_tui.serve.worker", root, *([course] if course else [])]


class WarmPool:
    def __init__(self, command: Sequence[str], environment: Mapping[str, str], size: int) -> None:
        self.command = list(command)
        self.environment = dict(environment)
        self.size = size
        self._idle: list[Process] = []
        self._refill: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def idle(self) -> int:
        return len(self._idle)

    async def _spawn(self) -> Process:
        return await asyncio.create_subprocess_exec(
            *self.command, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=self.environment)

    def fill(self) -> None:
        """Start filling the pool in the background (again, if a fill is not running)."""
        if self._closed or self.size <= 0:
            return
        if self._refill is None or self._refill.done():
            self._refill = asyncio.create_task(self._fill())

    async def _fill(self) -> None:
        failures = 0
        while not self._closed and len(self._idle) < self.size:
            process = await self._spawn()
            assert process.stdout is not None
            try:
                line = await asyncio.wait_for(process.stdout.readline(), WARM_UP_TIMEOUT)
            except asyncio.TimeoutError:
                line = b""
            if line == WARM and not self._closed:
                self._idle.append(process)
                failures = 0
                continue
            await end_process(process)
            if self._closed:
                return
            failures += 1
            log.error("a classroom worker did not start (%s of %s tries)", failures,
                      GIVE_UP_AFTER)
            if failures >= GIVE_UP_AFTER:
                return  # trainees still get a worker started as they join
            await asyncio.sleep(RETRY_AFTER)

    async def take(self) -> Process:
        """A worker for a trainee: a warm one if any is left, else one started now."""
        while self._idle:
            process = self._idle.pop(0)
            if process.returncode is None:
                self.fill()
                return process
        self.fill()
        return await self._spawn()

    async def close(self) -> None:
        self._closed = True
        if self._refill is not None:
            self._refill.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refill
        idle, self._idle = self._idle, []
        await asyncio.gather(*(end_process(process) for process in idle))


async def end_process(process: Process, timeout: float = 10.0) -> None:
    """Let `process` end (its stdin closed), then terminate, then kill it if it will not."""
    if process.stdin is not None and not process.stdin.is_closing():
        process.stdin.close()
    for stop in (None, process.terminate, process.kill):
        if stop is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                stop()
        try:
            await asyncio.wait_for(process.wait(), timeout)
            return
        except asyncio.TimeoutError:
            continue
