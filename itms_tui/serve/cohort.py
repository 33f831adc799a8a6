"""The cohort report of a classroom: every trainee's attempts, from each one's folder.

Each trainee's records are locked by their app while they are connected, so each app also writes
its trainee's attempts to a file beside them (`ATTEMPTS_FILE`, rewritten after each attempt);
`ClassroomRecords` reads those files the way `training.cohort.build_cohort` reads records.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..training.cohort import build_cohort, render_cohort_html
from ..training.curriculum import Curriculum
from ..training.trainee_records import Attempt, trainee_key

#: A trainee's attempts, as their app last wrote them.
ATTEMPTS_FILE = "attempts.json"


def attempts_data(trainee: str, attempts: list[Attempt]) -> str:
    return json.dumps({"trainee": trainee, "attempts": [a.to_data() for a in attempts]})


class ClassroomRecords:
    """Every trainee under `root` with the attempts their app wrote (read-only)."""

    def __init__(self, root: Path) -> None:
        self._names: dict[str, str] = {}
        self._attempts: list[Attempt] = []
        folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
        for folder in folders:
            try:
                data: dict[str, Any] = json.loads((folder / ATTEMPTS_FILE).read_text("utf-8"))
                name = str(data["trainee"])
                found = [Attempt.from_data(len(self._attempts) + n, item)
                         for n, item in enumerate(data["attempts"]) if isinstance(item, dict)]
            except (OSError, ValueError, KeyError, TypeError):
                continue  # no attempt yet, or a file being replaced: the next refresh has it
            self._names.setdefault(trainee_key(name), name)
            self._attempts.extend(found)

    def trainees(self) -> list[str]:
        return list(self._names.values())

    def attempts(self, trainee: str, course: str | None = ..., exercise: str | None = None
                 ) -> list[Attempt]:  # type: ignore[assignment]
        key = trainee_key(trainee)
        return [a for a in self._attempts if a.trainee == key
                and (course is ... or a.course == course)
                and (exercise is None or a.exercise == exercise)]


def cohort_html(root: Path, course: Curriculum | None) -> str:
    return render_cohort_html(build_cohort(ClassroomRecords(root), course=course))  # type: ignore[arg-type]
