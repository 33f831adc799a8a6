"""The store fixture: every store test runs on the memory store and on the TinyDB one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from itms_tui.store import MemoryRepository, TinyDBRepository
from tests.support.store import StoreUnderTest


@pytest.fixture(params=["memory", "tinydb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreUnderTest]:
    if request.param == "memory":
        under_test = StoreUnderTest(MemoryRepository(), None)
    else:
        path = tmp_path / "itms.json"
        under_test = StoreUnderTest(TinyDBRepository(path), path)
    yield under_test
    under_test.repo.close()
