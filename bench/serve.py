"""A class joining `itms-tui serve` at once: time to the first full frame, and memory per trainee.

For 1, 5, 10 and 20 trainees, a fresh classroom (in this process, on 127.0.0.1 only) is started;
once its pool of warm workers is ready, every trainee opens their websocket at the same moment,
as a browser does, and waits until their desk has been drawn down to its footer. Then the
memory of each trainee's app is read: its PSS (its share of the pages it shares with others)
and its RSS, and the CPU time its app spent from the join to the first frame. The same classes joining with no warm workers (`--warm 0`: every app starts Python
and imports everything as the trainee joins) are measured in the same run, as the reference.

    .venv/bin/python bench/serve.py [--sizes 1,5,10,20] [--cold-too] [--peer]

`--peer` measures the same classes on the field's own floor in the same run: Textualize's
textual-serve (its `Server`, one process started per websocket, as it ships) serving a Textual
app that shows one label, the least any Textual app draws.

Target: 20 trainees at once all drawn within 4x the time one trainee takes (warm, same run), and
at most 60 MiB per trainee.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from itms_tui.serve.server import ClassroomServer  # noqa: E402
from itms_tui.session import library_path  # noqa: E402

WIDTH, HEIGHT = 140, 45
#: The footer's last key: the desk has been drawn to its last line.
DRAWN = b"palette"
#: Bounds: no trainee waits longer than this, no pool takes longer to warm up.
JOIN_TIMEOUT = 180.0
WARM_TIMEOUT = 600.0


#: The one-label app that textual-serve serves for `--peer`, and what it draws.
ONE_LABEL_APP = """
from textual.app import App
from textual.widgets import Label

class OneLabel(App):
    def compose(self):
        yield Label("one label drawn")

OneLabel().run()
"""
ONE_LABEL_DRAWN = b"label drawn"


async def join(session: aiohttp.ClientSession, base: str, name: str, start: asyncio.Event, *,
               path: str | None = None, marker: bytes = DRAWN
               ) -> tuple[float, aiohttp.ClientWebSocketResponse]:
    """Seconds from opening the websocket until the desk's footer (`marker`) arrived."""
    await start.wait()
    began = time.perf_counter()
    websocket = await session.ws_connect(
        f"{base}{path or f'/ws/{name}'}?width={WIDTH}&height={HEIGHT}")
    seen = b""
    while marker not in seen:
        message = await websocket.receive(timeout=JOIN_TIMEOUT)
        if message.type != aiohttp.WSMsgType.BINARY:
            raise RuntimeError(f"{name}: the websocket closed before the desk was drawn "
                               f"({message.type}, {message.extra!r})")
        seen = seen[-64:] + message.data
    elapsed = time.perf_counter() - began
    return elapsed, websocket


async def class_joins(session: aiohttp.ClientSession, base: str, names: list[str], *,
                      path: str | None = None, marker: bytes = DRAWN
                      ) -> list[tuple[float, aiohttp.ClientWebSocketResponse]]:
    """Every name's websocket opened at the same moment, as a class joins: each one's seconds
    until `marker` was drawn, and its websocket (still open)."""
    start = asyncio.Event()
    joining = [asyncio.create_task(join(session, base, name, start, path=path, marker=marker))
               for name in names]
    await asyncio.sleep(0.1)  # every join waits at the line
    start.set()
    return await asyncio.gather(*joining)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children() -> list[int]:
    found = []
    for task in Path("/proc/self/task").iterdir():
        found += [int(pid) for pid in (task / "children").read_text().split()]
    return found


