"""How fast the simulated ITMS acts, in memory and on disk, with 1k and 100k stored messages.

Run: `python bench/engine.py` (add `--quick` for a smoke run). Machines here are noisy, so the
figures that matter are ratios of timings taken in this same run:

- on disk / in memory: what persisting one action costs (target ≤ 3×), with the store's default
  `sync=normal` (written through to the OS at every action, fsynced at most once a second) and
  with `sync=full` (an fsync per action, whose price is set by the disk, not by our code);
- 100k / 1k stored messages: whether an action slows as history grows (target ≤ 1.5×).

Each action is an agent's free text to an opted-in number: it runs the rule checks, renders,
crosses the bus, changes a message three times, and is persisted as one change set.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from itms_tui.core.models import Message
from itms_tui.core.names import Actor, Direction, MessageStatus
from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from itms_tui.store import Sync, open_repository

NUMBERS = [f"+1617555{n:04d}" for n in range(100, 150)]
WORLD = {
    "company": {"name": "Bench Recovery", "phone": "+18005550100",
                "va_url": "https://pay.example.com/va", "timezone": "America/New_York"},
    "clock": "2026-03-02T10:00:00-05:00",
    "clients": [{"id": "C", "name": "Client", "business_type": "medical", "auto_opt_in": False}],
    "accounts": [{"id": "1", "consumer": "Bench Consumer", "client": "C", "balance": "100.00",
                  "phones": NUMBERS}],
    "consent": {number: "opted_in" for number in NUMBERS},
}


def world_with_history(messages: int):
    world = build_world(WORLD)
    start = datetime.fromisoformat(WORLD["clock"]) - timedelta(days=30)
    for i in range(1, messages + 1):
        at = start + timedelta(seconds=i)
        world.messages.append(Message(
            id=i, direction=Direction.OUT if i % 2 else Direction.IN, number=NUMBERS[i % len(NUMBERS)],
            body=f"Historic text number {i}: about the payment we discussed on the phone.",
            template=None, status=MessageStatus.DELIVERED, created_at=at, account_id="1",
            actor=Actor.AGENT if i % 2 else Actor.CONSUMER, sent_at=at, delivered_at=at,
            status_at=at, deliveries=1,
        ))
    return world


def open_service(history: int, directory: Path | None, sync: Sync = Sync.NORMAL) -> ItmsService:
    """A service holding `history` messages, in memory or reopened from a store on disk."""
    if directory is None:
        return ItmsService(world_with_history(history), open_repository(None))
    path = directory / f"bench-{history}-{sync}.json"
    ItmsService(world_with_history(history), open_repository(path)).close()
    return ItmsService.open(open_repository(path, sync=sync), seed=lambda: build_world(WORLD))


def time_actions(service: ItmsService, actions: int, rounds: int) -> float:
    """The median over `rounds` of the mean seconds per action."""
    per_action = []
    counter = 0
    for _ in range(rounds):
        gc.collect()
        started = time.perf_counter()
        for _ in range(actions):
            counter += 1
            result = service.send_text("1", NUMBERS[counter % len(NUMBERS)], f"Reminder {counter}")
            assert result.ok, result
        per_action.append((time.perf_counter() - started) / actions)
    return statistics.median(per_action)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args()
    small, large = (100, 5_000) if args.quick else (1_000, 100_000)
    actions, rounds = (50, 3) if args.quick else (300, 5)

    results: dict[tuple[str, int], float] = {}
    places = (("memory", None, Sync.NORMAL), ("disk", "d", Sync.NORMAL), ("disk-full", "d", Sync.FULL))
    with tempfile.TemporaryDirectory() as scratch:
        for history in (small, large):
            for where, on_disk, sync in places:
                service = open_service(history, Path(scratch) if on_disk else None, sync)
                time_actions(service, actions // 5, 1)  # warm caches before timing
                results[where, history] = time_actions(service, actions, rounds)
                service.close()

    print(f"service actions (agent free text to an opted-in number), {actions} x {rounds} rounds")
    print(f"{'stored':>8} {'in memory':>11} {'disk':>11} {'disk/mem':>9} "
          f"{'disk,full':>11} {'full/mem':>9}")
    for history in (small, large):
        memory, disk, full = (results[w, history] for w in ("memory", "disk", "disk-full"))
        print(f"{history:>8,} {1 / memory:>9,.0f}/s {1 / disk:>9,.0f}/s {disk / memory:>8.2f}x "
              f"{1 / full:>9,.0f}/s {full / memory:>8.2f}x")
    for where, _, _ in places:
        ratio = results[where, large] / results[where, small]
        print(f"{where:>10}: an action at {large:,} messages costs {ratio:.2f}x one at {small:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
