"""`kill -9` at any moment of a session loses no acknowledged action and leaves no half of one.

A child process does random actions on a session on disk (the app's store, in its default sync
mode) and is killed at a random moment, three times in a row on the same session. After each kill
the session is reopened and must be exactly the session an in-memory replay of the same actions
reaches after the last acknowledged action, or after the one in flight (its write may have
landed just before the kill): never anything in between, never less.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from itms_tui.store import open_repository

from tests.support.sessions import WORLD, act, actions, same_pins_everywhere, state
from tests.support.store import REPO_ROOT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")]

CHILD = Path(__file__).with_name("session_child.py")
KILLS = int(os.environ.get("ITMS_TUI_KILL_TRIALS", "3"))


def _digest(service: ItmsService) -> str:
    return json.dumps(state(service), default=str, sort_keys=True)


def _acknowledged(child: subprocess.Popen[str]) -> int:
    line = child.stdout.readline()
    assert line, "the session's process died on its own (its traceback is above)"
    return int(line)


def test_kill_9_during_a_session_loses_no_acknowledged_action(tmp_path, monkeypatch):
    same_pins_everywhere(monkeypatch.setattr)
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    db = tmp_path / "session.json"
    # The same actions in memory, moved along as the child acknowledges them.
    replay = ItmsService.open(open_repository(None), seed=lambda: build_world(WORLD))
    replayed, script = 0, actions(seed)
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(db), str(seed), str(replayed)],
                                 stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
        acknowledged = [_acknowledged(child) for _ in range(20 + rng.randrange(60))]
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        acknowledged += [int(line) for line in child.communicate()[0].split()]
        assert child.returncode == -signal.SIGKILL

        service = ItmsService.open(open_repository(db), seed=lambda: pytest.fail("not resumed"))
        try:
            found = _digest(service)
        finally:
            service.close()
        last = acknowledged[-1] + 1  # actions acknowledged: 0 .. last-1
        for _ in range(last - replayed):
            act(replay, next(script))
        replayed = last
        if found != _digest(replay):  # the action in flight may have been written: only it
            act(replay, next(script))
            replayed += 1
            assert found == _digest(replay), f"seed {seed}: not the state after action {last}"
