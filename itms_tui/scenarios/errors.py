"""Problems found in a scenario file, each placed at `file:line:col` (1-based)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Position(NamedTuple):
    """Where something is written: file name, 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class ScenarioError:
    file: str
    line: int
    col: int
    message: str

    @property
    def position(self) -> Position:
        return Position(self.file, self.line, self.col)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class ScenarioInvalid(Exception):
    """A scenario (or world) file that cannot be used; `errors` lists every problem found."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        self.errors = sorted(set(errors), key=lambda e: (e.file, e.line, e.col, e.message))
        super().__init__("\n".join(str(error) for error in self.errors))
