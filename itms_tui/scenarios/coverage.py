"""Rule coverage of a scenario library: which parts of the consent contract its runs exercised.

Like code coverage, but for SPEC.md's rules. The universe of items is read from the code's own
lists (states and transitions, templates, audit events, error codes, keyword lists and their
defaults, fault kinds), so it grows with them; what counts as exercised is measured from what
the engine did while the scenarios ran: the events the service emitted, step by step.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.events import (
    ActionRefused,
    AuditRecorded,
    ConsentChanged,
    Event,
    InboxChanged,
    MessageDelivered,
    MessageQueued,
    MessageStatusChanged,
)
from ..core.keywords import (
    DEFAULT_HELP,
    DEFAULT_OPT_OUT,
    DEFAULT_OPT_OUT_EMOJI,
    DEFAULT_REVOCATION_PHRASES,
    DEFAULT_SIGNUP,
    DEFAULT_YES,
    FCC_EXTRA_OPT_OUT,
    Intent,
    MatchKind,
    Normalisation,
    classify,
    normalisations,
    normalise,
)
from ..core.models import Message
from ..core.names import (
    AUDIT_EVENT_NAMES,
    Actor,
    AuditEvent,
    ConsentState,
    Direction,
    ErrorCode,
    FaultKind,
    MessageStatus,
    RequestMethod,
    Template,
)
from ..core.rules import zones_for_number
from ..core.service import ItmsService
from ..core.transitions import REQUEST_REFUSALS, TRANSITIONS
from .scenario import Scenario
from .runner import ScenarioResult, ScenarioRun, build_service

#: The audit event of flow 10's dismissal of a possible opt-out (SPEC.md section 1). It joins the
#: universe once the engine can record it.
POSSIBLE_OPT_OUT_DISMISSED = "possible_opt_out_dismissed"


@dataclass(frozen=True)
class Item:
    """One thing the library should exercise."""

    group: str
    name: str
    description: str

    @property
    def key(self) -> str:
        return f"{self.group}: {self.name}"


# -- the universe -----------------------------------------------------------------------------------

FLOWS = "flow"
COMPOUND = "compound action"
TRANSITION = "transition"
TEMPLATE = "template"
AUDIT = "audit event"
ERROR = "error code"
OPT_OUT_KEYWORD = "opt-out keyword"
OPT_OUT_EMOJI = "opt-out emoji"
NORMALISATION = "normalisation"
POSSIBLE = "possible opt-out"
REPLY_KEYWORD = "reply keyword"
WINDOW = "send window"
PIN = "PIN rule"
INVITATIONS = "invitation limit"
FAULT = "bus fault"

#: The groups in the order a report lists them.
GROUPS = (FLOWS, COMPOUND, TRANSITION, TEMPLATE, AUDIT, ERROR, OPT_OUT_KEYWORD, OPT_OUT_EMOJI,
          NORMALISATION, POSSIBLE, REPLY_KEYWORD, WINDOW, PIN, INVITATIONS, FAULT)

_FLOW_TITLES = {
    1: "agent-initiated opt-in with a PIN, through to opted_in",
    2: "Quick Opt In: YES opts in without a PIN",
    3: "payment plan: its request answered YES",
    4: "supervisor link: its request answered YES",
    5: "auto opt-in of a number added to an auto opt-in client's account",
    6: "consumer opt-out by keyword or emoji",
    7: "agent opt-out",
    8: "SIGNUP: its request answered YES",
    9: "HELP answered",
    10: "other inbound text lands in an inbox queue",
    11: "an agent or supervisor text sent to an opted-in number",
}
#: Which request method's YES completes flows 2, 3, 4 and 8.
_YES_FLOWS = {RequestMethod.QUICK: 2, RequestMethod.PAYMENT_PLAN: 3,
              RequestMethod.SUPERVISOR: 4, RequestMethod.SIGNUP: 8}
_COMPOUND_ACTIONS = {("agent", "arrange_payment_plan"): "arrange_payment_plan",
                     ("supervisor", "link_number"): "link_number"}
_PIN_RULES = {
    "accepted": "the right PIN opts the number in",
    "wrong": "a wrong code is refused and counted",
    "expired": "a PIN not entered in time expires",
    "too many attempts": "the last allowed wrong code voids the PIN",
    "voided": "a new request voids the outstanding PIN",
    "single use": "a PIN already used is refused",
}
_WINDOW_ITEMS = {
    "held then released": "a text held outside the window goes out when it opens",
    "held then blocked": "a held text whose number opted out meanwhile is blocked",
    "multi-zone number": "a text held for a number whose area spans several time zones",
}
_INVITATION_ITEMS = {
    "reached": "a request refused at the invitation limit",
    "reset": "a number refused at the limit later opts in, which resets the count",
}


def _flow_items() -> list[Item]:
    items = [Item(FLOWS, str(n), title) for n, title in _FLOW_TITLES.items()]
    if POSSIBLE_OPT_OUT_DISMISSED in AUDIT_EVENT_NAMES:
        items.insert(10, Item(FLOWS, "10 dismissed",
                              "a possible opt-out dismissed by the agent as not an opt-out"))
    return items


def _compound_items() -> list[Item]:
    items = []
    for action in _COMPOUND_ACTIONS.values():
        items.append(Item(COMPOUND, f"{action}: request sent", "its opt-in request goes out"))
        if action == "link_number":
            items.append(Item(COMPOUND, f"{action}: auto opt-in",
                              "the account's client opts the number in: no request"))
        items.extend(Item(COMPOUND, f"{action}: no request ({code.value})",
                          f"done, but no request: {code.value} audited")
                     for code in REQUEST_REFUSALS)
    return items


def universe() -> tuple[Item, ...]:
    """Every item, in report order, from the code's own lists."""
    items = _flow_items() + _compound_items()
    items += [Item(TRANSITION, t.key, "by " + ", ".join(a.value for a in t.actors))
              for t in TRANSITIONS]
    items += [Item(TEMPLATE, t.value, "sent") for t in Template]
    items += [Item(AUDIT, name, "recorded") for name in AUDIT_EVENT_NAMES
              if name not in {code.value for code in ErrorCode}]
    items += [Item(ERROR, code.value, "raised") for code in ErrorCode]
    items += [Item(OPT_OUT_KEYWORD, word, "opted a number out")
              for word in dict.fromkeys(map(normalise, DEFAULT_OPT_OUT))]
    items += [Item(OPT_OUT_KEYWORD, f"{word} (fcc profile)", "opted a number out")
              for word in dict.fromkeys(map(normalise, FCC_EXTRA_OPT_OUT))]
    items += [Item(OPT_OUT_EMOJI, f"{emoji} U+{ord(emoji):04X}", "opted a number out")
              for emoji in dict.fromkeys(map(normalise, DEFAULT_OPT_OUT_EMOJI))]
    items += [Item(NORMALISATION, kind.value, "made a keyword match") for kind in Normalisation]
    items += [Item(POSSIBLE, f'phrase "{phrase}"', "flagged a text")
              for phrase in dict.fromkeys(map(normalise, DEFAULT_REVOCATION_PHRASES))]
    items += [Item(POSSIBLE, "keyword inside a text", "flagged a text"),
              Item(POSSIBLE, "emoji inside a text", "flagged a text")]
    for intent, words in ((Intent.YES, DEFAULT_YES), (Intent.HELP, DEFAULT_HELP),
                          (Intent.SIGNUP, DEFAULT_SIGNUP)):
        items += [Item(REPLY_KEYWORD, word, f"acted on as {intent.value.upper()}")
                  for word in dict.fromkeys(map(normalise, words))]
    items += [Item(WINDOW, name, text) for name, text in _WINDOW_ITEMS.items()]
    items += [Item(PIN, name, text) for name, text in _PIN_RULES.items()]
    items += [Item(INVITATIONS, name, text) for name, text in _INVITATION_ITEMS.items()]
    items += [Item(FAULT, f"{kind.value} {direction.value}bound",
                   f"a {kind.value} fault took effect on an {direction.value}bound text")
              for kind in FaultKind for direction in Direction]
    return tuple(items)


