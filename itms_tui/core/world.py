"""The state the service owns, built from a world spec (a scenario's `world:`) or from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Mapping, TypeVar

from .bus import Fault
from .clock import parse_instant
from .integrity import expect, model_problem, read_record, time_zone_problem
from .models import Account, AuditEntry, Client, Company, Consent, InboxItem, Message
from .names import ConsentState
from .repository import Tables
from .settings import Settings

T = TypeVar("T")


@dataclass
class World:
    """Everything one simulated ITMS holds: company, clock, settings, clients, accounts, consent,
    messages, the audit log and the supervisor's inbox."""

    company: Company
    clock_start: datetime
    settings: Settings
    clients: dict[str, Client]
    accounts: dict[str, Account]
    consent: dict[str, Consent]
    #: The states the world started with: replaying the audit log from here gives today's states.
    initial_consent: dict[str, ConsentState] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    inbox: dict[int, InboxItem] = field(default_factory=dict)
    faults: list[dict[str, Any]] = field(default_factory=list)
    now: datetime | None = None
    #: number -> the accounts it is on, in the order it joined them: its texts are filed under
    #: the first. Derived from the accounts' order where the store predates it.
    number_accounts: dict[str, list[str]] = field(default_factory=dict)


def accounts_by_number(accounts: Mapping[str, Account]) -> dict[str, list[str]]:
    """Each number's accounts in account order: how a world's numbers start out."""
    by_number: dict[str, list[str]] = {}
    for account in accounts.values():
        for number in account.phones:
            by_number.setdefault(number, []).append(account.id)
    return by_number


def build_world(spec: Mapping[str, Any]) -> World:
    """Build a world from validated plain data (the shape of a scenario's `world:`)."""
    company = Company(**{k: spec["company"][k] for k in ("name", "phone", "va_url", "timezone")})
    settings = Settings().updated(spec.get("settings") or {})
    clients = {
        str(c["id"]): Client(
            id=str(c["id"]),
            name=c["name"],
            business_type=c.get("business_type", ""),
            auto_opt_in=bool(c.get("auto_opt_in", False)),
        )
        for c in spec["clients"]
    }
    accounts = {
        str(a["id"]): Account(
            id=str(a["id"]),
            consumer=a["consumer"],
            client=str(a["client"]),
            balance=Decimal(str(a["balance"])),
            phones=list(a.get("phones", [])),
            agent=a.get("agent"),
        )
        for a in spec["accounts"]
    }
    start = parse_instant(spec["clock"])
    initial = {number: ConsentState(state) for number, state in (spec.get("consent") or {}).items()}
    consent: dict[str, Consent] = {}
    for account in accounts.values():
        for number in account.phones:
            consent.setdefault(number, Consent(number))
    for number, state in initial.items():
        consent[number] = Consent(number, state=state)
    return World(
        company=company,
        clock_start=start,
        settings=settings,
        clients=clients,
        accounts=accounts,
        consent=consent,
        initial_consent={n: c.state for n, c in consent.items()},
        now=start,
        number_accounts=accounts_by_number(accounts),
    )


# -- persistence ------------------------------------------------------------------------------------

META = "meta"
CLIENTS = "clients"
ACCOUNTS = "accounts"
CONSENT = "consent"
MESSAGES = "messages"
AUDIT = "audit"
INBOX = "inbox"
INITIAL = "initial_consent"


NUMBERS = "number_accounts"


