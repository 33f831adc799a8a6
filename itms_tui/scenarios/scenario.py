"""A loaded, validated scenario: what the runner executes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.clock import format_duration
from .errors import Position


@dataclass(frozen=True)
class Step:
    """One step, its values read, checked and resolved.

    `action` is what the step's first key says: the action name for `agent`/`supervisor`, the
    text for `consumer`, a `timedelta` for `advance`, the settings mapping for `set`, the fault
    kind for `fault`, the expectation kind for `expect`.

    `args` holds every other key but `expect_error`, `note`, `task` and `hint`, resolved: phones in E.164 (except the phone
    of `agent: add_phone`, kept as written), durations as `timedelta`, `count` as `int`, `amount`
    as `Decimal`, and the keys left out filled in — `account`/`phone`/`to`/`from` from earlier
    steps or the world (listed in `defaulted`), `count`/`direction`/`status` of a fault from their
    defaults. Values under test are kept as written: `code: "{pin}"` stays `"{pin}"`.
    """

    kind: str
    action: Any
    args: dict[str, Any]
    expect_error: str | None
    #: Where the step starts (its first key; for `- *alias`, the alias).
    position: Position
    #: Where each key written in the step is, the kind's key included.
    key_positions: dict[str, Position] = field(default_factory=dict)
    #: Keys filled in from earlier steps or the world, not written in the step.
    defaulted: frozenset[str] = frozenset()
    #: Trainee mode: what the trainee is asked to do (`task:`), and the hint (`hint:`), as
    #: written; None when the file leaves them out (the trainee mode derives a task).
    task: str | None = None
    hint: str | None = None
    #: A caption (`note:`) shown when the step is played and written into transcripts.
    note: str | None = None

    @property
    def file(self) -> str:
        return self.position.file

    @property
    def line(self) -> int:
        return self.position.line

    @property
    def col(self) -> int:
        return self.position.col

    def label(self) -> str:
        """The step in a few words: `agent: send_text`, `consumer: 'YES'`, `advance: 1h30m`."""
        if self.kind == "consumer":
            return f"consumer: {self.action!r}"
        if self.kind == "advance":
            return f"advance: {format_duration(self.action)}"
        return f"{self.kind}: {self.action}"


@dataclass(frozen=True)
class Scenario:
    path: Path
    name: str
    description: str
    tags: tuple[str, ...]
    #: The validated `world:` as plain data (see `validate.load_world_file`), or None when the
    #: file has none and runs on the built-in demo world.
    world: dict[str, Any] | None
    steps: tuple[Step, ...]
    #: Trainee mode: what the exercise teaches (`objective:`, "" when left out) and the score
    #: that passes it (`pass_mark:`, None when left out).
    objective: str = ""
    pass_mark: int | None = None