def _emoji_key(emoji: str) -> str:
    return f"{OPT_OUT_EMOJI}: {emoji} U+{ord(emoji):04X}"


# -- measuring --------------------------------------------------------------------------------------


@dataclass
class Hit:
    count: int = 0
    #: The first scenario that exercised the item (its file).
    first: str = ""


@dataclass
class Coverage:
    """Items exercised so far, over any number of scenario runs."""

    items: tuple[Item, ...] = field(default_factory=universe)
    hits: dict[str, Hit] = field(default_factory=dict)
    scenarios: int = 0

    def mark(self, key: str, where: str) -> None:
        hit = self.hits.get(key)
        if hit is None:
            hit = self.hits[key] = Hit(0, where)
        hit.count += 1

    def covered(self, item: Item) -> bool:
        return item.key in self.hits

    @property
    def missed(self) -> list[Item]:
        return [item for item in self.items if item.key not in self.hits]

    @property
    def percent(self) -> float:
        if not self.items:
            return 100.0
        return 100.0 * (len(self.items) - len(self.missed)) / len(self.items)

    def groups(self) -> list[tuple[str, int, int]]:
        """(group, covered, total) in report order."""
        rows = []
        for group in GROUPS:
            members = [item for item in self.items if item.group == group]
            if members:
                rows.append((group, sum(self.covered(i) for i in members), len(members)))
        return rows

    def probe(self, service: ItmsService, where: str) -> Probe:
        """Start watching one scenario's service."""
        self.scenarios += 1
        return Probe(self, service, where)


