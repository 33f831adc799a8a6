"""How quickly the app starts and how a long conversation behaves, against baselines in the same run.

Run: `python bench/app.py` (`--quick` for a smoke run). Ratios, not seconds, are the figures:

- start-up to first frame of `itms-tui` (a new session, and a saved one resumed) against a bare
  Textual app that shows one label, each a whole new process (target ≤ 1.5×);
- appending one message to a thread and showing it, at 5,000 messages against 50 (target ≤ 2×).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import datetime, timedelta

BARE = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("one label")

    async def first_frame(pilot):
        await pilot.pause()
        pilot.app.exit()

    Bare().run(headless=True, size=(140, 45), auto_pilot=first_frame)
""")

ITMS = textwrap.dedent("""
    from itms_tui.session import WorldSource, default_db, open_session
    from itms_tui.ui.app import ItmsApp

    async def first_frame(pilot):
        await pilot.pause()
        pilot.app.exit()

    service = open_session(default_db(), WorldSource.demo())
    ItmsApp(service).run(headless=True, size=(140, 45), auto_pilot=first_frame)
    service.close()
""")


def time_process(code: str, runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def start_up(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, ITMS_TUI_DATA=data)
        bare = time_process(BARE, runs, env)
        new = []
        for _ in range(runs):  # each run starts from an empty data dir: a brand-new session
            for name in os.listdir(data):
                os.remove(os.path.join(data, name))
            new.append(time_process(ITMS, 1, env))
        resumed = time_process(ITMS, runs, env)
    return {"bare": bare, "new": statistics.median(new), "resumed": resumed}


async def append_cost(history: int, appends: int) -> float:
    from itms_tui.core.models import Message
    from itms_tui.core.names import Actor, Direction, MessageStatus
    from itms_tui.core.service import ItmsService
    from itms_tui.core.world import build_world
    from itms_tui.ui.app import ItmsApp

    number = "+16175550101"
    world = build_world({
        "company": {"name": "Bench Recovery", "phone": "+18005550100",
                    "va_url": "https://pay.example.com/va", "timezone": "America/New_York"},
        "clock": "2026-03-02T10:00:00-05:00",
        "clients": [{"id": "C", "name": "Client", "business_type": "x", "auto_opt_in": False}],
        "accounts": [{"id": "1", "consumer": "Pat Bench", "client": "C", "balance": "10.00",
                      "phones": [number]}],
        "consent": {number: "opted_in"},
    })
    start = datetime.fromisoformat("2026-02-01T10:00:00-05:00")
    for i in range(1, history + 1):
        at = start + timedelta(minutes=i)
        outbound = i % 2 == 1
        world.messages.append(Message(
            id=i, direction=Direction.OUT if outbound else Direction.IN, number=number,
            body=f"Earlier text {i} about the payment plan we set up.", template=None,
            status=MessageStatus.DELIVERED, created_at=at, account_id="1",
            actor=Actor.AGENT if outbound else Actor.CONSUMER, sent_at=at, delivered_at=at,
            status_at=at, deliveries=1,
        ))
    service = ItmsService(world)
    app = ItmsApp(service)
    times = []
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        for i in range(appends):
            started = time.perf_counter()
            if i % 2:
                service.send_text("1", number, f"Agent reminder {i}")
            else:
                service.consumer_text(number, f"Consumer reply {i}")
            await pilot.pause()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke run")
    args = parser.parse_args()
    runs, appends = (2, 10) if args.quick else (7, 40)

    startup = start_up(runs)
    short = asyncio.run(append_cost(50, appends))
    long = asyncio.run(append_cost(5_000, appends))

    print(f"start-up to first frame (whole process, median of {runs})")
    print(f"  bare Textual app, one label   {startup['bare'] * 1000:8.0f} ms")
    for key, label in (("new", "itms-tui, new demo session"), ("resumed", "itms-tui, saved session")):
        print(f"  {label:<30}{startup[key] * 1000:8.0f} ms   {startup[key] / startup['bare']:.2f}x bare")
    print(f"append a message and show it (median of {appends})")
    print(f"  thread of 50                  {short * 1000:8.1f} ms")
    print(f"  thread of 5,000               {long * 1000:8.1f} ms   {long / short:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
