"""The value types of scenario files: texts, choices, numbers, phones, durations, records, lists.

A value type reads a YAML node (`read`, recording problems on the sink and returning `INVALID`)
and describes itself in JSON Schema (`schema`). Where text is expected the source text is kept
exactly as written; numbers and booleans are read only where a number or a boolean is expected.
"""

from __future__ import annotations

import copy
import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Mapping

from ..core.clock import ClockRangeError, DurationError, parse_duration, parse_instant
from ..core.keywords import PROFILES
from ..core.money import AMOUNT, AMOUNT_DIGITS
from ..core.names import (
    AUDIT_EVENT_NAMES,
    CarrierStatus,
    ConsentState,
    Direction,
    ErrorCode,
    MessageStatus,
    Queue,
    Template,
)
from ..core.phones import InvalidPhone, normalise_phone
from .sink import INVALID, ProblemSink, did_you_mean, quote, suggest
from .yamlnodes import Map, Node, Scalar, Seq, describe, resolve


#: JSON types a scalar "read as written" may take in an editor that reads YAML 1.2
#: (`consumer: YES` is text to us, a boolean to nobody; `code: 0123` is an integer to YAML 1.2).
AS_WRITTEN = ["string", "number", "boolean"]


class ValueType:
    #: What is expected, with its article: "a text", "a whole number".
    expected = "a value"

    def read(self, node: Node, r: ProblemSink) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def null_message(self, key: str) -> str:
        """What to say about `key:` written with no value at all."""
        hint = ' (write "" for an empty text)' if isinstance(self, Text) else ""
        return f"no value for {key!r}{hint}"

    def scalar(self, node: Node, r: ProblemSink) -> Scalar | None:
        """The scalar `node` is, or None after recording "expected …, got a list"."""
        target = resolve(node)
        if isinstance(target, Scalar) and not target.is_null:
            return target
        r.error(node, f"expected {self.expected}, got {describe(node)}")
        return None


@dataclass(frozen=True)
class Text(ValueType):
    """Any scalar, kept exactly as written."""

    nonempty: bool = False
    empty_message: str = "the text is empty"
    expected = "a text"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        if self.nonempty and not scalar.value.strip():
            r.error(node, self.empty_message)
            return INVALID
        return scalar.value

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": AS_WRITTEN}
        if self.nonempty:
            result["minLength"] = 1
        return result


@dataclass(frozen=True)
class Choice(ValueType):
    """One of a closed list of names."""

    values: tuple[str, ...]
    #: What one value is called, with its article: "a template", "a consent state".
    noun: str
    #: The key of `$defs` the schema keeps the list under.
    def_name: str

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.noun

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        if scalar.value in self.values:
            return scalar.value
        r.error(node, self.refusal(scalar.value))
        return INVALID

    def refusal(self, value: str) -> str:
        match = suggest(value, self.values)
        if match is not None:
            return f"{quote(value)} is not {self.noun} (did you mean {match!r}?)"
        return f"{quote(value)} is not {self.noun}; use one of: {', '.join(self.values)}"

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.def_name}"}

    def definition(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


@lru_cache(maxsize=4096)
def _normalise(text: str, region: str) -> tuple[str | None, str | None]:
    if len(text) > 64:
        return None, f"{quote(text)} is not a phone number: too long"
    try:
        return normalise_phone(text, region), None
    except InvalidPhone as error:
        return None, str(error)


def normalise(text: str, region: str = "US") -> str | None:
    """`text` in E.164, or None when it is not a valid number."""
    return _normalise(text, region)[0]


@dataclass(frozen=True)
class Phone(ValueType):
    """A phone number, normalised to E.164; with `raw`, kept as written (it is under test)."""

    raw: bool = False
    expected = "a phone number"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        if self.raw:
            return scalar.value
        number, problem = _normalise(scalar.value, r.region)
        if number is None:
            r.error(node, problem or f"{quote(scalar.value)} is not a valid phone number")
            return INVALID
        return number

    def schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer"]}


_DURATION_PATTERN = r"^(\d+d(\d+h)?(\d+m)?(\d+s)?|\d+h(\d+m)?(\d+s)?|\d+m(\d+s)?|\d+s)$"


@dataclass(frozen=True)
class Duration(ValueType):
    """`90s`, `1h30m`: read as a `timedelta` (or, with `as_text`, checked and kept as written)."""

    as_text: bool = False
    expected = "a duration"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        try:
            value = parse_duration(scalar.value)
        except DurationError as error:
            r.error(node, str(error))
            return INVALID
        return scalar.value if self.as_text else value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _DURATION_PATTERN}


_WHOLE = re.compile(r"[-+]?[0-9]+")


#: Digits a whole number may have: more than any count or setting needs.
_WHOLE_DIGITS = 18


