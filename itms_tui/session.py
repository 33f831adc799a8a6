"""Where a session lives and how it is opened: the user's data dir, a chosen file, or memory.

A session is one simulated world persisted in one store. The app opens the saved session if
there is one; otherwise it seeds a new one from the built-in demo world or a scenario's
`world:`. Nothing here ever overwrites a user's data: a damaged store is reported and left,
and `--fresh` keeps the previous session beside the new one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .core.changes import ActionNotSaved
from .core.clock import ClockRangeError
from .core.integrity import DamagedRecord
from .core.service import ItmsService
from .core.settings import SettingError
from .core.world import World, build_world
from .data import DEMO_FILE
from .store import DATA_SUFFIXES, StoreUnavailable, open_repository, store_exists
from .store.lock import StoreLock

APP_NAME = "itms-tui"
#: Overrides the data directory (tests and demos use it so they never touch the real one).
DATA_DIR_VARIABLE = "ITMS_TUI_DATA"
SESSION_FILE = "session.json"


class SessionError(Exception):
    """A problem the user can act on, said in one line."""


class SessionDamaged(SessionError):
    """A saved record cannot be read back; the file was left as it is (what else to do is the
    command's to say: cli/common.py, `store_problem`)."""


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
    return store_exists(db)


def kept_copy_path(db: Path) -> Path:
    """Where `--fresh` would keep the session at `db`: `<db>.previous`, or `<db>.previous-2`,
    `-3`… when that is taken, so no kept copy is ever overwritten."""
    number = 1
    while True:
        kept = Path(f"{db}.previous" if number == 1 else f"{db}.previous-{number}")
        if not any(Path(f"{kept}{suffix}").exists() for suffix in (*DATA_SUFFIXES, ".lock")):
            return kept
        number += 1


@dataclass
class FreshStart:
    """A saved session about to be set aside for a new one (`--fresh`).

    Claiming takes the session's lock, so a session another itms-tui has open is refused before
    anything moves, and nothing else can open it between the question and the move.
    """

    db: Path
    kept: Path
    lock: StoreLock

    @classmethod
    def claim(cls, db: Path) -> FreshStart | None:
        """None when there is no saved session; raises StoreLocked if another itms-tui has it."""
        if not session_exists(db):
            return None
        lock = StoreLock(db)
        try:
            lock.acquire()
        except OSError as error:
            raise StoreUnavailable(db, error) from None
        return cls(db, kept_copy_path(db), lock)

    def cancel(self) -> None:
        self.lock.release()

    def set_aside(self) -> Path:
        """Move the session's files to `kept` (the snapshot first: a kill between the two moves
        leaves a journal that opening reports as newer than its snapshot, never a silent loss)."""
        for suffix in DATA_SUFFIXES:
            source, target = Path(f"{self.db}{suffix}"), Path(f"{self.kept}{suffix}")
            if not source.exists():
                continue
            if target.exists():
                raise SessionError(f"{target} already exists: it was not overwritten")
            try:
                os.rename(source, target)
            except OSError as error:
                raise SessionError(
                    f"{source} could not be moved to {target} ({error.strerror or error})"
                ) from None
        return self.kept


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
    """Replay the demo's steps into a new session, exactly as `itms-tui run` would (on the
    session still in memory: it is saved as a whole once built)."""
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


def open_session(db: Path | None, source: WorldSource, *,
                 fresh: bool | FreshStart | None = False) -> ItmsService:
    """Open the saved session at `db` (None: in memory), or start one from `source`.

    `fresh` sets the saved session aside first (a FreshStart the caller claimed, or True to
    claim it here). A store the session cannot be read from is reported as SessionError or
    StoreError naming the file, and left exactly as it was.
    """
    def new_world() -> World:
        if source.prepared is not None:
            return source.prepared
        return build_world(world if world is not None else load_world(source))

    world = None
    if db is None:
        return ItmsService.open(open_repository(None), seed=new_world,
                                prepare=lambda service: seed(service, source))
    claim = FreshStart.claim(db) if fresh is True else (fresh or None)
    try:
        # A bad world file must be reported before anything moves or a new store is created
        # for it; a saved session is resumed without reading the world at all (it is in the store).
        if source.prepared is None and (claim is not None or not session_exists(db)):
            world = load_world(source)
        if claim is not None:
            claim.set_aside()
        repository = open_repository(db, lock=claim.lock if claim is not None else None)
    finally:
        if claim is not None:
            claim.cancel()  # the repository holds the lock now, if it opened
    try:
        service = ItmsService.open(
            repository,
            seed=new_world,
            prepare=lambda service: seed(service, source))
        if service.resumed and source.path != DEMO_FILE:
            raise SessionError(
                f"{db} already holds a saved session: add --fresh to start over from "
                f"{source.path} (the old one is kept as {kept_copy_path(db)}), or pick another --db"
            )
        return service
    except DamagedRecord as damage:
        repository.release()
        where = repository.origin(damage.table, damage.key) if damage.key is not None else db
        raise SessionDamaged(f"{where}: {damage}; it was left as it is: move it away") from None
    except ActionNotSaved as error:
        repository.release()
        raise SessionError(str(error)) from None
    except (ClockRangeError, SettingError) as error:  # saved before the clock was bounded
        repository.release()
        raise SessionError(f"{db}: the saved session cannot be resumed: {error}; start over "
                           "with --fresh (the old session is kept)") from None
    except BaseException:
        repository.release()
        raise
