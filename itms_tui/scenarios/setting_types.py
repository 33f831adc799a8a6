"""The `settings:` of a world: every ITMS setting, its type and its default, from `core.settings`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any, Mapping

from ..core.keywords import KeywordSettings
from ..core.names import Template
from ..core.settings import SETTING_NAMES, SettingError, Settings
from .sink import INVALID, ProblemSink, did_you_mean, quote
from .value_types import (
    Bool,
    Choice,
    Duration,
    KEYWORD_PROFILE,
    ListOf,
    Text,
    ValueType,
    WholeNumber,
    is_null,
    mapping_pairs,
)
from .yamlnodes import Map, Node, Scalar, describe, resolve


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

    def read(self, node: Node, r: ProblemSink) -> Any:
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

    def read(self, node: Node, r: ProblemSink) -> Any:
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
