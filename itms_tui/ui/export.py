"""The audit timeline and a conversation as rows: what the screens show, what their filter
matches, and what is exported (Markdown and CSV, under the data folder) all come from here.

Everything is the agency's side: a PIN's digits are masked (`agency_body`), and control or
direction-changing characters are shown as visible signs, in the files as on screen.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.models import AuditEntry
from ..core.names import Direction
from ..core.phones import format_national
from ..core.pins import agency_body
from ..core.service import ItmsService
from .badges import tick
from ..inert import inert_line, inert_markdown_cell

AUDIT_COLUMNS = ("#", "Time", "Actor", "Number", "Account", "Event", "Before → after", "Reason")
CONVERSATION_COLUMNS = ("#", "Time", "Direction", "From", "Template", "Status", "Text")


def _time(service: ItmsService, when: datetime, *, day: bool = False) -> str:
    local = when.astimezone(ZoneInfo(service.world.company.timezone))
    return local.strftime("%a %-d %b %Y %H:%M %Z" if day else "%a %H:%M")


def audit_row(service: ItmsService, entry: AuditEntry, *, day: bool = False) -> tuple[str, ...]:
    change = ("refused" if entry.is_refusal else
              f"{entry.before.value if entry.before else '-'} → "
              f"{entry.after.value if entry.after else '-'}")
    return (str(entry.seq), _time(service, entry.at, day=day), entry.actor.value,
            format_national(entry.number) if entry.number else "-", entry.account_id or "-",
            entry.event, change, inert_line(entry.reason))


def audit_matches(row: tuple[str, ...], entry: AuditEntry, query: str) -> bool:
    """Every word of `query` is in what the row shows (or, for digits, in the number as
    stored): `refused`, `1003`, `Mon 10:`, `agent opt_out`."""
    shown = " ".join(row).casefold()
    for word in query.casefold().split():
        digits = "".join(c for c in word if c.isdigit())
        if word in shown or (digits and word == digits and entry.number and digits in entry.number):
            continue
        return False
    return True


def conversation_row(service: ItmsService, message, *, day: bool = False) -> tuple[str, ...]:
    outbound = message.direction is Direction.OUT
    # Timed when it goes: a held text at its release.
    goes = (message.sent_at or message.release_at or message.created_at) if outbound else message.created_at
    return (str(message.id), _time(service, goes, day=day), "→ out" if outbound else "← in",
            service.world.company.name if outbound else format_national(message.number),
            message.template or ("" if not outbound else f"free text ({message.actor.value})"),
            tick(message.status) + (f" {message.carrier_status}" if message.carrier_status else ""),
            inert_line(agency_body(message)))


def markdown(title: str, facts: list[tuple[str, str]], columns: tuple[str, ...],
             rows: list[tuple[str, ...]]) -> str:
    lines = [f"# {inert_markdown_cell(title)}", ""]
    lines += [f"- {inert_markdown_cell(name)}: {inert_markdown_cell(value)}" for name, value in facts]
    lines += ["", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(inert_markdown_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _csv_cell(value: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: keep such text text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") and value not in ("-",) else value


def csv_text(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def export(folder: Path, stem: str, title: str, facts: list[tuple[str, str]],
           columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> Path:
    """Write `stem`.md and `stem`.csv in `folder` (a -2, -3… suffix keeps earlier exports);
    the Markdown file's path, the CSV file beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    name, n = stem, 1
    while (folder / f"{name}.md").exists() or (folder / f"{name}.csv").exists():
        n += 1
        name = f"{stem}-{n}"
    path = folder / f"{name}.md"
    path.write_text(markdown(title, facts, columns, rows), encoding="utf-8")
    path.with_suffix(".csv").write_text(csv_text(columns, rows), encoding="utf-8")
    return path


def exports_folder() -> Path:
    from ..session import data_dir

    return data_dir() / "exports"


def export_audit(service: ItmsService, entries: list[AuditEntry], query: str) -> Path:
    rows = [audit_row(service, entry, day=True) for entry in entries]
    when = service.now().strftime("%Y%m%d-%H%M")
    facts = [("Company", service.world.company.name),
             ("Simulated time", _time(service, service.now(), day=True)),
             ("Filter", query.strip() or "none"),
             ("Entries", f"{len(rows)} of {len(service.audit())}")]
    return export(exports_folder(), f"audit-{when}", "Audit timeline", facts, AUDIT_COLUMNS, rows)


def export_conversation(service: ItmsService, number: str) -> Path:
    rows = [conversation_row(service, message, day=True) for message in service.thread(number)]
    when = service.now().strftime("%Y%m%d-%H%M")
    accounts = ", ".join(a.id for a in service.accounts_for(number)) or "none"
    facts = [("Company", service.world.company.name), ("Number", format_national(number)),
             ("Accounts", accounts), ("Consent", service.consent(number).state.value),
             ("Simulated time", _time(service, service.now(), day=True))]
    return export(exports_folder(), f"conversation-{number.lstrip('+')}-{when}",
                  f"Conversation with {format_national(number)}", facts, CONVERSATION_COLUMNS, rows)
