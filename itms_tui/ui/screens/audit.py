"""The audit timeline: every consent change and every refusal, newest first.

The filter matches what the rows show (every word of it: `refused`, an account id, `Mon 10:`);
the highlighted entry is shown whole below the table, its reason wrapped rather than cut; `e`
exports the rows shown as Markdown and CSV under the data folder.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ...core.models import AuditEntry
from ..export import AUDIT_COLUMNS, audit_matches, audit_row, export_audit
from ..messages import EngineChanged
from ..text import content, rich_text
from ..themes import text_colour
from ..widgets.footer import QuietFooter
from ..widgets.text_box import TextBox

#: The Reason column's width in the table; the whole reason is in the detail below it.
REASON_WIDTH = 40
#: Rows added when the timeline opens, and again each time the reader nears the last one.
PAGE = 100


class AuditScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,a", "app.audit", "Back to desk"),
        Binding("slash", "filter", "Filter", key_display="/",
                tooltip="filter: every word must match what a row shows (a number, an account, "
                        "an event, refused, an actor, a time like Mon 10:)"),
        Binding("e", "export", "Export",
                tooltip="export the entries shown as Markdown and CSV (the app says where)"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content("Audit timeline"), classes="screen-title")
        yield TextBox(placeholder="/ filter: number, account, event, refused, actor, time (Mon 10:)",
                      id="audit-filter")
        yield DataTable(id="audit-table", classes="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="audit-detail", markup=False)
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        for column in AUDIT_COLUMNS:
            table.add_column(column, width=REASON_WIDTH if column == "Reason" else None)
        self._shown: list[AuditEntry] = []
        self._adding = False
        self.refresh_table()
        table.focus()
        self.watch(table, "scroll_y", self._near_end, init=False)
        self.watch(table, "cursor_coordinate", self._near_end, init=False)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_table())

    def on_engine_changed(self, message: EngineChanged) -> None:
        if message.is_from(self.app.service):
            self.refresh_table()

    def refresh_table(self) -> None:
        service = self.app.service
        query = self.query_one("#audit-filter", Input).value
        table = self.query_one("#audit-table", DataTable)
        entries = service.audit()
        #: Every matching entry, newest first (what export saves); the table gets them a page
        #: at a time as the reader nears its end, so a months-old audit opens as fast as a new one.
        self._shown = [entry for entry in reversed(entries)
                       if not query.strip() or audit_matches(audit_row(service, entry), entry, query)]
        self._adding = True  # clearing moves the cursor too
        table.clear()
        self.add_page()
        self.query_one(".screen-title", Static).update(
            Content(f"Audit timeline · {len(self._shown)} of {len(entries)} entries"))
        self._show_detail()

    def add_page(self) -> None:
        """Add the next PAGE matching entries below the rows already in the table."""
        service = self.app.service
        table = self.query_one("#audit-table", DataTable)
        red = text_colour(self.app, "text-error")
        start = table.row_count
        # add_row moves the cursor, whose watcher would add another page: one at a time.
        self._adding = True
        try:
            for entry in self._shown[start:start + PAGE]:
                refused = entry.is_refusal
                styles = {5: f"bold {red}" if refused else "bold", 6: red if refused else ""}
                cells = [rich_text(cell, styles.get(i, ""))
                         for i, cell in enumerate(audit_row(service, entry))]
                cells[-1].truncate(REASON_WIDTH, overflow="ellipsis")
                table.add_row(*cells)
        finally:
            self._adding = False

    def _near_end(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        if self._adding or table.row_count >= len(self._shown):
            return
        if (table.cursor_row >= table.row_count - table.size.height
                or table.scroll_y >= table.max_scroll_y - table.size.height):
            self.add_page()

    def _show_detail(self) -> None:
        detail = self.query_one("#audit-detail", Static)
        table = self.query_one("#audit-table", DataTable)
        if not self._shown or table.cursor_row >= len(self._shown):
            detail.update(Content("No entry matches the filter." if self.query_one(
                "#audit-filter", Input).value.strip() else "No audit entries yet."))
            return
        entry = self._shown[table.cursor_row]
        row = dict(zip(AUDIT_COLUMNS, audit_row(self.app.service, entry, day=True)))
        detail.update(Content.assemble(
            (f"#{row['#']} {row['Event']}", "bold"),
            content(f" · {row['Time']} · {row['Actor']} · {row['Number']} · account "
                    f"{row['Account']} · {row['Before → after']}\n"),
            content(row["Reason"] or "(no reason recorded)"),
        ))

    @on(DataTable.RowHighlighted, "#audit-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(Input.Changed, "#audit-filter")
    def _filter(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#audit-filter")
    def _filtered(self) -> None:
        self.query_one("#audit-table", DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#audit-filter", Input).focus()

    def action_export(self) -> None:
        query = self.query_one("#audit-filter", Input).value
        try:
            path = export_audit(self.app.service, list(self._shown), query)
        except OSError as error:
            self.notify(f"{error.strerror or error}", title="Audit not exported",
                        severity="error", markup=False)
            return
        self.notify(f"Saved as {path} and {path.with_suffix('.csv').name} beside it.",
                    title="Audit exported", timeout=8, markup=False)
