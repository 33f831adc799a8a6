"""A months-old session: long threads and a long audit are drawn a page at a time, and keys
typed while it opens all arrive."""

from __future__ import annotations

import re

from textual.widgets import DataTable, Input, RichLog

from itms_tui.core.service import ItmsService
from itms_tui.ui.factory import desk_app

from tests.support.ui import log_text
from tests.support.worlds import long_session_world

TEXTS = 10_000
AUDIT = 5_000


def big_app(texts: int = TEXTS, audit: int = AUDIT):
    """The desk over a months-old session."""
    return desk_app(ItmsService(long_session_world(texts, audit)))


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
