"""What a scenario file may say, defined once.

The validator (`validate.py`) reads files with these value types and tables, and the JSON Schema
(`schema.py`) is generated from the very same objects, so the two cannot drift apart. Every closed
list comes from `itms_tui.core` (names, settings), never from a copy.

A value type knows how to read a YAML node (`read`, recording problems on the `Reader` and
returning `INVALID`) and how to describe itself in JSON Schema (`schema`). Where text is expected
the source text is kept exactly as written; numbers and booleans are read only where a number or a
boolean is expected.
"""

from __future__ import annotations

import copy
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field, fields
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping

from ..core.clock import DurationError, parse_duration, parse_instant
from ..core.keywords import PROFILES, KeywordSettings
from ..core.names import (
    AUDIT_EVENT_NAMES,
    CarrierStatus,
    ConsentState,
    Direction,
    ErrorCode,
    FaultKind,
    MessageStatus,
    Queue,
    Template,
)
from ..core.phones import InvalidPhone, normalise_phone
from ..core.settings import SETTING_NAMES, SettingError, Settings
from .yamlnodes import Map, Node, Scalar, Seq, describe, resolve

if TYPE_CHECKING:
    from .validate import Reader


class _Invalid:
    """Returned by a reader for a value it refused (the problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()
#: "No default": a key left out stays out.
MISSING: Any = object()

#: JSON types a scalar "read as written" may take in an editor that reads YAML 1.2
#: (`consumer: YES` is text to us, a boolean to nobody; `code: 0123` is an integer to YAML 1.2).
AS_WRITTEN = ["string", "number", "boolean"]


def quote(text: str, limit: int = 60) -> str:
    """`text` quoted for a message, cut short when long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def suggest(word: str, choices: Any) -> str | None:
    """The known name `word` was probably meant to be, if any is close."""
    by_lower = {choice.lower(): choice for choice in choices}
    lower = word.lower()
    for candidate in (lower, lower.replace("-", "_").replace(" ", "_"), lower.replace("_", "")):
        if candidate in by_lower:
            return by_lower[candidate]
    close = difflib.get_close_matches(lower, list(by_lower), n=1, cutoff=0.6)
    if close:
        return by_lower[close[0]]
    starting = [choice for low, choice in by_lower.items() if len(lower) >= 3
                and low.startswith(lower)]
    return starting[0] if len(starting) == 1 else None


def did_you_mean(word: str, choices: Any) -> str:
    match = suggest(word, choices)
    return f" (did you mean {match!r}?)" if match is not None else ""


