"""Where a session lives and how it is opened: the user's data dir, a chosen file, or memory.

A session is one simulated world persisted in one store. The app opens the saved session if
there is one; otherwise it seeds a new one from the built-in demo world or a scenario's
`world:`. Nothing here ever overwrites a user's data: a damaged store is reported and left,
and `--fresh` keeps the previous session beside the new one.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .core.clock import ClockRangeError
from .core.service import ItmsService
from .core.settings import SettingError
from .core.world import World, build_world
from .data import DEMO_FILE
from .store import open_repository

APP_NAME = "itms-tui"
#: Overrides the data directory (tests and demos use it so they never touch the real one).
DATA_DIR_VARIABLE = "ITMS_TUI_DATA"
SESSION_FILE = "session.json"
_STORE_SUFFIXES = ("", ".journal")


class SessionError(Exception):
    """A problem the user can act on, said in one line."""


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override) if override else platformdirs.user_data_path(APP_NAME)


def default_db() -> Path:
    return data_dir() / SESSION_FILE


def library_path() -> Path | None:
    """The scenario library, when running from a checkout (it is not installed with the package)."""
    candidate = Path(__file__).resolve().parent.parent / "scenarios"
    return candidate if candidate.is_dir() else None


def session_exists(db: Path) -> bool:
    return any(Path(f"{db}{suffix}").exists() for suffix in _STORE_SUFFIXES)


def set_aside(db: Path) -> Path:
    """Move a saved session out of the way (for --fresh), keeping it as `<db>.previous`."""
    kept = Path(f"{db}.previous")
    for suffix in _STORE_SUFFIXES:
        source = Path(f"{db}{suffix}")
        if source.exists():
            shutil.move(source, Path(f"{kept}{suffix}"))
    return kept


@dataclass(frozen=True)
class WorldSource:
    """What a new session starts from: a scenario file's `world:` (the demo by default)."""

    path: Path
    seed_steps: bool  # the demo also replays its steps, so the inbox has texts waiting
    #: A world already built from the file (`--setup`: its action steps applied).
    prepared: World | None = None

    @classmethod
    def demo(cls) -> WorldSource:
        return cls(DEMO_FILE, seed_steps=True)

    @classmethod
    def file(cls, path: Path) -> WorldSource:
        return cls(path, seed_steps=False)

    @classmethod
    def set_up(cls, path: Path, world: World) -> WorldSource:
        """`--setup FILE`: the world its action steps built (see scenarios/setup.py)."""
        return cls(path, seed_steps=False, prepared=world)


def load_world(source: WorldSource) -> dict:
    """The validated world `source` names (the demo's is read once per process)."""
    from .scenarios import ScenarioInvalid, load_world_file
    from .scenarios.demo import load_demo_world

    try:
        return load_demo_world() if source.path == DEMO_FILE else load_world_file(source.path)
    except ScenarioInvalid as invalid:
        raise SessionError("\n".join(str(error) for error in invalid.errors)) from None
    except OSError as error:
        raise SessionError(f"{source.path}: {error.strerror or error}") from None


def seed(service: ItmsService, source: WorldSource) -> None:
    """Replay the demo's steps into a new session, exactly as `itms-tui run` would."""
    if not source.seed_steps:
        return
    from .scenarios import load_scenario
    from .scenarios.runner import ScenarioRun

    scenario = load_scenario(source.path)
    run = ScenarioRun(scenario, service)
    for step in scenario.steps:
        outcome = run.execute(step)
        if not outcome.passed:
            raise SessionError(f"the demo world did not load: {outcome.message}")


def open_session(db: Path | None, source: WorldSource, *, fresh: bool = False) -> ItmsService:
    """Open the saved session at `db` (None: in memory), or start one from `source`."""
    if db is not None and fresh and session_exists(db):
        set_aside(db)
    # A bad world file must be reported before a new store is created for it; a saved session
    # is resumed without reading the world at all (it is in the store).
    world = (load_world(source) if source.prepared is None and (db is None or not session_exists(db))
             else None)
    repository = open_repository(db)
    try:
        service = ItmsService.open(
            repository, seed=lambda: source.prepared if source.prepared is not None
            else build_world(world if world is not None else load_world(source)))
        if service.resumed and source.path != DEMO_FILE:
            raise SessionError(
                f"{db} already holds a saved session: add --fresh to start over from "
                f"{source.path} (the old one is kept as {db}.previous), or pick another --db"
            )
        if not service.resumed:
            seed(service, source)
        return service
    except (ClockRangeError, SettingError) as error:  # saved before the clock was bounded
        repository.close()
        raise SessionError(f"{db}: the saved session cannot be resumed: {error}; start over "
                           "with --fresh (the old session is kept)") from None
    except BaseException:
        repository.close()
        raise
