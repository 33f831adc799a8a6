"""Render the README's screenshots from the real app: `python docs/make_screenshots.py`.

Each picture is the demo world driven through the desk's own keys, at a fixed size, on the
simulated clock, with the PIN fixed so the pictures do not change from run to run.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from unittest import mock

from textual.widgets import Input

from itms_tui.session import WorldSource, open_session
from itms_tui.ui.factory import desk_app

HERE = Path(__file__).parent


async def shoot(name: str, size: tuple[int, int], keys: list[str], *, theme: str | None = None,
                type_on_phone: list[str] = ()) -> None:
    service = open_session(None, WorldSource.demo())
    app = desk_app(service)
    async with app.run_test(size=size) as pilot:
        if theme:
            app.theme = theme
        await pilot.pause()
        for key in keys:
            if key.startswith("phone:"):
                desk = app.screen
                desk.phone_number = desk.number
                box = desk.query_one("#phone-compose", Input)
                box.value = key.removeprefix("phone:")
                await box.action_submit()
            else:
                await pilot.press(key)
            await pilot.pause()
        for box in app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause(0.2)
        (HERE / f"{name}.svg").write_text(app.export_screenshot(title=name), encoding="utf-8")
    service.close()


async def main() -> None:
    with mock.patch("itms_tui.core.service.draw_pin", return_value="4821"):
        # Sam Ortiz (Idaho, two time zones): request sent, YES, PIN waiting for the agent.
        await shoot("desk-pin-flow", (140, 45), ["down", "o", "w", "phone:YES"])
        # Lee Park's possible opt-out sits in the inbox with its reason; the reply box says why
        # a text would be refused.
        await shoot("desk-possible-opt-out", (140, 45), ["down", "down"])
        await shoot("supervisor", (140, 45), ["s"])
        # A refused reply ("x" to a number not opted in), then the timeline: Esc leaves the reply
        # box (which keeps a refused text), else "a" would be typed into it.
        await shoot("audit", (140, 45), ["down", "o", "t", "x", "enter", "escape", "a"])
        # At 80x24, working on the desk: the account list folded into its search box.
        await shoot("desk-80x24", (80, 24), ["down", "down", "escape"])
        await shoot("desk-light", (140, 45), ["down", "down"], theme="textual-light")
        # The consent diagram (d) for Sam's number, awaiting its PIN: the YES just highlighted.
        await shoot("consent-diagram", (140, 45), ["down", "o", "w", "phone:YES", "escape", "d"])
        # At 80x24 the diagram is the whole view: Darnell opted out, and what that refuses.
        await shoot("consent-diagram-80x24", (80, 24),
                    ["down", "down", "down", "down", "escape", "d"])


if __name__ == "__main__":
    asyncio.run(main())
