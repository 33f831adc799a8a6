"""A store opened in a child process, so tests can kill it or hold its lock from outside.

Run as a script (tests start it with the repo root on PYTHONPATH):
  write START [--compact-every K] [--min-bytes B]
      commit records START, START+1, ... forever, printing each number once commit() returned
  hold
      open the store, print "ready", wait until stdin closes, close the store
  commit-and-die [--compact-after N] [--die-in-compaction before-replace|after-replace]
      commit `scripted_change_sets()` (compacting after the first N, optionally dying just
      before or just after the new snapshot is renamed into place), print "done", exit
      without close(), as a crash would
"""

from __future__ import annotations

import argparse
import os
import sys

from itms_tui.core.repository import ChangeSet
from itms_tui.store import TinyDBRepository
from tests.support.store import numbered_key, numbered_record, scripted_change_sets


def _write_forever(repo: TinyDBRepository, start: int, compact_every: int) -> None:
    number = start
    while True:
        changes = ChangeSet()
        changes.put("messages", numbered_key(number), numbered_record(number))
        repo.commit(changes)
        print(number, flush=True)
        if compact_every and number % compact_every == 0:
            repo.compact()
        number += 1


def _die_at_snapshot_replace(after: bool) -> None:
    real_replace = os.replace

    def replace_then_die(source: str, target: str) -> None:
        if after:
            real_replace(source, target)
        os._exit(3)

    os.replace = replace_then_die  # this process exists only to die here


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("mode", choices=["write", "hold", "commit-and-die"])
    parser.add_argument("start", type=int, nargs="?", default=0)
    parser.add_argument("--compact-every", type=int, default=0)
    parser.add_argument("--min-bytes", type=int, default=1 << 20)
    parser.add_argument("--compact-after", type=int, default=-1)
    parser.add_argument("--die-in-compaction", choices=["before-replace", "after-replace"])
    parser.add_argument("--sync", choices=["full", "normal"], default="full")
    args = parser.parse_args()

    repo = TinyDBRepository(args.db, compaction_min_bytes=args.min_bytes, sync=args.sync)
    if args.mode == "write":
        _write_forever(repo, args.start, args.compact_every)
    elif args.mode == "hold":
        print("ready", flush=True)
        sys.stdin.read()
        repo.close()
    else:
        for count, changes in enumerate(scripted_change_sets(), start=1):
            repo.commit(changes)
            if count == args.compact_after:
                if args.die_in_compaction:
                    _die_at_snapshot_replace(after=args.die_in_compaction == "after-replace")
                repo.compact()
        print("done", flush=True)
        os._exit(0)  # no close(), no compaction, no atexit: the OS drops the lock as on a crash


if __name__ == "__main__":
    main()
