"""Fixtures of the engine tests: a fresh service on the shared small world (tests.support.worlds.engine_world)."""

from __future__ import annotations

import pytest

from itms_tui.core.service import ItmsService
from tests.support.engine import make_service


@pytest.fixture
def svc() -> ItmsService:
    return make_service()
