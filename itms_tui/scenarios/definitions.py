"""What a scenario file may say, defined once: the file's top-level record.

The definitions live in one module per part of the file, each importing only those before it:
`sink` (where problems are recorded, and how they are worded), `value_types` (texts, choices,
numbers, phones, records, lists), `setting_types` (`settings:`), `world_type` (`world:`) and
`step_kinds` (`steps:`, with the table of every step kind). The validator (`validate.py`) reads
files with them, and the JSON Schema (`schema.py`) is generated from the very same objects, so the
two cannot drift apart. Every closed list comes from `itms_tui.core`, never from a copy.
"""

from __future__ import annotations

from .step_kinds import Steps
from .value_types import Field, ListOf, Record, Text, WholeNumber
from .world_type import WORLD

SCENARIO = Record({
    "name": Field(Text(nonempty=True), required=True),
    "description": Field(Text(), default=""),
    "tags": Field(ListOf(Text(nonempty=True), items_name="tags"), default=[]),
    "objective": Field(Text(nonempty=True, empty_message="the objective is empty: leave the "
                                                         "key out instead"),
                       default="",
                       description="trainee mode: what the exercise teaches, shown on the task card"),
    "pass_mark": Field(WholeNumber(minimum=0, maximum=100), default=None,
                       description="trainee mode: the score (0-100) that passes the exercise "
                                   "(default 80, or the curriculum's)"),
    "world": Field(WORLD, default=None,
                   description="the starting world; omitted: the built-in demo world"),
    "steps": Field(Steps(), required=True),
})
