"""SVG screenshots of the real app, compared with the reviewed ones in snapshots/.

Deterministic by construction: a fixed terminal size, the simulated clock (it moves only when a
test says so), the PIN 4821 and a cursor that never blinks (conftest). After a change to the UI,
regenerate with `pytest tests/ui/test_snapshots.py --snapshot-update`, look at the changed files
(e.g. `rsvg-convert -o /tmp/desk.png tests/ui/snapshots/desk-fresh.svg`), then commit them.
Each test also checks, in words, the thing its picture is meant to show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from itms_tui.core.names import ConsentState
from itms_tui.ui.screens.supervisor import SupervisorScreen
from tests.support.ui import (
    DARNELL, JAMES, LEE, NARROW, SIZE, STRANGER, flat, make_app, open_account, screen_text,
)


SNAPSHOTS = Path(__file__).parent / "snapshots"
pytestmark = pytest.mark.usefixtures("toasts_stay")


@pytest.fixture
def svg(snapshot):
    """`svg(app, name)`: compare the app's screenshot with snapshots/<name>.svg."""
    snapshot.snapshot_dir = SNAPSHOTS

    def compare(app, name: str) -> None:
        snapshot.assert_match(app.export_screenshot(), f"{name}.svg")

    return compare


async def test_fresh_desk(svg):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "ITMS Simulator · Harbor Point Recovery" in text
        assert "Account 1001 · Jane Doe" in text and "Mon 2 Mar 2026 10:00 EST" in text
        svg(app, "desk-fresh")


async def test_pin_flow_awaiting_pin(svg):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("o")
        await pilot.click("#quick-0")  # the consumer taps YES
        await pilot.press("escape", "p", *"48")  # the agent has started typing the PIN
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_PIN
        text = flat(screen_text(app))
        assert "◐ awaiting PIN" in text and "PIN expires in 24h 00m" in text
        assert "is 4821" in text  # on the phone
        svg(app, "pin-flow-awaiting-pin")


async def test_opted_out_number_with_a_refused_reply(svg):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1005")
        await pilot.press("t")
        app.screen.query_one("#reply-box", Input).insert_text_at_cursor("Can we talk about a plan?")
        await pilot.press("enter")
        await pilot.pause()
        assert app.service.consent(DARNELL).state is ConsentState.OPTED_OUT
        text = flat(screen_text(app))
        assert "⊘ Opted out: no texts until they text SIGNUP." in text and "opted_out: The number has" in text
        svg(app, "opted-out-refused-reply")


async def test_supervisor_queue(svg):
    app = make_app()
    app.service.consumer_text(STRANGER, "Hi, this is Rosa Alvarez. Can someone call me?")
    app.service.consumer_text("+12145550109", "Can I pay $200 on Friday instead?")
    app.service.consumer_text(LEE, "please stop texting me at work")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SupervisorScreen)
        text = screen_text(app)
        assert "(718) 555-0199" in text and "Hi, this is Rosa Alvarez" in text
        assert '⚠ contains the phrase "stop texting"' in text
        svg(app, "supervisor-queue")


async def test_possible_opt_out_alert(svg):
    app = make_app()
    app.service.consumer_text(LEE, "please stop texting me at work")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1003")
        text = flat(screen_text(app))
        assert "⚠ 1 possible opt-out" in text and "please stop texting me at work" in text
        svg(app, "possible-opt-out-alert")


async def test_desk_at_80x24(svg):
    app = make_app()
    app.service.consumer_text(LEE, "please stop texting me at work")
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app)
        assert "Send link" in text and "Confirm" in text and "no PIN outstanding" in text
        # Each account on one line with all its numbers' badges (lines wrapped at the width the
        # list had before its scrollbar came were cut there: 1011's badge and 1010's second).
        assert "1010 Linda Nguyen ○ ○" in text and "1011 James O'Connor ◐" in text
        svg(app, "desk-80x24")


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_themes(svg, theme):
    app = make_app()
    app.service.consumer_text("+16175550101", "Thanks, I will pay on the 5th ✋🏽")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.theme = theme
        await pilot.press("t")
        app.screen.query_one("#reply-box", Input).insert_text_at_cursor("Noted, thank you!")
        await pilot.press("enter")
        await pilot.pause()
        assert "Noted, thank you!" in flat(screen_text(app))
        svg(app, f"theme-{theme}")
