"""`itms-tui` without a subcommand: the desk, on the saved session or a new one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..inert import inert
from .common import INVALID, OK, PROG, START_OVER, complain, complain_all, say, store_problem


def cmd_app(args: argparse.Namespace) -> int:
    """`itms-tui`: the app, on the saved session or a new one from the demo or --world."""
    from ..session import FreshStart, SessionError, WorldSource, default_db, open_session
    from ..store import StoreError

    db = Path(args.db).expanduser() if args.db else default_db()
    source = WorldSource.file(Path(args.world)) if args.world else WorldSource.demo()
    if args.setup:
        source = _set_up(Path(args.setup))
        if source is None:
            return INVALID
    try:
        # The lock comes first: a session another itms-tui has open is refused before the
        # question, and nothing moves until the answer.
        claim = FreshStart.claim(db) if args.fresh else None
        if claim is not None and not args.yes and not _confirm_fresh(claim):
            claim.cancel()
            return INVALID
        service = open_session(db, source, fresh=claim)
    except (SessionError, StoreError) as error:
        complain(f"{PROG}: {store_problem(error, START_OVER)}")
        return INVALID
    if claim is not None:
        say(f"{PROG}: the previous session is kept as {claim.kept}")
    from ..session import data_dir
    from ..ui.app import TRAIN
    from ..ui.factory import desk_app
    from ..ui.preferences import PREFERENCES_FILE, Preferences

    preferences = Preferences.load(data_dir() / PREFERENCES_FILE, db)
    try:
        while desk_app(service, preferences=preferences).run() == TRAIN:  # ctrl+t: the course, then back to the desk
            _train_from_the_app()
    finally:
        problem = _close(service)
    if problem:
        complain(f"{PROG}: {problem}")
        return INVALID
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


def _close(service) -> str | None:
    """Close the session; what went wrong with saving it during the run or now, if anything."""
    from ..store import StoreError

    try:
        service.close()
    except StoreError as error:
        return str(error)
    return service.save_failure


def _confirm_fresh(claim) -> bool:
    """Ask before setting a saved session aside; without a terminal to ask on, say how."""
    if not sys.stdin.isatty():
        complain(f"{PROG}: a saved session exists at {claim.db}; --fresh needs a yes: run it in a "
                 f"terminal, or add --yes (the old one will be kept as {claim.kept})")
        return False
    answer = input(inert(f"A saved session exists at {claim.db}.\nStart over? The old one will "
                         f"be kept as {claim.kept} [y/N] "))
    return answer.strip().casefold() in ("y", "yes")


def _train_from_the_app() -> None:
    from ..session import library_path
    from . import train

    library = library_path()
    if library is None:
        return
    course = argparse.Namespace(path=str(library / "curriculum.yaml"), trainee=None,
                                no_coach=False, records=None)
    if train.train_course(course, Path(course.path)) != OK:
        input("The course could not open (see above). Press Enter to go back to the desk. ")
