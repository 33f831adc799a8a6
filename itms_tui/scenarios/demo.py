"""The built-in demo world: what a scenario without `world:` runs on, and a new session starts from."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..data import DEMO_FILE
from .validate import load_world_file


@lru_cache(maxsize=1)
def load_demo_world() -> dict[str, Any]:
    """The demo world, validated, read once per process (callers must not change it)."""
    return load_world_file(DEMO_FILE)
