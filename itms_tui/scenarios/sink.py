"""The error sink: where reading a file records its problems, and how a problem is worded.

Every value type reads through a `ProblemSink`: it records each problem with its position and
returns `INVALID`, so that one reading reports every problem of a file, not the first.
"""

from __future__ import annotations

import difflib
from typing import Any

from .errors import Position, ScenarioError
from .yamlnodes import Node


class _Invalid:
    """Returned by a reader for a value it refused (the problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()
#: "No default": a key left out stays out.
MISSING: Any = object()



def quote(text: str, limit: int = 60) -> str:
    """`text` quoted for a message, cut short when long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def suggest(word: str, choices: Any) -> str | None:
    """The known name `word` was probably meant to be, if any is close."""
    by_lower = {choice.lower(): choice for choice in choices}
    lower = word.lower()
    for candidate in (lower, lower.replace("-", "_").replace(" ", "_"), lower.replace("_", "")):
        if candidate in by_lower:
            return by_lower[candidate]
    close = difflib.get_close_matches(lower, list(by_lower), n=1, cutoff=0.6)
    if close:
        return by_lower[close[0]]
    starting = [choice for low, choice in by_lower.items() if len(lower) >= 3
                and low.startswith(lower)]
    return starting[0] if len(starting) == 1 else None


def did_you_mean(word: str, choices: Any) -> str:
    match = suggest(word, choices)
    return f" (did you mean {match!r}?)" if match is not None else ""


def a_or_an(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


class ProblemSink:
    """Where reading one file records its problems; value types read through it.

    The scenario reader (`validate.Reader`) adds the steps and their defaults; a curriculum is
    read with this one alone."""

    def __init__(self, file: str, *, region: str = "US") -> None:
        self.file = file
        self.region = region
        self.errors: list[ScenarioError] = []
        #: The file's validated world, INVALID when it has problems, None when it has none.
        self.world: Any = None

    def error(self, node: Node, message: str) -> None:
        self.errors.append(ScenarioError(self.file, node.line, node.col, message))

    def pos(self, node: Node) -> Position:
        return _new_tuple(Position, (self.file, node.line, node.col))

    def note_world(self, world: Any) -> None:
        self.world = world

    def read_steps(self, node: Node) -> Any:
        """The `steps:` of a scenario: only a scenario reader knows them."""
        self.error(node, "'steps' belong in a scenario file")
        return INVALID


_new_tuple = tuple.__new__  # Position(...) without the Python-level __new__ of a NamedTuple
