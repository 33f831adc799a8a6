"""The left column of the desk: account search and list, and the inbox."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ...core.models import Account, InboxItem
from ...core.names import ConsentState, Queue
from ...core.phones import format_national
from ...core.service import ItmsService
from ..badges import badge
from ..text import clip, content, set_border, set_options
from .text_box import TextBox


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


class AccountList(Vertical):
    """Search by name, account id or number; the list narrows as you type."""

    @dataclass
    class Chosen(Message):
        account_id: str

    def __init__(self, **options) -> None:
        super().__init__(**options)
        #: The search text the list was last filled for: a new one highlights its first match.
        self._shown_query = ""

    def compose(self) -> ComposeResult:
        yield TextBox(placeholder="/ search name, account or number", id="account-search")
        yield OptionList(id="account-options", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Accounts"

    def show(self, service: ItmsService, current: str | None) -> None:
        query = self.query_one("#account-search", Input).value
        options = self.query_one("#account-options", OptionList)
        matches = [a for a in service.accounts() if self._matches(a, query)]
        # A re-render must not read as the agent choosing: typing in the search box never changes
        # the desk; only Enter, a click or moving the highlight in the list does.
        with options.prevent(OptionList.OptionHighlighted):
            self._fill(service, options, matches, query, current)
        set_border(self, subtitle=Content(f"{len(matches)} of {len(service.accounts())}"))

    def _fill(self, service: ItmsService, options: OptionList, matches: list[Account],
              query: str, current: str | None) -> None:
        highlighted = options.highlighted
        searched = query != self._shown_query
        self._shown_query = query
        set_options(options, [Option(self._label(service, a), id=a.id) for a in matches])
        if not matches:
            return
        ids = [a.id for a in matches]
        wanted = query.strip().casefold()
        exact = [i for i, account_id in enumerate(ids) if account_id.casefold() == wanted]
        if exact:
            # An account id typed in full wins, so Enter opens it even when an earlier account
            # also matches (its number holds the digits typed: "7" of "7[/" is in most numbers).
            options.highlighted = exact[0]
        elif searched and wanted:
            options.highlighted = 0  # Enter opens the first match, the one highlighted
        elif current in ids:
            options.highlighted = ids.index(current)
        elif highlighted is not None:
            options.highlighted = min(highlighted, len(matches) - 1)

    @staticmethod
    def _matches(account: Account, query: str) -> bool:
        query = query.strip().casefold()
        if not query:
            return True
        if query in account.consumer.casefold() or query in account.id.casefold():
            return True
        digits = _digits(query)
        return bool(digits) and any(digits in number for number in account.phones)

    @staticmethod
    def _label(service: ItmsService, account: Account) -> Content:
        states = [service.consent(n).state for n in account.phones]
        marks = Content(" ").join(badge(s, short=True) for s in states) if states else Content("")
        return Content.assemble(content(f"{account.id} {account.consumer} "), marks)

    @on(Input.Changed, "#account-search")
    def _narrow(self) -> None:
        self.post_message(self.Refresh())

    @on(Input.Submitted, "#account-search")
    def _choose_first(self) -> None:
        options = self.query_one("#account-options", OptionList)
        if options.option_count:
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0
            option = options.get_option_at_index(options.highlighted)
            self.post_message(self.Chosen(option.id))

    @on(OptionList.OptionSelected, "#account-options")
    @on(OptionList.OptionHighlighted, "#account-options")
    def _chosen(self, event: OptionList.OptionSelected | OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))

    class Refresh(Message):
        """The search text changed: the screen re-renders the list."""


class InboxList(Vertical):
    """New texts waiting for a person, possible opt-outs first, each with its reason."""

    @dataclass
    class Opened(Message):
        item: InboxItem

    def __init__(self, **options) -> None:
        super().__init__(**options)
        #: The items listed, by option id (what Enter opens).
        self._items: dict[str, InboxItem] = {}

    def compose(self) -> ComposeResult:
        yield OptionList(id="inbox-options", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Inbox"

    def show(self, service: ItmsService) -> None:
        items = [i for i in service.inbox() if not i.answered]
        items.sort(key=lambda i: (not i.awaiting_decision, -i.message_id))
        self._items = {str(i.message_id): i for i in items}
        options = self.query_one("#inbox-options", OptionList)
        highlighted = options.highlighted
        set_options(options, [Option(self._label(service, i), id=str(i.message_id)) for i in items])
        if highlighted is not None and items:
            options.highlighted = min(highlighted, len(items) - 1)
        # Only the flags still waiting for a decision: an opt-out or a dismissal resolves one.
        flagged = sum(1 for i in items if i.awaiting_decision)
        set_border(self, Content(f"Inbox ({len(items)})"),
                   Content(f"⚠ {flagged} possible opt-out{'s' if flagged != 1 else ''}"
                           if flagged else ""))
        self.set_class(bool(flagged), "-alert")

    @staticmethod
    def _label(service: ItmsService, item: InboxItem) -> Content:
        account = service.account(item.account_id) if item.account_id else None
        who = f"{account.id} {account.consumer}" if account else format_national(item.number)
        state = service.consent(item.number).state
        if item.awaiting_decision:
            head = Content.assemble(("⚠ ", "bold $text-error"), content(f"{who} "))
            reason = content(f"\n  possible opt-out: {item.possible_opt_out}", "$text-error")
        else:
            icon = "✉ " if item.queue is Queue.AGENT else "? "
            head = Content.assemble((icon, "bold $text-accent"), content(f"{who} "))
            reason = Content("")
        mark = badge(state, short=True) if state is not ConsentState.NONE else Content("")
        body = content(f"\n  “{clip(item.body, 60)}”", "italic")
        return Content.assemble(head, mark, body, reason)

    @on(OptionList.OptionSelected, "#inbox-options")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self._items.get(event.option.id or "")
        if item is not None:
            self.post_message(self.Opened(item))
