"""Fixtures of the engine tests: a fresh service on the shared small world (see engine_support)."""

from __future__ import annotations

import pytest

from engine_support import make_service
from itms_tui.core.service import ItmsService


@pytest.fixture
def svc() -> ItmsService:
    return make_service()
