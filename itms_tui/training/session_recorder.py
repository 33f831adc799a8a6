"""The session recorder: a live session written back as a scenario that replays it.

`Recorder(service)` notes the world as it stands (company, clock, settings, clients, accounts,
consent states), then every action taken on the service from then on (see `observe.py`): agent
and supervisor actions, the consumer's texts, clock moves, settings and faults. `text()` writes
it all as a scenario file, each action followed by expectations of what it did:

- every text it sent, as `expect: sms` with its template (or, for free text, `contains:` the
  body) and the status it had right after;
- every number whose consent changed, as `expect: consent` with its new state;
- a refusal, as the step's `expect_error:`; for a compound action that sent no request, the
  `expect: audit` of the code that prevented it;
- a consumer text that was flagged as a possible opt-out or landed with the supervisor, as
  `expect: inbox`.

A PIN is never written: `enter_auth_code` records `code: "{pin}"` when the code typed was the
PIN the phone received, and the typed code otherwise. Consecutive clock moves with nothing in
between are joined into one `advance:`.

A session recorded from a fresh world (`itms-tui record`) replays exactly. Started in the middle
of a session, the world keeps only what a scenario's `world:` can say: earlier messages, the
invitation count and any outstanding PIN are not carried over (the file's header says so).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..core.clock import format_duration
from ..core.events import AuditRecorded, ConsentChanged, InboxChanged
from ..core.names import AuditEvent, ConsentState, ErrorCode, Queue
from ..core.phones import phone_or_none
from ..core.service import ItmsService
from ..core.settings import Settings
from ..scenarios.schema import SCHEMA_ID
from .observe import Action, ActionTap

#: Audit events an accepted action records without a consent change, each worth an `expect: audit`:
#: the code that kept a compound action from sending its request, and the agent's dismissal.
_AUDITED = frozenset(code.value for code in ErrorCode) | {
    AuditEvent.POSSIBLE_OPT_OUT_DISMISSED.value}
#: How much of a free text `expect: sms` quotes in `contains:`.
CONTAINS_LIMIT = 60


# -- YAML, written by hand so it reads like the library's files -----------------------------------

def _printable(char: str) -> bool:
    """Whether `char` may stand as itself in the file: YAML allows it, and a reader sees it
    (invisible format characters such as a zero-width space are written as escapes)."""
    code = ord(char)
    if not (code in (0x09, 0x0A, 0x0D) or 0x20 <= code <= 0x7E or code == 0x85
            or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF):
        return False
    return code < 0x80 or unicodedata.category(char) not in ("Cf", "Co", "Cn", "Zl", "Zp")


_NAME = re.compile(r"[a-z][a-z_]*")
#: Words YAML 1.1 would read as booleans or null: always quoted.
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
#: Keys whose values are names from a closed list (templates, states, codes): written plain.
NAME_KEYS = frozenset({"agent", "supervisor", "expect", "fault", "template", "state", "status",
                       "queue", "event", "expect_error", "direction"})


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back exactly."""
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    out = []
    for char in body:
        if _printable(char) and char not in ("\u2028", "\u2029", "\x85"):
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return f'"{"".join(out)}"'


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, timedelta):
        return format_duration(value)
    return quoted(str(value))


