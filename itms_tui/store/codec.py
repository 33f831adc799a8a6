"""How change sets become JSON; shared by every repository so they all accept, reject and
copy values the same way (the memory repository must fail where the disk one would)."""

from __future__ import annotations

import json
import marshal
from typing import Any

from itms_tui.core.repository import ChangeSet, Tables

#: Document field holding the record key in the TinyDB snapshot (TinyDB's own ids are ints).
KEY_FIELD = "_key"
#: TinyDB table holding the store's own bookkeeping (format version, last folded seq).
META_TABLE = "_itms_store"


def dumps(value: Any) -> str:
    """Compact, strict JSON: NaN/Infinity are refused because they are not JSON."""
    return json.dumps(value, allow_nan=False, separators=(",", ":"))


class NotJSON(ValueError):
    """Text that `json.loads` would accept but JSON does not allow, or cannot be read at all."""


def _refuse_constant(name: str) -> Any:
    raise NotJSON(f"{name} is not a JSON number")


def loads(text: str | bytes) -> Any:
    """Strict JSON: NaN/Infinity refused, and nesting too deep to read is an error, not a crash.

    Raises json.JSONDecodeError for malformed text and NotJSON for the rest.
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise NotJSON("the values are nested too deeply to read") from None


def change_set_to_json(changes: ChangeSet) -> dict[str, Any]:
    """The JSON-able form of `changes`; raises TypeError/ValueError if it cannot be stored."""
    _check_storable(changes)
    return {
        "puts": changes.puts,
        "deletes": {table: sorted(keys) for table, keys in changes.deletes.items()},
    }


def change_set_from_json(data: dict[str, Any]) -> ChangeSet:
    return ChangeSet(
        puts=data["puts"],
        deletes={table: set(keys) for table, keys in data["deletes"].items()},
    )


def detached_copy(changes: ChangeSet) -> ChangeSet:
    """A copy sharing nothing with the caller's objects, exactly as it would read back from disk."""
    return change_set_from_json(json.loads(dumps(change_set_to_json(changes))))


def copy_tables(tables: Tables) -> Tables:
    """A copy sharing no container with `tables`, which hold only values decoded from JSON.

    marshal copies such values exactly (dicts, lists, str, int, float, bool, None) about four
    times as fast as a JSON round trip, which matters when a months-old session is opened.
    """
    return marshal.loads(marshal.dumps(tables))


def _check_storable(changes: ChangeSet) -> None:
    for table in (*changes.puts, *changes.deletes):
        if table == META_TABLE:
            raise ValueError(f"table name {META_TABLE!r} is reserved for the store's bookkeeping")
    for table, records in changes.puts.items():
        for key, record in records.items():
            if not isinstance(record, dict):
                raise TypeError(f"record {table}/{key} is a {type(record).__name__}, not a dict")
            if KEY_FIELD in record:
                raise ValueError(
                    f"record {table}/{key} has a field {KEY_FIELD!r}, which the store reserves "
                    "for the record key"
                )
