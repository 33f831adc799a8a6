"""The app a trainee gets in `itms-tui serve`: their own desk, and the course in the same app.

In a terminal, `ctrl+t` leaves the desk for the course (the CLI starts the course app, then the
desk again). In a browser there is no terminal to hand over: the course opens inside this app,
each exercise on its own in-memory world, and `escape` on the course's progress comes back to the
trainee's own session. Each change of the trainee's progress is handed to `on_status` (the
classroom writes it where the trainer's page reads it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.binding import Binding

from ...core.service import ItmsService
from ...inert import inert_line
from ...training.curriculum import Curriculum, Exercise
from ...training.grading import Grade
from ...training.mistakes import Mistake
from ...training.trainee_records import TraineeRecords
from .app import TrainApp


class ClassroomApp(TrainApp):
    """The trainee's desk on their saved session; the course opens over it with `ctrl+t`."""

    recordable = False  # a recording is written on the server, out of the trainee's reach
    trainable = True

    BINDINGS = [Binding("escape", "leave_course", "Back to the desk", show=False)]

    def __init__(self, desk_service: ItmsService, *, course: Curriculum,
                 records: TraineeRecords, trainee: str,
                 on_status: Callable[[dict[str, Any]], None] | None = None) -> None:
        super().__init__(course=course, records=records, trainee=trainee,
                         title=f"Classroom · {trainee}")
        self.title = f"{self.TITLE} · {inert_line(trainee)}"
        # The desk opens on the trainee's own session, not on the first exercise's world.
        self.service = desk_service
        self.desk_service = desk_service
        self.on_status = on_status
        self.last_mistake: Mistake | None = None

    def on_mount(self, event: events.Mount) -> None:
        # Textual calls every class's on_mount: TrainApp's would open the course at once, and
        # ItmsApp's would subscribe to the service a second time.
        event.prevent_default()
        self._unsubscribe = self.service.subscribe(self._collect)
        self.publish_status()

    # -- leaving for the course and coming back ---------------------------------------------------

    _EXERCISE_ACTIONS = frozenset({"hint", "toggle_coach", "skip_task", "end_exercise"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "train":
            return True if self.training is None else None
        if action == "leave_course":
            from .progress import ProgressScreen

            return True if isinstance(self.screen, ProgressScreen) else None
        if action in self._EXERCISE_ACTIONS and self.training is None:
            return False  # at the trainee's own desk: not shown at all
        return super().check_action(action, parameters)

    def action_train(self) -> None:
        self.show_progress()

    async def action_leave_course(self) -> None:
        """Back to the trainee's own session, as it was left."""
        if self.training is not None:
            self.training.close()
            self.training = None
        self.use_service(self.desk_service)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.screen.reset()
        self.in_exercise = False
        self.exercise = None
        self.publish_status()

    async def start_exercise(self, exercise: Exercise) -> None:
        await super().start_exercise(exercise)
        self.publish_status()

    def _after_score(self, choice: str | None) -> None:
        super()._after_score(choice)
        self.publish_status()

    # -- what the trainer sees --------------------------------------------------------------------

    def _on_mistake(self, mistake: Mistake) -> None:
        super()._on_mistake(mistake)
        self.last_mistake = mistake
        self.publish_status()

    def _finished(self) -> None:
        super()._finished()
        self.publish_status(graded=self.grade)

    def publish_status(self, graded: Grade | None = None) -> None:
        if self.on_status is None:
            return
        course = self.course
        assert course is not None and self.records is not None and self.trainee
        passed = self.records.passed(self.trainee, course.name)
        mistake = self.last_mistake
        self.on_status({
            "trainee": self.trainee,
            "exercise": (self.exercise.title if self.exercise is not None
                         and self.training is not None and not self.training.finished else None),
            "passed": len(passed),
            "exercises": len(course.exercises),
            "attempts": len(self.records.attempts(self.trainee)),
            "last_mistake": (f"{mistake.title}: {mistake.detail}" if mistake is not None
                             else None),
            "graded": graded is not None,
        })
