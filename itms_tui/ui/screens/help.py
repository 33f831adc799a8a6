"""Every key, grouped as a new agent thinks of them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Finding an account", [
        ("/", "search by name, account id or number"),
        ("↑ ↓  Enter", "move in a list, open the highlighted item"),
        ("n", "next number on the account"),
        ("i", "go to the inbox (Enter opens a text)"),
        ("N  or + Add number", "add a phone number to the account"),
    ]),
    ("Text Messaging (the phone record)", [
        ("o", "Send Opt In Request (PIN flow)"),
        ("q", "Quick Opt In (no PIN)"),
        ("p", "Txt Msg Auth Code: type the consumer's PIN, Enter confirms"),
        ("x  or Enter on a number", "Opt Out (asks first)"),
        ("$", "arrange a payment plan"),
        ("l", "send the account link"),
        ("t", "reply to the consumer (the hint says if it would be refused or held)"),
    ]),
    ("The consumer's phone", [
        ("c", "type on the phone, Enter sends"),
        ("e", "switch phone: the account's numbers and an unknown number"),
        ("F2", "show or hide the phone on a small terminal"),
        ("Tab", "reach the quick replies: YES STOP HELP SIGNUP and the opt-out emoji"),
    ]),
    ("Time and the carrier", [
        (".", "advance the simulated clock 1 minute"),
        ("]", "advance the simulated clock 1 hour"),
        ("+", "advance the simulated clock by any amount (e.g. 1d5h)"),
        ("w", "advance to the next send-window opening for the number"),
        ("f", "inject a carrier fault (delay, drop, duplicate, fail)"),
    ]),
    ("Screens", [
        ("s", "supervisor queues: unassociated and unanswered texts"),
        ("a", "audit timeline"),
        ("d", "consent diagram: the number's state, its last transition, what is refused now"),
        ("ctrl+p", "command palette: every action that makes sense now"),
        ("? F1", "this help"),
        ("Esc", "back"),
        ("ctrl+q", "quit (everything is already saved)"),
    ]),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog tall", id="help"):
            yield Static(Content("Keys").stylize("bold"))
            for title, keys in KEYS:
                yield Static(Content(f"\n{title}").stylize("bold $accent"))
                for key, meaning in keys:
                    # Two columns, so a long meaning wraps under itself, not under the keys.
                    with Horizontal(classes="help-row"):
                        yield Static(Content(key).stylize("bold"), classes="help-key")
                        yield Static(Content(meaning), classes="help-meaning")

    def action_dismiss(self) -> None:
        self.dismiss(None)
