"""Exam results for the reports, apart from practice: each sitting of a trainee (when, the seed
that reproduces it, each exercise's score against its pass mark, passed or not). The reports
(`trainee_report.py`, `cohort.py`) render them."""

from __future__ import annotations

from dataclasses import dataclass

from .trainee_records import Attempt, TraineeRecords


@dataclass(frozen=True)
class ExamSitting:
    trainee: str
    #: What `train --exam … --seed N` takes to set the same variants again.
    seed: int | None
    at: str
    attempts: tuple[Attempt, ...]
    #: How many exercises the course has (a sitting may have been left before the end).
    total: int

    @property
    def passed_count(self) -> int:
        return sum(1 for a in self.attempts if a.passed)

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.passed_count == self.total

    @property
    def rewinds(self) -> int:
        """Times the trainee went back to a task's start (ctrl+z) over the sitting."""
        return sum(a.rewinds for a in self.attempts)

    @property
    def verdict(self) -> str:
        return "passed" if self.passed else "not passed"


def exam_sittings(records: TraineeRecords, trainee: str, course: str | None,
                  total: int | None = None) -> tuple[ExamSitting, ...]:
    """`trainee`'s exams on `course`, oldest first."""
    name = records.name_of(trainee) or trainee
    out = []
    for attempts in records.exam_sittings(name, course):
        out.append(ExamSitting(name, attempts[0].seed, attempts[-1].at, tuple(attempts),
                               total if total is not None else len(attempts)))
    return tuple(out)


def cohort_exams(records: TraineeRecords, course: str | None,
                 total: int | None = None) -> tuple[ExamSitting, ...]:
    """Every trainee's exams, trainee by trainee."""
    return tuple(sitting for name in records.trainees()
                 for sitting in exam_sittings(records, name, course, total))
