"""The cohort report of a classroom: every trainee's attempts, from each one's folder.

Each trainee's records are locked by their app while they are connected, so each app also writes
its trainee's attempts to a file beside them (`ATTEMPTS_FILE`, rewritten after each attempt);
`classroom_records` reads those files into trainee records for `training.cohort.build_cohort`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..training.cohort import build_cohort, render_cohort_html
from ..training.curriculum import Curriculum
from ..core.repository import ChangeSet
from ..store import open_repository
from ..training.trainee_records import ATTEMPTS, TRAINEES, Attempt, TraineeRecords, trainee_key

#: A trainee's attempts, as their app last wrote them.
ATTEMPTS_FILE = "attempts.json"


def attempts_data(trainee: str, attempts: list[Attempt]) -> str:
    return json.dumps({"trainee": trainee, "attempts": [a.to_data() for a in attempts]})


def classroom_records(root: Path) -> TraineeRecords:
    """Every trainee under `root` with the attempts their app wrote, as trainee records held in
    memory (read-only use), so the cohort is built exactly as from a records file."""
    trainees: dict[str, dict[str, Any]] = {}
    attempts: dict[str, dict[str, Any]] = {}
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    for folder in folders:
        try:
            data: dict[str, Any] = json.loads((folder / ATTEMPTS_FILE).read_text("utf-8"))
            name = str(data["trainee"])
            found = [item for item in data["attempts"] if isinstance(item, dict)]
            for item in found:
                Attempt.from_data(0, item)  # readable, or the whole file is skipped
        except (OSError, ValueError, KeyError, TypeError):
            continue  # no attempt yet, or a file being replaced: the next refresh has it
        trainees.setdefault(trainee_key(name), {"name": name, "created": ""})
        for item in found:
            attempts[str(len(attempts))] = item
    changes = ChangeSet(puts={TRAINEES: trainees, ATTEMPTS: attempts})
    repository = open_repository(None)
    repository.commit(changes)
    return TraineeRecords(repository)


def cohort_html(root: Path, course: Curriculum | None) -> str:
    return render_cohort_html(build_cohort(classroom_records(root), course=course))
