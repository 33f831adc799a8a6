"""The JSON Schema of scenario files, generated from the tables the validator reads files with.

For editors (yaml-language-server: `# yaml-language-server: $schema=…`). The validator stays the
judge: the schema cannot say that a step's kind is its *first* key, that a phone number is valid,
that an account names a known client, or that defaults can be resolved. Values the validator reads
as written (`consumer: YES`, `code: 0123`) are allowed as strings, numbers or booleans, since an
editor reading YAML 1.2 sees `0123` as a number.
"""

from __future__ import annotations

from typing import Any

from .definitions import SCENARIO
from .setting_types import SettingsType
from .step_kinds import Steps
from .value_types import CHOICES

SCHEMA_ID = "https://itms-tui.example/schemas/scenario-v1.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema() -> dict[str, Any]:
    body = SCENARIO.schema()
    defs: dict[str, Any] = {name: choice.definition() for name, choice in CHOICES.items()}
    defs["settings"] = SettingsType.definition()
    defs["step"] = Steps.definition()
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "itms-tui scenario",
        "description": "One scripted ITMS scenario: a name, an optional starting world, and steps "
                       "(SPEC.md section 7).",
        **body,
        "$defs": defs,
    }
