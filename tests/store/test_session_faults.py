"""A disk that refuses (read-only, no permission, full) at start, during a session and at quit:
one clear line and a non-zero exit, never a traceback, and nothing saved before is lost."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

import pytest

from itms_tui import cli
from itms_tui.core.changes import ActionNotSaved
from itms_tui.session import WorldSource, open_session
from itms_tui.store import tinydb_repository
from itms_tui.ui.app import ItmsApp

SAM = "+12085550102"
JAMES = "+12125550111"
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _refuse(code: int):
    def fail(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.fixture
def desk_runs(monkeypatch):
    """`ItmsApp.run` replaced by the actions a test queues (what the user does in the app)."""
    actions: list = []

    def run(app):
        while actions:
            actions.pop(0)(app.service)

    monkeypatch.setattr(ItmsApp, "run", run)
    return actions


def _folder_refuses_writes(monkeypatch, folder: Path, code: int) -> None:
    """The operating system refuses to create or write any file in `folder` (a read-only mount,
    a folder without write permission, a full disk), at the one call every write starts with."""
    real_open = os.open

    def open_(path, flags, *args, **kwargs):
        if flags & WRITING and str(path).startswith(str(folder)):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC],
                         ids=["read-only", "unwritable", "full"])
@pytest.mark.parametrize("saved", [False, True], ids=["new-session", "saved-session"])
def test_a_folder_that_refuses_writes_at_start_is_one_line(tmp_path, monkeypatch, capsys,
                                                           desk_runs, code, saved):
    db = tmp_path / "session.json"
    if saved:
        open_session(db, WorldSource.demo()).close()
        (tmp_path / "session.json.lock").unlink()  # as on a fresh mount: the lock must be made
    before = sorted(p.name for p in tmp_path.iterdir())
    _folder_refuses_writes(monkeypatch, tmp_path, code)

    assert cli.main(["--db", str(db)]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert os.strerror(code) in err and "session.json" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_full_disk_during_the_session_undoes_the_action_and_quitting_says_so(
        tmp_path, monkeypatch, capsys, desk_runs):
    db = tmp_path / "session.json"
    outcomes = []

    def opt_in_on_a_full_disk(service):
        assert service.quick_opt_in("1002", SAM).ok  # saved
        with monkeypatch.context() as full:
            full.setattr(tinydb_repository, "_write_all", _refuse(errno.ENOSPC))
            with pytest.raises(ActionNotSaved, match="No space left"):
                service.quick_opt_in("1011", JAMES)
            outcomes.append(service.consent(JAMES).state.value)

    desk_runs.append(opt_in_on_a_full_disk)
    assert cli.main(["--db", str(db)]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left" in err and "Traceback" not in err, err
    assert outcomes == ["none"]  # undone in memory at once
    service = open_session(db, WorldSource.demo())
    try:
        assert service.consent(SAM).state.value == "awaiting_yes"  # nothing saved was lost
        assert service.consent(JAMES).state.value == "none"
    finally:
        service.close()


def test_a_full_disk_at_quit_is_one_line_and_loses_nothing(tmp_path, monkeypatch, capsys, desk_runs):
    db = tmp_path / "session.json"
    open_session(db, WorldSource.demo()).close()

    def opt_in_then_fill_the_disk(service):
        assert service.quick_opt_in("1002", SAM).ok
        monkeypatch.setattr(os, "replace", _refuse(errno.ENOSPC))  # the close's new snapshot

    desk_runs.append(opt_in_then_fill_the_disk)
    assert cli.main(["--db", str(db)]) == 2
    monkeypatch.undo()

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left" in err and "nothing was lost" in err, err
    assert "Traceback" not in err
    service = open_session(db, WorldSource.demo())
    try:
        assert service.consent(SAM).state.value == "awaiting_yes"
    finally:
        with contextlib.suppress(Exception):
            service.close()
