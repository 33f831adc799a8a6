"""The middle of the desk: account summary, the phone record's Text Messaging, the conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core.events import Event, InboxChanged, MessageStatusChanged
from ...core.models import Account, Message as Sms
from ...core.names import AuditEvent, ConsentState, Direction, MessageStatus
from ...core.money import format_amount
from ...core.phones import format_national
from ...core.rules import send_zones
from ...core.pins import agency_body
from ...core.service import ItmsService
from ..badges import badge, tick
from ..text import content, rich_text, set_border, set_content, set_options
from ..themes import text_colour
from .opt_out_alert import PossibleOptOutAlert
from .thread import ThreadLog, ThreadView
from .text_box import TextBox


def local_time(service: ItmsService, when: datetime) -> str:
    from zoneinfo import ZoneInfo

    return when.astimezone(ZoneInfo(service.world.company.timezone)).strftime("%a %H:%M")


def consumer_time(service: ItmsService, number: str) -> str:
    """The time where the consumer is, in every zone whose send window governs the number:
    `08:00 MDT, 07:00 PDT` for a number that spans two zones."""
    now = service.now()
    zones = send_zones(number, service.world.company.timezone, service.settings.send_window, now)
    return ", ".join(dict.fromkeys(now.astimezone(zone).strftime("%H:%M %Z") for zone in zones))


def money(amount) -> str:
    return f"${amount:,.2f}"


def plans_line(account: Account) -> str:
    """` · payment plan $150.00`: the latest plan's amount, and how many there are."""
    plans = account.payment_plans
    if not plans:
        return ""
    latest = plans[-1]
    amount = format_amount(latest.amount) if latest.amount is not None else "(no amount)"
    more = f" (latest of {len(plans)})" if len(plans) > 1 else ""
    return f" · payment plan {amount}{more}"


