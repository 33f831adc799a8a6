"""Fixtures of the UI tests (the helpers they share are in support.py).

- `async def` tests run on a fresh event loop each (the hook is in tests/conftest.py).
- Every test gets the fixed PIN 4821 (tests/conftest.py) and an Input cursor that never blinks,
  so screens and snapshots are the same on every run. The simulated clock only moves when a test says so.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from itms_tui.ui.app import ItmsApp
from tests.support.ui import make_app


# -- determinism (the fixed PIN 4821 is tests/conftest.py's) ------------------------------------

@pytest.fixture
def toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every toast stays until it is dismissed: a toast times out by the wall clock, so on a busy
    machine it could be gone before a snapshot that shows it is taken."""
    from itms_tui.ui.app import ItmsApp

    notify = ItmsApp.notify

    def lasting(self, *args, timeout=None, **kwargs):
        return notify(self, *args, timeout=3600, **kwargs)

    monkeypatch.setattr(ItmsApp, "notify", lasting)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text box's cursor stays drawn: a blink would make screenshots depend on timing."""
    built = Input.__init__

    def steady(self: Input, *args, **kwargs) -> None:
        built(self, *args, **kwargs)
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", steady)


@pytest.fixture
def app() -> ItmsApp:
    """The app on the demo world, at 10:00 Eastern on Monday 2 March 2026."""
    return make_app()
