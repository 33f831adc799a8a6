"""A session on disk driven by random actions in a child process, for tests to kill.

Run as a script with the repo root on PYTHONPATH:  session_child.py DB SEED START
It opens the session at DB (a new one from tests.support.sessions.WORLD if there is none), then
does actions START, START+1, … of the sequence `actions(SEED)` draws, printing
each one's index once the service has returned from it (the action is acknowledged), forever.
"""

from __future__ import annotations

import sys
from pathlib import Path

from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from itms_tui.store import open_repository
from tests.support.sessions import WORLD, act, actions, same_pins_everywhere


def main() -> None:
    db, seed, start = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    same_pins_everywhere(setattr)
    service = ItmsService.open(open_repository(db), seed=lambda: build_world(WORLD))
    for index, action in enumerate(actions(seed)):
        if index >= start:
            act(service, action)
            print(index, flush=True)


if __name__ == "__main__":
    main()
