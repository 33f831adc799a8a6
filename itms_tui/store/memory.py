"""A repository that keeps everything in memory, for tests and `--db` left unset."""

from __future__ import annotations

from itms_tui.core.repository import ChangeSet, Tables
from itms_tui.store.codec import copy_tables, detached_copy
from itms_tui.store.errors import StoreError


class MemoryRepository:
    """Same contract as the TinyDB repository, minus durability.

    Records go through the same JSON encoding as on disk, so callers cannot alias stored
    records and a value the disk store would refuse is refused here too.
    """

    def __init__(self) -> None:
        self._tables: Tables = {}
        self._closed = False

    def load(self) -> Tables:
        self._check_open()
        return copy_tables(self._tables)

    def commit(self, changes: ChangeSet) -> None:
        self._check_open()
        if changes:
            detached_copy(changes).apply_to(self._tables)

    def close(self) -> None:
        self._closed = True

    def release(self) -> None:
        self._closed = True

    def origin(self, table: str, key: str) -> str:
        return "the in-memory store"

    def __enter__(self) -> MemoryRepository:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the in-memory store is closed")
