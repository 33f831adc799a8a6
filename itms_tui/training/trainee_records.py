"""Trainee records: who trains, and every attempt with its score and mistakes, kept in TinyDB.

The records live in their own store (`training.json` in the data folder, beside the session),
through the same crash-safe `Repository` as the simulated ITMS: one attempt is one durable write.

Tables:
  trainees  key: the name folded (`jane doe`) → {name (as first written), created}
  attempts  key: a zero-padded sequence number → {trainee (the key), course, exercise, scenario,
            score, pass_mark, passed, completed, hints, seconds, mistakes [...], at, and for
            an exam or a drill: mode, seed, sitting; for a drill: drill {texts, missed {kind:
            count}}}

`mode` is "practice" (left out in older records) or "exam": exam attempts are kept apart, so they
neither unlock exercises nor count in the practice figures. `seed` is what the attempt's variant
(or drill order) was drawn from, so a trainer can reproduce it; `sitting` groups the attempts of
one exam.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core.repository import ChangeSet, Repository
from ..store import open_repository
from .drill import DrillTally
from .grading import Grade
from .mistakes import Mistake

RECORDS_FILE = "training.json"
PRACTICE = "practice"
EXAM = "exam"
MODES = (PRACTICE, EXAM)
TRAINEES = "trainees"
ATTEMPTS = "attempts"
#: Longest trainee name accepted.
NAME_LIMIT = 60


class RecordsError(Exception):
    """A problem with the records the user can act on, in one line."""


def check_trainee_name(name: str) -> str | None:
    """Why `name` cannot name a trainee, or None when it can."""
    text = name.strip()
    if not text:
        return "the trainee's name is empty"
    if len(text) > NAME_LIMIT:
        return f"the trainee's name is longer than {NAME_LIMIT} characters"
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in text):
        return "the trainee's name contains control characters"
    return None


def trainee_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def default_records_path() -> Path:
    from ..session import data_dir

    return data_dir() / RECORDS_FILE


@dataclass(frozen=True)
class Attempt:
    seq: int
    trainee: str
    course: str | None
    exercise: str
    scenario: str
    score: int
    pass_mark: int
    passed: bool
    completed: bool
    hints: int
    seconds: float
    mistakes: tuple[Mistake, ...]
    #: Wall-clock time the attempt ended (UTC, ISO 8601).
    at: str
    mode: str = PRACTICE
    #: What the variant (or the drill's order) was drawn from.
    seed: int | None = None
    #: The exam sitting the attempt belongs to.
    sitting: str | None = None
    #: Times the trainee went back to a task's start (ctrl+z): retries within the attempt.
    rewinds: int = 0
    #: A recognition drill's attempt: the texts it asked and those missed, by kind.
    drill: DrillTally | None = None

    @classmethod
    def from_data(cls, seq: int, data: dict[str, Any]) -> Attempt:
        return cls(
            seq, str(data.get("trainee", "")), data.get("course"), str(data.get("exercise", "")),
            str(data.get("scenario", "")), int(data.get("score", 0)),
            int(data.get("pass_mark", 0)), bool(data.get("passed", False)),
            bool(data.get("completed", True)), int(data.get("hints", 0)),
            float(data.get("seconds", 0.0)),
            tuple(Mistake.from_data(m) for m in data.get("mistakes", []) if isinstance(m, dict)),
            str(data.get("at", "")),
            EXAM if data.get("mode") == EXAM else PRACTICE,
            int(data["seed"]) if data.get("seed") is not None else None,
            str(data["sitting"]) if data.get("sitting") is not None else None,
            int(data.get("rewinds", 0)),
            DrillTally.from_data(data["drill"]) if isinstance(data.get("drill"), dict) else None,
        )

    def to_data(self) -> dict[str, Any]:
        """The attempt as `from_data` reads it (what the records store)."""
        return {
            "trainee": self.trainee, "course": self.course, "exercise": self.exercise,
            "scenario": self.scenario, "score": self.score, "pass_mark": self.pass_mark,
            "passed": self.passed, "completed": self.completed, "hints": self.hints,
            "seconds": self.seconds, "mistakes": [m.to_data() for m in self.mistakes],
            "at": self.at, "rewinds": self.rewinds,
        } | _extras(self.mode, self.seed, self.sitting, self.drill)


class TraineeRecords:
    def __init__(self, repository: Repository, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._repository = repository
        self._clock = clock
        tables = repository.load()
        self._trainees: dict[str, dict[str, Any]] = dict(tables.get(TRAINEES, {}))
        self._attempts: dict[int, Attempt] = {}
        for key, data in tables.get(ATTEMPTS, {}).items():
            try:
                self._attempts[int(key)] = Attempt.from_data(int(key), data)
            except (TypeError, ValueError):
                raise RecordsError(f"the trainee records hold an attempt that cannot be read "
                                   f"({key!r})") from None

    @classmethod
    def open(cls, path: Path | None = None, **options: Any) -> TraineeRecords:
        """The records at `path` (default: training.json in the data folder), created if new."""
        return cls(open_repository(path if path is not None else default_records_path()),
                   **options)

    @classmethod
    def in_memory(cls, **options: Any) -> TraineeRecords:
        return cls(open_repository(None), **options)

    def close(self) -> None:
        self._repository.close()

    # -- trainees ---------------------------------------------------------------------------------

    def trainees(self) -> list[str]:
        """Every trainee's name, as first written, in the order they started."""
        return [data["name"] for data in self._trainees.values()]

    def name_of(self, name: str) -> str | None:
        data = self._trainees.get(trainee_key(name))
        return data["name"] if data else None

    def add_trainee(self, name: str) -> str:
        """Register `name` (or find it, whatever its case); the name as first written."""
        problem = check_trainee_name(name)
        if problem is not None:
            raise RecordsError(problem)
        key = trainee_key(name)
        if key not in self._trainees:
            record = {"name": name.strip(), "created": self._clock().isoformat()}
            changes = ChangeSet()
            changes.put(TRAINEES, key, record)
            self._repository.commit(changes)
            self._trainees[key] = record
        return self._trainees[key]["name"]

    # -- attempts ---------------------------------------------------------------------------------

    def add_attempt(self, trainee: str, course: str | None, exercise: str, scenario: str,
                    grade: Grade, *, mode: str = PRACTICE, seed: int | None = None,
                    sitting: str | None = None, drill: DrillTally | None = None) -> Attempt:
        self.add_trainee(trainee)
        seq = max(self._attempts, default=0) + 1
        data = {
            "trainee": trainee_key(trainee), "course": course, "exercise": exercise,
            "scenario": scenario, "score": grade.score, "pass_mark": grade.pass_mark,
            "passed": grade.passed, "completed": grade.completed, "hints": grade.hints,
            "seconds": round(grade.seconds, 1),
            "mistakes": [m.to_data() for m in grade.mistakes],
            "at": self._clock().isoformat(), "rewinds": grade.rewinds,
        } | _extras(mode, seed, sitting, drill)
        changes = ChangeSet()
        changes.put(ATTEMPTS, f"{seq:06d}", data)
        self._repository.commit(changes)
        attempt = Attempt.from_data(seq, data)
        self._attempts[seq] = attempt
        return attempt

    def attempts(self, trainee: str, course: str | None = ..., exercise: str | None = None,
                 *, mode: str = PRACTICE) -> list[Attempt]:  # type: ignore[assignment]
        """A trainee's attempts in `mode` (practice, unless told), oldest first; `course`
        (None: single exercises) and `exercise` narrow them down."""
        key = trainee_key(trainee)
        found = [a for _seq, a in sorted(self._attempts.items())
                 if a.trainee == key and a.mode == mode]
        if course is not ...:
            found = [a for a in found if a.course == course]
        if exercise is not None:
            found = [a for a in found if a.exercise == exercise]
        return found

    def exam_sittings(self, trainee: str, course: str | None = ...
                      ) -> list[list[Attempt]]:  # type: ignore[assignment]
        """A trainee's exams, oldest first: each the attempts of one sitting, in order."""
        sittings: dict[str, list[Attempt]] = {}
        for attempt in self.attempts(trainee, course, mode=EXAM):
            sittings.setdefault(attempt.sitting or str(attempt.seq), []).append(attempt)
        return list(sittings.values())

    def best(self, trainee: str, course: str | None, exercise: str) -> Attempt | None:
        attempts = self.attempts(trainee, course, exercise)
        return max(attempts, key=lambda a: (a.passed, a.score), default=None)

    def passed(self, trainee: str, course: str | None) -> set[str]:
        """The exercises of `course` the trainee has passed at least once."""
        return {a.exercise for a in self.attempts(trainee, course) if a.passed}


def _extras(mode: str, seed: int | None, sitting: str | None,
            drill: DrillTally | None) -> dict[str, Any]:
    """The keys only an exam or a drill writes (older records have none of them)."""
    extras: dict[str, Any] = {}
    if mode != PRACTICE:
        extras["mode"] = mode
    if seed is not None:
        extras["seed"] = seed
    if sitting is not None:
        extras["sitting"] = sitting
    if drill is not None:
        extras["drill"] = drill.to_data()
    return extras
