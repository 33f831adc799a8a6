"""`itms-tui train --exam CURRICULUM`: every exercise of the course once, in order, each in a
variant drawn from the exam's seed (`training/exam.py`), with no hints, no coach and a countdown
on the task card. Each exercise is recorded as an exam attempt (kept apart from practice) the
moment it ends, and the next one starts; the results come at the end."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...training.curriculum import Curriculum
from ...training.exam import ExamExercise, exam_exercises
from ...training.grading import Grade, TrainingRun, rewinds_phrase
from ...training.trainee_records import EXAM, TraineeRecords
from ..text import content
from .app import TrainApp, rewinds_status


def exam_passed(results: list[tuple[ExamExercise, Grade]]) -> bool:
    """An exam passes when every exercise reached its pass mark."""
    return bool(results) and all(grade.passed for _item, grade in results)


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))
    return f"{seconds // 60}:{seconds % 60:02d}"


class ExamResults(ModalScreen[None]):
    """The end of the exam: each exercise's score against its pass mark, and the seed."""

    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, course: Curriculum, seed: int,
                 results: list[tuple[ExamExercise, Grade]]) -> None:
        super().__init__()
        self.course = course
        self.seed = seed
        self.results = results

    def compose(self) -> ComposeResult:
        passed = sum(1 for _item, grade in self.results if grade.passed)
        total = len(self.course.exercises)
        verdict = "EXAM PASSED" if exam_passed(self.results) and len(self.results) == total \
            else "EXAM NOT PASSED"
        style = "bold $text-success" if verdict == "EXAM PASSED" else "bold $text-error"
        with VerticalScroll(classes="dialog tall", id="exam-results"):
            yield Static(content(f"Exam · {self.course.name}", "bold"))
            yield Static(content(f"{verdict}: {passed} of {total} exercises at their pass mark",
                                 style))
            yield Static(content(f"Seed {self.seed}: `itms-tui train --exam … --seed "
                                 f"{self.seed}` sets these same variants again.", "$text-muted"))
            for item, grade in self.results:
                mark = "✓" if grade.passed else "✗"
                ended = "" if grade.completed else " (time ran out or ended)"
                yield Static(content(
                    f"{mark} {item.exercise.number:>2}. {item.scenario.name} — {grade.score}/100 "
                    f"(pass mark {grade.pass_mark}){ended}{rewinds_phrase(grade.rewinds, '; ')}",
                    "$text-success" if grade.passed else "$text-error"), classes="score-line")
                for mistake in grade.mistakes:
                    yield Static(content(f"−{mistake.points} {mistake.title}: "
                                         f"{mistake.detail}."),
                                 classes="score-line exam-mistake")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Close"), variant="primary", id="close", action="screen.close")

    def on_mount(self) -> None:
        self.query_one("#exam-results").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class ExamBreak(ModalScreen[None]):
    """Between two exercises: what was done is recorded, the score waits for the end."""

    BINDINGS = [Binding("enter,escape", "close", "Next exercise")]

    def __init__(self, done: int, total: int, following: str | None) -> None:
        super().__init__()
        self.lines = [f"Exercise {done} of {total} is recorded; scores come at the end.",
                      f"Next: {following}." if following else "That was the last exercise.",
                      "Press Enter to go on."]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="exam-break"):
            yield Static(content("Exam", "bold"))
            for line in self.lines:
                yield Static(content(line))

    def on_mount(self) -> None:
        self.query_one("#exam-break").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class ExamApp(TrainApp):
    """The course as an exam: no hints, no coach, a countdown, variants drawn from `seed`."""

    MODE_TITLE = "Exam"

    def __init__(self, course: Curriculum, *, records: TraineeRecords, seed: int,
                 trainee: str | None = None, timer: Callable[[], float] = time.monotonic,
                 title: str | None = None) -> None:
        super().__init__(course=course, records=records, trainee=trainee, coach=False,
                         timer=timer, title=title or "Exam")
        self.exam_seed = seed
        self.sitting = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{seed}"
        self.plan: list[ExamExercise] = []
        self.results: list[tuple[ExamExercise, Grade]] = []
        self.deadline: float | None = None
        #: The exercise on the desk (1-based; it stays so while the exam pauses after it).
        self.number = 0

    def on_mount(self) -> None:
        # TrainApp.on_mount runs too (Textual calls each class's handler): calling it here as
        # well started the first exercise twice.
        self.set_interval(1.0, self.tick)

    # -- the exam's course of events --------------------------------------------------------------

    def show_progress(self) -> None:
        """An exam has no progress to show: it starts."""
        if not self.plan:
            self.plan = exam_exercises(self.course, self.exam_seed)
        self.call_later(self.next_exercise)

    @property
    def current_item(self) -> ExamExercise | None:
        index = len(self.results)
        return self.plan[index] if index < len(self.plan) else None

    async def next_exercise(self) -> None:
        item = self.current_item
        if item is None:
            self.deadline = None
            self.push_screen(ExamResults(self.course, self.exam_seed, self.results),
                             lambda _closed: self.exit())
            self.show_card()
            return
        self.exercise = item.exercise
        self.number = len(self.results) + 1
        await self.load_exercise(item.scenario, item.exercise.pass_mark, item.time_limit)
        self.deadline = self.timer() + item.time_limit.total_seconds()
        # The variant's own name (the card's and the reports'): the course's title may name the
        # keyword or the consumer the variant changed.
        self.notify(item.scenario.name, timeout=3, markup=False,
                    title=f"Exam: exercise {len(self.results) + 1} of {len(self.plan)}")
        self.show_card()

    def _finished(self) -> None:
        item = self.current_item
        assert self.training is not None and item is not None and self.records is not None
        grade = self.training.grade()
        self.grade = grade
        self.grades.append(grade)
        assert self.trainee
        self.records.add_attempt(self.trainee, self.course.name, item.exercise.id,
                                 item.scenario.name, grade, mode=EXAM, seed=self.exam_seed,
                                 sitting=self.sitting)
        self.results.append((item, grade))
        self.clear_notifications()
        following = self.current_item
        self.push_screen(ExamBreak(len(self.results), len(self.plan),
                                   following.scenario.name if following else None),
                         lambda _closed: self.call_later(self.next_exercise))

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - self.timer()

    def tick(self) -> None:
        """The countdown: the card shows it; at zero the exercise ends where it stands."""
        training = self.training
        left = self.remaining()
        if training is None or training.finished or left is None:
            return
        if left <= 0:
            training.finish()
        self.show_card()

    # -- what the card and the keys say ------------------------------------------------------------

    def card_status(self, training: TrainingRun) -> str:
        left = self.remaining()
        # The countdown stops with the exercise: while the exam pauses, no clock runs.
        running = left is not None and not training.finished
        countdown = f" · ⏱ {clock_text(left)} left" if running else ""
        return f"{countdown}{rewinds_status(training)} · exam {self.number} of {len(self.plan)}"

    @property
    def over(self) -> bool:
        """Every exercise of the exam is done: the results are up."""
        return bool(self.plan) and self.current_item is None

    def card_over(self) -> str:
        if self.over:
            return "The exam is over: your results are on screen."
        return (f"Exercise {self.number} of {len(self.plan)} is recorded: the scores come at the "
                "end of the exam.")

    def card_keys(self) -> str:
        if self.over:
            return "Enter closes the results and the exam"
        if self.training is not None and self.training.finished:
            following = "the results" if self.number >= len(self.plan) else "the next exercise"
            return f"Exam paused: Enter goes on to {following}"
        return ("Exam: no hints, no coach · ctrl+z back to the task's start · ctrl+g ends this "
                "exercise (tasks left count as undone)")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "toggle_coach", "skip_task"):
            return False
        return super().check_action(action, parameters)
