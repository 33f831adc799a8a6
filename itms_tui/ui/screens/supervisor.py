"""The supervisor's queues: texts from numbers on no account, and texts no one has answered."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ...core.names import Queue
from ...core.phones import format_national
from ..badges import badge
from ..messages import EngineChanged
from ..widgets.footer import QuietFooter
from ..text import clip, content, rich_text
from ..themes import text_colour
from ..widgets.account_detail import local_time, reply_hint
from ..widgets.text_box import TextBox
from .modals import AccountPicker


def _waiting(service, item) -> str:
    minutes = int((service.now() - item.at).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"


class SupervisorScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,s", "app.supervisor", "Back to desk"),
        Binding("l", "link", "Link to account",
                tooltip="link the selected unassociated number to an account (or Enter)"),
        Binding("r", "reply", "Reply", tooltip="reply to the selected number (or Enter)"),
        Binding("tab", "focus_next", "Next table", show=False,
                tooltip="the next table or the reply box"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content("Supervisor"), classes="screen-title")
        yield Static(Content("Unassociated: texts from numbers on no account. Enter or l links one "
                             "to an account (ITMS then sends it an opt-in request)."),
                     classes="screen-help")
        yield DataTable(id="unassociated", classes="queue-table", cursor_type="row")
        yield Static(Content("Unanswered: texts no agent or supervisor has answered yet. "
                             "Enter or r replies."), classes="screen-help")
        yield DataTable(id="unanswered", classes="queue-table", cursor_type="row")
        yield Static(id="supervisor-hint", markup=False)
        yield TextBox(placeholder="reply to the selected number, Enter to send", id="supervisor-reply")
        yield from self.app.supervisor_extras()
        yield QuietFooter()

    def on_mount(self) -> None:
        unassociated = self.query_one("#unassociated", DataTable)
        unassociated.add_columns("Number", "Consent", "First text", "Received", "Waiting")
        unanswered = self.query_one("#unanswered", DataTable)
        unanswered.add_columns("Number", "Account", "Consent", "Last text", "Waiting", "Flag")
        self.refresh_tables()
        unassociated.focus()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_tables())

    def on_engine_changed(self, message: EngineChanged) -> None:
        if message.is_from(self.app.service):
            self.refresh_tables()

    def refresh_tables(self) -> None:
        service = self.app.service
        unassociated = self.query_one("#unassociated", DataTable)
        unassociated.clear()
        seen: set[str] = set()
        for item in service.inbox(Queue.UNASSOCIATED):
            if item.number in seen:
                continue
            seen.add(item.number)
            unassociated.add_row(
                rich_text(format_national(item.number)),
                rich_text(badge(service.consent(item.number).state).plain),
                rich_text(clip(item.body, 60)),
                rich_text(local_time(service, item.at)),
                rich_text(_waiting(service, item)),
                key=item.number,
            )
        unanswered = self.query_one("#unanswered", DataTable)
        unanswered.clear()
        latest = {}
        for item in service.inbox(Queue.UNANSWERED):
            latest[item.number] = item
        for number, item in latest.items():
            unanswered.add_row(
                rich_text(format_national(number)),
                rich_text(item.account_id or "none"),
                rich_text(badge(service.consent(number).state).plain),
                rich_text(clip(item.body, 60)),
                rich_text(_waiting(service, item)),
                rich_text(f"⚠ {item.possible_opt_out}" if item.awaiting_decision else "",
                          f"bold {text_colour(self.app, 'text-error')}"),
                key=number,
            )
        self._update_hint()

    def selected_number(self) -> str | None:
        table = self.focused if isinstance(self.focused, DataTable) else self.query_one("#unanswered", DataTable)
        if not table.row_count:
            other = self.query_one("#unassociated", DataTable)
            table = other if other.row_count else table
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _update_hint(self) -> None:
        number = self.selected_number()
        hint = self.query_one("#supervisor-hint", Static)
        if number is None:
            hint.update(Content("No text is waiting.").stylize("$text-muted"))
        else:
            hint.update(Content.assemble(content(format_national(number) + ": "),
                                         reply_hint(self.app.service, number)))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._update_hint()

    @on(DataTable.RowSelected, "#unassociated")
    def _selected_unassociated(self) -> None:
        self.action_link()

    @on(DataTable.RowSelected, "#unanswered")
    def _selected_unanswered(self) -> None:
        self.action_reply()

    def action_link(self) -> None:
        table = self.query_one("#unassociated", DataTable)
        if not table.row_count:
            self.notify("No unassociated text to link.", markup=False)
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        number = row_key.value
        service = self.app.service
        accounts = [(a.id, a.consumer) for a in service.accounts()]

        def link(account_id: str | None) -> None:
            if account_id:
                self.app.perform(lambda: service.link_number(number, account_id))

        self.app.push_screen(AccountPicker(number, accounts), link)

    def action_reply(self) -> None:
        self.query_one("#supervisor-reply", Input).focus()

    @on(Input.Submitted, "#supervisor-reply")
    def _send_reply(self, event: Input.Submitted) -> None:
        number = self.selected_number()
        if number is None:
            self.notify("Choose a text to answer first.", markup=False)
            return
        result = self.app.perform(lambda: self.app.service.supervisor_reply(number, event.value))
        if result.ok:
            event.input.value = ""
