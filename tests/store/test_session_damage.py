"""A damaged session, found on opening: one line naming the file and the record, exit 2, and not
one byte of the folder changed (contents and modification times)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from itms_tui import cli
from itms_tui.session import WorldSource, open_session
from itms_tui.ui.app import ItmsApp


SAM = "+12085550102"
JAMES = "+12125550111"


def _session(folder: Path, *, journal: bool) -> Path:
    """The demo session saved and closed (a snapshot), plus actions left in its journal when
    `journal` is set, as a killed app leaves them."""
    db = folder / "session.json"
    service = open_session(db, WorldSource.demo())
    service.quick_opt_in("1002", SAM)
    service.close()
    if journal:
        service = open_session(db, WorldSource.demo())
        service.quick_opt_in("1011", JAMES)
        service.consumer_text(JAMES, "hello?")
        service._repository.release()  # noqa: SLF001 - gone without a close, as when killed
    return db


def _edit_snapshot(db: Path, edit) -> None:
    data = json.loads(db.read_bytes())
    edit({name: list(table.values()) for name, table in data.items()}, data)
    db.write_text(json.dumps(data))


def _first(documents, **match):
    return next(d for d in documents if all(d.get(k) == v for k, v in match.items()))


def _edit_last_journal_line(db: Path, edit) -> None:
    journal = db.with_name(db.name + ".journal")
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[-1] = edit(lines[-1].decode()).encode()
    journal.write_bytes(b"".join(lines))


def _bogus_message_status(line: str) -> str:
    entry = json.loads(line)
    message = next(iter(entry["puts"]["messages"].values()))
    message["status"] = "bogus"
    return json.dumps(entry) + "\n"


def _nan_clock(line: str) -> str:
    entry = json.loads(line)
    entry["puts"]["meta"]["clock"]["now"] = float("nan")
    return json.dumps(entry) + "\n"  # Python writes NaN; JSON has no such thing


def _deep_line(db: Path) -> None:
    journal = db.with_name(db.name + ".journal")
    seq = len(journal.read_bytes().splitlines()) + 10
    deep = "[" * 100_000 + "]" * 100_000
    with journal.open("ab") as file:
        file.write(f'{{"seq": {seq}, "puts": {{"inbox": {{"1": {{"x": {deep}}}}}}}, "deletes": {{}}}}\n'.encode())


def _directory_instead_of(db: Path, suffix: str) -> None:
    path = Path(f"{db}{suffix}")
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x")


def _stale_journal(db: Path) -> None:
    """A journal from an earlier moment put back beside a newer snapshot."""
    service = open_session(db, WorldSource.demo())
    service.quick_opt_in("1011", JAMES)
    service._repository.release()  # noqa: SLF001 - killed: the journal holds the action
    journal = db.with_name(db.name + ".journal")
    stale = journal.read_bytes()
    service = open_session(db, WorldSource.demo())
    service.consumer_text(JAMES, "YES")
    service.close()  # folded: the snapshot is now ahead of the stale journal
    journal.write_bytes(stale)


# case: (journal left in place?, damage, what the line names)
CASES = {
    "consent-state-bogus": (False, lambda db: _edit_snapshot(
        db, lambda t, _: _first(t["consent"], number=SAM).update(state="bogus")),
        ["session.json:", f"record consent/{SAM}", "'bogus'"]),
    "message-status-bogus": (True, lambda db: _edit_last_journal_line(db, _bogus_message_status),
                             ["session.json.journal line 2:", "record messages/", "'bogus'"]),
    "meta-table-missing": (False, lambda db: _edit_snapshot(db, lambda _, data: data.pop("meta")),
                           ["session.json:", "'meta'", "missing"]),
    "message-id-a-string": (False, lambda db: _edit_snapshot(
        db, lambda t, _: _first(t["messages"], id=3).update(id="3")),
        ["session.json:", "record messages/3", "'id'"]),
    "account-order-missing": (False, lambda db: _edit_snapshot(
        db, lambda t, _: _first(t["accounts"], id="1002").pop("order")),
        ["session.json:", "record accounts/1002", "'order'"]),
    "unknown-time-zone": (False, lambda db: _edit_snapshot(
        db, lambda t, _: _first(t["meta"], _key="world")["company"].update(timezone="Mars/Olympus")),
        ["session.json:", "record meta/world", "Mars/Olympus"]),
    "nan-in-the-journal": (True, lambda db: _edit_last_journal_line(db, _nan_clock),
                           ["session.json.journal", "line 2", "NaN"]),
    "100000-deep-nesting": (True, _deep_line, ["session.json.journal", "nested too deeply"]),
    "snapshot-is-a-directory": (True, lambda db: _directory_instead_of(db, ""),
                                ["session.json", "Is a directory"]),
    "journal-is-a-directory": (True, lambda db: _directory_instead_of(db, ".journal"),
                               ["session.json.journal", "Is a directory"]),
    "journal-behind-its-snapshot": (False, _stale_journal,
                                    ["session.json.journal", "line 1", "older than"]),
}


@pytest.fixture
def app_starts(monkeypatch):
    started: list[ItmsApp] = []
    monkeypatch.setattr(ItmsApp, "run", lambda app: started.append(app))
    return started


def _tree_states(folder: Path) -> dict:
    """Bytes (a directory: its listing) and mtime of every entry but the lock, which opening
    takes (it holds no data)."""
    return {
        entry.name: (tuple(sorted(os.listdir(entry))) if entry.is_dir() else entry.read_bytes(),
                     entry.stat().st_mtime_ns)
        for entry in sorted(folder.iterdir())
        if not entry.name.endswith(".lock")
    }


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_session_is_one_line_exit_2_and_untouched(tmp_path, capsys, app_starts, case):
    journal, damage, named = CASES[case]
    db = _session(tmp_path, journal=journal)
    damage(db)
    before = _tree_states(tmp_path)
    capsys.readouterr()

    assert cli.main(["--db", str(db)]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    # Damage says what to do; a path that is not a file (a folder, say) is "cannot be used".
    assert err.endswith(("move it away, or start with --fresh\n", "nothing was changed\n")), err
    for part in named:
        assert part in err, err
    assert not app_starts
    assert _tree_states(tmp_path) == before
