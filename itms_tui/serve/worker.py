"""One trainee's app process in `itms-tui serve`, started before the trainee arrives.

The classroom keeps a few of these waiting (see `pool.py`): each has already imported the app and
read the course, then says WARM on stdout and waits for one line on stdin naming its trainee and
the browser's size. Only then does it open that trainee's session and run the app under Textual's
web driver (textual-serve's protocol on stdin/stdout). A session that cannot be opened (already
open in another tab, damaged) is said on one ERROR line instead, and the process ends.

    python -m itms_tui.serve.worker ROOT [COURSE]
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

WARM = b"__ITMS_WARM__\n"
ERROR = b"__ITMS_ERROR__ "
#: Exit status of a worker whose trainee could not start.
REFUSED = 2


def _read_line(fd: int) -> bytes:
    """One line from `fd`, read byte by byte: what follows it belongs to the web driver."""
    line = bytearray()
    while True:
        byte = os.read(fd, 1)
        if not byte or byte == b"\n":
            return bytes(line)
        line += byte


def _say_error(message: str) -> None:
    from ..inert import inert_line

    os.write(1, ERROR + inert_line(message).encode("utf-8") + b"\n")


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def preload(course_path: str | None):
    """Everything a trainee's start would otherwise import or read: returns the course."""
    from textual.drivers.web_driver import WebDriver  # noqa: F401

    from ..scenarios.demo import load_demo_world
    from ..session import open_session  # noqa: F401
    from ..ui.trainee.classroom import ClassroomApp  # noqa: F401
    from ..ui.factory import classroom_app  # noqa: F401
    from ..ui.screens.desk import DeskScreen  # noqa: F401
    from ..ui.trainee.progress import ProgressScreen  # noqa: F401

    if not course_path:
        return None
    from ..training.curriculum import load_curriculum

    return load_curriculum(course_path, demo_world=load_demo_world())


def run_trainee(root: Path, course, assignment: dict[str, Any]) -> int:
    from ..session import SessionError, WorldSource, open_session
    from ..store import StoreError, StoreLocked
    from ..training.trainee_records import RecordsError, TraineeRecords
    from ..training.trainee_report import build_report, render_html
    from ..ui.factory import classroom_app
    from .cohort import ATTEMPTS_FILE, attempts_data
    from .trainees import (RECORDS_FILE, REPORT_FILE, SESSION_FILE, STATUS_FILE, RefusedName,
                           trainee_folder)

    name = str(assignment.get("trainee", ""))
    try:
        folder = trainee_folder(root, name)
        folder.mkdir(parents=True, exist_ok=True)
    except RefusedName as refused:
        _say_error(str(refused))
        return REFUSED
    except OSError as error:
        _say_error(f"cannot create the trainee's folder: {error.strerror or error}")
        return REFUSED
    os.environ["COLUMNS"] = str(assignment.get("width", 80))
    os.environ["ROWS"] = str(assignment.get("height", 24))
    try:
        service = open_session(folder / SESSION_FILE, WorldSource.demo())
    except StoreLocked:
        _say_error(f"{name} is already open in another tab")
        return REFUSED
    except (SessionError, StoreError) as error:
        _say_error(str(error))
        return REFUSED
    try:
        records = TraineeRecords.open(folder / RECORDS_FILE)
    except StoreLocked:
        service.close()
        _say_error(f"{name}'s training records are open in another tab")
        return REFUSED
    except (StoreError, RecordsError) as error:
        service.close()
        _say_error(str(error))
        return REFUSED
    try:
        trainee = records.add_trainee(name)

        def publish(status: dict[str, Any]) -> None:
            try:
                _write_atomically(folder / STATUS_FILE, json.dumps(status))
                if status.get("graded") or not (folder / REPORT_FILE).exists():
                    report = build_report(records, trainee, course=course)
                    _write_atomically(folder / REPORT_FILE, render_html(report))
                    _write_atomically(folder / ATTEMPTS_FILE,
                                      attempts_data(trainee, records.attempts(trainee)))
            except OSError:
                pass  # the trainer's page shows the last status written; the desk goes on

        app = classroom_app(service, course=course, records=records, trainee=trainee,
                            on_status=publish)
        app.run()
    finally:
        records.close()
        service.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0])
    course = preload(args[1] if len(args) > 1 else None)
    os.write(1, WARM)
    line = _read_line(0)
    if not line:  # the classroom closed before a trainee came
        return 0
    try:
        assignment = json.loads(line)
    except ValueError:
        _say_error("the classroom sent an assignment that cannot be read")
        return REFUSED
    return run_trainee(root, course, assignment)


if __name__ == "__main__":
    sys.exit(main())
