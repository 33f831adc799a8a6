"""A months-old session: long threads and a long audit are drawn a page at a time, and keys
typed while it opens all arrive."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from textual.widgets import DataTable, Input, RichLog

from itms_tui.core.models import AuditEntry, Message
from itms_tui.core.names import Actor, ConsentState, Direction, MessageStatus
from itms_tui.core.service import ItmsService
from itms_tui.core.world import build_world
from itms_tui.ui.factory import desk_app

from tests.support.ui import log_text

NUMBER = "+16175550101"
TEXTS = 10_000
AUDIT = 5_000


def big_app(texts: int = TEXTS, audit: int = AUDIT):
    """The desk over one number with `texts` texts and `audit` more audit entries (also
    bench/app.py --big's session)."""
    world = build_world({
        "company": {"name": "Big Recovery", "phone": "+18005550100",
                    "va_url": "https://pay.example.com/va", "timezone": "America/New_York"},
        "clock": "2026-03-02T10:00:00-05:00",
        "clients": [{"id": "C", "name": "Client", "business_type": "x", "auto_opt_in": False}],
        "accounts": [{"id": "1", "consumer": "Pat Long", "client": "C", "balance": "10.00",
                      "phones": [NUMBER]}],
        "consent": {NUMBER: "opted_in"},
    })
    start = datetime.fromisoformat("2026-01-01T10:00:00-05:00")
    for i in range(1, texts + 1):
        at = start + timedelta(minutes=i)
        outbound = i % 2 == 1
        world.messages.append(Message(
            id=i, direction=Direction.OUT if outbound else Direction.IN, number=NUMBER,
            body=f"Text number {i}.", template=None, status=MessageStatus.DELIVERED,
            created_at=at, account_id="1", actor=Actor.AGENT if outbound else Actor.CONSUMER,
            sent_at=at, delivered_at=at, status_at=at, deliveries=1))
    first = len(world.audit) + 1
    for seq in range(first, first + audit):
        world.audit.append(AuditEntry(
            seq=seq, at=start + timedelta(minutes=seq), number=NUMBER,
            before=ConsentState.OPTED_IN, after=ConsentState.OPTED_IN, event=f"entry_{seq}",
            actor=Actor.SYSTEM))
    return desk_app(ItmsService(world))


def drawn(log: RichLog) -> set[int]:
    """The texts drawn in `log`, by their number."""
    return {int(n) for n in re.findall(r"Text number (\d+)\.", log_text(log))}


async def test_a_long_conversation_draws_only_its_newest_page_and_older_ones_on_scrolling_up():
    app = big_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        for log_id in ("#conversation-log", "#phone-thread"):
            log = app.screen.query_one(log_id, RichLog)
            shown = drawn(log)
            assert TEXTS in shown and len(shown) <= 300, log_id
            assert "earlier texts" in log_text(log)
            log.scroll_home(animate=False, immediate=True)
            await pilot.pause()
            more = drawn(log)
            assert min(more) < min(shown) and TEXTS in more and len(more) <= 600, log_id
            # the text the reader was looking at stays on screen, not the newest one
            assert log.scroll_y > 0


async def test_keys_typed_into_the_reply_box_at_start_all_arrive():
    app = big_app()
    typed = "payment plan confirmed, thank you"
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("t", *["space" if c == " " else "comma" if c == "," else c for c in typed])
        await pilot.pause()
        assert app.screen.query_one("#reply-box", Input).value == typed


async def test_a_long_audit_opens_with_a_page_of_rows_and_adds_more_near_its_end():
    app = big_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        table = app.screen.query_one("#audit-table", DataTable)
        total = len(app.service.audit())
        assert total >= AUDIT and 0 < table.row_count <= 300
        assert f"of {total} entries" in str(app.screen.query_one(".screen-title").content)
        first_page = table.row_count
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.row_count > first_page
        assert table.get_row_at(0)[0].plain == str(total)  # newest first, as before
