"""`itms-tui --setup FILE`: the world a scenario's action steps build, to start a session from.

Every action step is applied in order on the scenario's world (the demo world when it has none),
exactly as `itms-tui run` applies it; `expect` steps and `expect_error` are not checked, and a
refused action is audited as the engine always does. The steps run on an in-memory store, and the
world is read back from it as a saved session is: a new session is then written once, whole,
however many steps built it.
"""

from __future__ import annotations

from pathlib import Path

from ..core.world import World, world_from_tables
from ..store.memory import MemoryRepository
from .demo import load_demo_world
from .runner import ScenarioRun, StepNotResolvable, build_service
from .validate import load_scenario


class SetupFailed(Exception):
    """The engine failed on a step (a bug of ours): `str()` is one line naming the step."""


def set_up_world(path: Path) -> World:
    """The world after every action step of the scenario at `path`.

    Raises ScenarioInvalid (with `file:line:col` problems) for a bad file, before anything runs."""
    demo = load_demo_world()
    scenario = load_scenario(path, demo_world=demo)
    store = MemoryRepository()
    service = build_service(scenario, demo, store)
    run = ScenarioRun(scenario, service)
    for step in scenario.steps:
        if step.kind == "expect":
            continue
        try:
            run.perform(run.resolve(step))
        except StepNotResolvable:
            continue  # `code: "{pin}"` where no PIN reached the phone: there is nothing to type
        except Exception as error:  # an engine bug must still not be a traceback
            raise SetupFailed(f"{step.position}: {step.label()}: the engine raised "
                              f"{type(error).__name__}: {error}") from None
    return world_from_tables(store.load())
