"""Which names may join a classroom, and where each trainee's data lives under the root.

A trainee's folder is named after the slug of their name (`Pat Lee` → `pat-lee`), so names that
differ only in case, spacing or punctuation are the same trainee, and no name can reach outside the
root: the slug has letters, digits and hyphens only.
"""

from __future__ import annotations

from pathlib import Path

from ..training.trainee_records import check_trainee_name
from ..training.trainee_report import slug

SESSION_FILE = "session.json"
RECORDS_FILE = "training.json"
#: Where a trainee's app writes what the trainer's page shows (see `ClassroomApp.publish_status`).
STATUS_FILE = "classroom.json"
#: The trainee's training report, rewritten after each attempt.
REPORT_FILE = "report.html"


class RefusedName(ValueError):
    """A name that cannot join the classroom; the message says why."""


def folder_name(name: str) -> str:
    """The trainee's folder name under the root, or RefusedName saying why `name` cannot join."""
    problem = check_trainee_name(name)
    if problem is not None:
        raise RefusedName(problem)
    if "/" in name or "\\" in name:
        raise RefusedName("a trainee's name cannot contain / or \\")
    if not any(char.isalnum() for char in name):
        raise RefusedName("the trainee's name needs a letter or a digit")
    return slug(name.strip())


def trainee_folder(root: Path, name: str) -> Path:
    """`root/<folder name>`: the trainee's own data folder (not created here)."""
    return root / folder_name(name)
