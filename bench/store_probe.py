"""Scratch measurement: what one commit costs at 1k vs 100k stored records.

Run: .venv/bin/python bench/store_probe.py [--sizes 1000 100000] [--commits 500]
Records are ~300 bytes of JSON. Timings are wall clock on whatever disk holds --dir.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tinydb import TinyDB

from itms_tui.core.repository import ChangeSet
from itms_tui.store import MemoryRepository, TinyDBRepository
from itms_tui.store import tinydb_repository
from itms_tui.store.codec import dumps


def make_record(number: int) -> dict[str, object]:
    record = {
        "msisdn": f"+1555{number:07d}",
        "direction": "inbound",
        "body": "Reply YES to receive appointment reminders. Msg&data rates may apply.",
        "status": "delivered",
        "campaign": "reminders-2024",
        "sent_at": "2024-05-01T12:00:00Z",
        "n": number,
    }
    record["padding"] = "x" * (300 - len(json.dumps(record)) - 14)
    return record


def one_record_change(number: int) -> ChangeSet:
    changes = ChangeSet()
    changes.put("messages", f"m{number:07d}", make_record(number))
    return changes


def seed_store(path: Path, size: int) -> None:
    with TinyDBRepository(path) as repo:
        for start in range(0, size, 1000):
            batch = ChangeSet()
            for number in range(start, min(start + 1000, size)):
                batch.put("messages", f"m{number:07d}", make_record(number))
            repo.commit(batch)


def time_calls(call: Callable[[int], None], first: int, count: int) -> list[float]:
    durations = []
    for number in range(first, first + count):
        started = time.perf_counter()
        call(number)
        durations.append(time.perf_counter() - started)
    return durations


def report(label: str, durations: list[float]) -> None:
    ordered = sorted(durations)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    print(
        f"{label:<27} median {statistics.median(ordered) * 1e6:9.1f} us"
        f"  mean {statistics.fmean(ordered) * 1e6:9.1f} us  p99 {p99 * 1e6:9.1f} us"
        f"  max {ordered[-1] * 1e6:9.1f} us  (n={len(ordered)})"
    )


def probe(directory: Path, size: int, commits: int) -> None:
    path = directory / f"store-{size}.json"
    started = time.perf_counter()
    seed_store(path, size)
    print(f"\n== {size} stored records (seeded in {time.perf_counter() - started:.1f} s)")

    started = time.perf_counter()
    repo = TinyDBRepository(path)
    opened = time.perf_counter() - started
    print(f"open + load snapshot ({path.stat().st_size / 1e6:.1f} MB): {opened * 1e3:.0f} ms")

    def commit_one(number: int) -> None:
        repo.commit(one_record_change(number))

    report("TinyDBRepository.commit", time_calls(commit_one, size, commits))
    real_sync = tinydb_repository._sync_data
    tinydb_repository._sync_data = lambda fd: None  # where the time goes: all but the fsync
    report("  same, fsync skipped", time_calls(commit_one, size + commits, commits))
    tinydb_repository._sync_data = real_sync

    started = time.perf_counter()
    repo.compact()
    compaction = time.perf_counter() - started
    line_bytes = len(dumps({"seq": 1, "puts": one_record_change(0).puts, "deletes": {}})) + 1
    commits_per_fold = max(repo.compaction_min_bytes, path.stat().st_size) / line_bytes
    print(
        f"compaction: {compaction * 1e3:.0f} ms, due every ~{commits_per_fold:.0f} such commits"
        f" -> amortised {compaction / commits_per_fold * 1e6:.1f} us per commit"
    )
    repo.close()

    memory = MemoryRepository()
    everything = {f"m{number:07d}": make_record(number) for number in range(size)}
    memory.commit(ChangeSet(puts={"messages": everything}))
    report(
        "MemoryRepository.commit",
        time_calls(lambda number: memory.commit(one_record_change(number)), size, commits),
    )

    plain_path = directory / f"plain-{size}.json"
    documents = {str(number + 1): record for number, record in enumerate(everything.values())}
    plain_path.write_text(json.dumps({"_default": documents}))
    with TinyDB(plain_path) as plain:  # TinyDB's own JSONStorage, for comparison
        inserts = max(3, min(commits, 100_000 // size))
        report(
            "plain TinyDB insert",
            time_calls(lambda number: plain.insert(make_record(number)), size, inserts),
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as scratch:
        for size in args.sizes:
            probe(Path(scratch), size, args.commits)


if __name__ == "__main__":
    main()
