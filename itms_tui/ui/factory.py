"""The one place the apps are built: the command line, the tests and bench/ all build them here,
so that a test runs the app a user gets.

The mode apps (playback, training) are imported only when asked for: the desk, started most,
has no use for their code before its first frame.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.service import ItmsService
from ..core.world import build_world
from .app import ItmsApp
from .preferences import Preferences

if TYPE_CHECKING:
    from ..scenarios.scenario import Scenario
    from ..training.curriculum import Curriculum
    from ..training.trainee_records import TraineeRecords
    from .playback.app import PlayApp
    from .trainee.app import TrainApp


def desk_app(service: ItmsService, *, title: str | None = None,
             record_to: Path | None = None, preferences: Preferences | None = None) -> ItmsApp:
    """The desk and the phone over `service` (`itms-tui`; `record_to`: `itms-tui record`;
    `preferences`: the theme and last account kept between runs)."""
    return ItmsApp(service, title=title, record_to=record_to, preferences=preferences)


def desk_app_on_world(world: Mapping[str, Any], *, title: str | None = None,
                      record_to: Path | None = None) -> ItmsApp:
    """The desk over a new in-memory session on a validated `world:` (nothing is saved)."""
    return desk_app(ItmsService(build_world(world)), title=title, record_to=record_to)


def play_app(scenarios: list[Scenario], *, autoplay: bool = False, loop: bool = False,
             interactive: bool = True) -> PlayApp:
    """`itms-tui play`: the desk stepping through `scenarios`."""
    from .playback.app import PlayApp

    return PlayApp(scenarios, autoplay=autoplay, loop=loop, interactive=interactive)


def train_app(scenario: Scenario | None = None, **options: Any) -> TrainApp:
    """`itms-tui train`: the desk with a task card, on one exercise or a course (`course=`)."""
    from .trainee.app import TrainApp

    return TrainApp(scenario, **options)


def exam_app(course: Curriculum, *, records: TraineeRecords, seed: int, **options: Any
             ) -> TrainApp:
    """`itms-tui train --exam`: the course as an exam, its variants drawn from `seed`."""
    from .trainee.exam import ExamApp

    return ExamApp(course, records=records, seed=seed, **options)


def classroom_app(service: ItmsService, *, course: Curriculum | None, records: TraineeRecords,
                  trainee: str, on_status: Callable[[dict[str, Any]], None] | None = None
                  ) -> ItmsApp:
    """`itms-tui serve`: a trainee's desk on their session; `ctrl+t` opens `course` in the same
    app (without a course, the plain desk)."""
    if course is None:
        return desk_app(service, title=f"Classroom · {trainee}")
    from .trainee.classroom import ClassroomApp

    return ClassroomApp(service, course=course, records=records, trainee=trainee,
                        on_status=on_status)
