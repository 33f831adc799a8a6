"""Files shipped with the package; their paths live here so that no module spells them twice."""

from __future__ import annotations

from pathlib import Path

#: The built-in demo world, and the steps that fill a new session's inbox.
# A plain path: the package is installed as plain files (see pyproject's package-data), and
# importlib.resources would cost more to import than reading the file does.
DEMO_FILE = Path(__file__).resolve().parent / "demo.yaml"