def world_from_tables(tables: Tables) -> World:
    """The world a store holds; raises DamagedRecord naming the first record that is not one
    the service could have written."""
    meta = tables.get(META)
    expect(META, None, bool(meta), "is missing: this store holds no itms-tui session")
    for key in ("world", "settings", "clock"):
        expect(META, key, isinstance(meta.get(key), dict), "is missing")
    world_meta, clock_meta = meta["world"], meta["clock"]
    company = read_record(META, "world", lambda d: Company.from_data(d["company"]), world_meta)
    problem = time_zone_problem(company.timezone)
    expect(META, "world", problem is None, f"company: {problem}")
    clock_start = read_record(META, "world", lambda d: _Instant(_time(d["clock_start"])), world_meta)
    now = read_record(META, "clock", lambda d: _Instant(_time(d["now"])), clock_meta)
    settings = read_record(META, "settings", lambda d: _Settings(Settings().updated(d)),
                           meta["settings"])
    faults_meta = meta.get("faults", {"faults": []})
    faults = read_record(META, "faults", lambda d: _Faults([Fault.from_data(f) for f in d["faults"]]),
                         faults_meta)
    expect(META, "faults", all(model_problem(f) is None for f in faults.faults),
           "a fault is not one the carrier could hold")

    world = World(
        company=company,
        clock_start=clock_start.at,
        settings=settings.settings,
        clients=_table(tables, CLIENTS, Client.from_data, "id"),
        accounts={},
        consent=_table(tables, CONSENT, Consent.from_data, "number"),
        initial_consent={
            key: read_record(INITIAL, key, lambda d: _State(ConsentState(d["state"])), data).state
            for key, data in tables.get(INITIAL, {}).items()
        },
        faults=[fault.to_data() for fault in faults.faults],
        now=now.at,
    )
    messages = _table(tables, MESSAGES, Message.from_data, "id")
    world.messages = _numbered(MESSAGES, messages, "id")
    world.audit = _numbered(AUDIT, _table(tables, AUDIT, AuditEntry.from_data, "seq"), "seq")
    world.inbox = dict(sorted(
        (item.message_id, item) for item in _table(tables, INBOX, InboxItem.from_data, "message_id").values()
    ))
    for key, item in world.inbox.items():
        expect(INBOX, str(key), str(key) in messages, f"message {key} does not exist")

    orders: dict[str, int] = {}
    for key, data in tables.get(ACCOUNTS, {}).items():
        expect(ACCOUNTS, key, isinstance(data, dict), "is not an object")
        order = data.get("order")
        expect(ACCOUNTS, key, isinstance(order, int) and not isinstance(order, bool),
               f"field 'order' is {'missing' if order is None else repr(order)}, not a whole number")
        orders[key] = order
    expect(ACCOUNTS, None, len(set(orders.values())) == len(orders), "two accounts share an order")
    accounts = _table(tables, ACCOUNTS, lambda d: Account.from_data(
        {k: v for k, v in d.items() if k != "order"}), "id")
    world.accounts = {key: accounts[key] for key in sorted(accounts, key=orders.__getitem__)}
    world.number_accounts = _number_accounts(tables, world.accounts)
    return world


@dataclass
class _Instant:
    at: datetime


@dataclass
class _Settings:
    settings: Any  # Settings.updated() has checked every value already


@dataclass
class _Faults:
    faults: list[Any]


@dataclass
class _State:
    state: ConsentState


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a time")
    return datetime.fromisoformat(value)


def _table(tables: Tables, table: str, decode: Callable[[Any], T], key_field: str) -> dict[str, T]:
    """Every record of `table`, checked, each stored under the key its own `key_field` gives."""
    records: dict[str, T] = {}
    for key, data in tables.get(table, {}).items():
        record = read_record(table, key, decode, data)
        own_key = str(getattr(record, key_field))
        expect(table, key, own_key == key, f"is stored under {key!r} but its {key_field} is {own_key!r}")
        records[key] = record
    return records


def _numbered(table: str, records: Mapping[str, Any], number_field: str) -> list[Any]:
    """Records numbered 1..n (messages by id, audit entries by seq), in order: the service
    numbers the next one from the count."""
    ordered = sorted(records.values(), key=lambda record: getattr(record, number_field))
    for position, record in enumerate(ordered, start=1):
        number = getattr(record, number_field)
        expect(table, str(number), number == position,
               f"is number {number} but {position - 1} come before it")
    return ordered


def _number_accounts(tables: Tables, accounts: Mapping[str, Account]) -> dict[str, list[str]]:
    derived = accounts_by_number(accounts)
    stored = tables.get(NUMBERS)
    if stored is None:  # a store written before the join order was kept
        return derived
    by_number: dict[str, list[str]] = {}
    for number, data in stored.items():
        listed = data.get("accounts") if isinstance(data, dict) else None
        expect(NUMBERS, number, isinstance(listed, list) and all(isinstance(a, str) for a in listed),
               "field 'accounts' is not a list of account ids")
        expect(NUMBERS, number, sorted(listed) == sorted(derived.get(number, [])),
               f"lists accounts {listed} but the number is on {derived.get(number, [])}")
        by_number[number] = list(listed)
    missing = sorted(set(derived) - set(by_number))
    expect(NUMBERS, missing[0] if missing else None, not missing,
           "is missing though accounts list the number")
    return by_number