def a_or_an(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


# -- value types ---------------------------------------------------------------------------------


class ValueType:
    #: What is expected, with its article: "a text", "a whole number".
    expected = "a value"

    def read(self, node: Node, r: Reader) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def null_message(self, key: str) -> str:
        """What to say about `key:` written with no value at all."""
        hint = ' (write "" for an empty text)' if isinstance(self, Text) else ""
        return f"no value for {key!r}{hint}"

    def scalar(self, node: Node, r: Reader) -> Scalar | None:
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

    def read(self, node: Node, r: Reader) -> Any:
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

    def read(self, node: Node, r: Reader) -> Any:
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

    def read(self, node: Node, r: Reader) -> Any:
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

    def read(self, node: Node, r: Reader) -> Any:
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


@dataclass(frozen=True)
class WholeNumber(ValueType):
    minimum: int | None = None
    maximum: int | None = None
    expected = "a whole number"

    def read(self, node: Node, r: Reader) -> Any:
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


_AMOUNT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")


@dataclass(frozen=True)
class Amount(ValueType):
    """Money: digits with at most two decimals, plain (`1250.00`) or quoted (`"1250.00"`)."""

    positive: bool = False
    expected = "an amount like 1250.00"

    def read(self, node: Node, r: Reader) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        if _AMOUNT.fullmatch(scalar.value) is None:
            r.error(node, f"expected an amount like 1250.00, got {quote(scalar.value)}")
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

    def read(self, node: Node, r: Reader) -> Any:
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

    def read(self, node: Node, r: Reader) -> Any:
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

    def read(self, node: Node, r: Reader) -> Any:
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

    def read(self, node: Node, r: Reader) -> Any:
        scalar = self.scalar(node, r)
        if scalar is None:
            return INVALID
        try:
            parse_instant(scalar.value)
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

    def read(self, node: Node, r: Reader) -> Any:
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

    def read(self, node: Node, r: Reader) -> Any:
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


def mapping_pairs(node: Node, r: Reader) -> list[tuple[str, Node, Node]]:
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

    def read(self, node: Node, r: Reader) -> Any:
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


# -- settings ------------------------------------------------------------------------------------

_DEFAULT_SETTINGS = Settings()


def _setting_type(name: str, default: Any) -> ValueType:
    """The YAML shape of a setting, read off its default value in `itms_tui.core.settings`."""
    if isinstance(default, bool):
        return Bool()
    if isinstance(default, int):
        return WholeNumber()
    if isinstance(default, tuple):
        return ListOf(Text(nonempty=True), items_name="texts")
    if isinstance(default, timedelta):
        return Duration(as_text=True)
    if name == "profile":
        return KEYWORD_PROFILE
    if isinstance(default, KeywordSettings):
        return SettingsGroup(
            name,
            {f.name: _setting_type(f.name, getattr(default, f.name)) for f in fields(default)},
            "keyword list",
        )
    if isinstance(default, Mapping):  # template bodies
        return SettingsGroup(name, {t.value: Text() for t in Template}, "template",
                             known_noun="a template")
    return Text(nonempty=True)  # durations, the send window: the core reads the text


@dataclass(frozen=True)
class SettingsGroup(ValueType):
    """A mapping inside the settings (`keywords:`, `templates:`): known keys, all optional."""

    name: str
    members: Mapping[str, ValueType]
    member_noun: str
    known_noun: str = ""

    expected = "a mapping"

    def read(self, node: Node, r: Reader) -> Any:
        target = resolve(node)
        if not isinstance(target, Map):
            r.error(node, f"expected a mapping, got {describe(node)}")
            return INVALID
        result: dict[str, Any] = {}
        ok = True
        for name, key_node, value_node in mapping_pairs(target, r):
            member = self.members.get(name)
            if member is None:
                if self.known_noun:
                    message = Choice(tuple(self.members), self.known_noun, "").refusal(name)
                else:
                    message = (f"unknown {self.member_noun} {quote(name)} in {self.name}"
                               f"{did_you_mean(name, self.members)}; "
                               f"allowed: {', '.join(self.members)}")
                r.error(key_node, message)
                ok = False
                continue
            if is_null(value_node):
                r.error(key_node, member.null_message(name))
                ok = False
                continue
            value = member.read(value_node, r)
            if value is INVALID:
                ok = False
            result[name] = value
        return result if ok else INVALID

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {name: member.schema() for name, member in self.members.items()},
            "additionalProperties": False,
        }


SETTING_TYPES: dict[str, ValueType] = {
    name: _setting_type(name, getattr(_DEFAULT_SETTINGS, name)) for name in SETTING_NAMES
}


@dataclass(frozen=True)
class SettingsType(ValueType):
    """A settings mapping (`world.settings`, `set:`), checked by `Settings().updated`."""

    nonempty: bool = False
    expected = "a mapping of settings"

    def read(self, node: Node, r: Reader) -> Any:
        target = resolve(node)
        if not isinstance(target, Map):
            r.error(node, f"expected a mapping of settings like {{agents_available: false}}, "
                          f"got {describe(node)}")
            return INVALID
        pairs = mapping_pairs(target, r)
        if self.nonempty and not pairs and not target.pairs:
            r.error(node, "no settings given: name at least one, e.g. {agents_available: false}")
            return INVALID
        result: dict[str, Any] = {}
        ok = True
        for name, key_node, value_node in pairs:
            value_type = SETTING_TYPES.get(name)
            if value_type is None:
                hint = did_you_mean(name, SETTING_TYPES)
                r.error(key_node, f"unknown setting {quote(name)}{hint}; "
                                  f"settings are: {', '.join(SETTING_TYPES)}")
                ok = False
                continue
            if is_null(value_node):
                r.error(key_node, value_type.null_message(name))
                ok = False
                continue
            value = value_type.read(value_node, r)
            if value is INVALID:
                ok = False
                continue
            try:
                _DEFAULT_SETTINGS.updated({name: value})
            except SettingError as error:
                r.error(_setting_node(value_node, error.path), str(error))
                ok = False
                continue
            result[name] = value
        return result if ok else INVALID

    def schema(self) -> dict[str, Any]:
        result = {"$ref": "#/$defs/settings"}
        return {**result, "minProperties": 1} if self.nonempty else result

    @staticmethod
    def definition() -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"enum": list(SETTING_TYPES)},
            "properties": {name: t.schema() for name, t in SETTING_TYPES.items()},
            "additionalProperties": False,
        }


