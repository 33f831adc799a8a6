"""Disk errors while the store is open: nothing acknowledged is lost, nothing unsaved is claimed."""

from __future__ import annotations

import errno
import logging
import math
import os
from pathlib import Path

import pytest

from itms_tui.core.repository import ChangeSet
from itms_tui.store import StoreError, TinyDBRepository
from itms_tui.store import tinydb_repository


def _change(key: str) -> ChangeSet:
    changes = ChangeSet()
    changes.put("messages", key, {"body": key})
    return changes


def _disk_full(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_failed_journal_write_is_not_acknowledged_and_stops_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "itms.json"
    journal = path.with_name("itms.json.journal")
    repo = TinyDBRepository(path)
    repo.commit(_change("saved"))
    journal_before = journal.read_bytes()

    def write_half_then_fail(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        _disk_full()

    monkeypatch.setattr(tinydb_repository, "_write_all", write_half_then_fail)
    with pytest.raises(StoreError, match="was not saved"):
        repo.commit(_change("lost"))
    monkeypatch.undo()

    assert journal.read_bytes() == journal_before  # the half line was cut off again
    with pytest.raises(StoreError, match="was not saved"):
        repo.commit(_change("after"))
    repo.close()
    with TinyDBRepository(path) as reopened:
        assert reopened.load() == {"messages": {"saved": {"body": "saved"}}}


def test_failed_compaction_after_a_commit_keeps_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "itms.json"
    repo = TinyDBRepository(path, compaction_min_bytes=0)
    monkeypatch.setattr(os, "replace", _disk_full)

    commits = 32
    with caplog.at_level(logging.WARNING, logger=tinydb_repository.__name__):
        for number in range(commits):
            repo.commit(_change(f"k{number:02d}"))

    assert repo.compactions == 0
    # Retries wait for the journal to double instead of rewriting on every commit.
    assert 1 < len(caplog.records) <= math.log2(commits) + 1
    assert list(tmp_path.glob(".itms.json.*")) == []  # the failed temp files were removed
    monkeypatch.undo()
    repo.close()
    with TinyDBRepository(path) as reopened:
        assert len(reopened.load()["messages"]) == commits


def test_failed_compaction_on_close_raises_releases_the_lock_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "itms.json"
    repo = TinyDBRepository(path)
    repo.commit(_change("kept"))
    monkeypatch.setattr(os, "replace", _disk_full)

    with pytest.raises(StoreError, match="nothing was lost"):
        repo.close()

    monkeypatch.undo()
    with TinyDBRepository(path) as reopened:
        assert reopened.load() == {"messages": {"kept": {"body": "kept"}}}
