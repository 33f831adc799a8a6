"""The consent invariants, checked over thousands of random sequences of every action.

A hypothesis state machine drives the real service (agent, supervisor and consumer actions, clock
moves, settings and bus faults) and watches every event it emits. Whatever the sequence:

- nothing but the `opted_out` confirmation and answers to its own HELP reaches an opted-out number;
- each opt-out sends exactly one confirmation;
- `opted_in` is reached only by YES to a non-PIN request, a correct unexpired PIN, or auto opt-in;
- a PIN works once at most;
- texts the agency starts go out only inside the consumer's send window;
- a request the agency starts never takes a number past the invitation limit;
- replaying the audit log from the world's starting states gives every number's state.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from itms_tui.core.transitions import TRANSITIONS
from itms_tui.core.events import ConsentChanged, Event, MessageDelivered, MessageStatusChanged
from itms_tui.core.names import (
    Actor,
    AuditEvent,
    ConsentState,
    Direction,
    FaultKind,
    MessageStatus,
    Queue,
    RequestMethod,
    Template,
)
from itms_tui.core.rules import is_open, send_zones
from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from tests.support.worlds import BOSTON, IDAHO, LOS_ANGELES, NEW_YORK, STRANGER, property_world

EAST, WEST, SPARE, UNKNOWN = BOSTON, LOS_ANGELES, NEW_YORK, STRANGER
NUMBERS = [EAST, IDAHO, WEST, SPARE, UNKNOWN]
ACCOUNT_IDS = ["1001", "1002", "2001", "9999"]
WORLD = property_world()
CONSUMER_TEXTS = [
    "YES", "yes", "STOP", " Stop. ", "\U0001F6D1", "\U0001F595\U0001F3FE", "HELP", "info",
    "SIGNUP", "start", "hello?", "please stop texting me", "yes please", "", "[bold]hi[/]",
]
#: Texts the agency may send to an opted-out number: the confirmation and HELP answers.
ALLOWED_WHEN_OPTED_OUT = {Template.OPTED_OUT.value, Template.HELP.value}

numbers = st.sampled_from(NUMBERS)
#: Half the draws name a number on its account, so the machine reaches the deep states (a PIN
#: awaiting entry, a held text) often; the other half probe every refusal.
ON_ACCOUNT = [(a["id"], n) for a in WORLD["accounts"] for n in a["phones"]]
pairs = st.one_of(st.sampled_from(ON_ACCOUNT), st.tuples(st.sampled_from(ACCOUNT_IDS), numbers))
consumer_texts = st.one_of(st.sampled_from(["YES", "STOP", "HELP", "SIGNUP"]), st.sampled_from(CONSUMER_TEXTS))


class ConsentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.service = ItmsService(build_world(WORLD))
        self.violations: list[str] = []
        self.accepted_pins: dict[str, str] = {}
        self.opt_outs = 0
        self.confirmations = 0
        self.agency_message_ids: set[int] = set()
        self.service.subscribe(self.watch)

    # -- the watcher: every event is checked as it happens ----------------------------------------

    def watch(self, event: Event) -> None:
        service = self.service
        if isinstance(event, MessageDelivered) and event.message.direction is Direction.OUT:
            message = event.message
            if service.consent(message.number).state is ConsentState.OPTED_OUT:
                if message.template not in ALLOWED_WHEN_OPTED_OUT:
                    self.violations.append(f"{message.template or 'free text'} reached opted-out {message.number}")
                if message.template == Template.HELP.value and message.reply_to is None:
                    self.violations.append("a HELP text no one asked for reached an opted-out number")
        if isinstance(event, MessageStatusChanged) and event.message.status is MessageStatus.SENT:
            message = event.message
            if message.template == Template.OPTED_OUT.value:
                self.confirmations += 1
            agency = message.actor in (Actor.AGENT, Actor.SUPERVISOR) or message.id in self.agency_message_ids
            if agency and not self.inside_window(message.number, message.sent_at):
                self.violations.append(f"agency text {message.id} sent outside the window")
        if isinstance(event, ConsentChanged):
            known = {(t.before, t.after, t.cause.value): t.actors for t in TRANSITIONS}
            if event.actor not in known.get((event.before, event.after, event.cause), ()):
                self.violations.append(f"{event.before} → {event.after} ({event.cause}, "
                                       f"{event.actor}) is not in core.transitions.TRANSITIONS")
            if event.after is ConsentState.OPTED_OUT and event.before is not ConsentState.OPTED_OUT:
                self.opt_outs += 1
            if event.after is ConsentState.OPTED_IN:
                entry = service.audit()[-1]
                lawful = (
                    event.cause == AuditEvent.PIN_ACCEPTED
                    or event.cause == AuditEvent.AUTO_OPT_IN
                    or (event.cause == AuditEvent.YES and entry.method is not RequestMethod.AGENT)
                )
                if not lawful:
                    self.violations.append(f"opted in by {event.cause} ({entry.method})")
                if event.cause == AuditEvent.AUTO_OPT_IN and entry.message_id is not None:
                    self.agency_message_ids.add(entry.message_id)
            if event.cause == AuditEvent.OPT_IN_REQUEST:
                record = service.consent(event.number)
                if record.unanswered_invitations > service.settings.max_invitations:
                    self.violations.append(f"{event.number} past the invitation limit")

    def inside_window(self, number, when) -> bool:
        window = self.service.settings.send_window
        zones = send_zones(number, WORLD["company"]["timezone"], window, when)
        return is_open(zones, when, window)

    # -- agent actions ----------------------------------------------------------------------------

    @rule(pair=pairs)
    def send_opt_in_request(self, pair):
        account, number = pair
        self.service.send_opt_in_request(account, number)

    @rule(pair=pairs)
    def quick_opt_in(self, pair):
        account, number = pair
        self.service.quick_opt_in(account, number)

    @rule(pair=pairs)
    def arrange_payment_plan(self, pair):
        account, number = pair
        self.service.arrange_payment_plan(account, number, "100.00")

    @rule(pair=pairs)
    def agent_opt_out(self, pair):
        account, number = pair
        self.service.opt_out(account, number)

    @rule(pair=pairs, reason=st.sampled_from(["", "asked about the bill"]))
    def dismiss_possible_opt_out(self, pair, reason):
        account, number = pair
        before = self.service.consent(number).state
        self.service.dismiss_possible_opt_out(account, number, reason)
        if self.service.consent(number).state is not before:
            self.violations.append(f"a dismissal changed the state of {number}")

    @rule(pair=pairs, text=st.sampled_from(["Call us", "", "  "]))
    def send_text(self, pair, text):
        account, number = pair
        self.service.send_text(account, number, text)

    @rule(pair=pairs)
    def send_link(self, pair):
        account, number = pair
        self.service.send_link(account, number)

    @rule(pair=pairs)
    def add_phone(self, pair):
        account, number = pair
        self.service.add_phone(account, number)

    @rule(pair=pairs, right=st.booleans())
    def enter_auth_code(self, pair, right):
        account, number = pair
        pin = self.service.pin_for_consumer(number)
        code = pin if right and pin else "0000"
        result = self.service.enter_auth_code(account, number, code)
        if result.ok and code != pin:
            self.violations.append(f"{number} opted in with {code}, a code the consumer was not sent")
        if result.ok:
            if self.accepted_pins.get(number) == code and pin is not None:
                self.violations.append(f"PIN {code} for {number} accepted twice")
            self.accepted_pins[number] = code

    @rule(pair=pairs)
    def reuse_accepted_pin(self, pair):
        account, number = pair
        code = self.accepted_pins.get(number)
        if code is not None and self.service.consent(number).pin is None:
            result = self.service.enter_auth_code(account, number, code)
            if result.ok:
                self.violations.append(f"used PIN {code} for {number} worked again")

    # -- supervisor, consumer, clock, settings, faults --------------------------------------------

    @rule(pair=pairs)
    def link_number(self, pair):
        account, number = pair
        self.service.link_number(number, account)

    @rule(number=numbers, text=st.sampled_from(["We got your text", ""]))
    def supervisor_reply(self, number, text):
        self.service.supervisor_reply(number, text)

    @rule(number=numbers, text=consumer_texts)
    def consumer_text(self, number, text):
        self.service.consumer_text(number, text)

    @rule(minutes=st.integers(min_value=1, max_value=36 * 60))
    def advance(self, minutes):
        self.service.advance(timedelta(minutes=minutes))

    @rule(available=st.booleans())
    def agents_available(self, available):
        self.service.update_settings({"agents_available": available})

    @rule(
        number=numbers,
        kind=st.sampled_from(list(FaultKind)),
        direction=st.sampled_from(list(Direction)),
        count=st.integers(min_value=1, max_value=2),
    )
    def fault(self, number, kind, direction, count):
        self.service.inject_fault(kind, number, count=count, direction=direction,
                                  duration=timedelta(minutes=45))

    # -- invariants -------------------------------------------------------------------------------

    @invariant()
    def no_violation(self):
        assert not self.violations, self.violations

    @invariant()
    def one_confirmation_per_opt_out(self):
        sent_or_pending = [
            m for m in self.service.messages()
            if m.template == Template.OPTED_OUT.value
        ]
        assert len(sent_or_pending) == self.opt_outs

    @invariant()
    def no_opted_out_number_awaits_a_decision(self):
        service = self.service
        waiting = {item.number for item in service.inbox(Queue.POSSIBLE_OPT_OUT)}
        assert not [n for n in waiting if service.consent(n).state is ConsentState.OPTED_OUT]

    @invariant()
    def audit_replay_gives_every_state(self):
        world = self.service.world
        replayed = dict(world.initial_consent)
        for entry in self.service.audit():
            if not entry.is_refusal and entry.number is not None and entry.after is not None:
                replayed[entry.number] = entry.after
        actual = {number: self.service.consent(number).state for number in world.consent}
        assert {n: replayed.get(n, ConsentState.NONE) for n in actual} == actual


ConsentMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("ITMS_PROPERTY_EXAMPLES", "1000")),
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestConsentInvariants = ConsentMachine.TestCase
#: A thousand sequences are one test: it has taken 6 minutes on a two-core machine shared with
#: other test runs, over the per-test limit that catches a hang everywhere else.
pytestmark = pytest.mark.timeout(900)
