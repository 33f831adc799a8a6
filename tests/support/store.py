"""What the store tests share: the store under test, a child process holding a store, the change
sets every round trip writes, and a look at a folder's files."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from itms_tui.core.repository import ChangeSet, Repository, Tables
from itms_tui.store import TinyDBRepository

REPO_ROOT = Path(__file__).resolve().parents[2]
CHILD_SCRIPT = REPO_ROOT / "tests" / "store" / "store_child.py"


@dataclass
class StoreUnderTest:
    """A repository plus how to reopen it; the memory one "reopens" as itself."""

    repo: Repository
    path: Path | None

    def reopen(self) -> None:
        if self.path is None:
            return
        self.repo.close()
        self.repo = TinyDBRepository(self.path)


def start_child(db: Path, *args: str) -> subprocess.Popen[str]:
    """Start tests/store/store_child.py on `db` with pipes for stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, str(CHILD_SCRIPT), str(db), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def file_states(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of every file but the lock, which opening is allowed to touch."""
    return {
        entry.name: (entry.read_bytes(), entry.stat().st_mtime_ns)
        for entry in sorted(directory.iterdir())
        if not entry.name.endswith(".lock")
    }


def numbered_key(number: int) -> str:
    return f"m{number:07d}"


def numbered_record(number: int) -> dict[str, object]:
    return {"n": number, "text": f"message {number} ✉️ ñ", "tags": ["sms", number % 7]}


def scripted_change_sets() -> list[ChangeSet]:
    """Puts, overwrites, deletes, emoji and nesting: the shapes round-trip tests care about."""
    first = ChangeSet()
    first.put("consumers", "+15550001", {"name": "Zoë", "opted_in": True, "score": 1.5})
    first.put("consumers", "+15550002", {"name": "Ana", "opted_in": False, "score": None})
    first.put("messages", "1", {"body": "Reply YES to join 🎉", "parts": [1, {"x": "y"}]})
    overwrite = ChangeSet()
    overwrite.put("consumers", "+15550001", {"name": "Zoë", "opted_in": False, "score": 2})
    overwrite.put("messages", "2", {"body": "日本語のテキスト", "parts": []})
    removal = ChangeSet()
    removal.delete("consumers", "+15550002")
    removal.delete("messages", "never-existed")
    removal.put("audit", "a1", {"event": "STOP", "nested": {"deep": {"deeper": [None, False]}}})
    return [first, overwrite, removal]


def expected_tables(change_sets: list[ChangeSet]) -> Tables:
    tables: Tables = {}
    for changes in change_sets:
        changes.apply_to(tables)
    return tables
