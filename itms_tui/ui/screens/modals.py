"""Small dialogs, each typed by what it returns."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...core.clock import LATEST, DurationError, parse_duration
from ...core.money import NotAnAmount, parse_amount
from ...core.names import CarrierStatus, Direction, FaultKind
from ...core.phones import format_national
from ..text import content
from ..widgets.text_box import TextBox

Returned = TypeVar("Returned")


class Dialog(ModalScreen[Returned]):
    """A dialog that Escape or its Cancel button closes, returning `CANCELLED`."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    CANCELLED: object = None

    def action_cancel(self) -> None:
        self.dismiss(self.CANCELLED)


class ConfirmModal(Dialog[bool]):
    """A yes or no before an action; `y` says yes and the action's button has the focus. A
    `guarded` one is for an action that no stray key may take: the focus starts on cancel (Enter
    cancels) and `y` does nothing."""

    BINDINGS = [Binding("y", "yes", "Yes", show=False)]
    CANCELLED = False

    def __init__(self, question: str, explanation: str, confirm_label: str, *,
                 cancel_label: str = "Cancel", guarded: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self._question, self._explanation, self._label = question, explanation, confirm_label
        self._cancel_label, self.guarded = cancel_label, guarded

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(content(self._question, "bold"))
            yield Static(content(self._explanation))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self._label), variant="error", id="confirm",
                             action="screen.confirm")
                yield Button(Content(self._cancel_label), id="cancel", action="screen.cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel" if self.guarded else "#confirm", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "yes" and self.guarded)

    def action_yes(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        self.dismiss(True)


class AmountModal(Dialog[str | None]):
    """Arrange a payment plan; the amount is optional."""

    def __init__(self, number: str) -> None:
        super().__init__()
        self._number = number

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(content(f"Arrange a payment plan for {format_national(self._number)}", "bold"))
            yield Static(Content(
                "If the number is not opted in, ITMS sends it an opt-in request (method payment_plan)."))
            yield TextBox(placeholder="amount, e.g. 150.00 (optional)", id="amount",
                        restrict=r"[0-9.,]*")
            yield Static(id="amount-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Arrange"), variant="primary", id="arrange")
                yield Button(Content("Cancel"), id="cancel", action="screen.cancel")

    def on_mount(self) -> None:
        self.query_one("#amount", Input).focus()

    @on(Input.Submitted, "#amount")
    @on(Button.Pressed, "#arrange")
    def _arrange(self) -> None:
        text = self.query_one("#amount", Input).value.replace(",", "").strip()
        if text:
            try:
                text = str(parse_amount(text))
            except NotAnAmount as problem:
                self.query_one("#amount-error", Static).update(
                    content(str(problem), "$text-error"))
                return
        self.dismiss(text)


class FaultModal(Dialog[dict | None]):
    """Inject a bus fault on a number, for QA: delay, drop, duplicate or fail the next texts."""

    def __init__(self, number: str) -> None:
        super().__init__()
        self._number = number

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(content(f"Inject a carrier fault on {format_national(self._number)}", "bold"))
            yield Label(Content("Fault"))
            yield Select([(k.value, k.value) for k in FaultKind], value=FaultKind.DELAY.value,
                         allow_blank=False, id="fault-kind")
            yield Label(Content("Direction"))
            yield Select([("outbound (to the phone)", "out"), ("inbound (from the phone)", "in")],
                         value="out", allow_blank=False, id="fault-direction")
            yield Label(Content("How many texts"))
            yield TextBox("1", id="fault-count", restrict=r"[0-9]*")
            yield Label(Content("Delay (for delay), e.g. 15m"))
            yield TextBox("15m", id="fault-duration")
            yield Label(Content("Carrier status (for fail)"))
            yield Select([(s.value, s.value) for s in CarrierStatus], value="BOUNCED",
                         allow_blank=False, id="fault-status")
            yield Static(id="fault-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Inject"), variant="warning", id="inject")
                yield Button(Content("Cancel"), id="cancel", action="screen.cancel")

    @on(Button.Pressed, "#inject")
    def _inject(self) -> None:
        kind = FaultKind(self.query_one("#fault-kind", Select).value)
        try:
            duration = parse_duration(self.query_one("#fault-duration", Input).value) \
                if kind is FaultKind.DELAY else None
        except DurationError as error:
            self.query_one("#fault-error", Static).update(Content(str(error)).stylize("$text-error"))
            return
        count = int(self.query_one("#fault-count", Input).value or "1")
        self.dismiss({
            "kind": kind,
            "number": self._number,
            "count": max(1, count),
            "duration": duration,
            "status": CarrierStatus(self.query_one("#fault-status", Select).value),
            "direction": Direction(self.query_one("#fault-direction", Select).value),
        })


class AccountPicker(Dialog[str | None]):
    """Choose the account to link a number to; type to narrow."""

    def __init__(self, number: str, accounts: list[tuple[str, str]]) -> None:
        super().__init__()
        self._number = number
        self._accounts = accounts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall"):
            yield Static(content(f"Link {format_national(self._number)} to which account?", "bold"))
            yield TextBox(placeholder="type a name or account id", id="picker-search")
            yield OptionList(id="picker-options", markup=False)

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-search", Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        query = query.strip().casefold()
        options.add_options(
            Option(content(f"{account_id}  {name}"), id=account_id)
            for account_id, name in self._accounts
            if not query or query in account_id.casefold() or query in name.casefold()
        )
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#picker-search")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-search")
    def _take_highlighted(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class TextPrompt(Dialog[str | None]):
    """Ask for one line of text, checked before it is accepted."""

    def __init__(self, title: str, explanation: str, placeholder: str, check=None, *,
                 ok_label: str = "OK") -> None:
        super().__init__()
        self._title, self._explanation, self._placeholder = title, explanation, placeholder
        self._check = check
        self._ok_label = ok_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(content(self._title, "bold"))
            yield Static(content(self._explanation))
            yield TextBox(placeholder=self._placeholder, id="prompt-value")
            yield Static(id="prompt-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self._ok_label), variant="primary", id="prompt-ok")
                yield Button(Content("Cancel"), id="cancel", action="screen.cancel")

    def on_mount(self) -> None:
        self.query_one("#prompt-value", Input).focus()

    @on(Input.Submitted, "#prompt-value")
    @on(Button.Pressed, "#prompt-ok")
    def _accept(self) -> None:
        value = self.query_one("#prompt-value", Input).value
        problem = self._check(value) if self._check else None
        if problem:
            self.query_one("#prompt-error", Static).update(content(problem, "$text-error"))
            return
        self.dismiss(value)


def duration_problem(text: str) -> str | None:
    try:
        parse_duration(text)
    except DurationError as error:
        return str(error)
    return None


def advance_problem(now: datetime, delta: timedelta) -> str | None:
    """Why the clock cannot move on by `delta` from `now`, or None."""
    if delta > LATEST - now:
        return (f"that would pass {LATEST.date().isoformat()}, the last day the simulated clock "
                "can show")
    return None