def memory_of(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of a process in MiB."""
    pss = rss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            pss = int(line.split()[1])
        elif line.startswith("Rss:"):
            rss = int(line.split()[1])
    return pss / 1024, rss / 1024


async def one_class(size: int, warm: int, course: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="itms-serve-bench-") as root:
        server = ClassroomServer(Path(root), course=course, warm=warm)
        test_server = TestServer(server.make_app(), host="127.0.0.1")
        await test_server.start_server()
        try:
            deadline = time.monotonic() + WARM_TIMEOUT
            while server.pool.idle < warm:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the pool warmed up {server.pool.idle} of {warm} workers")
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)  # the last worker settles
            base = str(test_server.make_url("")).rstrip("/")
            cpu_before = {pid: cpu_seconds(pid) for pid in children()}
            async with aiohttp.ClientSession() as session:
                results = await class_joins(session, base,
                                            [f"trainee {n}" for n in range(size)])
                times = [elapsed for elapsed, _ in results]
                # CPU each trainee's app spent from the join to its first frame (less noisy than
                # the wall clock on a shared machine).
                cpu = [cpu_seconds(s.process.pid) - cpu_before.get(s.process.pid, 0.0)
                       for s in server.sessions if s.process is not None]
                await asyncio.sleep(1.0)  # every app idle at its desk
                memory = [memory_of(s.process.pid) for s in server.sessions
                          if s.process is not None]
                for _, websocket in results:
                    await websocket.close()
        finally:
            await test_server.close()
    return {
        "median": statistics.median(times), "slowest": max(times),
        "pss": statistics.mean(m[0] for m in memory), "rss": statistics.mean(m[1] for m in memory),
        "cpu": statistics.median(cpu),
    }


async def peer_class(size: int, script: Path) -> dict[str, float]:
    """`size` browsers joining textual-serve's own server on the one-label app at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = f"{sys.executable} {script}"
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-c",
        "import sys; from textual_serve.server import Server; "
        "Server(sys.argv[1], host='127.0.0.1', port=int(sys.argv[2])).serve()",
        command, str(port), stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + WARM_TIMEOUT
            while True:
                try:
                    async with session.get(base + "/"):
                        break
                except aiohttp.ClientConnectionError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("textual-serve did not start") from None
                    await asyncio.sleep(0.2)
            results = await class_joins(session, base, [str(n) for n in range(size)],
                                        path="/ws", marker=ONE_LABEL_DRAWN)
            times = [elapsed for elapsed, _ in results]
            for _, websocket in results:
                await websocket.close()
    finally:
        server.terminate()
        await server.wait()
    return {"median": statistics.median(times), "slowest": max(times)}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,5,10,20")
    parser.add_argument("--cold-too", action="store_true",
                        help="also measure each class with no warm workers (slow)")
    parser.add_argument("--peer", action="store_true",
                        help="also measure textual-serve serving a one-label app, in turns")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    library = library_path()
    course = library / "curriculum.yaml" if library is not None else None
    print(f"{'trainees':>8} {'pool':>5} {'median s':>9} {'slowest s':>10} {'CPU s':>6} "
          f"{'PSS MiB':>8} {'RSS MiB':>8}")
    warm_results: dict[int, dict[str, float]] = {}
    peer_results: dict[int, dict[str, float]] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(ONE_LABEL_APP)
    for size in sizes:
        if args.peer:
            peer_results[size] = result = await peer_class(size, Path(script.name))
            print(f"{size:>8} {'peer':>5} {result['median']:>9.2f} {result['slowest']:>10.2f}"
                  "   (textual-serve, a one-label app)", flush=True)
        for warm in ([size, 0] if args.cold_too else [size]):
            result = await one_class(size, warm, course)
            if warm:
                warm_results[size] = result
            print(f"{size:>8} {warm:>5} {result['median']:>9.2f} {result['slowest']:>10.2f} "
                  f"{result['cpu']:>6.2f} {result['pss']:>8.1f} {result['rss']:>8.1f}",
                  flush=True)
    for label, results in (("the classroom", warm_results),
                           ("textual-serve's one-label app", peer_results)):
        if 1 in results:
            one = results[1]["median"]
            for size, result in results.items():
                print(f"{label}, {size} at once: slowest {result['slowest'] / one:.1f}x one"
                      + ("" if results is peer_results else
                         f" (target for 20: <= 4x); {result['pss']:.0f} MiB PSS per trainee "
                         "(target <= 60)"))
    os.unlink(script.name)


if __name__ == "__main__":
    asyncio.run(main())
