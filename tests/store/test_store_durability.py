"""Crashes and concurrent opens, exercised with real child processes."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from itms_tui.store import StoreLocked, TinyDBRepository
from itms_tui.store.storage import parse_tinydb_layout
from tests.support.store import file_states, start_child, expected_tables, numbered_key, numbered_record, scripted_change_sets


pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL and flock")


@pytest.mark.parametrize("compact_after", [-1, 1, 3], ids=["journal-only", "both", "snapshot-only"])
def test_commits_survive_exit_without_close(tmp_path: Path, compact_after: int) -> None:
    db = tmp_path / "itms.json"
    child = start_child(db, "commit-and-die", "--compact-after", str(compact_after))
    assert child.communicate()[0] == "done\n"

    with TinyDBRepository(db) as repo:
        assert repo.load() == expected_tables(scripted_change_sets())
    with TinyDBRepository(db) as repo:  # and again after the close above compacted
        assert repo.load() == expected_tables(scripted_change_sets())


@pytest.mark.parametrize("die_point", ["before-replace", "after-replace"])
def test_crash_inside_compaction_loses_nothing_and_replays_nothing_twice(
    tmp_path: Path, die_point: str
) -> None:
    db = tmp_path / "itms.json"
    journal = db.with_name(db.name + ".journal")
    change_sets = scripted_change_sets()
    child = start_child(
        db, "commit-and-die", "--compact-after", "2", "--die-in-compaction", die_point
    )
    child.communicate()
    assert child.returncode == 3
    assert len(journal.read_bytes().splitlines()) == 2  # the journal was never emptied

    with TinyDBRepository(db) as repo:
        assert repo.load() == expected_tables(change_sets[:2])
        repo.commit(change_sets[2])
        assert _leftover_temp_files(db) == []  # cleared before the first write
        assert json.loads(journal.read_bytes().splitlines()[-1])["seq"] == 3
    with TinyDBRepository(db) as repo:
        assert repo.load() == expected_tables(change_sets)


def _leftover_temp_files(db: Path) -> list[Path]:
    return list(db.parent.glob(f".{db.name}.*.tmp"))


@pytest.mark.parametrize(
    "child_options",
    [[], ["--min-bytes", "0"], ["--compact-every", "1"], ["--compact-every", "5"],
     ["--sync", "normal"], ["--sync", "normal", "--min-bytes", "0"]],
    ids=["journal", "threshold-compaction", "compact-every-commit", "compact-every-5",
         "normal-sync-journal", "normal-sync-threshold-compaction"],
)
def test_sigkill_never_loses_an_acknowledged_commit(
    tmp_path: Path, child_options: list[str]
) -> None:
    db = tmp_path / "itms.json"
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    stored_count = 0
    for _ in range(3):
        child = start_child(db, "write", str(stored_count), *child_options)
        acknowledged = _read_acknowledgements(child, at_least=200 + rng.randrange(100))
        time.sleep(rng.uniform(0, 0.02))
        child.send_signal(signal.SIGKILL)
        # Numbers printed between our last read and the kill were acknowledged too.
        acknowledged += [int(line) for line in child.communicate()[0].split()]
        assert child.returncode == -signal.SIGKILL

        _assert_files_are_readable(db)
        with TinyDBRepository(db) as repo:
            messages = repo.load().get("messages", {})
        assert _leftover_temp_files(db) == []  # cleared on close at the latest
        stored_count = len(messages)
        assert stored_count > max(acknowledged), f"lost acknowledged commits (seed {seed})"
        # Exactly the records 0..n-1 with their own content: nothing skipped, nothing mangled.
        assert messages == {numbered_key(n): numbered_record(n) for n in range(stored_count)}, seed


def _read_acknowledgements(child, at_least: int) -> list[int]:
    acknowledged = []
    while len(acknowledged) < at_least:
        line = child.stdout.readline()
        assert line, "the writer died on its own"
        acknowledged.append(int(line))
    return acknowledged


def _assert_files_are_readable(db: Path) -> None:
    if db.exists():
        parse_tinydb_layout(db, db.read_bytes())
    journal = db.with_name(db.name + ".journal")
    if journal.exists():
        complete_lines = journal.read_bytes().rpartition(b"\n")[0]
        for line in filter(None, complete_lines.split(b"\n")):
            json.loads(line)


def test_store_held_by_another_process_is_refused_with_its_pid(tmp_path: Path) -> None:
    db = tmp_path / "itms.json"
    child = start_child(db, "hold")
    try:
        assert child.stdout.readline() == "ready\n"
        before = file_states(tmp_path)

        with pytest.raises(StoreLocked) as refused:
            TinyDBRepository(db)

        assert f"pid {child.pid}" in str(refused.value)
        assert str(db) in str(refused.value)
        assert refused.value.holder_pid == child.pid
        assert file_states(tmp_path) == before
    finally:
        child.communicate("")  # closing stdin lets the child close the store and exit
    assert child.returncode == 0

    with TinyDBRepository(db) as repo:
        assert repo.load() == {}


def test_lock_of_a_killed_process_is_released(tmp_path: Path) -> None:
    db = tmp_path / "itms.json"
    child = start_child(db, "hold")
    assert child.stdout.readline() == "ready\n"
    child.kill()
    child.communicate()

    with TinyDBRepository(db) as repo:
        assert repo.load() == {}


def test_second_open_in_the_same_process_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "itms.json"
    with TinyDBRepository(db):
        with pytest.raises(StoreLocked, match=f"pid {os.getpid()}"):
            TinyDBRepository(db)
    TinyDBRepository(db).close()