@dataclass(frozen=True)
class WholeNumber(ValueType):
    minimum: int | None = None
    maximum: int | None = None
    expected = "a whole number"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        if _WHOLE.fullmatch(scalar.value) is None:
            r.error(node, f"expected a whole number, got {quote(scalar.value)}")
            return INVALID
        if not scalar.plain:
            r.error(node, f"expected a whole number, got the text {quote(scalar.value)}: "
                          "write the number without quotes")
            return INVALID
        if len(scalar.value.lstrip("+-")) > _WHOLE_DIGITS:  # int() refuses past 4300 digits
            limit = f": at most {self.maximum}" if self.maximum is not None else ""
            r.error(node, f"{quote(scalar.value)} is too large a number{limit}")
            return INVALID
        value = int(scalar.value)
        if self.minimum is not None and value < self.minimum:
            r.error(node, f"must be at least {self.minimum}, got {value}")
            return INVALID
        if self.maximum is not None and value > self.maximum:
            r.error(node, f"must be at most {self.maximum}, got {value}")
            return INVALID
        return value

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            result["minimum"] = self.minimum
        if self.maximum is not None:
            result["maximum"] = self.maximum
        return result


_AMOUNT = AMOUNT
_AMOUNT_DIGITS = AMOUNT_DIGITS


@dataclass(frozen=True)
class Amount(ValueType):
    """Money: digits with at most two decimals, plain (`1250.00`) or quoted (`"1250.00"`)."""

    positive: bool = False
    expected = "an amount like 1250.00"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        if _AMOUNT.fullmatch(scalar.value) is None:
            r.error(node, f"expected an amount like 1250.00, got {quote(scalar.value)}")
            return INVALID
        if len(scalar.value.partition(".")[0]) > _AMOUNT_DIGITS:
            r.error(node, f"the amount {quote(scalar.value)} is too large: at most "
                          f"{_AMOUNT_DIGITS} digits before the point")
            return INVALID
        value = Decimal(scalar.value).quantize(Decimal("0.01"))
        if self.positive and value <= 0:
            r.error(node, f"the amount must be more than 0, got {quote(scalar.value)}")
            return INVALID
        return value

    def schema(self) -> dict[str, Any]:
        return {
            "type": ["number", "string"],
            "pattern": r"^[0-9]+(\.[0-9]{1,2})?$",
            ("exclusiveMinimum" if self.positive else "minimum"): 0,
        }


_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass(frozen=True)
class Bool(ValueType):
    expected = "true or false"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        if scalar.plain and scalar.value in _TRUE:
            return True
        if scalar.plain and scalar.value in _FALSE:
            return False
        r.error(node, f"expected true or false, got {quote(scalar.value)}")
        return INVALID

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Pattern(ValueType):
    """A Python regular expression (checked by compiling it)."""

    expected = "a regular expression"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        try:
            re.compile(scalar.value)
        except (re.error, RecursionError, OverflowError) as error:
            r.error(node, f"{quote(scalar.value)} is not a valid regular expression: {error}")
            return INVALID
        return scalar.value

    def schema(self) -> dict[str, Any]:
        return {"type": AS_WRITTEN, "format": "regex"}


