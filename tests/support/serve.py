"""A classroom server in the test's event loop, and a trainee on a websocket as a browser is."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from itms_tui.serve.server import ClassroomServer
from itms_tui.session import library_path

from tests.support.screen import Screen

TOKEN = "token-for-the-tests"
WIDTH, HEIGHT = 140, 45
#: Generous: a worker starts a Python process on a machine the tests share.
STARTS_WITHIN = 60.0


def course() -> Path:
    library = library_path()
    assert library is not None, "the tests run from a checkout, which has the scenario library"
    return library / "curriculum.yaml"


@contextlib.asynccontextmanager
async def classroom(root: Path, *, warm: int = 0) -> AsyncIterator[tuple[ClassroomServer,
                                                                          TestClient]]:
    server = ClassroomServer(root, trainer_token=TOKEN, course=course(), warm=warm)
    client = TestClient(TestServer(server.make_app()))
    await client.start_server()
    try:
        yield server, client
    finally:
        await client.close()


class Trainee:
    """One browser tab's websocket: what it shows, and keys typed into it."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.screen = Screen(WIDTH, HEIGHT)
        self.closed: tuple[int | None, str] | None = None

    async def pump(self, seconds: float) -> None:
        """Read what the app draws for `seconds` (or until the socket closes)."""
        end = time.monotonic() + seconds
        while self.closed is None and (left := end - time.monotonic()) > 0:
            try:
                message = await self.websocket.receive(timeout=min(left, 0.5))
            except asyncio.TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.feed(message.data)
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                  aiohttp.WSMsgType.CLOSING):
                self.closed = (self.websocket.close_code, str(message.extra or ""))

    async def wait_for(self, text: str, within: float = STARTS_WITHIN) -> bool:
        end = time.monotonic() + within
        while text not in self.screen.text() and self.closed is None and time.monotonic() < end:
            await self.pump(0.25)
        return text in self.screen.text()

    async def wait_closed(self, within: float = STARTS_WITHIN) -> tuple[int | None, str]:
        await self.pump(within)
        assert self.closed is not None, f"still open after {within}s:\n{self.screen.text()}"
        return self.closed

    async def focus(self) -> None:
        await self.websocket.send_json(["focus"])

    async def keys(self, *keys: str, settle: float = 0.4) -> None:
        for key in keys:
            await self.websocket.send_json(["stdin", key])
            await self.pump(settle)


@contextlib.asynccontextmanager
async def trainee(client: TestClient, name: str) -> AsyncIterator[Trainee]:
    websocket = await client.ws_connect(f"/ws/{name}?width={WIDTH}&height={HEIGHT}")
    try:
        yield Trainee(websocket)
    finally:
        with contextlib.suppress(aiohttp.ClientConnectionError):  # the server closed it first
            await websocket.close()


DOWN = "\x1b[B"
ENTER = "\r"
