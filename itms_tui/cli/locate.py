"""`itms-tui locate`: where itms-tui keeps its data."""

from __future__ import annotations

import argparse

from .common import OK, say


def cmd_locate(args: argparse.Namespace) -> int:
    """Where itms-tui keeps things."""
    from ..data import DEMO_FILE
    from ..scenarios.schema import SCHEMA_ID
    from ..session import DATA_DIR_VARIABLE, data_dir, default_db, library_path
    from ..training.trainee_records import default_records_path

    db = default_db()
    library = library_path()
    rows = [
        ("data", f"{data_dir()}  (set {DATA_DIR_VARIABLE} to use another folder)"),
        ("session", f"{db}{'' if db.exists() else '  (none saved yet)'}"),
        ("journal", f"{db}.journal"),
        ("training", f"{default_records_path()}  (trainee records)"),
        ("demo world", str(DEMO_FILE)),
        ("scenarios", str(library) if library else "not installed with the package: see the README"),
        ("schema", SCHEMA_ID),
    ]
    for name, where in rows:
        say(f"{name:<11} {where}")
    return OK
