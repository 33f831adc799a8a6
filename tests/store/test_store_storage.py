"""AtomicJSONStorage as a plain TinyDB storage."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tinydb import Query, TinyDB

from itms_tui.store import AtomicJSONStorage, StoreDamaged
from tests.support.store import file_states


def test_tinydb_reads_back_what_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"name": "Zoë", "emoji": "📱"})
        db.table("other").insert({"n": 1})
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        assert db.search(Query().name == "Zoë") == [{"name": "Zoë", "emoji": "📱"}]
        assert db.table("other").all() == [{"n": 1}]
    assert [entry.name for entry in tmp_path.iterdir()] == ["plain.json"]  # no temp files left


def test_a_missing_file_is_an_empty_database_and_reading_creates_nothing(tmp_path: Path) -> None:
    with TinyDB(tmp_path / "absent.json", storage=AtomicJSONStorage) as db:
        assert db.all() == []
    assert list(tmp_path.iterdir()) == []


def test_unserialisable_value_never_touches_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"ok": True})
    before = file_states(tmp_path)

    with pytest.raises(TypeError):
        db.insert({"bad": object()})
    with pytest.raises(ValueError):
        db.insert({"bad": float("inf")})

    assert file_states(tmp_path) == before
    assert TinyDB(path, storage=AtomicJSONStorage).all() == [{"ok": True}]


def test_damaged_file_raises_and_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    path.write_text('{"_default": {"1": {"a": 1}')
    before = file_states(tmp_path)
    db = TinyDB(path, storage=AtomicJSONStorage)

    with pytest.raises(StoreDamaged, match="plain.json is damaged"):
        db.insert({"b": 2})

    assert file_states(tmp_path) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_replacing_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"a": 1})
        path.chmod(0o640)
        db.insert({"b": 2})
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_dumps_options_are_passed_on(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    with TinyDB(path, storage=AtomicJSONStorage, indent=2, sort_keys=True) as db:
        db.insert({"b": 1, "a": 2})
    assert '\n  "_default"' in path.read_text()
