"""The recognition drill in the reports, apart from the exercises: each drill's attempts, best and
first-try score, and the texts missed by kind (`drill.TEXT_KINDS`: what the engine reads each text
as). The reports (`trainee_report.py`, `cohort.py`) render them; a drill's misreads count here,
not among the exercises' mistakes per rule.

A drill attempt is one the records mark as such (`Attempt.drill`), or, given a course, one whose
id is a drill of the course (attempts recorded before the records kept the tally).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .curriculum import Curriculum
from .drill import TEXT_KINDS
from .trainee_records import Attempt


def is_drill_attempt(attempt: Attempt, course: Curriculum | None = None) -> bool:
    return attempt.drill is not None or (course is not None and
                                         course.drill(attempt.exercise) is not None)


@dataclass(frozen=True)
class DrillSummary:
    """One drill for one trainee: its attempts, oldest first."""

    id: str
    title: str
    pass_mark: int | None
    attempts: tuple[Attempt, ...]

    @property
    def best(self) -> int | None:
        return max((a.score for a in self.attempts), default=None)

    @property
    def first_try(self) -> int | None:
        return self.attempts[0].score if self.attempts else None

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.attempts)

    @property
    def status(self) -> str:
        if self.passed:
            return "passed"
        return "not passed yet" if self.attempts else "not tried"

    @property
    def missed(self) -> tuple[tuple[str, int], ...]:
        """The texts missed over every attempt, by kind."""
        return missed_by_kind(self.attempts)


def missed_by_kind(attempts: tuple[Attempt, ...] | list[Attempt]) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    for attempt in attempts:
        if attempt.drill is not None:
            counts.update(dict(attempt.drill.missed))
    return tuple((kind, counts[kind]) for kind in TEXT_KINDS if counts[kind])


def missed_text(missed: tuple[tuple[str, int], ...]) -> str:
    """`2 opt-out emoji, 1 possible opt-out`, or `none`."""
    return ", ".join(f"{count} {kind}" for kind, count in missed) or "none"


def attempt_missed_text(attempt: Attempt) -> str:
    """`missed 3 of 39: 2 opt-out emoji, 1 possible opt-out` (what the record keeps)."""
    tally = attempt.drill
    if tally is None:
        return f"missed {len(attempt.mistakes)}"
    if not tally.missed:
        return f"none of {tally.texts} missed"
    return f"missed {tally.missed_count} of {tally.texts}: {missed_text(tally.missed)}"


def drill_summaries(attempts: list[Attempt], course: Curriculum | None) -> tuple[DrillSummary, ...]:
    """A trainee's drills: a course's every drill (tried or not), else each drill tried."""
    drills = [a for a in attempts if is_drill_attempt(a, course)]
    if course is not None:
        return tuple(DrillSummary(d.id, d.title, d.pass_mark,
                                  tuple(a for a in drills if a.exercise == d.id))
                     for d in course.drills)
    groups: dict[tuple[str, str], list[Attempt]] = {}
    for attempt in drills:
        groups.setdefault((attempt.course or "", attempt.exercise), []).append(attempt)
    return tuple(DrillSummary(key[1], mine[-1].scenario, mine[-1].pass_mark, tuple(mine))
                 for key, mine in sorted(groups.items()))
