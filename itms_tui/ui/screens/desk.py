"""The main screen: accounts and inbox, the agent desk, and the consumer's phone side by side."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from ...core.clock import parse_duration
from ...core.events import (
    AccountChanged,
    AuditRecorded,
    ClockMoved,
    ConsentChanged,
    Event,
    InboxChanged,
    SettingsChanged,
)
from ...core.names import ConsentState, Queue
from ...core.phones import format_national, phone_or_none
from ..badges import BADGE, badge
from ..messages import EngineChanged
from ..text import clip as _clip
from ..text import content, set_content
from ..widgets.accounts import AccountList, InboxList
from ..widgets.account_detail import AccountSummary, Conversation, PhoneRecord, local_time
from ..widgets.footer import QuietFooter
from ..widgets.phone import PhonePane

# The dialogs (.modals) are imported when one first opens, and the consent diagram is mounted
# when first shown (d): the desk's first frame needs neither.

#: A number on no account, so the phone can play a stranger texting in.
STRANGER = "+17185550199"


class TopBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="top-title", markup=False)
        yield Static(id="top-clock", markup=False)

    def show(self, app_title: str, company: str, clock: str, focus: Content) -> None:
        set_content(self.query_one("#top-title", Static),
                    Content.assemble((app_title, "bold"), " · ", content(company)))
        set_content(self.query_one("#top-clock", Static),
                    Content.assemble(focus, "   ", (clock, "bold")))


class DeskScreen(Screen[None]):
    """The agent's desk beside the consumer's phone: accounts, the open account, the phone."""

    #: Below 110 columns the desk folds (app.tcss's `Screen.-narrow` rules): the phone shows in
    #: place of the desk (F2), the account list shrinks to its search box.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Screen's own handler, which draws the screen at the new size first and sets
        # the breakpoint classes after: growing from 80x24 drew a frame of the folded layout
        # stretched to 200 columns. The classes set here make that frame the right one.
        fold = self.breakpoint_class(event.size.width)
        self.update_classes({name: name == fold for _, name in self.HORIZONTAL_BREAKPOINTS},
                            animate=False)

    @classmethod
    def breakpoint_class(cls, width: int) -> str:
        """The class of HORIZONTAL_BREAKPOINTS that Textual gives the screen at `width`."""
        return max(edge for edge in cls.HORIZONTAL_BREAKPOINTS if width >= edge[0])[1]

    # The tooltips say what `?` lists for each key (and the footer shows on hover).
    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/",
                tooltip="search by name, account id or number"),
        Binding("o", "opt_in_request", "Opt-in", tooltip="Send Opt In Request (PIN flow)"),
        Binding("q", "quick_opt_in", "Quick", tooltip="Quick Opt In (no PIN)"),
        Binding("p", "enter_pin", "PIN",
                tooltip="Txt Msg Auth Code: type the consumer's PIN, Enter confirms"),
        Binding("x", "opt_out", "Opt out", tooltip="Opt Out the number (asks first)"),
        Binding("u", "dismiss_possible_opt_out", "Unflag",
                tooltip="not an opt-out: unflag the number's possible opt-out, with a reason"),
        Binding("t", "reply", "Text",
                tooltip="reply to the consumer (the hint says if it would be refused or held)"),
        Binding("l", "send_link", "Link", tooltip="send the account link"),
        Binding("dollar_sign", "payment_plan", "Plan", key_display="$",
                tooltip="arrange a payment plan"),
        Binding("n", "next_number", "Next no.", show=False, tooltip="next number on the account"),
        Binding("c", "compose", "Phone", show=False,
                tooltip="type on the consumer's phone, Enter sends (then Esc, or the desk has "
                        "the keys again)"),
        Binding("e", "switch_phone", "Switch phone", show=False,
                tooltip="switch the simulated phone: the account's numbers, then a number on "
                        "no account"),
        Binding("E", "phone_from", "Phone from…", show=False,
                tooltip="the phone texts from any number you type (a new stranger for the "
                        "supervisor to link, each time)"),
        Binding("i", "inbox", "Inbox", show=False, tooltip="go to the inbox (Enter opens a text)"),
        Binding("f", "faults", "Faults",
                tooltip="inject a carrier fault (delay, drop, duplicate, fail)"),
        # "." arrives as the key "full_stop": a binding on "period" never fired.
        Binding("full_stop", "advance('1m')", "+1m", key_display=".",
                tooltip="advance the simulated clock 1 minute"),
        Binding("right_square_bracket", "advance('1h')", "+1h", key_display="]",
                tooltip="advance the simulated clock 1 hour"),
        Binding("plus", "advance_by", "Advance…", key_display="+",
                tooltip="advance the simulated clock by any amount (e.g. 1d5h)"),
        Binding("w", "to_window", "Window",
                tooltip="advance to the next send-window opening for the number"),
        Binding("d", "toggle_diagram", "Diagram", show=False,
                tooltip="consent diagram: the number's state, its last transition, what is "
                        "refused now"),
        Binding("N", "add_number", "Add number", show=False,
                tooltip="add a phone number to the account (or the + Add number button)"),
        Binding("ctrl+e", "export_conversation", "Export", show=False,
                tooltip="export the conversation with the number as Markdown and CSV (the app "
                        "says where)"),
        Binding("f2", "toggle_phone", "Phone pane", show=False,
                tooltip="show or hide the phone on a small terminal"),
        Binding("escape", "focus_desk", "Back", show=False,
                tooltip="leave a text box: the desk's keys work again"),
    ]

    # The account list has the focus from the start: focusing the search box first, even for a
    # moment, changes the keys the footer offers and rebuilds it after the first frame.
    AUTO_FOCUS = "#account-options"

    account_id: var[str | None] = var(None, init=False)
    number: var[str | None] = var(None, init=False)
    #: The number the consumer's phone texts from: the desk's number as the agent moves, or any
    #: number switched to (e, E, a stranger's text opened from the inbox).
    phone_number: var[str | None] = var(None, init=False)
    #: What check_action offers the desk's keys from. The footer rebuilds itself on every
    #: refresh of the bindings: only a change of these asks for one.
    key_facts: var[tuple[bool, ...] | None] = var(None, init=False, bindings=True)
    #: The consent diagram in place (d): beside the record when wide, the whole view at 80x24.
    diagram_shown: var[bool] = var(False, init=False)
    #: The phone in place of the desk (F2): below 110 columns only one of them fits.
    phone_shown: var[bool] = var(False, init=False)

    def compose(self) -> ComposeResult:
        # Chosen before the widgets exist, so the footer composes with the keys it will keep.
        self._choose_first_account()
        # The breakpoint's class before the widgets exist too: Textual sets it on the first
        # resize, which would restyle every widget of the desk once more before the first frame.
        self.set_class(True, self.breakpoint_class(self.app.size.width), update=False)
        yield TopBar(id="top-bar")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield AccountList(id="accounts")
                yield InboxList(id="inbox")
            with Vertical(id="desk"):
                yield AccountSummary(id="summary")
                yield PhoneRecord(id="record")
                yield Conversation(id="conversation")
            yield PhonePane(id="phone")
        yield from self.app.desk_extras()
        yield QuietFooter(compact=True)

    @property
    def service(self):
        return self.app.service

    def on_mount(self) -> None:
        self._update_key_facts()
        self.render_all()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme) -> None:
        # Logs keep the colours their lines were written in: write them again in the new ones.
        self.query_one(Conversation).forget()
        self.query_one(PhonePane).forget()
        self.render_all()

    def reset(self) -> None:
        """Show the app's (new) service from the start, as if the desk had just opened."""
        for box in self.query(Input):  # nothing typed for the last world carries over (a PIN)
            box.value = ""
        self.query_one(Conversation).forget()
        self.query_one(PhonePane).forget()
        self._choose_first_account()
        self.on_mount()
        self.query_one("#account-options").focus()

    def _choose_first_account(self) -> None:
        accounts = self.service.accounts()
        preferences = self.app.preferences
        last = self.service.account(preferences.last_account) if (
            preferences is not None and preferences.last_account) else None
        account = last or (accounts[0] if accounts else None)
        number = account.phones[0] if account and account.phones else None
        self.set_reactive(DeskScreen.account_id, account.id if account else None)
        self.set_reactive(DeskScreen.number, number)
        self.set_reactive(DeskScreen.phone_number, number)

    # -- selection --------------------------------------------------------------------------------

    def choose_account(self, account_id: str, number: str | None = None) -> None:
        account = self.service.account(account_id)
        if account is None:
            return
        if number is None or number not in account.phones:
            number = account.phones[0] if account.phones else None
        # They change together: set them quietly and render the desk once, not once for each.
        self.set_reactive(DeskScreen.account_id, account_id)
        self.set_reactive(DeskScreen.number, number)
        self.set_reactive(DeskScreen.phone_number, number or self.phone_number)
        if self.app.preferences is not None:
            self.app.preferences.remember(account=account_id)
        self._update_key_facts()
        self.render_all()

    def _update_key_facts(self) -> None:
        account = self.service.account(self.account_id) if self.account_id else None
        flagged = self.number is not None and bool(self.service.possible_opt_outs(self.number))
        self.key_facts = (self.account_id is None, self.number is None,
                          account is not None and len(account.phones) > 1, flagged)

    def watch_number(self, number: str | None) -> None:
        if number is not None:  # the phone follows; render_all draws it with the rest
            self.set_reactive(DeskScreen.phone_number, number)
        self._update_key_facts()
        self.render_all()

    def watch_phone_number(self, number: str | None) -> None:
        self.query_one(PhonePane).show(self.service, number)

    # -- rendering --------------------------------------------------------------------------------

    def render_all(self, events: tuple[Event, ...] | None = None) -> None:
        """Re-render the desk; given an event batch, only the widgets those events concern."""
        service = self.service
        everything = events is None
        events = events or ()
        kinds = {type(e) for e in events}
        consent = everything or bool(kinds & {ConsentChanged, AccountChanged, SettingsChanged})
        account = service.account(self.account_id) if self.account_id else None
        if consent:
            self.query_one(AccountList).show(service, self.account_id)
            self.query_one(AccountSummary).show(service, account, self.number)
        if everything or bool(kinds & {InboxChanged, ConsentChanged}):
            self.query_one(InboxList).show(service)
        if consent or bool(kinds & {ClockMoved, AuditRecorded}):
            self.query_one(PhoneRecord).show(service, self.number)
        self.query_one(Conversation).show(service, self.number, events)
        self.render_diagram()
        self.query_one(PhonePane).show(service, self.phone_number, events)
        focus = Content("")
        if self.number is not None:
            focus = Content.assemble(content(format_national(self.number) + " "),
                                     badge(service.consent(self.number).state))
        clock = service.now().astimezone(ZoneInfo(service.world.company.timezone))
        self.query_one(TopBar).show(self.app.title, service.world.company.name,
                                    clock.strftime("%a %-d %b %Y %H:%M %Z"), focus)

    def on_engine_changed(self, message: EngineChanged) -> None:
        if not message.is_from(self.service):
            return  # a world swapped out since: `reset` drew the new one whole
        self.render_all(message.events)
        if any(isinstance(e, (AccountChanged, InboxChanged)) for e in message.events):
            self._update_key_facts()

    # -- widget messages --------------------------------------------------------------------------

    @on(AccountList.Chosen)
    def _account_chosen(self, message: AccountList.Chosen) -> None:
        if message.account_id != self.account_id:
            self.choose_account(message.account_id)

    @on(AccountList.Refresh)
    def _search_changed(self) -> None:
        self.query_one(AccountList).show(self.service, self.account_id)

    @on(AccountSummary.NumberChosen)
    def _number_chosen(self, message: AccountSummary.NumberChosen) -> None:
        self.number = message.number

    @on(AccountSummary.NumberActivated)
    def _number_activated(self, message: AccountSummary.NumberActivated) -> None:
        self.number = message.number
        self.action_opt_out()

    @on(InboxList.Opened)
    def _inbox_opened(self, message: InboxList.Opened) -> None:
        item = message.item
        if item.queue is Queue.UNASSOCIATED or item.account_id is None:
            self.phone_number = item.number
            self.app.action_supervisor()
            return
        self.choose_account(item.account_id, item.number)
        self.query_one("#reply-box", Input).focus()

    @on(Conversation.ReplySubmitted)
    def _reply(self, message: Conversation.ReplySubmitted) -> None:
        if self.account_id and self.number:
            result = self.app.perform(
                lambda: self.service.send_text(self.account_id, self.number, message.text))
            if result.ok:
                self.query_one("#reply-box", Input).value = ""
                # Sent: the desk's keys work again (`c` for the phone, as the README goes on),
                # instead of typing into the next reply. A refused text stays, to be corrected.
                self.action_focus_desk()

    @on(PhonePane.Sent)
    def _phone_sent(self, message: PhonePane.Sent) -> None:
        self.app.perform(lambda: self.service.consumer_text(message.number, message.text), quiet=True)
        compose = self.query_one("#phone-compose", Input)
        if compose.has_focus:
            # The desk's keys work again (`p` for the PIN the phone just got), and the phone,
            # with the reply about to arrive, stays in view.
            self.query_one("#phone-thread").focus()

    @on(Input.Submitted, "#auth-code")
    def _auth_code_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm_code()

    # -- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search", "advance_by") and isinstance(self.focused, Input):
            # A text box types "/" and "+" itself. Textual's footer misses that for these two
            # key names (it does so for letters, "." and "]"), so it showed them while typing.
            return False
        if action == "add_number":
            return True if self.account_id else None
        needs_number = {"opt_in_request", "quick_opt_in", "enter_pin", "opt_out", "reply",
                        "send_link", "payment_plan", "faults", "to_window", "export_conversation"}
        if action in needs_number and self.number is None:
            return None
        if action == "dismiss_possible_opt_out":
            # Offered only while the number has a flag waiting for a decision (hidden otherwise).
            flagged = self.number is not None and self.service.possible_opt_outs(self.number)
            return bool(flagged and self.account_id)
        if action == "next_number":
            account = self.service.account(self.account_id) if self.account_id else None
            return True if account and len(account.phones) > 1 else None
        return True

    def action_confirm_code(self) -> None:
        box = self.query_one("#auth-code", Input)
        code, box.value = box.value, ""  # each try starts from an empty box
        if self.account_id and self.number:
            result = self.app.perform(
                lambda: self.service.enter_auth_code(self.account_id, self.number, code))
            if result.ok and box.has_focus:
                # Opted in: the desk's keys work again (the box takes digits only, so `t` typed
                # nothing and Enter sent an empty code). A wrong code keeps the box for the next try.
                self.action_focus_desk()

    def _agent(self, call) -> None:
        if self.account_id and self.number:
            self.app.perform(lambda: call(self.account_id, self.number))

    def action_opt_in_request(self) -> None:
        self._unless_possible_opt_out("Send an opt-in request",
                                      lambda: self._agent(self.service.send_opt_in_request))

    def action_quick_opt_in(self) -> None:
        self._unless_possible_opt_out("Send a Quick Opt In request",
                                      lambda: self._agent(self.service.quick_opt_in))

    def action_send_link(self) -> None:
        self._unless_possible_opt_out("Send the link",
                                      lambda: self._agent(self.service.send_link))

    def _unless_possible_opt_out(self, what: str, go) -> None:
        """`go()` at once, or after the agent confirms it when the number may have asked to stop."""
        if not (self.account_id and self.number):
            return
        flagged = self.service.possible_opt_outs(self.number)
        if not flagged:
            go()
            return
        from .modals import ConfirmModal

        latest = flagged[-1]
        self.app.push_screen(ConfirmModal(
            f"{format_national(self.number)} may have asked to stop texts",
            f"Their text “{_clip(latest.body, 80)}” reads as an opt-out "
            f"({latest.possible_opt_out}), and nobody has decided yet. Resolve it first: x opts "
            f"the number out, u dismisses it as not an opt-out. {what} anyway?",
            f"{what} anyway",
        ), lambda yes: go() if yes else None)

    def action_dismiss_possible_opt_out(self) -> None:
        if not (self.account_id and self.number):
            return
        flagged = self.service.possible_opt_outs(self.number)
        if not flagged:
            self.notify("Nothing to dismiss: no possible opt-out from this number awaits a "
                        "decision.", markup=False)
            return
        from .modals import TextPrompt

        account_id, number, latest = self.account_id, self.number, flagged[-1]

        def dismissed(reason: str | None) -> None:
            if reason is not None:
                self.app.perform(lambda: self.service.dismiss_possible_opt_out(
                    account_id, number, reason))

        state = BADGE[self.service.consent(number).state][1]  # "not opted in", not "none"
        self.app.push_screen(TextPrompt(
            f"Not an opt-out? {format_national(number)}",
            f"“{_clip(latest.body, 80)}” was flagged as a possible opt-out "
            f"({latest.possible_opt_out}). Dismiss it only if the consumer did not ask to stop: "
            f"the number stays {state}, and the audit keeps your reason.",
            "reason (optional), e.g. asked about the balance",
            ok_label="Dismiss: not an opt-out",
        ), dismissed)

    def action_enter_pin(self) -> None:
        self._show_desk()
        self.query_one("#auth-code", Input).focus()

    def action_reply(self) -> None:
        self._show_desk()
        self.query_one("#reply-box", Input).focus()

    def _show_phone(self) -> None:
        """On a small terminal, put the phone in place of the desk (F2 or p/t bring it back)."""
        self.phone_shown = True

    def _show_desk(self) -> None:
        """On a small terminal, put the desk back in place of the phone (F2 shows the phone)."""
        self.phone_shown = False

    def action_compose(self) -> None:
        self._show_phone()
        self.query_one("#phone-compose", Input).focus()

    def action_search(self) -> None:
        self.query_one("#account-search", Input).focus()

    def action_inbox(self) -> None:
        inbox = self.query_one("#inbox-options", OptionList)
        if inbox.highlighted is None and inbox.option_count:
            inbox.highlighted = 0  # else Enter, the next key the agent presses, would do nothing
        inbox.focus()

    def action_focus_desk(self) -> None:
        self.query_one("#phone-options", OptionList).focus()

    def action_next_number(self) -> None:
        account = self.service.account(self.account_id) if self.account_id else None
        if account and account.phones:
            index = account.phones.index(self.number) if self.number in account.phones else -1
            self.number = account.phones[(index + 1) % len(account.phones)]

    def action_switch_phone(self) -> None:
        account = self.service.account(self.account_id) if self.account_id else None
        choices = list(account.phones) if account else []
        strangers = [i.number for i in self.service.inbox(Queue.UNASSOCIATED)]
        for number in [*strangers, self._new_stranger()]:
            if number not in choices and not self.service.accounts_for(number):
                choices.append(number)
        current = self.phone_number
        self.phone_number = (choices[(choices.index(current) + 1) % len(choices)]
                             if current in choices else choices[0])
        self.notify(f"The phone is now {format_national(self.phone_number)}", markup=False,
                    timeout=2)

    def _new_stranger(self) -> str:
        """A number on no account that has not texted in yet: once the supervisor links the
        demo's stranger, the next one is +1 718-555-0200, and so on."""
        texted = {i.number for i in self.service.inbox(Queue.UNASSOCIATED)}
        number = STRANGER
        while self.service.accounts_for(number) or number in texted:
            number = f"+1718555{int(number[-4:]) + 1:04d}"
        return number

    def action_phone_from(self) -> None:
        from .modals import TextPrompt

        region = self.service.world.company.country

        def problem(text: str) -> str | None:
            return None if phone_or_none(text, region) else f"{text!r} is not a phone number"

        def chosen(text: str | None) -> None:
            number = phone_or_none(text, region) if text else None
            if number is None:
                return
            self.phone_number = number
            self.action_compose()

        self.app.push_screen(TextPrompt(
            "The phone texts from…",
            "Any number, in any common format: one on no account plays a stranger, whose text "
            "lands in the supervisor's unassociated queue. Type the text, Enter sends.",
            f"e.g. {format_national(self._new_stranger())}", problem,
        ), chosen)

    def action_toggle_diagram(self) -> None:
        self.diagram_shown = not self.diagram_shown

    def watch_diagram_shown(self, shown: bool) -> None:
        if shown and not self.query("#diagram"):
            from ..widgets.diagram import ConsentDiagram

            self.query_one("#desk").mount(ConsentDiagram(id="diagram"), after="#record")
        self.set_class(shown, "-diagram")
        self.render_diagram()

    def render_diagram(self) -> None:
        for diagram in self.query("#diagram"):
            diagram.show(self.service, self.number, self.app.diagram_hint(self.number))

    def action_export_conversation(self) -> None:
        if self.number is None:
            return
        from ..export import export_conversation

        try:
            path = export_conversation(self.service, self.number)
        except OSError as error:
            self.notify(f"{error.strerror or error}", title="Conversation not exported",
                        severity="error", markup=False)
            return
        self.notify(f"Saved as {path} and {path.with_suffix('.csv').name} beside it.",
                    title="Conversation exported", timeout=8, markup=False)

    def action_toggle_phone(self) -> None:
        self.phone_shown = not self.phone_shown

    def watch_phone_shown(self, shown: bool) -> None:
        self.set_class(shown, "-phone-shown")
        focused = self.focused
        if focused is not None and not all(node.display for node in focused.ancestors_with_self):
            # At 80x24 F2 hid what had the focus (the phone's box): the next keys would have gone
            # to a box no one sees (`/1003` was texted from the phone). The side now shown takes it.
            if shown:
                self.query_one("#phone-thread").focus()
            else:
                self.action_focus_desk()

    def action_advance(self, amount: str) -> None:
        delta = {"1m": timedelta(minutes=1), "1h": timedelta(hours=1)}[amount]
        self.app.perform(lambda: self.service.advance(delta), quiet=True)

    def action_advance_by(self) -> None:
        from .modals import TextPrompt, advance_problem, duration_problem

        def advance(text: str | None) -> None:
            if text:
                self.app.perform(lambda: self.service.advance(parse_duration(text)), quiet=True)

        def problem(text: str) -> str | None:
            return duration_problem(text) or advance_problem(self.service.now(), parse_duration(text))

        self.app.push_screen(TextPrompt(
            "Advance the simulated clock",
            "Held texts go out and PINs expire as the clock passes their time.",
            "e.g. 90s, 15m, 2h, 1d5h, 1h30m", problem,
        ), advance)

    def action_add_number(self) -> None:
        if not self.account_id:
            return
        from .modals import TextPrompt

        account_id = self.account_id

        def attempt(text: str) -> str | None:
            """Add the number; a refusal stays in the dialog, with the text, to be corrected."""
            if not text.strip():
                return "Type a phone number, or press Esc to cancel."
            result = self.app.perform(lambda: self.service.add_phone(account_id, text))
            return None if result.ok else f"{result.code.value}: {result.sentence}"

        def added(text: str | None) -> None:
            if text is not None:
                self.choose_account(account_id, self.service.account(account_id).phones[-1])

        self.app.push_screen(TextPrompt(
            "Add a phone number to the account",
            "Any common format; it is stored in E.164. A client that opts numbers in "
            "automatically opts this one in at once (unless it opted out).",
            "e.g. (617) 555-0134", attempt, ok_label="Add number",
        ), added)

    def action_to_window(self) -> None:
        if self.number is None:
            return
        opening = self.service.next_window_opening(self.number)
        if opening <= self.service.now():
            self.notify("The send window is already open for this number.", markup=False)
            return
        self.app.perform(lambda: self.service.advance_to(opening), quiet=True)
        self.notify(f"Clock moved to the window opening, {local_time(self.service, opening)}",
                    markup=False, timeout=3)

    def action_opt_out(self) -> None:
        if not (self.account_id and self.number):
            return
        from .modals import ConfirmModal

        account_id, number = self.account_id, self.number
        if self.service.consent(number).state is ConsentState.OPTED_OUT:
            self.notify(f"{format_national(number)} is already opted out: nothing to confirm. "
                        "Only the consumer can opt back in, by texting SIGNUP.",
                        title="Already opted out", markup=False)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.perform(lambda: self.service.opt_out(account_id, number))

        self.app.push_screen(ConfirmModal(
            f"Opt {format_national(number)} out?",
            "The consumer gets one confirmation text, then nothing until they text SIGNUP.",
            "Opt Out",
        ), confirmed)

    def action_payment_plan(self) -> None:
        self._unless_possible_opt_out("Arrange a payment plan", self._ask_payment_plan)

    def _ask_payment_plan(self) -> None:
        if not (self.account_id and self.number):
            return
        from .modals import AmountModal

        account_id, number = self.account_id, self.number

        def arranged(amount: str | None) -> None:
            if amount is not None:
                self.app.perform(lambda: self.service.arrange_payment_plan(
                    account_id, number, amount or None))

        self.app.push_screen(AmountModal(number), arranged)

    def action_faults(self) -> None:
        from .modals import FaultModal

        number = self.phone_number or self.number
        if number is not None:
            self.app.push_screen(FaultModal(number), self._inject)

    def _inject(self, fault: dict | None) -> None:
        if fault:
            self.app.perform(lambda: self.service.inject_fault(**fault))

