"""Persistence for the simulated ITMS: implementations of `itms_tui.core.repository.Repository`."""

from __future__ import annotations

from pathlib import Path

from itms_tui.core.repository import Repository
from itms_tui.store.errors import (
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreUnavailable,
    StoreVersionError,
)
from itms_tui.store.lock import StoreLock
from itms_tui.store.memory import MemoryRepository
from itms_tui.store.storage import AtomicJSONStorage
from itms_tui.store.tinydb_repository import Sync, TinyDBRepository

__all__ = [
    "AtomicJSONStorage",
    "MemoryRepository",
    "StoreDamaged",
    "StoreError",
    "StoreLocked",
    "StoreUnavailable",
    "StoreVersionError",
    "Sync",
    "TinyDBRepository",
    "DATA_SUFFIXES",
    "open_repository",
    "store_exists",
]

#: The files a store at PATH keeps its data in: the snapshot, and the journal of what came after
#: (a store in use may have only its journal yet).
DATA_SUFFIXES = ("", ".journal")


def store_exists(path: str | Path) -> bool:
    """Whether a store has been started at `path` (its snapshot or its journal is there)."""
    return any(Path(f"{path}{suffix}").exists() for suffix in DATA_SUFFIXES)


def open_repository(
    path: str | Path | None, *, sync: Sync | str = Sync.NORMAL, lock: StoreLock | None = None
) -> Repository:
    """The store at `path` (created if missing), or an in-memory one when `path` is None.

    `lock` is the store's lock when the caller already holds it. Raises StoreLocked if another
    process has it open, StoreDamaged if it cannot be read, StoreUnavailable if the system
    refuses (permissions, a directory where a file should be).
    """
    if path is None:
        return MemoryRepository()
    return TinyDBRepository(path, sync=sync, lock=lock)