def _setting_node(value_node: Node, path: str) -> Node:
    """The node a SettingError's path (`keywords.opt_out`) names, as near as it can be found."""
    node = value_node
    for part in path.split(".")[1:]:
        target = resolve(node)
        if not isinstance(target, Map):
            break
        for key_node, child in target.pairs:
            key = resolve(key_node)
            if isinstance(key, Scalar) and key.value == part:
                node = child
                break
        else:
            break
    return node


# -- steps ---------------------------------------------------------------------------------------

#: Roles of keys that may be left out and default to the last one a step named.
ACCOUNT_ROLE = "account"
PHONE_ROLE = "phone"


@dataclass(frozen=True)
class Key:
    type: ValueType
    required: bool = False
    #: Filled in from earlier steps or the world when left out (`account`, `phone`).
    role: str | None = None
    #: The value the step gets when the key is left out (count: 1); MISSING for none.
    default: Any = MISSING
    description: str = ""


@dataclass(frozen=True)
class Variant:
    """One action of a step kind (`agent: send_text`), or the one shape of a kind (`consumer`)."""

    keys: Mapping[str, Key]
    description: str = ""


@dataclass(frozen=True)
class StepKind:
    name: str
    description: str
    #: For kinds whose value picks an action: the actions. None for `consumer`/`advance`/`set`.
    variants: Mapping[str, Variant] | None = None
    #: What an action is called: "agent action", "expectation".
    action_noun: str = ""
    #: For kinds without actions: the type of the value, and the other keys.
    value: ValueType | None = None
    keys: Mapping[str, Key] = field(default_factory=dict)

    def variant(self, action: str | None) -> Variant:
        if self.variants is None:
            return self.only_variant
        assert action is not None
        return self.variants[action]

    @property
    def only_variant(self) -> Variant:
        """The shape of a kind without actions (`consumer`, `advance`, `set`)."""
        return Variant(self.keys, self.description)


ACCOUNT = Key(Text(), role=ACCOUNT_ROLE,
              description="account id; defaults to the last account a step named, "
                          "else the world's only account")
PHONE = Key(Phone(), role=PHONE_ROLE,
            description="phone number; defaults to the last number a step named, "
                        "else the world's only number")
EXPECT_ERROR = Key(ERROR_CODE,
                   description="the step passes only if the action is refused with this code")
#: Trainee mode (`itms-tui train`): agent and supervisor steps become tasks the trainee performs.
TASK = Key(Text(nonempty=True, empty_message="the task is empty: say what the trainee should do"),
           description="trainee mode: what the trainee is asked to do, in plain words "
                       "(default: a task derived from the step)")
HINT = Key(Text(nonempty=True, empty_message="the hint is empty: leave the key out instead"),
           description="trainee mode: a hint the trainee may ask for (each hint used lowers "
                       "the score)")
#: Keys only the trainee mode reads; a run or playback ignores them.
TRAINING_KEYS = ("task", "hint")


def _actor(actions: dict[str, tuple[str, dict[str, Key]]]) -> dict[str, Variant]:
    return {
        action: Variant({**keys, "expect_error": EXPECT_ERROR, "task": TASK, "hint": HINT},
                        description)
        for action, (description, keys) in actions.items()
    }


_FAULT_COMMON = {
    "to": PHONE,
    "count": Key(WholeNumber(minimum=1), default=1,
                 description="how many texts the fault applies to"),
    "direction": Key(DIRECTION, default="out",
                     description="out: texts to the number; in: texts from it"),
}

