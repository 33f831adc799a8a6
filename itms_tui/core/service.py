"""The simulated ITMS: one method per agent, supervisor and consumer action, and per clock move.

Every action returns a `Result`, accepted or refused with a SPEC error code and a sentence, and
every outcome reaches subscribers as events. The service owns the world in memory; after each
action it hands the repository one change set, so one action is one durable write.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

from .bus import Fault, SmsBus
from .changes import ChangeTracker
from .clock import LATEST, SimClock, format_duration
from .events import (
    AccountChanged,
    ActionRefused,
    AuditRecorded,
    ClockMoved,
    ConsentChanged,
    Event,
    FaultInjected,
    InboxChanged,
    SettingsChanged,
)
from .keywords import Intent, classify
from .money import format_amount
from .models import Account, AuditEntry, Consent, InboxItem, Message, PaymentPlan
from .names import (
    ERROR_SENTENCES,
    Actor,
    AuditEvent,
    CarrierStatus,
    ConsentState,
    Direction,
    ErrorCode,
    FaultKind,
    MessageStatus,
    Queue,
    RequestMethod,
    Template,
)
from .phones import InvalidPhone, normalise_phone
from .pins import draw_pin, pin_matches, seal_pin
from .repository import Repository
from .rules import is_open, next_open, send_zones
from .settings import Settings
from .templates import render
from .transitions import opt_out_refusal, pin_refusal, request_refusal, text_refusal
from .world import ACCOUNTS, AUDIT, CONSENT, INBOX, INITIAL, META, NUMBERS, World, world_from_tables

Listener = Callable[[Event], None]

#: `no_one_available` goes to a number at most once in this much simulated time.
_NO_ONE_AVAILABLE_INTERVAL = timedelta(hours=24)
#: Each round at one instant expires a PIN, releases a held text or delivers one, and one delivery
#: can start a short chain of replies; far more rounds than that means something never stops being
#: due.
_MAX_ROUNDS_AT_ONE_INSTANT = 1000


class Refused(Exception):
    def __init__(self, code: ErrorCode, number: str | None = None) -> None:
        super().__init__(code.value)
        self.code = code
        self.number = number


@dataclass(frozen=True)
class Result:
    ok: bool
    code: ErrorCode | None = None
    sentence: str = ""
    #: What happened, for a person: "Opt-in request sent", "held until 08:00 EST", …
    detail: str = ""
    events: tuple[Event, ...] = field(default=())

    def __bool__(self) -> bool:
        return self.ok


class ItmsService:
    """ITMS itself: every agent, supervisor, consumer and clock action, over one world and its bus.

    Persistence is `ChangeTracker`'s business (core/changes.py); the methods here are the actions."""

    def __init__(
        self, world: World, repository: Repository | None = None, *, resumed: bool = False,
        codes_never_drawn: frozenset[str] = frozenset(),
    ) -> None:
        self._repository: Repository | None = None
        self._listeners: list[Listener] = []
        #: Codes a script types as wrong ones (a scenario's literal `code:`s): never drawn as a
        #: PIN, so a scripted wrong code is wrong in every run, not in 9,999 runs of 10,000.
        self.codes_never_drawn = codes_never_drawn
        self._install(world)
        #: True when this session was read back from its store rather than started anew.
        self.resumed = resumed
        #: Why the last action the store could not keep was undone (None while all is saved).
        self.save_failure: str | None = None
        if repository is not None:
            self.keep_in(repository, save_all=not resumed)

    def _install(self, world: World) -> None:
        self._world = world
        self.clock = SimClock(world.now or world.clock_start)
        self.bus = SmsBus(
            self.clock,
            is_opted_out=lambda number: self._state(number) is ConsentState.OPTED_OUT,
            messages=world.messages,
            faults=[Fault.from_data(f) for f in world.faults],
        )
        self.bus.connect_itms(self._receive)
        self.bus.subscribe(self._on_bus_event)
        self._changes = ChangeTracker(world, self.bus, self._repository, self.now,
                                      undo=self._undo)

    def _undo(self, error: Exception) -> None:
        """The store could not keep an action: the world already moved in memory, but only what
        the store holds is real, so go back to it (ChangeTracker then raises ActionNotSaved)."""
        self.save_failure = str(error)
        assert self._repository is not None
        self._install(world_from_tables(self._repository.load()))

    # -- construction -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        repository: Repository,
        seed: Callable[[], World],
        prepare: Callable[[ItmsService], None] | None = None,
    ) -> ItmsService:
        """Resume the session kept in `repository`, or start one from `seed()` if it is empty.

        A new session is built in memory, `prepare(service)` included (the demo's texts), and
        saved as one write, so a kill while it is built leaves no half-built session behind.
        Raises DamagedRecord if the store holds records the service could not have written.
        """
        tables = repository.load()
        if tables:
            return cls(world_from_tables(tables), repository, resumed=True)
        service = cls(seed())
        if prepare is not None:
            prepare(service)
        service.keep_in(repository, save_all=True)
        return service

    def keep_in(self, repository: Repository, *, save_all: bool) -> None:
        """From now on every action is saved in `repository`; `save_all` saves the world first."""
        self._repository = repository
        self._changes = ChangeTracker(self._world, self.bus, repository, self.now, undo=self._undo)
        if save_all:
            with self._changes.action():
                self._changes.mark_all()

    # -- subscribers ------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, event: Event) -> None:
        self._changes.events.append(event)
        for listener in list(self._listeners):
            listener(event)

    def _on_bus_event(self, event: Event) -> None:
        self._emit(event)

    # -- read side --------------------------------------------------------------------------------

    @property
    def world(self) -> World:
        return self._world

    @property
    def settings(self) -> Settings:
        return self._world.settings

    def now(self) -> datetime:
        return self.clock.now()

    def accounts(self) -> list[Account]:
        return list(self._world.accounts.values())

    def account(self, account_id: str) -> Account | None:
        return self._world.accounts.get(account_id)

    def accounts_for(self, number: str) -> list[Account]:
        return [self._world.accounts[a] for a in self._world.number_accounts.get(number, ())]

    def consent(self, number: str) -> Consent:
        return self._world.consent.get(number) or Consent(number)

    def thread(self, number: str) -> list[Message]:
        return self.bus.thread(number)

    def messages(self) -> list[Message]:
        return list(self.bus.messages.values())

    def audit(self) -> list[AuditEntry]:
        return list(self._world.audit)

    def inbox(self, queue: Queue | None = None) -> list[InboxItem]:
        items = list(self._world.inbox.values())
        if queue is None:
            return items
        if queue is Queue.UNANSWERED:
            return [item for item in items if not item.answered]
        if queue is Queue.POSSIBLE_OPT_OUT:
            return [item for item in items if item.awaiting_decision]
        return [item for item in items if item.queue is queue]

    def possible_opt_outs(self, number: str) -> list[InboxItem]:
        """The number's flagged texts that still wait for a person's decision, oldest first."""
        return [item for item in self._world.inbox.values()
                if item.number == number and item.awaiting_decision]

    def known_numbers(self) -> list[str]:
        return list(self._world.consent)

    def window_open_for(self, number: str, when: datetime | None = None) -> bool:
        when = when or self.now()
        return is_open(self._zones(number, when), when, self.settings.send_window)

    def next_window_opening(self, number: str) -> datetime:
        now = self.now()
        return next_open(self._zones(number, now), now, self.settings.send_window)

    def pin_for_consumer(self, number: str) -> str | None:
        """The PIN in the latest `opt_in_pin` text the phone received, read as the consumer would."""
        for message in reversed(self.bus.thread(number)):
            if message.template == Template.OPT_IN_PIN and message.pin_span is not None:
                if message.status is MessageStatus.DELIVERED:  # sent is still on its way
                    start, end = message.pin_span
                    return message.body[start:end]
        return None

    def _accepted(self, detail: str = "") -> Result:
        return Result(True, detail=detail, events=tuple(self._changes.events))

    def _refused(self, action: str, refusal: Refused, actor: Actor, account_id: str | None) -> Result:
        code = refusal.code
        sentence = ERROR_SENTENCES[code]
        number = refusal.number
        state = self._state(number) if number else None
        self._audit(number, state, state, code.value, actor, reason=sentence, account_id=account_id)
        self._emit(ActionRefused(self.now(), action, code, sentence, number, account_id, actor))
        return Result(False, code, sentence, events=tuple(self._changes.events))

    # -- shared checks ----------------------------------------------------------------------------

    def _state(self, number: str) -> ConsentState:
        record = self._world.consent.get(number)
        return record.state if record else ConsentState.NONE

    def _record(self, number: str) -> Consent:
        record = self._world.consent.get(number)
        if record is None:
            record = self._world.consent[number] = Consent(number)
            self._world.initial_consent.setdefault(number, ConsentState.NONE)
            self._changes.mark(INITIAL, number)
            self._changes.mark(CONSENT, number)
        return record

    def _normalise(self, phone: str) -> str:
        try:
            return normalise_phone(phone, self._world.company.country)
        except InvalidPhone:
            raise Refused(ErrorCode.INVALID_PHONE) from None

    def _account_and_phone(self, account_id: str, phone: str) -> tuple[Account, str]:
        account = self._world.accounts.get(str(account_id))
        if account is None:
            raise Refused(ErrorCode.UNKNOWN_ACCOUNT)
        number = self._normalise(phone)
        if number not in account.phones:
            raise Refused(ErrorCode.UNKNOWN_PHONE, number)
        return account, number

    def _number_to_add(self, account_id: str, phone: str) -> tuple[Account, str]:
        """The account and the normalised number about to join it (add_phone, link_number)."""
        account = self._world.accounts.get(str(account_id))
        if account is None:
            raise Refused(ErrorCode.UNKNOWN_ACCOUNT)
        number = self._normalise(phone)
        if number in account.phones:
            raise Refused(ErrorCode.PHONE_ALREADY_ON_ACCOUNT, number)
        return account, number

    def _request_refusal(self, number: str, *, limited: bool = True) -> Refused | None:
        """Why an opt-in request may not go to `number` now, if it may not."""
        code = request_refusal(self._record(number), self.settings, limited=limited)
        return Refused(code, number) if code is not None else None

    def _text_refusal(self, number: str) -> Refused | None:
        code = text_refusal(self._state(number))
        return Refused(code, number) if code is not None else None

    # -- consent changes and texts ----------------------------------------------------------------

    def _audit(
        self,
        number: str | None,
        before: ConsentState | None,
        after: ConsentState | None,
        event: str,
        actor: Actor,
        *,
        reason: str = "",
        account_id: str | None = None,
        message_id: int | None = None,
        method: RequestMethod | None = None,
    ) -> AuditEntry:
        entry = AuditEntry(
            seq=len(self._world.audit) + 1,
            at=self.now(),
            number=number,
            before=before,
            after=after,
            event=event,
            actor=actor,
            reason=reason,
            account_id=account_id,
            message_id=message_id,
            method=method,
        )
        self._world.audit.append(entry)
        self._changes.mark(AUDIT, entry.seq)
        self._emit(AuditRecorded(self.now(), entry))
        return entry

    def _change(
        self,
        number: str,
        after: ConsentState,
        cause: AuditEvent,
        actor: Actor,
        *,
        reason: str = "",
        account_id: str | None = None,
        message_id: int | None = None,
        before: ConsentState | None = None,
    ) -> None:
        """Record a consent change; `before` names the prior state when the record already moved."""
        record = self._record(number)
        before = record.state if before is None else before
        record.state = after
        record.updated_at = self.now()
        self._changes.mark(CONSENT, number)
        self._audit(
            number, before, after, cause.value, actor,
            reason=reason, account_id=account_id, message_id=message_id, method=record.method,
        )
        self._emit(ConsentChanged(self.now(), number, before, after, cause.value, actor))

    def _void_pin(self, record: Consent) -> None:
        record.pin = None
        record.expired_pin = None
        self._changes.mark(CONSENT, record.number)

    def _zones(self, number: str, when: datetime):
        return send_zones(number, self._world.company.timezone, self.settings.send_window, when)

    def _send(
        self,
        number: str,
        template: Template | None,
        actor: Actor,
        *,
        account_id: str | None,
        held: bool,
        body: str | None = None,
        reply_to: int | None = None,
        pin: str | None = None,
    ) -> Message | None:
        """Render and hand a text to the bus; agency-started texts wait for the send window."""
        pin_span = None
        if template is not None:
            values = self._template_values(account_id)
            if pin is not None:
                values["pin"] = pin
            rendered = render(template.value, self.settings.templates, values)
            body, pin_span = rendered.body, rendered.pin_span
        assert body is not None
        if template is not None and not body.strip():
            return None  # a blank template body turns that text off
        hold_until = None
        if held:
            now = self.now()
            zones = self._zones(number, now)
            if not is_open(zones, now, self.settings.send_window):
                hold_until = next_open(zones, now, self.settings.send_window)
        return self.bus.submit(
            number, body,
            template=template.value if template else None,
            actor=actor, account_id=account_id, reply_to=reply_to,
            pin_span=pin_span, hold_until=hold_until,
        )

    def _template_values(self, account_id: str | None) -> dict[str, str]:
        company = self._world.company
        values = {"company": company.name, "company_phone": company.phone, "va_url": company.va_url}
        account = self._world.accounts.get(account_id) if account_id else None
        if account is not None:
            values["consumer"] = account.consumer
            values["account"] = account.id
        return values

    def _primary_account(self, number: str) -> str | None:
        accounts = self._world.number_accounts.get(number)
        return accounts[0] if accounts else None

    def _request_opt_in(
        self, number: str, method: RequestMethod, actor: Actor, account_id: str | None,
        *, context: str = "",
    ) -> Message | None:
        """Send an opt-in request; it replaces any outstanding one (its PIN is voided)."""
        record = self._record(number)
        if record.pin is not None:
            self._void_pin(record)
            self._change(number, ConsentState.NONE, AuditEvent.PIN_VOIDED, actor,
                         reason="a new opt-in request replaced it", account_id=account_id)
        record.expired_pin = None
        record.method = method
        record.unanswered_invitations += 1
        # SIGNUP's request answers the consumer, so it goes at once; the others wait for the window.
        held = method is not RequestMethod.SIGNUP
        cause = AuditEvent.SIGNUP if method is RequestMethod.SIGNUP else AuditEvent.OPT_IN_REQUEST
        # The number leaves its old state before the request goes: otherwise the carrier would
        # still see a SIGNUP's number as opted out and block the very request the consumer asked for.
        before = record.state
        record.state = ConsentState.AWAITING_YES
        message = self._send(number, Template.OPT_IN, actor, account_id=account_id, held=held)
        self._change(number, ConsentState.AWAITING_YES, cause, actor, account_id=account_id,
                     message_id=message.id if message else None,
                     reason=f"method {method.value}" + (f", {context}" if context else ""),
                     before=before)
        return message

    def _opt_in_done(self, record: Consent) -> None:
        record.unanswered_invitations = 0
        record.pin = None
        record.expired_pin = None
        self._changes.mark(CONSENT, record.number)

    def _mark_answered(self, number: str) -> None:
        for item in self._world.inbox.values():
            if item.number == number and not item.answered:
                item.answered = True
                self._changes.mark(INBOX, item.message_id)
                self._emit(InboxChanged(self.now(), replace(item)))

    def _sent_detail(self, message: Message | None, what: str) -> str:
        if message is None:
            return f"{what}: the template body is blank, so nothing was sent"
        if message.status is MessageStatus.SCHEDULED and message.release_at is not None:
            local = message.release_at.astimezone(ZoneInfo(self._world.company.timezone))
            return f"{what}: held until {local:%a %H:%M %Z} (outside the consumer's send window)"
        return f"{what}: {message.status.value}"

    # -- agent actions ----------------------------------------------------------------------------

    def add_phone(self, account_id: str, phone: str) -> Result:
        with self._changes.action():
            try:
                account, number = self._number_to_add(account_id, phone)
            except Refused as refusal:
                return self._refused("add_phone", refusal, Actor.AGENT, str(account_id))
            self._attach(account, number)
            detail = self._auto_opt_in(account, number) or "number added"
            return self._accepted(detail)

    def _attach(self, account: Account, number: str) -> None:
        account.phones.append(number)
        self._world.number_accounts.setdefault(number, []).append(account.id)
        self._record(number)
        self._changes.mark(ACCOUNTS, account.id)
        self._changes.mark(NUMBERS, number)
        self._emit(AccountChanged(self.now(), account.id))

    def _auto_opt_in(self, account: Account, number: str) -> str | None:
        client = self._world.clients.get(account.client)
        if client is None or not client.auto_opt_in:
            return None
        record = self._record(number)
        if record.state in (ConsentState.OPTED_IN, ConsentState.OPTED_OUT):
            return f"client {client.name} opts numbers in automatically, but the number is {record.state.value}"
        self._opt_in_done(record)
        record.method = None
        message = self._send(number, Template.OPTED_IN, Actor.SYSTEM, account_id=account.id, held=True)
        self._change(number, ConsentState.OPTED_IN, AuditEvent.AUTO_OPT_IN, Actor.SYSTEM,
                     reason=f"client {client.name} ({client.business_type}) opts in automatically",
                     account_id=account.id, message_id=message.id if message else None)
        return self._sent_detail(message, "opted in automatically")

    def send_opt_in_request(self, account_id: str, phone: str) -> Result:
        return self._agent_request("send_opt_in_request", account_id, phone, RequestMethod.AGENT)

    def quick_opt_in(self, account_id: str, phone: str) -> Result:
        return self._agent_request("quick_opt_in", account_id, phone, RequestMethod.QUICK)

    def _agent_request(self, action: str, account_id: str, phone: str, method: RequestMethod) -> Result:
        with self._changes.action():
            try:
                account, number = self._account_and_phone(account_id, phone)
                refusal = self._request_refusal(number)
                if refusal:
                    raise refusal
            except Refused as refusal:
                return self._refused(action, refusal, Actor.AGENT, str(account_id))
            message = self._request_opt_in(number, method, Actor.AGENT, account.id)
            return self._accepted(self._sent_detail(message, "opt-in request"))

    def enter_auth_code(self, account_id: str, phone: str, code: str) -> Result:
        with self._changes.action():
            try:
                account, number = self._account_and_phone(account_id, phone)
                record = self._record(number)
                pin = record.pin
                if pin is None:
                    raise Refused(pin_refusal(record) or ErrorCode.NO_PENDING_PIN, number)
                if not pin_matches(pin, str(code).strip()):
                    pin.wrong_attempts += 1
                    self._changes.mark(CONSENT, number)
                    if pin.wrong_attempts >= self.settings.max_pin_attempts:
                        result = self._refused("enter_auth_code",
                                               Refused(ErrorCode.TOO_MANY_ATTEMPTS, number),
                                               Actor.AGENT, account.id)
                        self._void_pin(record)
                        self._change(number, ConsentState.NONE, AuditEvent.PIN_VOIDED, Actor.SYSTEM,
                                     reason="too many wrong codes", account_id=account.id)
                        return replace(result, events=tuple(self._changes.events))
                    raise Refused(ErrorCode.WRONG_CODE, number)
            except Refused as refusal:
                return self._refused("enter_auth_code", refusal, Actor.AGENT, str(account_id))
            self._opt_in_done(record)
            record.method = RequestMethod.AGENT
            # A confirmation, like every opted_out: the system sends it, at once, whoever caused it.
            message = self._send(number, Template.OPTED_IN, Actor.SYSTEM, account_id=account.id, held=False)
            self._change(number, ConsentState.OPTED_IN, AuditEvent.PIN_ACCEPTED, Actor.AGENT,
                         account_id=account.id, message_id=message.id if message else None)
            return self._accepted("PIN accepted: the number is opted in")

    def arrange_payment_plan(self, account_id: str, phone: str, amount: Any = None) -> Result:
        with self._changes.action():
            try:
                account, number = self._account_and_phone(account_id, phone)
            except Refused as refusal:
                return self._refused("arrange_payment_plan", refusal, Actor.AGENT, str(account_id))
            try:
                plan_amount = Decimal(str(amount)) if amount is not None else None
            except InvalidOperation:
                plan_amount = None
            account.payment_plans.append(PaymentPlan(self.now(), plan_amount, number))
            self._changes.mark(ACCOUNTS, account.id)
            self._emit(AccountChanged(self.now(), account.id))
            plan = (f"payment plan of {format_amount(plan_amount)}" if plan_amount is not None
                    else "payment plan (no amount)")
            detail = self._compound_request(number, RequestMethod.PAYMENT_PLAN, Actor.AGENT,
                                            account.id, context=plan)
            return self._accepted(f"{plan} arranged; {detail}")

    def _compound_request(self, number: str, method: RequestMethod, actor: Actor, account_id: str,
                          *, context: str = "") -> str:
        """The opt-in request a compound action sends where one is allowed, else why not.

        `context` joins the audit reason: what the compound action did besides (a plan's amount).
        """
        refusal = self._request_refusal(number)
        if refusal is not None:
            state = self._state(number)
            self._audit(number, state, state, refusal.code.value, actor,
                        reason=(f"{context}; " if context else "")
                        + f"no opt-in request sent: {ERROR_SENTENCES[refusal.code]}",
                        account_id=account_id)
            return f"no opt-in request sent ({refusal.code.value})"
        message = self._request_opt_in(number, method, actor, account_id, context=context)
        return self._sent_detail(message, "opt-in request")

    def opt_out(self, account_id: str, phone: str) -> Result:
        with self._changes.action():
            try:
                account, number = self._account_and_phone(account_id, phone)
                code = opt_out_refusal(self._state(number))
                if code is not None:
                    raise Refused(code, number)
            except Refused as refusal:
                return self._refused("opt_out", refusal, Actor.AGENT, str(account_id))
            self._revoke(number, AuditEvent.AGENT_OPT_OUT, Actor.AGENT, account.id,
                         reason="the agent opted the number out")
            return self._accepted("opted out; confirmation sent")

    def dismiss_possible_opt_out(self, account_id: str, phone: str, reason: str = "") -> Result:
        """Flow 10: the agent judges the number's flagged texts not to be an opt-out.

        Audited with the agent's reason; the consent state does not change. With nothing flagged
        there is nothing to decide: accepted, and nothing recorded.
        """
        with self._changes.action():
            try:
                account, number = self._account_and_phone(account_id, phone)
            except Refused as refusal:
                return self._refused("dismiss_possible_opt_out", refusal, Actor.AGENT,
                                     str(account_id))
            flagged = self.possible_opt_outs(number)
            if not flagged:
                return self._accepted("no possible opt-out to dismiss")
            state = self._state(number)
            self._audit(number, state, state, AuditEvent.POSSIBLE_OPT_OUT_DISMISSED.value,
                        Actor.AGENT, reason=" ".join(str(reason or "").split()),
                        account_id=account.id, message_id=flagged[-1].message_id)
            self._resolve_possible_opt_outs(number, AuditEvent.POSSIBLE_OPT_OUT_DISMISSED)
            count = len(flagged)
            return self._accepted(
                f"possible opt-out dismissed ({count} text{'s' if count != 1 else ''})")

    def _resolve_possible_opt_outs(self, number: str, by: AuditEvent) -> None:
        for item in self._world.inbox.values():
            if item.number == number and item.awaiting_decision:
                item.resolved_by = by.value
                self._changes.mark(INBOX, item.message_id)
                self._emit(InboxChanged(self.now(), replace(item)))

    def _revoke(self, number: str, cause: AuditEvent, actor: Actor, account_id: str | None,
                *, reason: str, message_id: int | None = None) -> None:
        record = self._record(number)
        self._void_pin(record)
        self._change(number, ConsentState.OPTED_OUT, cause, actor, reason=reason,
                     account_id=account_id, message_id=message_id)
        self._resolve_possible_opt_outs(number, cause)
        self._send(number, Template.OPTED_OUT, Actor.SYSTEM, account_id=account_id, held=False)

    def send_text(self, account_id: str, phone: str, text: str) -> Result:
        return self._agent_text("send_text", account_id, phone, None, text)

    def send_link(self, account_id: str, phone: str) -> Result:
        return self._agent_text("send_link", account_id, phone, Template.LINK, None)

    def _agent_text(self, action: str, account_id: str, phone: str,
                    template: Template | None, text: str | None) -> Result:
        with self._changes.action():
            try:
                account, number = self._account_and_phone(account_id, phone)
                if template is None and not (text or "").strip():
                    raise Refused(ErrorCode.EMPTY_MESSAGE, number)
                refusal = self._text_refusal(number)
                if refusal:
                    raise refusal
            except Refused as refusal:
                return self._refused(action, refusal, Actor.AGENT, str(account_id))
            message = self._send(number, template, Actor.AGENT, account_id=account.id,
                                 held=True, body=text)
            self._mark_answered(number)
            return self._accepted(self._sent_detail(message, "text"))

    # -- supervisor actions -----------------------------------------------------------------------

    def link_number(self, phone: str, account_id: str) -> Result:
        with self._changes.action():
            try:
                account, number = self._number_to_add(account_id, phone)
            except Refused as refusal:
                return self._refused("link_number", refusal, Actor.SUPERVISOR, str(account_id))
            self._attach(account, number)
            self._move_conversation(number, account.id)
            state = self._state(number)
            self._audit(number, state, state, AuditEvent.NUMBER_LINKED.value, Actor.SUPERVISOR,
                        reason=f"linked to account {account.id}", account_id=account.id)
            auto = self._auto_opt_in(account, number)
            if state is not ConsentState.OPTED_IN and self._state(number) is ConsentState.OPTED_IN:
                # The client's auto opt-in already did what the request is for: asking again would
                # only log an `already_opted_in` refusal against a normal link.
                return self._accepted(f"linked to {account.id}; {auto}")
            detail = self._compound_request(number, RequestMethod.SUPERVISOR, Actor.SUPERVISOR, account.id)
            return self._accepted(f"linked to {account.id}; {auto or detail}")

    def _move_conversation(self, number: str, account_id: str) -> None:
        for message in self.bus.thread(number):
            if message.account_id is None:
                self.bus.file_under(message.id, account_id)
        for item in self._world.inbox.values():
            if item.number == number and item.queue is Queue.UNASSOCIATED:
                item.queue = Queue.AGENT
                item.account_id = account_id
                self._changes.mark(INBOX, item.message_id)
                self._emit(InboxChanged(self.now(), replace(item)))

    def supervisor_reply(self, phone: str, text: str) -> Result:
        with self._changes.action():
            try:
                number = self._normalise(phone)
                if not (text or "").strip():
                    raise Refused(ErrorCode.EMPTY_MESSAGE, number)
                refusal = self._text_refusal(number)
                if refusal:
                    raise refusal
            except Refused as refusal:
                return self._refused("reply", refusal, Actor.SUPERVISOR, None)
            message = self._send(number, None, Actor.SUPERVISOR,
                                 account_id=self._primary_account(number), held=True, body=text)
            self._mark_answered(number)
            return self._accepted(self._sent_detail(message, "reply"))

    # -- the consumer's phone ---------------------------------------------------------------------

    def consumer_text(self, phone: str, text: str) -> Result:
        """The consumer's phone sends a text; it travels the bus to ITMS like any other."""
        with self._changes.action():
            try:
                number = self._normalise(phone)
            except Refused as refusal:
                return self._refused("consumer_text", refusal, Actor.CONSUMER, None)
            message = self.bus.send_from_phone(number, text)
            return self._accepted(f"text {message.status.value}")

    def _receive(self, message: Message) -> None:
        """ITMS gets a text from the carrier. A duplicate delivery of one text changes nothing."""
        if message.deliveries > 1:
            return
        number = message.number
        record = self._record(number)
        account_id = self._primary_account(number)
        if account_id is not None and message.account_id is None:
            self.bus.file_under(message.id, account_id)
        meaning = classify(message.body, self.settings.keywords)
        intent = meaning.intent
        # `welcome` greets "a number's first inbound text that is not a keyword": a HELP or YES
        # sent earlier does not use it up.
        first_text = intent is Intent.TEXT and not record.has_texted
        if first_text:
            record.has_texted = True
            self._changes.mark(CONSENT, number)
        if intent is Intent.OPT_OUT:
            if record.state is not ConsentState.OPTED_OUT:
                self._revoke(number, AuditEvent.KEYWORD_OPT_OUT, Actor.CONSUMER, account_id,
                             reason=meaning.reason or "", message_id=message.id)
            return
        if intent is Intent.HELP:
            self._send(number, Template.HELP, Actor.SYSTEM, account_id=account_id,
                       held=False, reply_to=message.id)
            return
        if intent is Intent.SIGNUP and record.state in (ConsentState.OPTED_OUT, ConsentState.NONE):
            self._request_opt_in(number, RequestMethod.SIGNUP, Actor.CONSUMER, account_id)
            return
        if intent is Intent.YES and record.state is ConsentState.AWAITING_YES:
            self._yes(record, account_id, message)
            return
        self._ordinary_text(message, record, account_id, meaning.reason
                            if intent is Intent.POSSIBLE_OPT_OUT else None, first_text)

    def _yes(self, record: Consent, account_id: str | None, message: Message) -> None:
        number = record.number
        record.unanswered_invitations = max(0, record.unanswered_invitations - 1)
        if record.method is RequestMethod.AGENT:
            code = draw_pin(self.settings.pin_length, avoiding=self.codes_never_drawn)
            record.pin = seal_pin(code, self.now(), self.settings.pin_ttl)
            record.expired_pin = None
            self._changes.mark(CONSENT, number)
            self._change(number, ConsentState.AWAITING_PIN, AuditEvent.YES, Actor.CONSUMER,
                         reason="PIN sent", account_id=account_id, message_id=message.id)
            self._send(number, Template.OPT_IN_PIN, Actor.SYSTEM, account_id=account_id,
                       held=False, pin=code)
            return
        self._opt_in_done(record)
        self._change(number, ConsentState.OPTED_IN, AuditEvent.YES, Actor.CONSUMER,
                     account_id=account_id, message_id=message.id)
        self._send(number, Template.OPTED_IN, Actor.SYSTEM, account_id=account_id, held=False)

    def _ordinary_text(self, message: Message, record: Consent, account_id: str | None,
                       possible_opt_out: str | None, first_text: bool) -> None:
        number = message.number
        queue = Queue.AGENT if account_id is not None else Queue.UNASSOCIATED
        item = InboxItem(message.id, number, message.body, self.now(), queue, account_id,
                         possible_opt_out=possible_opt_out)
        if possible_opt_out and record.state is ConsentState.OPTED_OUT:
            item.resolved_by = ConsentState.OPTED_OUT.value  # nothing left to decide
        self._world.inbox[message.id] = item
        self._changes.mark(INBOX, message.id)
        self._emit(InboxChanged(self.now(), replace(item)))
        if record.state is ConsentState.OPTED_OUT:
            return  # no automatic reply goes to an opted-out number (it is not even attempted)
        if account_id is None:
            self._send(number, Template.UNKNOWN_NUMBER, Actor.SYSTEM, account_id=None,
                       held=False, reply_to=message.id)
        elif first_text and self.settings.welcome_on_first_text:
            self._send(number, Template.WELCOME, Actor.SYSTEM, account_id=account_id,
                       held=False, reply_to=message.id)
        if not self.settings.agents_available:
            last = record.no_one_available_at
            if last is None or self.now() - last >= _NO_ONE_AVAILABLE_INTERVAL:
                sent = self._send(number, Template.NO_ONE_AVAILABLE, Actor.SYSTEM,
                                  account_id=account_id, held=False, reply_to=message.id)
                if sent is not None:
                    record.no_one_available_at = self.now()
                    self._changes.mark(CONSENT, number)

    # -- clock, settings, faults ------------------------------------------------------------------

    def advance(self, delta: timedelta) -> Result:
        if delta > LATEST - self.now():
            return self._clock_refused(f"moving the clock on by {format_duration(delta)}")
        return self.advance_to(self.now() + delta)

    def advance_to(self, target: datetime) -> Result:
        """Move the clock, letting every held text, delayed delivery and PIN expiry happen in order."""
        if target > LATEST:
            return self._clock_refused(f"moving the clock to {target.isoformat()}")
        with self._changes.action():
            before = self.now()
            if target < before:
                target = before
            rounds_at_this_instant = 0
            while True:
                due = self._next_due()
                if due is None or due > target:
                    break
                if due > self.now():
                    rounds_at_this_instant = 0
                rounds_at_this_instant += 1
                if rounds_at_this_instant > _MAX_ROUNDS_AT_ONE_INSTANT:
                    # Work that stays due after its round would hold the clock here for ever.
                    raise RuntimeError(f"what falls due at {due.isoformat()} stays due after "
                                       f"{_MAX_ROUNDS_AT_ONE_INSTANT} rounds: the clock cannot "
                                       "move past it")
                self.clock.set(max(due, self.now()))
                self._run_due()
            self.clock.set(target)
            self._emit(ClockMoved(self.now(), before))
            return self._accepted(f"clock moved to {self.now().isoformat()}")

    def _clock_refused(self, what: str) -> Result:
        """The clock stays where it is: past `LATEST` no time can be shown or counted."""
        sentence = (f"{what} would pass {LATEST.date().isoformat()}, the last day the simulated "
                    "clock can show; the clock did not move")
        return Result(False, sentence=sentence, detail=sentence)

    def _next_due(self) -> datetime | None:
        times = [t for t in (self.bus.next_due(),) if t is not None]
        times.extend(r.pin.expires_at for r in self._world.consent.values() if r.pin is not None)
        return min(times) if times else None

    def _run_due(self) -> None:
        now = self.now()
        for record in list(self._world.consent.values()):
            if record.pin is not None and record.pin.expires_at <= now:
                record.expired_pin, record.pin = record.pin, None
                self._changes.mark(CONSENT, record.number)
                self._change(record.number, ConsentState.NONE, AuditEvent.PIN_EXPIRED, Actor.SYSTEM,
                             reason="the PIN was not entered in time")
        for message in self.bus.held():
            if message.release_at is not None and message.release_at <= now:
                if self._state(message.number) is ConsentState.OPTED_OUT:
                    self.bus.block(message.id)
                else:
                    self.bus.release(message.id)
        self.bus.deliver_due()

    def update_settings(self, changes: Mapping[str, Any]) -> Result:
        with self._changes.action():
            self._world.settings = self._world.settings.updated(changes)
            self._changes.mark(META, "settings")
            self._emit(SettingsChanged(self.now(), tuple(changes)))
            if "send_window" in changes:
                self._retime_held_texts()
            return self._accepted("settings changed")

    def _retime_held_texts(self) -> None:
        """Held texts wait for the window now in force, not the one they were held under."""
        now = self.now()
        for message in self.bus.held():
            zones = self._zones(message.number, now)
            self.bus.reschedule(message.id, next_open(zones, now, self.settings.send_window))
        self._run_due()  # a text whose window is open now goes now, not at the next clock move

    def inject_fault(
        self,
        kind: FaultKind | str,
        number: str,
        *,
        count: int = 1,
        duration: timedelta | None = None,
        status: CarrierStatus | str = CarrierStatus.BOUNCED,
        direction: Direction | str = Direction.OUT,
    ) -> Result:
        with self._changes.action():
            try:
                target = self._normalise(number)
            except Refused as refusal:
                return self._refused("fault", refusal, Actor.SYSTEM, None)
            fault = Fault(target, FaultKind(kind), Direction(direction), max(1, int(count)),
                          duration, CarrierStatus(status))
            self.bus.inject(fault)
            self._emit(FaultInjected(self.now(), target, fault.kind.value, fault.remaining,
                                     fault.direction.value))
            texts = "text" if fault.remaining == 1 else f"{fault.remaining} texts"
            return self._accepted(f"{fault.kind.value} fault on the next {texts}")

    def close(self) -> None:
        if self._repository is not None:
            self._repository.close()

