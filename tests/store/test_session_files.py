"""What happens to a session's files: a busy session is never touched, a kept copy is never
overwritten, and a first start killed half-way leaves nothing half-built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from itms_tui import cli
from itms_tui.session import FreshStart, WorldSource, open_session
from itms_tui.store import StoreLocked

from tests.support.store import REPO_ROOT, file_states, start_child

SAM = "+12085550102"  # demo account 1002, no consent yet
JAMES = "+12125550111"  # demo account 1011, no consent yet


def _saved_session(db: Path, *actions) -> None:
    service = open_session(db, WorldSource.demo())
    for action in actions:
        action(service)
    service.close()


def test_fresh_on_a_session_another_process_has_open_moves_nothing(tmp_path):
    db = tmp_path / "session.json"
    _saved_session(db, lambda service: service.quick_opt_in("1002", SAM))
    holder = start_child(db, "hold")
    try:
        assert holder.stdout.readline() == "ready\n"
        before = file_states(tmp_path)
        with pytest.raises(StoreLocked, match=f"pid {holder.pid}"):
            open_session(db, WorldSource.demo(), fresh=True)
        assert file_states(tmp_path) == before
        assert not list(tmp_path.glob("*.previous*"))
        with pytest.raises(StoreLocked):
            FreshStart.claim(db)
        assert file_states(tmp_path) == before
    finally:
        holder.communicate("")
    # The holder closed cleanly: its session is the one that was there, not an empty demo.
    service = open_session(db, WorldSource.demo())
    assert service.resumed and service.consent(SAM).state.value == "awaiting_yes"
    service.close()


def test_every_fresh_start_keeps_its_own_copy(tmp_path):
    db = tmp_path / "session.json"
    _saved_session(db, lambda service: service.quick_opt_in("1002", SAM))
    claim = FreshStart.claim(db)
    assert claim.kept == tmp_path / "session.json.previous"  # what the prompt names
    service = open_session(db, WorldSource.demo(), fresh=claim)
    service.quick_opt_in("1011", JAMES)
    service.close()
    claim = FreshStart.claim(db)
    assert claim.kept == tmp_path / "session.json.previous-2"
    open_session(db, WorldSource.demo(), fresh=claim).close()

    first = open_session(tmp_path / "session.json.previous", WorldSource.demo())
    second = open_session(tmp_path / "session.json.previous-2", WorldSource.demo())
    try:
        assert first.consent(SAM).state.value == "awaiting_yes"
        assert first.consent(JAMES).state.value == "none"
        assert second.consent(SAM).state.value == "none"
        assert second.consent(JAMES).state.value == "awaiting_yes"
    finally:
        first.close()
        second.close()


def test_a_second_fresh_start_does_not_overwrite_the_first_kept_copy(tmp_path):
    db = tmp_path / "session.json"
    _saved_session(db, lambda service: service.quick_opt_in("1002", SAM))
    open_session(db, WorldSource.demo(), fresh=True).close()
    kept = {path.name: path.read_bytes() for path in tmp_path.glob("session.json.previous*")}
    assert kept
    open_session(db, WorldSource.demo(), fresh=True).close()
    for name, content in kept.items():
        assert (tmp_path / name).read_bytes() == content
    assert len(list(tmp_path.glob("session.json.previous*"))) > len(kept)


def test_a_declined_fresh_start_moves_nothing_and_frees_the_session(tmp_path):
    db = tmp_path / "session.json"
    _saved_session(db)
    before = file_states(tmp_path)
    claim = FreshStart.claim(db)
    claim.cancel()
    assert file_states(tmp_path) == before
    open_session(db, WorldSource.demo()).close()  # not locked any more


DIE_DURING_SEEDING = """
import os, sys
from pathlib import Path
from itms_tui.scenarios.runner import ScenarioRun
from itms_tui.session import WorldSource, open_session

real_execute = ScenarioRun.execute
steps = []

def execute(self, step):
    steps.append(step)
    if len(steps) == int(sys.argv[2]):
        os._exit(9)  # killed while the demo's texts are being played in
    return real_execute(self, step)

ScenarioRun.execute = execute
open_session(Path(sys.argv[1]), WorldSource.demo())
"""


@pytest.mark.slow  # a crash test: a child process killed half-way, like the durability tests
@pytest.mark.parametrize("die_at_step", [1, 4])
def test_a_first_start_killed_half_way_leaves_no_half_built_session(tmp_path, die_at_step):
    db = tmp_path / "session.json"
    child = subprocess.run(
        [sys.executable, "-c", DIE_DURING_SEEDING, str(db), str(die_at_step)],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, capture_output=True, text=True)
    assert child.returncode == 9, child.stderr

    service = open_session(db, WorldSource.demo())
    whole = open_session(None, WorldSource.demo())
    try:
        assert not service.resumed  # nothing was kept of the killed start: it starts again
        assert [(i.number, i.body) for i in service.inbox()] == [
            (i.number, i.body) for i in whole.inbox()]
        assert len(service.messages()) == len(whole.messages())
        assert len(service.audit()) == len(whole.audit())
    finally:
        service.close()


@pytest.fixture
def app_starts(monkeypatch):
    started: list = []
    monkeypatch.setattr("itms_tui.ui.app.ItmsApp.run", lambda app: started.append(app.service))
    return started


def test_fresh_yes_on_a_session_another_itms_tui_has_open_is_one_line_and_moves_nothing(
        tmp_path, capsys, app_starts):
    db = tmp_path / "session.json"
    _saved_session(db)
    holder = start_child(db, "hold")
    try:
        assert holder.stdout.readline() == "ready\n"
        before = file_states(tmp_path)
        capsys.readouterr()
        assert cli.main(["--db", str(db), "--fresh", "--yes"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"in use by another itms-tui process (pid {holder.pid})" in err
        assert file_states(tmp_path) == before and not app_starts
    finally:
        holder.communicate("")


def test_the_question_names_the_copy_that_will_be_kept(tmp_path, monkeypatch, capsys, app_starts):
    db = tmp_path / "session.json"
    _saved_session(db)
    open_session(db, WorldSource.demo(), fresh=True).close()  # session.json.previous is taken
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "y")

    assert cli.main(["--db", str(db), "--fresh"]) == 0

    assert len(asked) == 1 and f"kept as {tmp_path / 'session.json.previous-2'}" in asked[0]
    assert (tmp_path / "session.json.previous-2").exists()
    assert f"kept as {tmp_path / 'session.json.previous-2'}" in capsys.readouterr().out
    app_starts[-1].close()
