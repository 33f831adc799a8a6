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
        self.refresh_table()
        table.focus()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_table())

    def on_engine_changed(self, message: EngineChanged) -> None:
        self.refresh_table()

    def refresh_table(self) -> None:
        service = self.app.service
        query = self.query_one("#audit-filter", Input).value
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        red = text_colour(self.app, "text-error")
        self._shown = []
        for entry in reversed(service.audit()):
            row = audit_row(service, entry)
            if not audit_matches(row, entry, query):
                continue
            self._shown.append(entry)
            refused = entry.is_refusal
            styles = {5: f"bold {red}" if refused else "bold", 6: red if refused else ""}
            cells = [rich_text(cell, styles.get(i, "")) for i, cell in enumerate(row)]
            cells[-1].truncate(REASON_WIDTH, overflow="ellipsis")
            table.add_row(*cells)
        self.query_one(".screen-title", Static).update(
            Content(f"Audit timeline · {table.row_count} of {len(service.audit())} entries"))
        self._show_detail()

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
