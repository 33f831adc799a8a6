"""The boundary between the simulated ITMS and persistence.

The service keeps the world in memory and, after every action, hands the repository one
`ChangeSet`: the records that action created or changed. One action is one durable write.
Records are plain JSON-able dicts; tables are named by the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

Record = dict[str, Any]
#: table name -> record key -> record
Tables = dict[str, dict[str, Record]]


@dataclass
class ChangeSet:
    puts: Tables = field(default_factory=dict)
    deletes: dict[str, set[str]] = field(default_factory=dict)

    def put(self, table: str, key: str, record: Record) -> None:
        self.puts.setdefault(table, {})[key] = record
        self.deletes.get(table, set()).discard(key)

    def delete(self, table: str, key: str) -> None:
        self.puts.get(table, {}).pop(key, None)
        self.deletes.setdefault(table, set()).add(key)

    def __bool__(self) -> bool:
        return any(self.puts.values()) or any(self.deletes.values())

    def apply_to(self, tables: Tables) -> None:
        for table, records in self.puts.items():
            tables.setdefault(table, {}).update(records)
        for table, keys in self.deletes.items():
            existing = tables.get(table, {})
            for key in keys:
                existing.pop(key, None)


class Repository(Protocol):
    def load(self) -> Tables:
        """Everything committed so far (empty for a new store)."""

    def commit(self, changes: ChangeSet) -> None:
        """Make `changes` durable as one unit; when this returns, the action is acknowledged."""

    def close(self) -> None:
        """Release the store (locks, files). Committed data is already durable."""

    def release(self) -> None:
        """Let go of the store without writing anything (its reader rejected what it read)."""

    def origin(self, table: str, key: str) -> str:
        """Where the record was read from (a file, a journal line), for messages about it."""