class Probe:
    """Watches one service while its scenario runs and marks what the engine does."""

    def __init__(self, coverage: Coverage, service: ItmsService, where: str) -> None:
        self._coverage = coverage
        self._service = service
        self._where = where
        #: The step being performed, as (kind, action).
        self.step: tuple[str, Any] = ("", None)
        #: The inbound text ITMS is handling right now (its effects follow its delivery).
        self._inbound: Message | None = None
        self._max_invitations_hit: set[str] = set()
        #: Numbers whose latest PIN was accepted (until a new request).
        self._pin_used: set[str] = set()
        self._inbox_seen: set[int] = set()
        self._unsubscribe = service.subscribe(self._on_event)

    def mark(self, key: str) -> None:
        self._coverage.mark(key, self._where)

    def finish(self) -> None:
        """The run is over: what never arrived was dropped."""
        self._unsubscribe()
        for message in self._service.messages():
            if message.status is MessageStatus.SENT and message.deliver_at is None:
                self.mark(f"{FAULT}: drop {message.direction.value}bound")

    # -- the events -------------------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)

    def _delivered(self, event: MessageDelivered) -> None:
        message = event.message
        if event.copy == 2:
            self.mark(f"{FAULT}: duplicate {message.direction.value}bound")
        if message.delivered_at is not None and message.sent_at is not None and (
                message.delivered_at > message.sent_at):
            self.mark(f"{FAULT}: delay {message.direction.value}bound")
        if message.direction is Direction.IN:
            self._inbound = message if event.copy == 1 else None

    def _queued(self, event: MessageQueued) -> None:
        message = event.message
        if message.direction is not Direction.OUT:
            return
        if message.release_at is not None and len(zones_for_number(message.number)) > 1:
            self.mark(f"{WINDOW}: multi-zone number")
        if message.actor in (Actor.AGENT, Actor.SUPERVISOR) and message.template in (
                None, Template.LINK.value):
            self.mark(f"{FLOWS}: 11")
        if message.template == Template.HELP.value and self._inbound is not None:
            self.mark(f"{FLOWS}: 9")
            self._keyword(self._inbound.body, REPLY_KEYWORD)

    def _status(self, event: MessageStatusChanged) -> None:
        message, before, after = event.message, event.before, event.message.status
        if after is MessageStatus.SENT and message.direction is Direction.OUT and message.template:
            self.mark(f"{TEMPLATE}: {message.template}")
        if before is MessageStatus.SCHEDULED and message.release_at is not None:
            if after is MessageStatus.BLOCKED:
                self.mark(f"{WINDOW}: held then blocked")
            elif after in (MessageStatus.SENT, MessageStatus.FAILED):
                self.mark(f"{WINDOW}: held then released")
        if after is MessageStatus.FAILED and message.carrier_status:
            self.mark(f"{FAULT}: fail {message.direction.value}bound")
        if before is MessageStatus.SENT and after is MessageStatus.BLOCKED:
            self.mark(f"{FAULT}: delay {message.direction.value}bound")  # blocked on arrival

    def _audit(self, event: AuditRecorded) -> None:
        entry = event.entry
        name = entry.event
        if entry.is_refusal:
            self.mark(f"{ERROR}: {name}")
            self._refusal(entry.number, name, entry.actor)
        else:
            self.mark(f"{AUDIT}: {name}")
            if name == POSSIBLE_OPT_OUT_DISMISSED:
                self.mark(f"{FLOWS}: 10 dismissed")
        if (entry.event == AuditEvent.YES and entry.after is ConsentState.OPTED_IN
                and entry.method in _YES_FLOWS):
            self.mark(f"{FLOWS}: {_YES_FLOWS[entry.method]}")

    def _refusal(self, number: str | None, code: str, actor: Actor) -> None:
        kind, action = self.step
        compound = _COMPOUND_ACTIONS.get((kind, action))
        if compound is not None and code in {c.value for c in REQUEST_REFUSALS}:
            self.mark(f"{COMPOUND}: {compound}: no request ({code})")
        if code == ErrorCode.MAX_INVITATIONS and number is not None:
            self.mark(f"{INVITATIONS}: reached")
            self._max_invitations_hit.add(number)
        elif code == ErrorCode.WRONG_CODE:
            self.mark(f"{PIN}: wrong")
        elif code == ErrorCode.TOO_MANY_ATTEMPTS:
            self.mark(f"{PIN}: too many attempts")
        elif code == ErrorCode.NO_PENDING_PIN and number in self._pin_used:
            self.mark(f"{PIN}: single use")

    def _refused(self, event: ActionRefused) -> None:
        pass  # audited too: counted from its audit entry

    def _consent(self, event: ConsentChanged) -> None:
        cause, number = event.cause, event.number
        self.mark(f"{TRANSITION}: {event.before.value} → {event.after.value} ({cause})")
        kind, action = self.step
        compound = _COMPOUND_ACTIONS.get((kind, action))
        if cause == AuditEvent.PIN_ACCEPTED:
            self.mark(f"{FLOWS}: 1")
            self.mark(f"{PIN}: accepted")
            self._pin_used.add(number)
        elif cause == AuditEvent.OPT_IN_REQUEST:
            self._pin_used.discard(number)
            if compound is not None:
                self.mark(f"{COMPOUND}: {compound}: request sent")
        elif cause == AuditEvent.AUTO_OPT_IN:
            self.mark(f"{FLOWS}: 5")
            if compound == "link_number":
                self.mark(f"{COMPOUND}: link_number: auto opt-in")
        elif cause == AuditEvent.KEYWORD_OPT_OUT:
            self.mark(f"{FLOWS}: 6")
            if self._inbound is not None:
                self._keyword(self._inbound.body, None)
        elif cause == AuditEvent.AGENT_OPT_OUT:
            self.mark(f"{FLOWS}: 7")
        elif cause == AuditEvent.PIN_EXPIRED:
            self.mark(f"{PIN}: expired")
        elif cause == AuditEvent.PIN_VOIDED and event.actor is not Actor.SYSTEM:
            self.mark(f"{PIN}: voided")
        elif cause in (AuditEvent.YES, AuditEvent.SIGNUP) and self._inbound is not None:
            self._pin_used.discard(number)
            self._keyword(self._inbound.body, REPLY_KEYWORD)
        if event.after is ConsentState.OPTED_IN and number in self._max_invitations_hit:
            self.mark(f"{INVITATIONS}: reset")

    def _inbox(self, event: InboxChanged) -> None:
        item = event.item
        if item.message_id in self._inbox_seen:
            return
        self._inbox_seen.add(item.message_id)
        self.mark(f"{FLOWS}: 10")
        if item.possible_opt_out:
            meaning = classify(item.body, self._service.settings.keywords)
            if meaning.kind is MatchKind.PHRASE:
                self.mark(f'{POSSIBLE}: phrase "{meaning.matched[0]}"')
            elif meaning.kind is MatchKind.KEYWORD:
                self.mark(f"{POSSIBLE}: keyword inside a text")
            elif meaning.kind is MatchKind.EMOJI:
                self.mark(f"{POSSIBLE}: emoji inside a text")

    def _keyword(self, body: str, group: str | None) -> None:
        """A keyword the engine acted on: which one, and what normalisation it took."""
        keywords = self._service.settings.keywords
        meaning = classify(body, keywords)
        if meaning.kind is MatchKind.EMOJI:
            for emoji in meaning.matched:
                self.mark(_emoji_key(emoji))
        elif meaning.matched:
            word = meaning.matched[0]
            if group is None and keywords.profile == "fcc" and word in FCC_EXTRA_OPT_OUT:
                self.mark(f"{OPT_OUT_KEYWORD}: {word} (fcc profile)")
            else:
                self.mark(f"{group or OPT_OUT_KEYWORD}: {word}")
        for kind in normalisations(body):
            self.mark(f"{NORMALISATION}: {kind.value}")


