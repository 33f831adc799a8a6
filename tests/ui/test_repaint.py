"""The desk re-renders on every engine event: what did not change is not repainted.

A pane repainted is every widget inside it composited again, and a refilled option list is the
whole screen laid out again; at 140x45 that was most of the cost of each step of a scenario."""

from __future__ import annotations

from textual.widget import Widget

from itms_tui.ui.screens.desk import DeskScreen
from tests.support.ui import SIZE, open_account

PANES = ("accounts", "inbox", "summary", "record", "conversation", "phone",
         "account-options", "inbox-options", "phone-options")


def record_refreshes(monkeypatch) -> list[str]:
    """The ids of the desk's panes and lists, each time one asks to be repainted."""
    refreshed: list[str] = []
    refresh = Widget.refresh

    def recorded(self, *regions, **kwargs):
        if self.id in PANES:
            refreshed.append(self.id)
        return refresh(self, *regions, **kwargs)

    monkeypatch.setattr(Widget, "refresh", recorded)
    return refreshed


async def test_drawing_the_desk_again_unchanged_repaints_no_pane(app, monkeypatch):
    refreshed = record_refreshes(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        await open_account(pilot, "1003")
        await pilot.pause()

        refreshed.clear()
        desk.render_all()  # as after an engine event that changed nothing shown
        await pilot.pause()
        assert refreshed == []


async def test_a_clock_tick_repaints_only_what_shows_the_time(app, monkeypatch):
    refreshed = record_refreshes(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1003")
        await pilot.pause()

        refreshed.clear()
        await pilot.press("full_stop")  # +1 minute: the clock and the record's PIN line move
        await pilot.pause()
        assert set(refreshed) <= {"record"}, refreshed
