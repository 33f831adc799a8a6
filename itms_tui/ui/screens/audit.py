"""The audit timeline: every consent change and every refusal, newest first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ...core.models import AuditEntry
from ...core.phones import format_national
from ..messages import EngineChanged
from ..widgets.footer import QuietFooter
from ..text import rich_text
from ..themes import text_colour
from ..widgets.account_detail import local_time
from ..widgets.text_box import TextBox


class AuditScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,a", "app.audit", "Back to desk"),
        Binding("slash", "filter", "Filter", key_display="/",
                tooltip="filter by number, account, event, actor or time"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content("Audit timeline"), classes="screen-title")
        yield TextBox(placeholder="/ filter by number, event or actor", id="audit-filter")
        yield DataTable(id="audit-table", classes="queue-table", cursor_type="row", zebra_stripes=True)
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        table.add_columns("#", "Time", "Actor", "Number", "Event", "Before → after", "Reason")
        self.refresh_table()
        table.focus()

    def on_engine_changed(self, message: EngineChanged) -> None:
        self.refresh_table()

    @staticmethod
    def matches(entry: AuditEntry, query: str) -> bool:
        query = query.strip().casefold()
        if not query:
            return True
        digits = "".join(c for c in query if c.isdigit())
        if digits and entry.number and digits in entry.number:
            return True
        return query in entry.event or query in entry.actor.value

    def refresh_table(self) -> None:
        service = self.app.service
        query = self.query_one("#audit-filter", Input).value
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        for entry in reversed(service.audit()):
            if not self.matches(entry, query):
                continue
            change = (f"{entry.before.value if entry.before else '-'} → "
                      f"{entry.after.value if entry.after else '-'}")
            refused = entry.is_refusal
            red = text_colour(self.app, "text-error")
            table.add_row(
                rich_text(str(entry.seq)),
                rich_text(local_time(service, entry.at)),
                rich_text(entry.actor.value),
                rich_text(format_national(entry.number) if entry.number else "-"),
                rich_text(entry.event, f"bold {red}" if refused else "bold"),
                rich_text("refused" if refused else change, red if refused else ""),
                rich_text(entry.reason),
            )
        count = table.row_count
        self.query_one(".screen-title", Static).update(
            Content(f"Audit timeline · {count} of {len(service.audit())} entries"))

    @on(Input.Changed, "#audit-filter")
    def _filter(self) -> None:
        self.refresh_table()

    def action_filter(self) -> None:
        self.query_one("#audit-filter", Input).focus()
