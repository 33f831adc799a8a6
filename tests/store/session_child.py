"""A session on disk driven by random actions in a child process, for tests to kill.

Run as a script with the repo root on PYTHONPATH:  session_child.py DB SEED START
It opens the session at DB (a new one from session_actions.WORLD if there is none), then does
actions START, START+1, … of the sequence `random_action(random.Random(SEED))` draws, printing
each one's index once the service has returned from it (the action is acknowledged), forever.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from session_actions import WORLD, act, random_action, same_pins_everywhere  # noqa: E402

from itms_tui.core.service import ItmsService  # noqa: E402
from itms_tui.core.world import build_world  # noqa: E402
from itms_tui.store import open_repository  # noqa: E402


def actions(seed: int):
    rng = random.Random(seed)
    while True:
        yield random_action(rng)


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