STEP_KINDS: dict[str, StepKind] = {
    "agent": StepKind(
        "agent", "an action at the agent desk", action_noun="agent action",
        variants=_actor({
            "add_phone": ("store a number on an account", {
                "account": ACCOUNT,
                "phone": Key(Phone(raw=True), role=PHONE_ROLE,
                             description="the number to add, as typed (checked when it runs)"),
            }),
            "send_opt_in_request": ("flow 1: send the opt-in request",
                                    {"account": ACCOUNT, "phone": PHONE}),
            "enter_auth_code": ("flow 1, last step: enter the PIN the consumer read back", {
                "account": ACCOUNT, "phone": PHONE,
                "code": Key(Text(), required=True,
                            description='"{pin}" for the PIN most recently texted to the number, '
                                        "or literal digits"),
            }),
            "quick_opt_in": ("flow 2: Quick Opt In", {"account": ACCOUNT, "phone": PHONE}),
            "arrange_payment_plan": ("flow 3: arrange a payment plan", {
                "account": ACCOUNT, "phone": PHONE,
                "amount": Key(Amount(positive=True), description="the plan's amount"),
            }),
            "opt_out": ("flow 7: opt the number out", {"account": ACCOUNT, "phone": PHONE}),
            "send_text": ("flow 11: send free text", {
                "account": ACCOUNT, "phone": PHONE,
                "text": Key(Text(), required=True, description="the text to send"),
            }),
            "send_link": ("flow 11 with the link template", {"account": ACCOUNT, "phone": PHONE}),
        }),
    ),
    "supervisor": StepKind(
        "supervisor", "an action in the supervisor's view", action_noun="supervisor action",
        variants=_actor({
            "link_number": ("flow 4: link a number to an account",
                            {"phone": PHONE, "account": ACCOUNT}),
            "reply": ("answer a text in the supervisor's queues", {
                "phone": PHONE,
                "text": Key(Text(), required=True, description="the reply"),
            }),
        }),
    ),
    "consumer": StepKind(
        "consumer", "the phone sends a text",
        value=Text(nonempty=True, empty_message="the consumer's text is empty: "
                                                "a phone cannot send nothing"),
        keys={"from": PHONE},
    ),
    "advance": StepKind(
        "advance", "move the simulated clock, e.g. 90s, 15m, 2h, 1d5h, 1h30m", value=Duration(),
    ),
    "set": StepKind(
        "set", "change settings mid-scenario, e.g. {agents_available: false}",
        value=SettingsType(nonempty=True),
    ),
    "fault": StepKind(
        "fault", "inject a fault on the SMS bus for the next texts", action_noun="fault kind",
        variants={
            "delay": Variant({
                "to": PHONE,
                "duration": Key(Duration(), required=True,
                                description="how long delivery is delayed"),
                **{k: v for k, v in _FAULT_COMMON.items() if k != "to"},
            }, "stays sent, delivered after the duration"),
            "drop": Variant(dict(_FAULT_COMMON), "stays sent, never delivered"),
            "duplicate": Variant(dict(_FAULT_COMMON), "delivered twice"),
            "fail": Variant({
                "to": PHONE,
                "status": Key(CARRIER_STATUS, default="BOUNCED",
                              description="the carrier status the text fails with"),
                **{k: v for k, v in _FAULT_COMMON.items() if k != "to"},
            }, "ends failed with a carrier status"),
        },
    ),
    "expect": StepKind(
        "expect", "check what happened", action_noun="expectation",
        variants={
            "sms": Variant({
                "to": PHONE,
                "template": Key(TEMPLATE),
                "contains": Key(Text(), description="text the body must contain"),
                "matches": Key(Pattern(), description="a Python regular expression the body "
                                                      "must match"),
                "status": Key(MESSAGE_STATUS),
            }, "the oldest outbound text to the number not yet checked matches every key given"),
            "no_sms": Variant({"to": PHONE},
                              "no unchecked outbound text to the number is left"),
            "consent": Variant({"phone": PHONE, "state": Key(CONSENT_STATE, required=True)},
                               "the number's consent state"),
            "inbox": Variant({
                "queue": Key(QUEUE, required=True),
                "phone": PHONE,
                "contains": Key(Text(), description="case-sensitive"),
            }, "such an item is in the queue"),
            "audit": Variant({"phone": PHONE, "event": Key(AUDIT_EVENT, required=True)},
                             "an audit event of that kind was recorded"),
        },
    ),
}

# Every step kind and action, with their allowed actions in names.py's order.
assert set(FaultKind) == set(STEP_KINDS["fault"].variants or ())


# -- world and file ------------------------------------------------------------------------------

COMPANY = Record({
    "name": Field(Text(nonempty=True), required=True),
    "phone": Field(Phone(), required=True),
    "va_url": Field(Url(), required=True, description="the consumer portal link"),
    "timezone": Field(TimeZone(), required=True,
                      description="IANA zone, used for numbers whose zone is unknown"),
}, where="in world.company")

CLIENT = Record({
    "id": Field(Text(nonempty=True), required=True),
    "name": Field(Text(nonempty=True), required=True),
    "business_type": Field(Text(), default=""),
    "auto_opt_in": Field(Bool(), default=False),
}, where="in a client")

