"""Checks that records read back from a store make a world the service can run.

A store only knows JSON; a record can be valid JSON and still not a record the service wrote: a
state `bogus`, an id that is a string, a time without a zone, a time zone no one knows. Reading
one would crash the app later, or quietly run on a world that is not the user's, so every record
is checked against the model as it is read, and the first problem names the record.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Callable, TypeVar
from zoneinfo import ZoneInfo

T = TypeVar("T")

#: What decoding a malformed record raises (a missing field, a wrong type, a bad value).
DECODE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, ArithmeticError, IndexError)


class DamagedRecord(Exception):
    """A stored record that is not one the service could have written."""

    def __init__(self, table: str, key: str | None, problem: str) -> None:
        self.table = table
        self.key = key
        self.problem = problem
        where = f"record {table}/{key}" if key is not None else f"table {table!r}"
        super().__init__(f"{where}: {problem}")


def read_record(table: str, key: str, decode: Callable[[Any], T], data: Any) -> T:
    """`decode(data)`, checked against the type hints of what it returns."""
    if not isinstance(data, dict):
        raise DamagedRecord(table, key, "is not an object")
    try:
        value = decode(data)
    except DECODE_ERRORS as error:
        raise DamagedRecord(table, key, _decode_problem(error)) from None
    problem = model_problem(value)
    if problem:
        raise DamagedRecord(table, key, problem)
    return value


def expect(table: str, key: str | None, condition: bool, problem: str) -> None:
    if not condition:
        raise DamagedRecord(table, key, problem)


def time_zone_problem(name: Any) -> str | None:
    if not isinstance(name, str):
        return f"time zone {name!r} is not a name"
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return f"time zone {name!r} is not one this computer knows"
    return None


def model_problem(value: Any) -> str | None:
    """Why a decoded model object does not match its dataclass's type hints, or None."""
    for field in dataclasses.fields(value):
        problem = _value_problem(getattr(value, field.name), _hints(type(value))[field.name])
        if problem:
            return f"field {field.name!r}: {problem}"
    return None


def _decode_problem(error: Exception) -> str:
    if isinstance(error, InvalidOperation):
        return "an amount is not a number"
    if isinstance(error, KeyError):
        return f"field {error.args[0]!r} is missing" if error.args else "a field is missing"
    return str(error) or type(error).__name__


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _value_problem(value: Any, hint: Any) -> str | None:
    origin = typing.get_origin(hint)
    if hint is Any:
        return None
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        problems = [_value_problem(value, option) for option in options if option is not type(None)]
        return None if any(p is None for p in problems) else problems[0]
    if origin is list:
        if not isinstance(value, list):
            return f"{value!r} is not a list"
        (item_hint,) = typing.get_args(hint)
        return next(filter(None, (_value_problem(item, item_hint) for item in value)), None)
    if origin is tuple:
        item_hints = typing.get_args(hint)
        if len(item_hints) == 2 and item_hints[1] is Ellipsis:
            if not isinstance(value, tuple):
                return f"{value!r} is not a list"
            return next(filter(None, (_value_problem(item, item_hints[0]) for item in value)), None)
        if not isinstance(value, tuple) or len(value) != len(item_hints):
            return f"{value!r} is not {len(item_hints)} values"
        return next(filter(None, map(_value_problem, value, item_hints)), None)
    if origin is not None:  # another generic (a Mapping of settings): its class is enough
        return None if isinstance(value, origin) else f"{value!r} is not a {origin.__name__}"
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, hint):
            return f"{value!r} is not a {hint.__name__}"
        return model_problem(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return None if isinstance(value, hint) else f"{value!r} is not a {hint.__name__}"
    if hint is bool:
        return None if isinstance(value, bool) else f"{value!r} is not true or false"
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"{value!r} is not a whole number"
    if hint is str:
        return None if isinstance(value, str) else f"{value!r} is not text"
    if hint is datetime:
        if not isinstance(value, datetime):
            return f"{value!r} is not a time"
        return None if value.utcoffset() is not None else f"{value.isoformat()} has no time zone"
    if hint is Decimal:
        ok = isinstance(value, Decimal) and value.is_finite()
        return None if ok else f"{value!r} is not an amount"
    return None if isinstance(value, hint) else f"{value!r} is not a {hint.__name__}"
