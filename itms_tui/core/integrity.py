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
    for name, exact_types, optional, deep_check in _field_specs(type(value)):
        field_value = getattr(value, name)
        if field_value is None and optional:
            continue
        if type(field_value) in exact_types:
            if deep_check is None:
                continue
            if deep_check is _check_time:  # the commonest deep check, inlined
                if field_value.tzinfo is not None:
                    continue
            problem = deep_check(field_value)
        else:
            problem = _checks(type(value))[name](field_value)
        if problem:
            return f"field {name!r}: {problem}"
    return None


def _decode_problem(error: Exception) -> str:
    if isinstance(error, InvalidOperation):
        return "an amount is not a number"
    if isinstance(error, KeyError):
        return f"field {error.args[0]!r} is missing" if error.args else "a field is missing"
    return str(error) or type(error).__name__


Check = Callable[[Any], "str | None"]


@cache
def _checks(cls: type) -> dict[str, Check]:
    """Each field's full check, which also says what is wrong."""
    hints = typing.get_type_hints(cls)
    return {field.name: _check_for(hints[field.name]) for field in dataclasses.fields(cls)}


@cache
def _field_specs(cls: type) -> tuple[tuple[str, frozenset[type], bool, Check | None], ...]:
    """Per field: the exact types a good value has, whether None is allowed, and the check a
    value of such a type still needs (a time's zone, an amount's finiteness, list items).

    Opening a months-old session checks every record, so the common case (a value of the one
    right type) is a set lookup; the full check runs only when that is not enough.
    """
    hints = typing.get_type_hints(cls)
    specs = []
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        options = [hint]
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            options = list(typing.get_args(hint))
        optional = type(None) in options
        options = [option for option in options if option is not type(None)]
        exact = frozenset(option for option in options
                          if isinstance(option, type) and typing.get_origin(option) is None
                          and option not in (datetime, Decimal)
                          and not dataclasses.is_dataclass(option))
        deep = None
        if len(options) == 1 and options[0] not in exact:
            deep = _check_for(options[0])
            exact = frozenset({typing.get_origin(options[0]) or options[0]})
        specs.append((field.name, exact, optional, deep))
    return tuple(specs)


def _is(kind: type | tuple[type, ...], what: str) -> Check:
    return lambda value: None if isinstance(value, kind) else f"{value!r} is not {what}"


def _check_for(hint: Any) -> Check:
    origin = typing.get_origin(hint)
    if hint is Any:
        return lambda value: None
    if origin in (typing.Union, types.UnionType):
        options = [_check_for(option) for option in typing.get_args(hint) if option is not type(None)]
        optional = type(None) in typing.get_args(hint)

        def check_union(value: Any) -> str | None:
            if value is None and optional:
                return None
            problems = [check(value) for check in options]
            return None if None in problems else problems[0]

        return check_union
    if origin is list or (origin is tuple and typing.get_args(hint)[1:] == (Ellipsis,)):
        item_check = _check_for(typing.get_args(hint)[0])

        def check_items(value: Any) -> str | None:
            if not isinstance(value, origin):
                return f"{value!r} is not a list"
            return next(filter(None, map(item_check, value)), None)

        return check_items
    if origin is tuple:
        item_checks = [_check_for(item) for item in typing.get_args(hint)]

        def check_tuple(value: Any) -> str | None:
            if not isinstance(value, tuple) or len(value) != len(item_checks):
                return f"{value!r} is not {len(item_checks)} values"
            return next(filter(None, (c(v) for c, v in zip(item_checks, value))), None)

        return check_tuple
    if origin is not None:  # another generic (a Mapping of settings): its class is enough
        return _is(origin, f"a {origin.__name__}")
    if dataclasses.is_dataclass(hint):
        is_model = _is(hint, f"a {hint.__name__}")
        return lambda value: is_model(value) or model_problem(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _is(hint, f"a {hint.__name__}")
    if hint is bool:
        return _is(bool, "true or false")
    if hint is int:
        return lambda value: (None if type(value) is int or (isinstance(value, int)
                              and not isinstance(value, bool)) else f"{value!r} is not a whole number")
    if hint is str:
        return _is(str, "text")
    if hint is datetime:
        return _check_time
    if hint is Decimal:
        return lambda value: (None if isinstance(value, Decimal) and value.is_finite()
                              else f"{value!r} is not an amount")
    return _is(hint, f"a {hint.__name__}")


def _check_time(value: Any) -> str | None:
    if not isinstance(value, datetime):
        return f"{value!r} is not a time"
    return None if value.utcoffset() is not None else f"{value.isoformat()} has no time zone"
