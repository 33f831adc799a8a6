"""A trainee's progress through a course: each exercise open or locked, passed or not, with the
best score and the attempts so far. Enter starts an open exercise."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...training.curriculum import Curriculum, Drill, Exercise
from ...training.trainee_records import TraineeRecords
from ..text import content


def exercise_line(course: Curriculum, records: TraineeRecords, trainee: str,
                  exercise: Exercise, passed: set[str]) -> Content:
    """One exercise as the progress list shows it: mark, number, title, state."""
    attempts = records.attempts(trainee, course.name, exercise.id)
    best = records.best(trainee, course.name, exercise.id)
    title = f"{exercise.number:>2}. {exercise.title}"
    if exercise.id in passed:
        mark, style = "✓", "bold $text-success"
        state = f"passed · best {best.score}" if best else "passed"
    elif course.is_unlocked(exercise, passed):
        mark, style = "▶", "bold $text-accent"
        state = (f"not passed yet · best {best.score}" if best else "open, not tried")
    else:
        mark, style = "🔒", "$text-muted"
        needed = ", ".join(str(e.number) for e in course.locked_by(exercise, passed))
        state = f"locked: pass {needed} first"
    count = f" · {len(attempts)} attempt{'s' if len(attempts) != 1 else ''}" if attempts else ""
    limit = ""
    if exercise.time_limit is not None:
        limit = f" · time limit {int(exercise.time_limit.total_seconds() // 60)}m"
    return Content.assemble((f"{mark} ", style), content(title, style),
                            content(f" — {state}{count} · pass mark {exercise.pass_mark}{limit}",
                                    "$text-muted"))


#: Option ids of drills in the list (exercise ids are the others).
DRILL_OPTION = "drill:"


def drill_line(course: Curriculum, records: TraineeRecords, trainee: str, drill: Drill) -> Content:
    """A drill as the progress list shows it: always open, with its best score."""
    attempts = records.attempts(trainee, course.name, drill.id)
    best = records.best(trainee, course.name, drill.id)
    if best is not None and best.passed:
        mark, style, state = "✓", "bold $text-success", f"passed · best {best.score}"
    else:
        mark, style = "⚡", "bold $text-accent"
        state = f"not passed yet · best {best.score}" if best else "open, not tried"
    count = f" · {len(attempts)} attempt{'s' if len(attempts) != 1 else ''}" if attempts else ""
    return Content.assemble((f"{mark} ", style), content(f" d. {drill.title}", style),
                            content(f" — drill, {drill.seconds_per_item}s a text · {state}{count}"
                                    f" · pass mark {drill.pass_mark}", "$text-muted"))


class ProgressScreen(Screen[None]):
    """The course, seen by one trainee."""

    BINDINGS = [
        Binding("enter", "start", "Start exercise", show=True),
        Binding("d", "drill", "Recognition drill"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    def __init__(self, course: Curriculum, records: TraineeRecords, trainee: str) -> None:
        super().__init__()
        self.course = course
        self.records = records
        self.trainee = trainee

    def compose(self) -> ComposeResult:
        with Vertical(id="progress"):
            yield Static(id="progress-head")
            yield OptionList(id="progress-list")
            yield Static(id="progress-foot")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#progress-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    @property
    def passed(self) -> set[str]:
        return self.records.passed(self.trainee, self.course.name)

    def refresh_list(self) -> None:
        passed = self.passed
        course = self.course
        done = sum(1 for e in course.exercises if e.id in passed)
        head = Content("\n").join([
            content(f"🎓 {course.name}", "bold"),
            content(f"Trainee: {self.trainee} · {done} of {len(course.exercises)} exercises "
                    f"passed" + (" · course complete!" if course.complete(passed) else "")),
            content(course.description, "$text-muted"),
        ])
        self.query_one("#progress-head", Static).update(head)
        options = self.query_one("#progress-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([
            Option(exercise_line(course, self.records, self.trainee, exercise, passed),
                   id=exercise.id)
            for exercise in course.exercises
        ] + [
            Option(drill_line(course, self.records, self.trainee, drill),
                   id=f"{DRILL_OPTION}{drill.id}")
            for drill in course.drills
        ])
        following = course.next_exercise(passed)
        if highlighted is None and following is not None:
            highlighted = following.number - 1
        options.highlighted = highlighted if highlighted is not None else 0
        self.query_one("#progress-foot", Static).update(content(
            ("d starts the recognition drill (does this text opt out? y / p / n). "
             if course.drills else "") +
            "Enter starts the highlighted exercise. In an exercise: h hint (costs points), "
            "k coach on/off, ctrl+z back to a task's start, ctrl+s skip a task, ctrl+g end. "
            "Attempts are saved; "
            "`itms-tui report NAME` writes a report."))

    @on(OptionList.OptionSelected, "#progress-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._start(event.option.id)

    def action_start(self) -> None:
        options = self.query_one("#progress-list", OptionList)
        if options.highlighted is not None:
            self._start(options.get_option_at_index(options.highlighted).id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill" and not self.course.drills:
            return False
        return True

    def action_drill(self) -> None:
        if self.course.drills:
            self.app.start_drill(self.course.drills[0])

    def _start(self, exercise_id: str | None) -> None:
        if exercise_id and exercise_id.startswith(DRILL_OPTION):
            drill = self.course.drill(exercise_id.removeprefix(DRILL_OPTION))
            if drill is not None:
                self.app.start_drill(drill)
            return
        exercise = self.course.exercise(exercise_id or "")
        if exercise is None:
            return
        passed = self.passed
        if not self.course.is_unlocked(exercise, passed):
            needed = ", ".join(f"{e.number}. {e.title}" for e in
                               self.course.locked_by(exercise, passed))
            self.notify(f"Pass these first: {needed}", title="Locked", severity="warning",
                        markup=False)
            return
        self.app.call_later(self.app.start_exercise, exercise)