ACCOUNT_RECORD = Record({
    "id": Field(Text(nonempty=True), required=True),
    "consumer": Field(Text(nonempty=True), required=True),
    "client": Field(Text(nonempty=True), required=True, description="the id of a client"),
    "balance": Field(Amount(), required=True),
    "phones": Field(ListOf(Phone(), items_name="phone numbers"), default=[]),
    "agent": Field(Text(nonempty=True), default=None),
}, where="in an account")


@dataclass(frozen=True)
class ConsentMap(ValueType):
    """`consent: {"+16175550101": opted_in}`: starting states by number."""

    expected = "a mapping of phone number to consent state"

    def read(self, node: Node, r: Reader) -> Any:
        target = resolve(node)
        if not isinstance(target, Map):
            r.error(node, f"expected {self.expected}, got {describe(node)}")
            return INVALID
        result: dict[str, str] = {}
        first_line: dict[str, int] = {}
        ok = True
        for _name, key_node, value_node in mapping_pairs(target, r):
            number = Phone().read(key_node, r)
            state = (CONSENT_STATE.read(value_node, r) if not is_null(value_node)
                     else _refuse(r, key_node, CONSENT_STATE.null_message(_name)))
            if number is INVALID or state is INVALID:
                ok = False
                continue
            if number in result:
                r.error(key_node, f"{number} is given twice (first at line {first_line[number]})")
                ok = False
                continue
            result[number] = state
            first_line[number] = key_node.line
        return result if ok else INVALID

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": CONSENT_STATE.schema()}


def _refuse(r: Reader, node: Node, message: str) -> Any:
    r.error(node, message)
    return INVALID


@dataclass(frozen=True)
class WorldType(ValueType):
    """`world:` — checked field by field, then across: ids unique, accounts name known clients."""

    record: Record
    expected = "a mapping"

    def read(self, node: Node, r: Reader) -> Any:
        world = self.record.read(node, r)
        target = resolve(node)
        if not isinstance(target, Map):
            r.note_world(INVALID)
            return INVALID
        nodes = {name: value for name, _k, value in mapping_pairs_quiet(target)}
        ok = world is not INVALID
        client_ids: set[str] = set()
        for _item, id_node, client_id in _items(nodes.get("clients"), "id"):
            if client_id in client_ids:
                r.error(id_node, f"duplicate client id {quote(client_id)}")
                ok = False
            client_ids.add(client_id)
        account_ids: set[str] = set()
        for item, id_node, account_id in _items(nodes.get("accounts"), "id"):
            if account_id in account_ids:
                r.error(id_node, f"duplicate account id {quote(account_id)}")
                ok = False
            account_ids.add(account_id)
        clients_listed = isinstance(resolve(nodes["clients"]), Seq) if "clients" in nodes else False
        for item, client_node, client in _items(nodes.get("accounts"), "client"):
            if clients_listed and client not in client_ids:
                account = _field_text(item, "id") or "?"
                r.error(client_node, f"account {quote(account)} names unknown client "
                                     f"{quote(client)}{did_you_mean(client, client_ids)}")
                ok = False
        for account in _map_items(nodes.get("accounts")):
            seen: set[str] = set()
            for phone_node in _seq_items(_field_node(account, "phones")):
                scalar = resolve(phone_node)
                number = normalise(scalar.value, r.region) if isinstance(scalar, Scalar) else None
                if number is None:
                    continue
                if number in seen:
                    r.error(phone_node, f"{number} is listed twice on this account")
                    ok = False
                seen.add(number)
        if not ok:
            r.note_world(INVALID)
            return INVALID
        for account in world["accounts"]:
            account["balance"] = money_text(account["balance"])
        r.note_world(world)
        return world

    def schema(self) -> dict[str, Any]:
        return self.record.schema()


def mapping_pairs_quiet(node: Map) -> list[tuple[str, Node, Node]]:
    """(name, key, value) of a mapping without recording problems (first of duplicates kept)."""
    seen: set[str] = set()
    result = []
    for key_node, value_node in node.pairs:
        key = resolve(key_node)
        if isinstance(key, Scalar) and key.value not in seen:
            seen.add(key.value)
            result.append((key.value, key_node, value_node))
    return result


def _seq_items(node: Node | None) -> list[Node]:
    target = resolve(node) if node is not None else None
    return target.items if isinstance(target, Seq) else []


