from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from itms_tui.core.repository import Repository
from itms_tui.store import MemoryRepository, TinyDBRepository

REPO_ROOT = Path(__file__).resolve().parents[2]
CHILD_SCRIPT = Path(__file__).with_name("store_child.py")


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


@pytest.fixture(params=["memory", "tinydb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreUnderTest]:
    if request.param == "memory":
        under_test = StoreUnderTest(MemoryRepository(), None)
    else:
        path = tmp_path / "itms.json"
        under_test = StoreUnderTest(TinyDBRepository(path), path)
    yield under_test
    under_test.repo.close()


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
