from __future__ import annotations

import pytest
from tests.support.training import PIN


@pytest.fixture(autouse=True)
def fixed_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every PIN drawn in these tests is 4821."""
    monkeypatch.setattr("itms_tui.core.service.draw_pin", lambda length: PIN[:length].ljust(length, "0"))
