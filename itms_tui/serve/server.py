"""The classroom's web server: textual-serve's `Server`, one app process per trainee.

textual-serve starts one shell command for every websocket, whoever connects. Here `/t/NAME`
serves a page whose websocket (`/ws/NAME`) gets a worker from the warm pool, told its trainee by
an argument line, never through a shell; a trainee already connected, or a session that cannot
open, closes the socket with a reason the page shows. `/trainer` (with the token) lists who is
connected and how far each trainee is, from the status file each trainee's app writes.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import io
import json
import logging
import secrets
import signal
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

from asyncio.subprocess import Process

from aiohttp import WSMsgType, web
from textual_serve.server import Server

from .pool import WarmPool, end_process, web_environment, worker_command
from .trainees import REPORT_FILE, STATUS_FILE, RefusedName, folder_name
from .worker import ERROR

log = logging.getLogger("itms-tui.serve")

#: Websocket close codes (the 4000-4999 range is the application's).
CLOSE_REFUSED = 4001
CLOSE_ENDED = 4002
#: How long a trainee's app may take to save and quit once its tab has closed.
QUIT_TIMEOUT = 10.0


def _page(name: str) -> Template:
    return Template((resources.files(__package__) / "pages" / name).read_text(encoding="utf-8"))


def _close_message(text: str) -> bytes:
    """A websocket close reason: at most 123 bytes of UTF-8, cut on a character boundary."""
    data = text.encode("utf-8")
    return data if len(data) <= 123 else data[:120].decode("utf-8", "ignore").encode() + b"..."


@dataclass
class Connected:
    """A trainee with an open tab (one object per tab, so that a late cleanup of an old tab
    never forgets a newer one)."""

    name: str


class TraineeSession:
    """One trainee's app process, relayed to their browser: textual-serve's protocol (packets of
    data and meta on the worker's stdin and stdout), with a worker from the warm pool instead of a
    shell command, and a start-up that says why the app did not start instead of leaving the page
    on its splash screen."""

    def __init__(self, pool: WarmPool, trainee: str, websocket: web.WebSocketResponse) -> None:
        self.pool = pool
        self.trainee = trainee
        self.websocket = websocket
        self.process: Process | None = None
        self.stderr = io.BytesIO()
        self._task: asyncio.Task[None] | None = None

    async def start(self, width: int, height: int) -> None:
        process = self.process = await self.pool.take()
        assert process.stdin is not None
        assignment = {"trainee": self.trainee, "width": width, "height": height}
        process.stdin.write(json.dumps(assignment).encode("utf-8") + b"\n")
        await process.stdin.drain()
        self._task = asyncio.create_task(self.run())

    async def _send(self, kind: bytes, payload: bytes) -> None:
        stdin = self.process.stdin if self.process is not None else None
        if stdin is None or stdin.is_closing():
            return
        try:
            stdin.write(kind + len(payload).to_bytes(4, "big") + payload)
            await stdin.drain()
        except (ConnectionError, RuntimeError):
            pass  # the app has ended; the websocket is being closed

    async def send_bytes(self, data: bytes) -> None:
        await self._send(b"D", data)

    async def send_meta(self, data: dict[str, Any]) -> None:
        await self._send(b"M", json.dumps(data).encode("utf-8"))

    async def _close(self, code: int, reason: str) -> None:
        if not self.websocket.closed:
            await self.websocket.close(code=code, message=_close_message(reason))

    async def run(self) -> None:
        """Relay the app's packets to the browser until the app ends."""
        process = self.process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stdout, stderr = process.stdout, process.stderr

        async def read_stderr() -> None:
            while data := await stderr.read(4096):
                if self.stderr.tell() < 64_000:
                    self.stderr.write(data)

        stderr_task = asyncio.create_task(read_stderr())
        try:
            while True:
                line = await stdout.readline()
                if line.startswith(ERROR):
                    reason = line[len(ERROR):].decode("utf-8", "replace").strip()
                    log.info("%s could not start: %s", self.trainee, reason)
                    await self._close(CLOSE_REFUSED, reason)
                    return
                if line == b"__GANGLION__\n":  # the web driver has started
                    break
                if not line:
                    await self._close(CLOSE_ENDED, "The app could not start; the classroom's "
                                      "log says why.")
                    return
            while True:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.websocket.send_bytes(payload)
                elif kind == b"M":
                    await self.on_meta(json.loads(payload))
                # "P" packets carry file deliveries, which the app never makes.
        except (asyncio.IncompleteReadError, ConnectionResetError):
            # The app ended without saying so (it sends "exit" when it quits).
            await self._close(CLOSE_ENDED, "The app stopped. Everything done up to then is "
                              "saved: reopen the page to carry on.")
        finally:
            await stderr_task
            if errors := self.stderr.getvalue().decode("utf-8", "replace").strip():
                log.warning("%s's app wrote on stderr:\n%s", self.trainee, errors[-4000:])

    async def on_meta(self, meta: dict[str, Any]) -> None:
        if meta.get("type") == "exit":
            await self._close(CLOSE_ENDED, "Session ended. Everything you did is saved: "
                              "reopen the page to carry on.")
        elif meta.get("type") == "open_url":
            await self.websocket.send_json(["open_url", {"url": meta.get("url"),
                                                         "new_tab": meta.get("new_tab")}])

    async def stop(self) -> None:
        """Ask the app to quit (it saves as it goes, and on quit), then make sure it ended."""
        if self._task is not None:
            task, self._task = self._task, None
            await self.send_meta({"type": "quit"})
            try:
                await asyncio.wait_for(asyncio.shield(task), QUIT_TIMEOUT)
            except asyncio.TimeoutError:
                task.cancel()
        if self.process is not None:
            await end_process(self.process, QUIT_TIMEOUT)


class ClassroomServer(Server):
    """textual-serve's server with a session per trainee and a trainer's page."""

    def __init__(self, root: Path, *, host: str = "127.0.0.1", port: int = 8000,
                 public_url: str | None = None, trainer_token: str | None = None,
                 course: Path | None = None, warm: int = 4) -> None:
        self.root = root.resolve()
        self.course = course
        self._course = None  # the course itself, read when the cohort report first needs it
        super().__init__("itms-tui classroom", host=host, port=port, title="ITMS classroom",
                         public_url=public_url.rstrip("/") if public_url else None)
        self.statics_path = Path(self.statics_path).resolve()
        self.trainer_token = trainer_token or secrets.token_urlsafe(12)
        self.pool = WarmPool(worker_command(str(self.root), str(course) if course else None),
                             web_environment(), warm)
        #: Trainees with an open tab, by folder name.
        self.connected: dict[str, Connected] = {}
        self.sessions: set[TraineeSession] = set()

    # -- the web application ----------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application()
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/join", self.handle_join, name="join"),
            web.get("/t/{name}", self.handle_trainee, name="trainee"),
            web.get("/ws/{name}", self.handle_trainee_websocket, name="websocket"),
            web.get("/trainer", self.handle_trainer, name="trainer"),
            web.get("/trainer/state", self.handle_trainer_state, name="trainer-state"),
            web.get("/trainer/report/{folder}", self.handle_report, name="report"),
            web.get("/trainer/cohort", self.handle_cohort, name="cohort"),
            web.static("/static", self.statics_path, show_index=False, follow_symlinks=False,
                       name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C or SIGTERM; OSError if the address cannot be listened on."""
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        runner = web.AppRunner(self.make_app(), handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
            self.console.print(f"ITMS classroom: trainees open {self.public_url}/",
                               highlight=False)
            self.console.print(f"Trainer's page: {self.trainer_url()}", highlight=False)
            self.console.print(f"Trainee folders: {self.root}", highlight=False)
            self.console.print("Ctrl+C ends the classroom (every desk is saved).",
                               highlight=False)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, stop.set)
            await stop.wait()
        finally:
            await runner.cleanup()

    async def on_startup(self, app: web.Application) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.pool.fill()

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(session.stop() for session in list(self.sessions)))
        await self.pool.close()

    def trainer_url(self) -> str:
        return f"{self.public_url}/trainer?token={quote(self.trainer_token)}"

    # -- pages ------------------------------------------------------------------------------------

    def _html(self, page: str, status: int = 200, **values: str) -> web.Response:
        text = _page(page).substitute({key: html.escape(value) for key, value in values.items()})
        return web.Response(text=text, status=status, content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def handle_index(self, request: web.Request) -> web.Response:
        return self._html("index.html", problem="", name="")

    async def handle_join(self, request: web.Request) -> web.Response:
        name = request.query.get("name", "")
        try:
            folder_name(name)
        except RefusedName as refused:
            return self._html("index.html", status=400, problem=f"That name cannot be used: "
                              f"{refused}.", name=name)
        raise web.HTTPSeeOther(f"/t/{quote(name.strip(), safe='')}")

    async def handle_trainee(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        try:
            folder_name(name)
        except RefusedName as refused:
            return self._html("index.html", status=400, problem=f"That name cannot be used: "
                              f"{refused}.", name=name)
        path = request.app.router["websocket"].url_for(name=name)
        scheme = "wss" if self.public_url.startswith("https") else "ws"
        websocket = f"{scheme}:{self.public_url.split(':', 1)[1]}{path}"
        return self._html("trainee.html", title=f"ITMS desk · {name}", heading=name,
                          static="/static", websocket=websocket,
                          font_size=str(_int(request.query.get("fontsize"), 16)))

    # -- a trainee's app --------------------------------------------------------------------------

    async def handle_trainee_websocket(self, request: web.Request) -> web.WebSocketResponse:
        name = request.match_info["name"]
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        try:
            folder = folder_name(name)
        except RefusedName as refused:
            await websocket.close(code=CLOSE_REFUSED,
                                  message=_close_message(f"That name cannot be used: {refused}."))
            return websocket
        name = name.strip()
        if folder in self.connected:
            await websocket.close(code=CLOSE_REFUSED,
                                  message=_close_message(f"{name} is already open in another tab"))
            return websocket
        entry = self.connected[folder] = Connected(name)
        session = TraineeSession(self.pool, name, websocket)
        self.sessions.add(session)
        try:
            await session.start(_int(request.query.get("width"), 80),
                                _int(request.query.get("height"), 24))
            await self._relay(websocket, session)
        except Exception:
            log.exception("%s's session failed", name)
        finally:
            # The trainee stays connected until their app has ended, even when this handler
            # is cancelled (the connection lost): a new tab must not race the old app's save.
            stopping = asyncio.ensure_future(session.stop())
            stopping.add_done_callback(lambda _: self._forget(folder, entry, session))
            await asyncio.shield(stopping)
        return websocket

    def _forget(self, folder: str, entry: Connected, session: TraineeSession) -> None:
        self.sessions.discard(session)
        if self.connected.get(folder) is entry:
            del self.connected[folder]

    @staticmethod
    async def _relay(websocket: web.WebSocketResponse, session: TraineeSession) -> None:
        """The browser's keys, size and focus, to the app, until the tab closes."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind = envelope[0]
            except (ValueError, IndexError, KeyError, TypeError):
                continue
            if kind == "stdin" and isinstance(envelope[1], str):
                await session.send_bytes(envelope[1].encode("utf-8"))
            elif kind == "resize" and isinstance(envelope[1], dict):
                await session.send_meta({"type": "resize",
                                         "width": _int(envelope[1].get("width"), 80),
                                         "height": _int(envelope[1].get("height"), 24)})
            elif kind == "ping":
                await websocket.send_json(["pong", envelope[1]])
            elif kind in ("blur", "focus"):
                await session.send_meta({"type": kind})

    # -- the trainer's page -----------------------------------------------------------------------

    def _check_token(self, request: web.Request) -> None:
        given = request.query.get("token", "")
        if not hmac.compare_digest(given.encode(), self.trainer_token.encode()):
            raise web.HTTPForbidden(text="The trainer's page needs the token printed when the "
                                    "classroom started (add ?token=...).")

    async def handle_trainer(self, request: web.Request) -> web.Response:
        self._check_token(request)
        return self._html("trainer.html", join=f"{self.public_url}/",
                          cohort=f"trainer/cohort?token={quote(self.trainer_token)}")

    async def handle_trainer_state(self, request: web.Request) -> web.Response:
        self._check_token(request)
        return web.json_response({"trainees": self.trainee_rows()},
                                 headers={"Cache-Control": "no-store"})

    def trainee_rows(self) -> list[dict[str, Any]]:
        """Every trainee with a folder under the root, and every connected one, by name."""
        rows: dict[str, dict[str, Any]] = {}
        folders = sorted(path for path in self.root.iterdir() if path.is_dir()) \
            if self.root.is_dir() else []
        for folder in folders:
            status = _read_status(folder / STATUS_FILE)
            if status is None and folder.name not in self.connected:
                continue
            rows[folder.name] = _row(folder.name, status or {}, self.connected.get(folder.name),
                                     (folder / REPORT_FILE).is_file(), self.trainer_token)
        for folder, connected in self.connected.items():
            if folder not in rows:
                rows[folder] = _row(folder, {}, connected, False, self.trainer_token)
        return sorted(rows.values(), key=lambda row: row["name"].casefold())

    async def handle_cohort(self, request: web.Request) -> web.Response:
        """Every trainee's attempts at once (`itms-tui report --cohort`'s page)."""
        self._check_token(request)
        from .cohort import cohort_html

        if self._course is None and self.course is not None:
            from ..scenarios.demo import load_demo_world
            from ..training.curriculum import load_curriculum

            self._course = await asyncio.to_thread(load_curriculum, self.course,
                                                   demo_world=load_demo_world())
        # Reading the files and the curriculum off the event loop: the desks keep drawing.
        text = await asyncio.to_thread(cohort_html, self.root, self._course)
        return web.Response(text=text, content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def handle_report(self, request: web.Request) -> web.StreamResponse:
        self._check_token(request)
        folder = request.match_info["folder"]
        try:
            valid = folder_name(folder) == folder
        except RefusedName:
            valid = False
        report = self.root / folder / REPORT_FILE
        if not valid or not report.is_file():
            raise web.HTTPNotFound(text="No report for this trainee yet.")
        return web.FileResponse(report, headers={"Content-Type": "text/html; charset=utf-8",
                                                 "Cache-Control": "no-store"})


def _int(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 < number < 10_000 else default


def _read_status(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _row(folder: str, status: dict[str, Any], connected: Connected | None, has_report: bool,
         token: str) -> dict[str, Any]:
    name = connected.name if connected is not None else str(status.get("trainee") or folder)
    return {
        "name": name,
        "connected": connected is not None,
        "exercise": status.get("exercise") if connected is not None else None,
        "passed": int(status.get("passed", 0) or 0),
        "exercises": int(status.get("exercises", 0) or 0),
        "attempts": int(status.get("attempts", 0) or 0),
        "last_mistake": status.get("last_mistake"),
        "report": (f"trainer/report/{quote(folder)}?token={quote(token)}" if has_report
                   else None),
    }