class AccountSummary(Vertical):
    """The account's header and its numbers, each with its consent badge."""

    @dataclass
    class NumberChosen(Message):
        number: str

    @dataclass
    class NumberActivated(Message):
        number: str

    def compose(self) -> ComposeResult:
        yield Static(id="summary-line", markup=False)
        yield OptionList(id="phone-options", markup=False)
        yield Button(Content("+ Add number"), id="add-number", compact=True,
                     action="screen.add_number")

    def show(self, service: ItmsService, account: Account | None, number: str | None) -> None:
        line = self.query_one("#summary-line", Static)
        options = self.query_one("#phone-options", OptionList)
        # A re-render must not read as the user moving the highlight: that event could arrive
        # after a later real choice and undo it.
        with options.prevent(OptionList.OptionHighlighted):
            self._fill(service, account, number, line, options)

    def _fill(self, service: ItmsService, account: Account | None, number: str | None,
              line: Static, options: OptionList) -> None:
        if account is None:
            set_options(options, [])
            set_border(self, Content("Account"))
            set_content(line, Content("Choose an account on the left (/ to search)."), layout=True)
            return
        client = service.world.clients.get(account.client)
        set_border(self, content(f"Account {account.id} · {account.consumer}"))
        set_content(line, Content.assemble(
            content(f"{client.name if client else account.client} · balance "),
            (format_amount(account.balance), "bold"),
            plans_line(account),
        ), layout=True)  # a long client name and plan wrap at 80x24
        phones = []
        for phone in account.phones:
            state = service.consent(phone).state
            shared = [a.id for a in service.accounts_for(phone) if a.id != account.id]
            extra = f"  also on {', '.join(shared)}" if shared else ""
            phones.append(Option(Content.assemble(
                # At least one space before the badge, even for a long international number.
                (f"{format_national(phone):<15} ", "bold"), badge(state), content(extra, "$text-muted"),
            ), id=phone))
        set_options(options, phones)
        if number in account.phones:
            options.highlighted = account.phones.index(number)

    @on(OptionList.OptionHighlighted, "#phone-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.NumberChosen(event.option.id))

    @on(OptionList.OptionSelected, "#phone-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.NumberActivated(event.option.id))


class PhoneRecord(Vertical):
    """The phone demographic record's Text Messaging section, as in ACE."""

    def compose(self) -> ComposeResult:
        yield Static(id="record-status", markup=False)
        with Horizontal(classes="buttons"):
            yield Button(Content("Send Opt In Request"), id="send-opt-in", compact=True,
                         action="screen.opt_in_request")
            yield Button(Content("Quick Opt In"), id="quick-opt-in", compact=True,
                         action="screen.quick_opt_in")
            yield Button(Content("Payment plan"), id="payment-plan", compact=True,
                         action="screen.payment_plan")
            yield Button(Content("Send link"), id="send-link", compact=True,
                         action="screen.send_link")
        with Horizontal(classes="auth"):
            yield Label(Content("Txt Msg Auth Code"), classes="field-label")
            # Digits only, as a PIN is; any length, so a misheard extra digit still reaches
            # ITMS to be refused as a wrong code. The desk empties it after each try.
            yield TextBox(placeholder="PIN", id="auth-code", compact=True, restrict=r"[0-9]*")
            yield Button(Content("Confirm"), "primary", id="confirm-code", compact=True,
                         action="screen.confirm_code")
        # On a line of its own: beside Confirm it had ~20 columns at 140x45, and
        # "PIN expires in 23h 59m · 0/3 wrong" lost its attempt count.
        yield Static(id="pin-expiry", markup=False)

    def show(self, service: ItmsService, number: str | None) -> None:
        status = self.query_one("#record-status", Static)
        expiry = self.query_one("#pin-expiry", Static)
        self.disabled = number is None
        if number is None:
            set_border(self, Content("Phone record"))
            set_content(status, Content("No number selected."), layout=True)
            set_content(expiry, Content(""))
            return
        record = service.consent(number)
        set_border(self, Content(f"Phone record {format_national(number)} · Text Messaging"))
        method = f" ({record.method.value})" if record.method and record.state in (
            ConsentState.AWAITING_YES, ConsentState.AWAITING_PIN) else ""
        opt_word = {ConsentState.OPTED_IN: "In", ConsentState.OPTED_OUT: "Out"}.get(
            record.state, "Pending" if method else "Not set")
        # Short enough for the record's 66 columns at 140x45 (the longer wording lost its time);
        # the reply hint below says what happens to a text sent now.
        window = ("inside the consumer's send window" if service.window_open_for(number)
                  else f"send window shut till {local_time(service, service.next_window_opening(number))}")
        set_content(status, Content.assemble(
            ("Opt: ", "bold"), f"{opt_word}{method}  ", badge(record.state),
            "\n", ("Invitations ", "bold"),
            f"{record.unanswered_invitations}/{service.settings.max_invitations} unanswered",
            "\n", (window, "$text-muted"), " · ", ("their time ", "bold"),
            consumer_time(service, number),
        ), layout=True)  # three lines, or four (app.tcss, #record-status)
        if record.pin is not None:
            left = record.pin.expires_at - service.now()
            hours, rest = divmod(int(left.total_seconds()), 3600)
            set_content(expiry, Content(
                f"PIN expires in {hours}h {rest // 60:02d}m "
                f"· {record.pin.wrong_attempts}/{service.settings.max_pin_attempts} wrong"))
        elif record.expired_pin is not None:
            set_content(expiry, Content("PIN expired: send a new request").stylize("$text-error"))
        else:
            set_content(expiry, Content("no PIN outstanding").stylize("$text-muted"))


class Conversation(ThreadView, Vertical):
    """Every text with the selected number, and the agent's reply box."""

    LOG_ID = "conversation-log"

    @dataclass
    class ReplySubmitted(Message):
        text: str

    def compose(self) -> ComposeResult:
        yield ThreadLog(id="conversation-log", relayout=self.relayout, wrap=True, markup=False,
                        highlight=False, auto_scroll=True)
        yield PossibleOptOutAlert(id="opt-out-alert")
        yield Static(id="reply-hint", markup=False)
        yield TextBox(placeholder="t: type a reply to the consumer, Enter to send", id="reply-box")

    def on_mount(self) -> None:
        self.border_title = "Conversation"
        self._number: str | None = None
        #: The texts on screen, with the status each was drawn with.
        self._shown: dict[int, MessageStatus] = {}

    def show(self, service: ItmsService, number: str | None, events: tuple[Event, ...] = (),
             keep_window: bool = False, scroll_end: bool | None = None) -> None:
        log = self.query_one("#conversation-log", ThreadLog)
        hint = self.query_one("#reply-hint", Static)
        self.query_one(PossibleOptOutAlert).show(service, number)
        if number is None:
            log.clear()
            self._number, self._shown, self._first = None, {}, None
            set_content(hint, Content(""))
            return
        thread = service.thread(number)
        if number != self._number or self._restyled(service, events):
            if number != self._number and not keep_window:
                self._first = None
            log.clear()  # a text already on screen changed status: redraw (held, delayed texts)
            self._shown = {}
            self.first_drawn(thread)
            self.write_earlier(log)
        self._number = number
        colours = {name: text_colour(self.app, name)
                   for name in ("text-muted", "text-error", "text-warning")}
        for message in thread[self.first_drawn(thread) + len(self._shown):]:
            log.add(self._line(service, message, colours), scroll_end=scroll_end)
            self._shown[message.id] = message.status
        set_border(self, Content(f"Conversation with {format_national(number)} ({len(thread)})"))
        set_content(hint, reply_hint(service, number))

    def _restyled(self, service: ItmsService, events: tuple[Event, ...]) -> bool:
        changed = {e.message.id for e in events if isinstance(e, MessageStatusChanged)}
        if any(isinstance(e, InboxChanged) and e.item.message_id in self._shown and e.item.resolved_by
               for e in events):
            return True  # a possible opt-out on screen was resolved
        return any(
            self._shown.get(message_id) not in (None, service.bus.messages[message_id].status)
            for message_id in changed
        )

    @staticmethod
    def _line(service: ItmsService, message: Sms, colours: dict[str, str]) -> Text:
        arrow = "→" if message.direction is Direction.OUT else "←"
        muted, red, amber = colours["text-muted"], colours["text-error"], colours["text-warning"]
        style = {MessageStatus.BLOCKED: red, MessageStatus.FAILED: red,
                 MessageStatus.SCHEDULED: amber}.get(message.status, "")
        # An outbound text is timed when it goes: a held one at its release, not when the
        # agent pressed the key.
        goes = (message.sent_at or message.release_at or message.created_at
                if message.direction is Direction.OUT else message.created_at)
        line = Text.assemble(
            (f"{local_time(service, goes)} {arrow} ", muted),
            rich_text(agency_body(message), style),
            (f"  [{message.template or message.actor.value}", muted),
            (f" · {tick(message.status)}", muted),
        )
        if message.status is MessageStatus.SCHEDULED and message.release_at:
            line.append(f" until {local_time(service, message.release_at)}", amber)
        if message.carrier_status:
            line.append(f" {message.carrier_status}", red)
        line.append("]", muted)
        flagged = service.world.inbox.get(message.id)
        if flagged is not None and flagged.awaiting_decision:
            line.append("\n      ⚠ possible opt-out: ", f"bold {red}")
            line.append_text(rich_text(flagged.possible_opt_out, red))
            line.append(" (you decide: x opts the number out, u dismisses it)", red)
        elif flagged is not None and flagged.possible_opt_out:
            line.append("\n      possible opt-out: ", muted)
            line.append_text(rich_text(flagged.possible_opt_out, muted))
            line.append(f" ({RESOLUTIONS.get(flagged.resolved_by, 'resolved')})", muted)
        return line

    @on(Input.Submitted, "#reply-box")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.ReplySubmitted(event.value))


#: How a resolved possible opt-out reads in the conversation, by what resolved it.
RESOLUTIONS = {
    AuditEvent.POSSIBLE_OPT_OUT_DISMISSED: "dismissed: not an opt-out",
    AuditEvent.KEYWORD_OPT_OUT: "resolved: the number opted out",
    AuditEvent.AGENT_OPT_OUT: "resolved: the number was opted out",
    ConsentState.OPTED_OUT: "the number had already opted out",
}


def reply_hint(service: ItmsService, number: str) -> Content:
    """Why a reply would be refused or held, said before the agent types it.

    One line of at most 50 columns: the hint's width at 80x24 (longer ones lost their ends).
    """
    state = service.consent(number).state
    if state is ConsentState.OPTED_OUT:
        return Content("⊘ Opted out: no texts until they text SIGNUP.").stylize("bold $text-error")
    if state is ConsentState.AWAITING_YES:
        return Content("◐ Awaiting YES: no texts until they reply YES.").stylize("bold $text-warning")
    if state is ConsentState.AWAITING_PIN:
        return Content("◐ Awaiting PIN: no texts until it is entered.").stylize("bold $text-warning")
    if state is not ConsentState.OPTED_IN:
        return Content("○ Not opted in: no texts until the number opts in.").stylize("bold $text-warning")
    if not service.window_open_for(number):
        when = local_time(service, service.next_window_opening(number))
        return Content(f"◷ Window shut: a reply is held until {when}.").stylize("$text-warning")
    return Content("● Opted in: replies go now.").stylize("$text-success")