def flow(value: Any) -> str:
    """A value on one line: scalars, `[a, b]` lists, `{k: v}` mappings."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(str(key))}: {flow(item)}"
                               for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return scalar(value)


def _key(name: str) -> str:
    return name if _NAME.fullmatch(name) and name not in _YAML_WORDS else quoted(name)


@dataclass
class StepText:
    """One step to write: its pairs in order, and comment lines before it."""

    pairs: list[tuple[str, Any]]
    comments: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"  # {comment}" for comment in self.comments]
        first = True
        for key, value in self.pairs:
            plain = (key in NAME_KEYS and isinstance(value, str) and _NAME.fullmatch(value)
                     and value not in _YAML_WORDS)
            out.append(f"  {'- ' if first else '  '}{key}: {value if plain else flow(value)}")
            first = False
        return out


# -- the world as it stands -----------------------------------------------------------------------


def world_snapshot(service: ItmsService) -> tuple[dict[str, Any], list[str]]:
    """The world a scenario can state (plain data) and what of the session it leaves out."""
    world = service.world
    company = world.company
    zone = ZoneInfo(company.timezone)
    clock = service.now().astimezone(zone).replace(microsecond=0).isoformat()
    defaults = Settings().to_data()
    current = service.settings.to_data()
    settings = {name: value for name, value in current.items() if value != defaults[name]}
    if "keywords" in settings:
        settings["keywords"] = {name: value for name, value in current["keywords"].items()
                                if value != defaults["keywords"][name]}
    data: dict[str, Any] = {
        "company": {"name": company.name, "phone": company.phone, "va_url": company.va_url,
                    "timezone": company.timezone},
        "clock": clock,
        "settings": settings,
        "clients": [{"id": c.id, "name": c.name, "business_type": c.business_type,
                     "auto_opt_in": c.auto_opt_in} for c in world.clients.values()],
        "accounts": [],
        "consent": {},
    }
    for account in world.accounts.values():
        entry: dict[str, Any] = {"id": account.id, "consumer": account.consumer,
                                 "client": account.client, "balance": f"{account.balance:.2f}",
                                 "phones": list(account.phones)}
        if account.agent:
            entry["agent"] = account.agent
        data["accounts"].append(entry)
    left_out: list[str] = []
    for number, record in world.consent.items():
        if record.state is not ConsentState.NONE:
            data["consent"][number] = record.state.value
        if record.state in (ConsentState.AWAITING_YES, ConsentState.AWAITING_PIN):
            left_out.append(f"{number} was {record.state.value}: the request (and any PIN) "
                            "it answers is not part of the world")
        elif record.unanswered_invitations:
            left_out.append(f"{number} had {record.unanswered_invitations} unanswered "
                            "invitation(s): the count starts again at 0")
    if service.messages():
        left_out.append(f"{len(service.messages())} earlier message(s) and the inbox are not "
                        "part of the world")
    return data, left_out


def world_lines(world: dict[str, Any]) -> list[str]:
    out = ["world:"]
    company = world["company"]
    out.append(f"  company: {flow(company)}")
    out.append(f"  clock: {scalar(world['clock'])}")
    if world["settings"]:
        out.append("  settings:")
        for name, value in world["settings"].items():
            out.append(f"    {name}: {flow(value)}")
    out.append("  clients:")
    for client in world["clients"]:
        out.append(f"    - {flow(client)}")
    if world["accounts"]:
        out.append("  accounts:")
        for account in world["accounts"]:
            out.append(f"    - {flow(account)}")
    else:
        out.append("  accounts: []")
    if world["consent"]:
        out.append(f"  consent: {flow(world['consent'])}")
    return out


# -- the recorder ---------------------------------------------------------------------------------



class Recorder:
    def __init__(self, service: ItmsService, *, name: str | None = None) -> None:
        self.service = service
        self.world, self.left_out = world_snapshot(service)
        self.started = service.now()
        self.name = name
        self.steps: list[StepText] = []
        #: How many actions were recorded (clock moves joined count once each).
        self.actions = 0
        self._zone = ZoneInfo(service.world.company.timezone)
        self._last_comment = ""
        self.tap = ActionTap(service, self._on_action, before=self._before)

    @property
    def recording(self) -> bool:
        return self.tap.active

    def stop(self) -> None:
        self.tap.close()

    # -- listening ------------------------------------------------------------------------------

    def _before(self, name: str, values: dict[str, Any]) -> dict[str, Any]:
        number = phone_or_none(values.get("phone"))
        return {"pin": self.service.pin_for_consumer(number) if number else None}

    def _on_action(self, action: Action) -> None:
        if action.kind == "advance":
            self._advance(action)
            return
        step = self._step(action)
        if step is None:
            return
        self.actions += 1
        when = action.started.astimezone(self._zone)
        comment = f"{when:%a} {when.day} {when:%b %H:%M}"
        if comment != self._last_comment:
            step.comments.append(comment)
            self._last_comment = comment
        self.steps.append(step)
        self.steps.extend(self._expectations(action))

    def _advance(self, action: Action) -> None:
        delta = timedelta(seconds=int((action.ended - action.started).total_seconds()))
        if delta <= timedelta(0):
            return
        self.actions += 1
        last = self.steps[-1] if self.steps else None
        if last is not None and last.pairs[0][0] == "advance":
            last.pairs[0] = ("advance", last.pairs[0][1] + delta)
        else:
            self.steps.append(StepText([("advance", delta)]))
        self.steps.extend(self._expectations(action))

    def _step(self, action: Action) -> StepText | None:
        args = action.args
        kind, name = action.kind, action.action
        pairs: list[tuple[str, Any]]
        if kind == "agent":
            pairs = [("agent", name), ("account", str(args.get("account")))]
            if name == "add_phone":
                pairs.append(("phone", str(args.get("phone"))))
            else:
                pairs.append(("phone", phone_or_none(args.get("phone")) or str(args.get("phone"))))
            if name == "enter_auth_code":
                code = str(args.get("code", ""))
                pin = action.context.get("pin") if isinstance(action.context, dict) else None
                pairs.append(("code", "{pin}" if pin is not None and code.strip() == pin
                              else code))
            elif name == "send_text":
                pairs.append(("text", str(args.get("text", ""))))
            elif name == "arrange_payment_plan":
                amount = _amount(args.get("amount"))
                if amount is not None:
                    pairs.append(("amount", amount))
            elif name == "dismiss_possible_opt_out":
                reason = " ".join(str(args.get("reason") or "").split())
                if reason:
                    pairs.append(("reason", reason))
        elif kind == "supervisor":
            if name == "link_number":
                pairs = [("supervisor", "link_number"),
                         ("phone", phone_or_none(args.get("phone")) or str(args.get("phone"))),
                         ("account", str(args.get("account")))]
            else:
                pairs = [("supervisor", "reply"),
                         ("phone", phone_or_none(args.get("phone")) or str(args.get("phone"))),
                         ("text", str(args.get("text", "")))]
        elif kind == "consumer":
            number = phone_or_none(args.get("from"))
            if number is None or action.refused:
                return None  # a phone that is no phone sent nothing
            if not str(name).strip():
                return None  # a scenario's consumer cannot send blank text
            pairs = [("consumer", str(name)), ("from", number)]
        elif kind == "set":
            if action.refused:
                return None
            pairs = [("set", _settings_data(dict(name)))]
        elif kind == "fault":
            if action.refused:
                return None
            to = phone_or_none(args.get("to"))
            if to is None:
                return None
            pairs = [("fault", name), ("to", to)]
            if name == "delay" and args.get("duration") is not None:
                pairs.append(("duration", args["duration"]))
            if name == "fail" and args.get("status") is not None:
                pairs.append(("status", str(args["status"])))
            if int(args.get("count", 1)) != 1:
                pairs.append(("count", int(args["count"])))
            if str(args.get("direction", "out")) != "out":
                pairs.append(("direction", str(args["direction"])))
        else:
            return None
        if kind in ("agent", "supervisor") and action.refused and action.code:
            pairs.append(("expect_error", action.code))
        return StepText(pairs)

    def _expectations(self, action: Action) -> list[StepText]:
        out: list[StepText] = []
        bus = self.service.bus.messages
        for message in sorted(action.sent, key=lambda m: m.id):
            now = bus.get(message.id, message)
            pairs: list[tuple[str, Any]] = [("expect", "sms"), ("to", message.number)]
            if message.template:
                pairs.append(("template", message.template))
            else:
                body = message.body
                pairs.append(("contains", body if len(body) <= CONTAINS_LIMIT
                              else body[:CONTAINS_LIMIT]))
            pairs.append(("status", now.status.value))
            out.append(StepText(pairs))
        changed: dict[str, None] = {}
        prevented: list[tuple[str, str]] = []
        flagged: list[tuple[str, str]] = []
        for event in action.result.events:
            if isinstance(event, ConsentChanged):
                changed.setdefault(event.number, None)
            elif (isinstance(event, AuditRecorded) and not action.refused
                  and event.entry.event in _AUDITED and event.entry.number):
                prevented.append((event.entry.number, event.entry.event))
            elif isinstance(event, InboxChanged) and action.kind == "consumer":
                item = event.item
                if item.awaiting_decision:
                    flagged.append((item.number, Queue.POSSIBLE_OPT_OUT.value))
                elif item.queue is Queue.UNASSOCIATED:
                    flagged.append((item.number, Queue.UNASSOCIATED.value))
        for number in changed:
            state = self.service.consent(number).state.value
            out.append(StepText([("expect", "consent"), ("phone", number), ("state", state)]))
        for number, code in dict.fromkeys(prevented):
            out.append(StepText([("expect", "audit"), ("phone", number), ("event", code)]))
        for number, queue in dict.fromkeys(flagged):
            out.append(StepText([("expect", "inbox"), ("queue", queue), ("phone", number)]))
        return out

    # -- writing --------------------------------------------------------------------------------

    def text(self) -> str:
        """The recording as a scenario file (valid; replays with `run` and `play --headless`)."""
        start = self.started.astimezone(self._zone)
        end = self.service.now().astimezone(self._zone)
        name = self.name or f"Recorded session {start:%Y-%m-%d %H:%M}"
        out = [f"# yaml-language-server: $schema={SCHEMA_ID}", "#",
               "# Recorded with itms-tui: every action of a live session, each followed by what it",
               "# did (texts with their templates, consent states, refusals as expect_error).",
               "# Replay it with `itms-tui run` or `itms-tui play`."]
        if self.left_out:
            out.append("#")
            out.append("# Recorded in the middle of a session; the world below leaves out:")
            out.extend(f"#   - {line}" for line in self.left_out)
        out.append(f"name: {quoted(name)}")
        out.append("description: >-")
        out.extend(f"  {line}" for line in textwrap.wrap(self._description(start, end), 94))
        out.append("tags: [recorded]")
        out.extend(world_lines(self.world))
        out.append("steps:")
        steps = [step for step in self.steps if not self._empty(step)]
        if not steps:
            steps = [StepText([("expect", "no_sms"), ("to", self._any_number())],
                              ["nothing was done while recording"])]
        for step in steps:
            out.extend(step.lines())
        return "\n".join(out) + "\n"

    def _description(self, start, end) -> str:
        span = (f"{start:%a} {start.day} {start:%b %H:%M} to {end:%a} {end.day} {end:%b %H:%M} "
                f"({start:%Z}, simulated)")
        return (f"A live session recorded with itms-tui: {self.actions} action(s) from {span}, "
                "each followed by the texts, consent states and refusals it caused.")

    @staticmethod
    def _empty(step: StepText) -> bool:
        return step.pairs[0][0] == "advance" and step.pairs[0][1] <= timedelta(0)

    def _any_number(self) -> str:
        for account in self.world["accounts"]:
            if account["phones"]:
                return account["phones"][0]
        return self.world["company"]["phone"]


def _amount(value: Any) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        return None
    return f"{amount:.2f}"


def _settings_data(changes: dict[str, Any]) -> dict[str, Any]:
    """Settings as a scenario writes them (durations as text, lists as lists)."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, timedelta):
            value = format_duration(value)
        elif isinstance(value, dict):
            value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def write_recording(path: Path, text: str) -> None:
    """Write a recording atomically: the file is whole or not there."""
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
