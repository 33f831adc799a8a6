"""Compaction is amortised: counted structurally here, timed only in bench/store_probe.py."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from itms_tui.core.repository import ChangeSet
from itms_tui.store import TinyDBRepository


def _put(repo: TinyDBRepository, key: str, body: str) -> None:
    changes = ChangeSet()
    changes.put("messages", key, {"body": body})
    repo.commit(changes)


@pytest.mark.slow
def test_growing_store_rewrites_its_snapshot_logarithmically_often(tmp_path: Path) -> None:
    path = tmp_path / "itms.json"
    commits = 3000
    repo = TinyDBRepository(path, compaction_min_bytes=4096)
    snapshot_sizes = []
    for number in range(commits):
        _put(repo, f"m{number}", "x" * 100)
        if repo.compactions > len(snapshot_sizes):
            snapshot_sizes.append(path.stat().st_size)

    # A fold waits for the journal to outgrow the snapshot, so each snapshot is a constant
    # factor bigger than the last (folding every commit would mean 3000 rewrites). Comparing
    # snapshots needs two of them.
    assert len(snapshot_sizes) >= 2, f"only {len(snapshot_sizes)} compaction(s) in {commits} commits"
    assert all(newer >= 1.5 * older for older, newer in zip(snapshot_sizes, snapshot_sizes[1:]))
    assert 0 < repo.compactions <= math.ceil(math.log2(commits))
    repo.close()


@pytest.mark.slow
def test_overwrites_fold_once_per_snapshot_sized_journal(tmp_path: Path) -> None:
    path = tmp_path / "itms.json"
    repo = TinyDBRepository(path, compaction_min_bytes=0)
    for number in range(500):
        _put(repo, f"m{number}", "x" * 100)
    repo.compact()
    snapshot_bytes = path.stat().st_size
    folds_before = repo.compactions
    _put(repo, "m0", "y" * 100)
    line_bytes = path.with_name("itms.json.journal").stat().st_size

    overwrites = 2000
    for _ in range(overwrites - 1):
        _put(repo, "m0", "y" * 100)

    # The snapshot does not grow, so a fold is due every snapshot_bytes of journal.
    folds = repo.compactions - folds_before
    assert 0 < folds <= overwrites * line_bytes / snapshot_bytes
    repo.close()


def test_default_threshold_leaves_small_stores_to_close(tmp_path: Path) -> None:
    path = tmp_path / "itms.json"
    repo = TinyDBRepository(path)
    for number in range(300):
        _put(repo, f"m{number}", "x" * 100)
    assert repo.compactions == 0
    assert not path.exists()

    repo.close()

    assert repo.compactions == 1
    assert path.with_name("itms.json.journal").stat().st_size == 0
    with TinyDBRepository(path) as reopened:
        assert len(reopened.load()["messages"]) == 300


def test_state_is_the_same_after_any_number_of_compactions(tmp_path: Path) -> None:
    path = tmp_path / "itms.json"
    with TinyDBRepository(path, compaction_min_bytes=0) as repo:
        for number in range(50):
            _put(repo, f"m{number % 7}", f"body {number}")
            if number % 3 == 0:
                deletion = ChangeSet()
                deletion.delete("messages", f"m{(number + 2) % 7}")
                repo.commit(deletion)
            if number % 10 == 0:
                repo.compact()
        expected = repo.load()
        assert repo.compactions >= 5
    with TinyDBRepository(path) as reopened:
        assert reopened.load() == expected
