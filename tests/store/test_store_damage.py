"""Damaged files are reported, named, and left byte for byte as they were."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from itms_tui.core.repository import ChangeSet
from itms_tui.store import StoreDamaged, StoreVersionError, TinyDBRepository
from tests.support.store import file_states, start_child, expected_tables, scripted_change_sets


SNAPSHOT = "itms.json"
JOURNAL = "itms.json.journal"


@pytest.fixture(scope="module")
def healthy_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A healthy store written by a child process that then died: the first change set
    compacted, the other two in the journal. Written once; each test damages its own copy."""
    db = tmp_path_factory.mktemp("healthy") / SNAPSHOT
    child = start_child(db, "commit-and-die", "--compact-after", "1")
    assert child.communicate()[0] == "done\n"
    return db


@pytest.fixture
def db(healthy_store: Path, tmp_path: Path) -> Path:
    """A copy of the healthy store in the test's own folder."""
    for written in healthy_store.parent.iterdir():
        shutil.copy2(written, tmp_path / written.name)
    return tmp_path / SNAPSHOT


def _rewrite_snapshot(db: Path, mutate) -> None:
    data = json.loads(db.read_bytes())
    mutate(data)
    db.write_text(json.dumps(data))


DAMAGE = {
    "garbage": (SNAPSHOT, lambda db: db.write_bytes(b"\x00\x01 not json at all"), "line 1"),
    "not-utf8": (SNAPSHOT, lambda db: db.write_bytes(b'{"a": "\xff"}'), "not UTF-8"),
    "truncated": (
        SNAPSHOT,
        lambda db: db.write_bytes(db.read_bytes()[: db.stat().st_size // 2]),
        "line 1",
    ),
    "bad-line-3": (
        SNAPSHOT,
        lambda db: db.write_text('{\n  "messages": {\n    "1": {"_key": "1" "body": "x"}\n  }\n}'),
        "line 3",
    ),
    "json-list": (SNAPSHOT, lambda db: db.write_text("[1, 2, 3]"), "array"),
    "table-not-object": (SNAPSHOT, lambda db: db.write_text('{"messages": [1]}'), "messages"),
    "document-not-object": (
        SNAPSHOT,
        lambda db: db.write_text('{"messages": {"1": "text"}}'),
        "document 1",
    ),
    "document-id-not-number": (
        SNAPSHOT,
        lambda db: db.write_text('{"messages": {"one": {}}}'),
        "'one'",
    ),
    "empty-file": (SNAPSHOT, lambda db: db.write_bytes(b""), "empty"),
    "foreign-tinydb-file": (
        SNAPSHOT,
        lambda db: db.write_text('{"_default": {"1": {"name": "someone else\'s"}}}'),
        "not an itms-tui store",
    ),
    "document-without-key": (
        SNAPSHOT,
        lambda db: _rewrite_snapshot(db, lambda data: data["consumers"]["1"].pop("_key")),
        "'_key'",
    ),
    "journal-bad-middle-line": (
        JOURNAL,
        lambda db: _replace_journal_line(db, 0, b'{"seq": 2, "puts": {'),
        "line 1",
    ),
    "journal-line-not-an-entry": (
        JOURNAL,
        lambda db: _replace_journal_line(db, 1, b'{"seq": 3, "puts": [], "deletes": {}}'),
        "line 2: puts",
    ),
    "journal-seq-gap": (
        JOURNAL,
        lambda db: _replace_journal_line(db, 0, b'{"seq": 7, "puts": {}, "deletes": {}}'),
        "commits are missing",
    ),
    "snapshot-missing-under-journal": (JOURNAL, lambda db: db.unlink(), "commits are missing"),
}


def _replace_journal_line(db: Path, index: int, replacement: bytes) -> None:
    journal = db.with_name(JOURNAL)
    lines = journal.read_bytes().splitlines()
    lines[index] = replacement
    journal.write_bytes(b"\n".join(lines) + b"\n")


@pytest.mark.parametrize("case", DAMAGE, ids=list(DAMAGE))
def test_damage_is_reported_and_nothing_is_written(db: Path, tmp_path: Path, case: str) -> None:
    damaged_file, damage, problem = DAMAGE[case]
    damage(db)
    before = file_states(tmp_path)

    with pytest.raises(StoreDamaged) as raised:
        TinyDBRepository(db)

    message = str(raised.value)
    assert str(tmp_path / damaged_file) in message
    assert problem in message
    assert "left as it is" in message
    assert file_states(tmp_path) == before
    TinyDBRepository(db.with_name("other.json")).close()  # the lock was released on failure


def test_newer_format_is_a_version_error_and_nothing_is_written(db: Path, tmp_path: Path) -> None:
    _rewrite_snapshot(db, lambda data: data["_itms_store"]["1"].update(format=99))
    before = file_states(tmp_path)

    with pytest.raises(StoreVersionError, match="format 99"):
        TinyDBRepository(db)

    assert file_states(tmp_path) == before


def test_torn_last_journal_line_is_ignored_and_trimmed(db: Path) -> None:
    journal = db.with_name(JOURNAL)
    healthy_journal = journal.read_bytes()
    journal.write_bytes(healthy_journal + b'{"seq": 4, "puts": {"messages": {"9": {"bo')

    repo = TinyDBRepository(db)

    assert repo.load() == expected_tables(scripted_change_sets())
    extra = ChangeSet()
    extra.put("messages", "9", {"body": "after the tear"})
    repo.commit(extra)
    # The tear was cut off before the new line went in (opening alone writes nothing).
    assert journal.read_bytes().startswith(healthy_journal + b'{"seq":4,')
    repo.close()
    with TinyDBRepository(db) as reopened:
        assert reopened.load()["messages"]["9"] == {"body": "after the tear"}


def test_unstorable_value_leaves_the_files_untouched(db: Path, tmp_path: Path) -> None:
    before = file_states(tmp_path)
    with TinyDBRepository(db) as repo:
        bad = ChangeSet()
        bad.put("messages", "x", {"callback": print})
        with pytest.raises(TypeError):
            repo.commit(bad)
        assert file_states(tmp_path) == before
    with TinyDBRepository(db) as repo:
        assert repo.load() == expected_tables(scripted_change_sets())
