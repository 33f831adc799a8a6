"""The `world:` of a scenario file: company, clock, settings, clients, accounts, consent."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .setting_types import SettingsType
from .sink import INVALID, ProblemSink, did_you_mean, quote
from .value_types import (
    Amount,
    Bool,
    CONSENT_STATE,
    Field,
    Instant,
    ListOf,
    Phone,
    Record,
    Text,
    TimeZone,
    Url,
    ValueType,
    is_null,
    mapping_pairs,
    normalise,
)
from .yamlnodes import Map, Node, Scalar, Seq, describe, resolve


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

    def read(self, node: Node, r: ProblemSink) -> Any:
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


def _refuse(r: ProblemSink, node: Node, message: str) -> Any:
    r.error(node, message)
    return INVALID


@dataclass(frozen=True)
class WorldType(ValueType):
    """`world:` — checked field by field, then across: ids unique, accounts name known clients."""

    record: Record
    expected = "a mapping"

    def read(self, node: Node, r: ProblemSink) -> Any:
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
