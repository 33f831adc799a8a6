"""`itms-tui` without a subcommand: the desk, on the saved session or a new one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..inert import inert
from . import train
from .common import INVALID, OK, PROG, complain, complain_all


def cmd_app(args: argparse.Namespace) -> int:
    """`itms-tui`: the app, on the saved session or a new one from the demo or --world."""
    from ..session import SessionError, WorldSource, default_db, open_session, session_exists
    from ..store import StoreError

    db = Path(args.db).expanduser() if args.db else default_db()
    source = WorldSource.file(Path(args.world)) if args.world else WorldSource.demo()
    if args.setup:
        source = _set_up(Path(args.setup))
        if source is None:
            return INVALID
    if args.fresh and session_exists(db) and not args.yes and not _confirm_fresh(db):
        return INVALID
    try:
        service = open_session(db, source, fresh=args.fresh)
    except (SessionError, StoreError) as error:
        complain(f"{PROG}: {error}")
        return INVALID
    from ..ui.app import TRAIN
    from ..ui.factory import desk_app

    try:
        while desk_app(service).run() == TRAIN:  # ctrl+t: the course, then back to the desk
            _train_from_the_app()
    finally:
        service.close()
    return OK


def _set_up(path: Path):
    """`--setup FILE`: the world its action steps build, or None once the problem is said (a bad
    file as `file:line:col: message`; nothing is created)."""
    from ..scenarios import ScenarioInvalid
    from ..scenarios.setup import SetupFailed, set_up_world
    from ..session import WorldSource

    try:
        return WorldSource.set_up(path, set_up_world(path))
    except ScenarioInvalid as invalid:
        complain_all(invalid.errors)
    except SetupFailed as error:
        complain(f"{PROG}: --setup {error}", one_line=True)
    return None


def _confirm_fresh(db: Path) -> bool:
    """Ask before setting a saved session aside; without a terminal to ask on, say how."""
    if not sys.stdin.isatty():
        complain(f"{PROG}: a saved session exists at {db}; --fresh needs a yes: run it in a "
                 "terminal, or add --yes")
        return False
    answer = input(inert(f"A saved session exists at {db}.\nStart over? The old one is kept as "
                         f"{db}.previous [y/N] "))
    return answer.strip().casefold() in ("y", "yes")


def _train_from_the_app() -> None:
    from ..session import library_path

    library = library_path()
    if library is None:
        return
    course = argparse.Namespace(path=str(library / "curriculum.yaml"), trainee=None,
                                no_coach=False, records=None)
    if train.train_course(course, Path(course.path)) != OK:
        input("The course could not open (see above). Press Enter to go back to the desk. ")