_HANDLERS = {
    MessageDelivered: Probe._delivered,
    MessageQueued: Probe._queued,
    MessageStatusChanged: Probe._status,
    AuditRecorded: Probe._audit,
    ConsentChanged: Probe._consent,
    InboxChanged: Probe._inbox,
}


def run_with_coverage(scenario: Scenario, coverage: Coverage,
                      demo_world: Mapping[str, Any] | None = None) -> ScenarioResult:
    """`run_scenario`, with `coverage` watching the engine throughout."""
    started = time.perf_counter()
    service = build_service(scenario, demo_world)
    probe = coverage.probe(service, str(scenario.path))
    run = ScenarioRun(scenario, service)
    while (step := run.next_step()) is not None:
        probe.step = (step.kind, step.action if isinstance(step.action, str) else None)
        run.execute(step)
    probe.finish()
    return ScenarioResult(scenario, run.outcomes, service, time.perf_counter() - started)


def measure(scenarios: Iterable[Scenario], demo_world: Mapping[str, Any] | None = None
            ) -> tuple[Coverage, list[ScenarioResult]]:
    """Run `scenarios` and return what they covered, with their results."""
    coverage = Coverage()
    results = [run_with_coverage(scenario, coverage, demo_world) for scenario in scenarios]
    return coverage, results