@dataclass(frozen=True)
class TimeZone(ValueType):
    expected = "a time zone"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        try:
            zoneinfo.ZoneInfo(scalar.value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            hint = did_you_mean(scalar.value, zoneinfo.available_timezones())
            r.error(node, f"{quote(scalar.value)} is not a time zone{hint}: "
                          "use an IANA name like America/New_York")
            return INVALID
        return scalar.value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


@dataclass(frozen=True)
class Instant(ValueType):
    expected = "a time like 2026-03-02T10:00:00-05:00"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        try:
            parse_instant(scalar.value)
        except ClockRangeError as error:
            r.error(node, str(error))
            return INVALID
        except ValueError as error:
            message = str(error)
            if "offset" not in message:
                message = (f"{quote(scalar.value)} is not a time: write it like "
                           "2026-03-02T10:00:00-05:00")
            r.error(node, message)
            return INVALID
        return scalar.value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


@dataclass(frozen=True)
class Url(ValueType):
    expected = "a web address"

    def read(self, node: Node, r: ProblemSink) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        if re.match(r"https?://\S", scalar.value) is None:
            r.error(node, f"{quote(scalar.value)} is not a web address: "
                          "it must start with http:// or https://")
            return INVALID
        return scalar.value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^https?://\S"}


@dataclass(frozen=True)
class ListOf(ValueType):
    item: ValueType
    nonempty: bool = False
    #: What the list holds, for messages: "numbers", "tags".
    items_name: str = "items"

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a list of {self.items_name}"

    def read(self, node: Node, r: ProblemSink) -> Any:
        target = resolve(node)
        if not isinstance(target, Seq):
            r.error(node, f"expected a list of {self.items_name}, got {describe(node)}")
            return INVALID
        if self.nonempty and not target.items:
            r.error(node, f"the list of {self.items_name} is empty")
            return INVALID
        values = [self.item.read(item, r) for item in target.items]
        return INVALID if any(v is INVALID for v in values) else values

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.nonempty:
            result["minItems"] = 1
        return result


# -- mappings ------------------------------------------------------------------------------------


def mapping_pairs(node: Node, r: ProblemSink) -> list[tuple[str, Node, Node]]:
    """The (name, key node, value node) of a mapping in written order, problems recorded.

    A key written twice is reported at its second use and only its first is kept; a key that is
    not a plain name (a list, a mapping) or a merge key is reported and dropped.
    """
    target = resolve(node)
    assert isinstance(target, Map)
    seen: dict[str, Node] = {}
    pairs: list[tuple[str, Node, Node]] = []
    for key_node, value_node in target.pairs:
        key = resolve(key_node)
        if key.__class__ is not Scalar:
            r.error(key_node, f"a key must be a name, got {describe(key_node)}")
            continue
        name = key.value
        if name == "<<" and key.plain:
            r.error(key_node, "merge keys ('<<') are not supported: write the keys out")
            continue
        first = seen.get(name)
        if first is not None:
            r.error(key_node, f"duplicate key {quote(name)} (first at line {first.line})")
            continue
        seen[name] = key_node
        pairs.append((name, key_node, value_node))
    return pairs


def unknown_key(name: str, allowed: list[str], where: str) -> str:
    """ "unknown key 'tempalte' for expect: sms (did you mean 'template'?); allowed: …" """
    where = f" {where}" if where else ""
    listed = ", ".join(allowed) if allowed else "none"
    return f"unknown key {quote(name)}{where}{did_you_mean(name, allowed)}; allowed: {listed}"


@dataclass(frozen=True)
class Field:
    type: ValueType
    required: bool = False
    #: The value a record holds when an optional key is left out.
    default: Any = None
    description: str = ""


@dataclass(frozen=True)
class Record(ValueType):
    """A mapping with known keys (world, company, a client, an account, the file itself)."""

    fields: Mapping[str, Field]
    #: Where, for messages: "in world.company" (empty for the top level).
    where: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "a mapping"

    def read(self, node: Node, r: ProblemSink) -> Any:
        target = resolve(node)
        if not isinstance(target, Map):
            r.error(node, f"expected a mapping{(' ' + self.where) if self.where else ''}, "
                          f"got {describe(node)}")
            return INVALID
        given = {name: (key_node, value_node)
                 for name, key_node, value_node in mapping_pairs(target, r)}
        result: dict[str, Any] = {}
        ok = True
        for name, (key_node, _value) in given.items():
            if name not in self.fields:
                r.error(key_node, unknown_key(name, list(self.fields), self.where))
                ok = False
        # Declared order, not written order: later fields may depend on earlier ones (world
        # before steps).
        for name, spec in self.fields.items():
            if name in given:
                key_node, value_node = given[name]
                if is_null(value_node):
                    r.error(key_node, spec.type.null_message(name))
                    ok = False
                    continue
                value = spec.type.read(value_node, r)
                if value is INVALID:
                    ok = False
                result[name] = value
            elif spec.required:
                where = f" {self.where}" if self.where else ""
                r.error(node, f"required key {name!r} is missing{where}")
                ok = False
            else:
                result[name] = copy.deepcopy(spec.default)
        return result if ok else INVALID

    def schema(self) -> dict[str, Any]:
        properties = {}
        for name, spec in self.fields.items():
            prop = spec.type.schema()
            if spec.description:
                prop = {**prop, "description": spec.description}
            properties[name] = prop
        result: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            result["required"] = required
        return result


def is_null(node: Node) -> bool:
    """Written as nothing at all (`key:` with no value)."""
    target = resolve(node)
    return isinstance(target, Scalar) and target.is_null


# -- closed lists --------------------------------------------------------------------------------

TEMPLATE = Choice(tuple(t.value for t in Template), "a template", "template")
CONSENT_STATE = Choice(tuple(s.value for s in ConsentState), "a consent state", "consent_state")
ERROR_CODE = Choice(tuple(c.value for c in ErrorCode), "an error code", "error_code")
QUEUE = Choice(tuple(q.value for q in Queue), "a queue", "queue")
MESSAGE_STATUS = Choice(tuple(s.value for s in MessageStatus), "a message status",
                        "message_status")
CARRIER_STATUS = Choice(tuple(s.value for s in CarrierStatus), "a carrier status",
                        "carrier_status")
AUDIT_EVENT = Choice(tuple(AUDIT_EVENT_NAMES), "an audit event", "audit_event")
DIRECTION = Choice(tuple(d.value for d in Direction), "a direction", "direction")
KEYWORD_PROFILE = Choice(tuple(PROFILES), "a keyword profile", "keyword_profile")

#: Every closed list, by its `$defs` name in the schema.
CHOICES: dict[str, Choice] = {
    c.def_name: c
    for c in (TEMPLATE, CONSENT_STATE, ERROR_CODE, QUEUE, MESSAGE_STATUS, CARRIER_STATUS,
              AUDIT_EVENT, DIRECTION, KEYWORD_PROFILE)
}