def _map_items(node: Node | None) -> list[Node]:
    return [item for item in _seq_items(node) if isinstance(resolve(item), Map)]


def _field_node(item: Node, name: str) -> Node | None:
    target = resolve(item)
    if not isinstance(target, Map):
        return None
    for key, _key_node, value in mapping_pairs_quiet(target):
        if key == name:
            return value
    return None


def _field_text(item: Node, name: str) -> str | None:
    value = _field_node(item, name)
    target = resolve(value) if value is not None else None
    return target.value if isinstance(target, Scalar) and not target.is_null else None


def _items(node: Node | None, name: str) -> list[tuple[Node, Node, str]]:
    """(item, value node, text) of the `name` field of each mapping in a list that has one."""
    result = []
    for item in _map_items(node):
        value = _field_node(item, name)
        target = resolve(value) if value is not None else None
        if isinstance(target, Scalar) and not target.is_null:
            assert value is not None
            result.append((item, value, target.value))
    return result


WORLD = WorldType(Record({
    "company": Field(COMPANY, required=True),
    "clock": Field(Instant(), required=True, description="the simulated start time, with offset"),
    "settings": Field(SettingsType(), default={}),
    "clients": Field(ListOf(CLIENT, items_name="clients"), required=True),
    "accounts": Field(ListOf(ACCOUNT_RECORD, items_name="accounts"), required=True),
    "consent": Field(ConsentMap(), default={}, description="starting states (default none)"),
}, where="in world"))


def money_text(value: Decimal) -> str:
    return f"{value:.2f}"


@dataclass(frozen=True)
class Steps(ValueType):
    """The `steps:` list; each item is one of the shapes `STEP_KINDS` describes."""

    expected = "a non-empty list of steps"

    def null_message(self, key: str) -> str:
        return "'steps' must be a non-empty list"

    def read(self, node: Node, r: Reader) -> Any:
        return r.read_steps(node)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}}

    @staticmethod
    def definition() -> dict[str, Any]:
        variants = []
        for kind in STEP_KINDS.values():
            actions = kind.variants.items() if kind.variants is not None else [(None, None)]
            for action, _ in actions:
                variants.append(step_schema(kind, action))
        return {"oneOf": variants}


def step_schema(kind: StepKind, action: str | None) -> dict[str, Any]:
    """The JSON Schema of one step shape: `{agent: send_text, account, phone, text, …}`."""
    variant = kind.variant(action)
    head: dict[str, Any]
    if action is not None:
        head = {"const": action}
    else:
        assert kind.value is not None
        head = kind.value.schema()
    properties: dict[str, Any] = {kind.name: head}
    for name, key in variant.keys.items():
        prop = key.type.schema()
        if key.default is not MISSING:
            prop = {**prop, "default": key.default}
        if key.description:
            prop = {**prop, "description": key.description}
        properties[name] = prop
    title = f"{kind.name}: {action}" if action is not None else kind.name
    return {
        "title": title,
        "description": variant.description or kind.description,
        "type": "object",
        "properties": properties,
        "required": [kind.name] + [n for n, k in variant.keys.items() if k.required],
        "additionalProperties": False,
    }


SCENARIO = Record({
    "name": Field(Text(nonempty=True), required=True),
    "description": Field(Text(), default=""),
    "tags": Field(ListOf(Text(nonempty=True), items_name="tags"), default=[]),
    "objective": Field(Text(nonempty=True, empty_message="the objective is empty: leave the "
                                                         "key out instead"),
                       default="",
                       description="trainee mode: what the exercise teaches, shown on the task card"),
    "pass_mark": Field(WholeNumber(minimum=0, maximum=100), default=None,
                       description="trainee mode: the score (0-100) that passes the exercise "
                                   "(default 80, or the curriculum's)"),
    "world": Field(WORLD, default=None,
                   description="the starting world; omitted: the built-in demo world"),
    "steps": Field(Steps(), required=True),
})


__all__ = [
    "ACCOUNT_ROLE", "AS_WRITTEN", "CHOICES", "INVALID", "MISSING", "PHONE_ROLE", "SCENARIO",
    "SETTING_TYPES", "STEP_KINDS", "TRAINING_KEYS", "WORLD", "Choice", "Field", "Key", "Record",
    "StepKind",
    "ValueType", "Variant", "did_you_mean", "is_null", "mapping_pairs", "normalise", "quote",
    "suggest", "unknown_key",
]
