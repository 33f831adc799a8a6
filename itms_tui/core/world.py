"""The state the service owns, built from a world spec (a scenario's `world:`) or from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Mapping

from .clock import parse_instant
from .models import Account, AuditEntry, Client, Company, Consent, InboxItem, Message
from .names import ConsentState
from .repository import Tables
from .settings import Settings


@dataclass
class World:
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


def world_from_tables(tables: Tables) -> World:
    meta = tables[META]
    world = World(
        company=Company.from_data(meta["world"]["company"]),
        clock_start=datetime.fromisoformat(meta["world"]["clock_start"]),
        settings=Settings().updated(meta["settings"]),
        clients={k: Client.from_data(v) for k, v in tables.get(CLIENTS, {}).items()},
        accounts={},
        consent={k: Consent.from_data(v) for k, v in tables.get(CONSENT, {}).items()},
        initial_consent={k: ConsentState(v["state"]) for k, v in tables.get(INITIAL, {}).items()},
        messages=sorted(
            (Message.from_data(v) for v in tables.get(MESSAGES, {}).values()), key=lambda m: m.id
        ),
        audit=sorted(
            (AuditEntry.from_data(v) for v in tables.get(AUDIT, {}).values()), key=lambda e: e.seq
        ),
        inbox={int(k): InboxItem.from_data(v) for k, v in tables.get(INBOX, {}).items()},
        faults=list(meta.get("faults", {}).get("faults", [])),
        now=datetime.fromisoformat(meta["clock"]["now"]),
    )
    ordered = sorted(tables.get(ACCOUNTS, {}).values(), key=lambda a: a["order"])
    world.accounts = {a["id"]: Account.from_data(a) for a in ordered}
    world.inbox = dict(sorted(world.inbox.items()))
    return world
