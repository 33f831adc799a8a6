"""`itms-tui train`: trainee mode on the real desk.

The scenario's consumer, clock, settings and fault steps play by themselves; its agent and
supervisor steps are tasks the trainee performs on the desk. A task card under the desk shows the
objective, the current task, the hint when asked for (`h`, counted) and, with the live coach on
(`k`), each mistake as it happens with the rule behind it. After the last task a score card lists
every mistake with its rule. All the judging is `itms_tui.training.grading.TrainingRun`'s: this
module only shows it.

Given a curriculum, the app opens on the trainee's progress (see `progress.py`), and each
attempt is kept in the trainee records.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...core.wording import plural
from ...scenarios.scenario import Scenario
from ...scenarios.runner import build_service
from ...training.curriculum import Curriculum, Drill, Exercise
from ...training.grading import Grade, TrainingRun
from ...training.mistakes import HINT_POINTS, KINDS, Mistake
from ...training.trainee_records import TraineeRecords, check_trainee_name
from ..app import ItmsApp
from ..text import content, set_content


class TaskCard(Static):
    """The exercise's tasks, under the desk (styled in trainee.tcss), shown during an exercise."""

    def on_mount(self) -> None:
        self.watch(self.app, "in_exercise", self._follow_exercise)
        # A card on a screen opened mid-exercise (the supervisor's) starts filled in.
        self.call_after_refresh(self.app.show_card)

    def _follow_exercise(self, in_exercise: bool) -> None:
        self.set_class(in_exercise, "-shown")


def _seconds(value: float) -> str:
    value = int(round(value))
    return f"{value // 60}m {value % 60:02d}s" if value >= 60 else f"{value}s"


def rewinds_status(training: TrainingRun) -> str:
    """` · rewinds 2` on the task card once the trainee has gone back to a task's start."""
    rewinds = sum(training.rewinds.values())
    return f" · rewinds {rewinds}" if rewinds else ""


def grade_lines(grade: Grade) -> list[tuple[str, str]]:
    """The score card as (text, style) lines: verdict, mistakes with their rules, hints, tasks."""
    lines: list[tuple[str, str]] = []
    verdict = "PASSED" if grade.passed else "NOT PASSED"
    style = "bold $text-success" if grade.passed else "bold $text-error"
    lines.append((f"{verdict}: {grade.score}/100 (pass mark {grade.pass_mark})", style))
    if not grade.completed:
        lines.append(("The exercise was ended before its last task.", "$text-warning"))
    rewinds = f" · rewinds {grade.rewinds}" if grade.rewinds else ""
    lines.append((f"Time {_seconds(grade.seconds)} · hints used {grade.hints}"
                  f" (−{grade.hint_points}) · mistakes {len(grade.mistakes)}{rewinds}",
                  "$text-muted"))
    lines.append(("", ""))
    if grade.mistakes:
        lines.append(("Mistakes", "bold"))
        for number, mistake in enumerate(grade.mistakes, 1):
            task = f"task {mistake.task}, " if mistake.task else ""
            lines.append((f"{number}. {mistake.title} ({task}−{mistake.points})", "bold $text-error"))
            lines.append((f"   What happened: {mistake.detail}.", ""))
            lines.append((f"   Why it matters: {mistake.why}", ""))
            lines.append((f"   Rule: {mistake.rule}", "$text-muted"))
    else:
        lines.append(("No mistakes.", "bold $text-success"))
    lines.append(("", ""))
    lines.append(("Tasks", "bold"))
    for task in grade.tasks:
        hint = f", hint used (−{HINT_POINTS})" if task.hints else ""
        if task.rewinds:
            hint += ", rewound once" if task.rewinds == 1 else f", rewound {task.rewinds} times"
        status = f"could not be done ({task.why})" if task.status == "impossible" else task.status
        lines.append((f"{task.number}. {task.text} — {status}, {_seconds(task.seconds)}"
                      f"{hint}", ""))
    if grade.divergences:
        lines.append(("", ""))
        lines.append(("Where the session left the script (not scored)", "bold"))
        for divergence in grade.divergences:
            lines.append((f"· {divergence}", "$text-muted"))
    return lines


class ScoreCard(ModalScreen[str]):
    """The end of an exercise: the score, each mistake with its rule. Returns retry/close."""

    BINDINGS = [
        Binding("escape,enter", "close", "Close"),
        Binding("r", "retry", "Try again"),
    ]

    def __init__(self, grade: Grade, name: str, *, close_label: str = "Close") -> None:
        super().__init__()
        self.grade = grade
        self._trainee = name
        self._close_label = close_label

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog tall", id="score-card"):
            yield Static(content(f"Score card · {self._trainee}", "bold"))
            for text, style in grade_lines(self.grade):
                yield Static(content(text, style), classes="score-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Try again (r)"), id="retry", action="screen.retry")
                yield Button(Content(self._close_label), variant="primary", id="close",
                             action="screen.close")

    def on_mount(self) -> None:
        # The card itself has the focus (Enter and Escape close it, r retries): focusing the
        # button at its bottom would scroll it past the verdict.
        self.query_one("#score-card").focus()

    def action_close(self) -> None:
        self.dismiss("close")

    def action_retry(self) -> None:
        self.dismiss("retry")


class TrainApp(ItmsApp):
    """The desk with a task card; one exercise at a time (a course hands them over in turn)."""

    recordable = False
    trainable = False

    MODE_TITLE = "Training"
    CSS_PATH = [*ItmsApp.CSS_PATH, Path(__file__).with_name("trainee.tcss")]
    BINDINGS = [
        Binding("h", "hint", "Hint"),
        Binding("k", "toggle_coach", "Coach"),
        Binding("ctrl+z", "rewind_task", "Rewind task", priority=True,
                tooltip="back to the start of the current task: world, clock and phone as "
                        "they were then (a retry: counted, not scored)"),
        Binding("ctrl+s", "skip_task", "Skip task", priority=True),
        Binding("ctrl+g", "end_exercise", "End exercise", priority=True),
    ]

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        course: Curriculum | None = None,
        records: TraineeRecords | None = None,
        trainee: str | None = None,
        coach: bool = True,
        pass_mark: int | None = None,
        time_limit: timedelta | None = None,
        timer: Callable[[], float] = time.monotonic,
        on_graded: Callable[[Scenario, Grade], None] | None = None,
        title: str | None = None,
    ) -> None:
        if scenario is None:
            if course is None:
                raise ValueError("TrainApp needs a scenario or a course")
            scenario = course.exercises[0].scenario
        super().__init__(build_service(scenario), title=title)
        #: A course: the app opens on the trainee's progress, and records every attempt.
        self.course = course
        self.records = records
        self.trainee = trainee
        self.exercise: Exercise | None = None
        self.coach = coach
        self.timer = timer
        self.on_graded = on_graded
        self.training: TrainingRun | None = None
        self.grade: Grade | None = None
        #: Every grade of this app's life, in order.
        self.grades: list[Grade] = []
        self.coach_said: Mistake | None = None
        self._prepare(scenario, pass_mark, time_limit)

    def _prepare(self, scenario: Scenario, pass_mark: int | None,
                 time_limit: timedelta | None) -> None:
        self.scenario = scenario
        self._pass_mark = pass_mark
        self._time_limit = time_limit
        self.grade = None
        self.coach_said = None
        self._reported = False

    # -- the card ---------------------------------------------------------------------------------

    def desk_extras(self):
        yield TaskCard(id="task-card")

    def supervisor_extras(self):
        # A link or a reply in the supervisor's queues is a task too: keep it in sight.
        yield TaskCard(classes="supervisor-task-card")

    def on_mount(self) -> None:
        # The desk is the app's default screen; a course shows the progress over it.
        if self.course is None:
            self.call_after_refresh(self.begin)
        elif self.trainee is None:
            self.call_after_refresh(self._ask_name)
        else:
            self.call_after_refresh(self.show_progress)

    # -- a course ---------------------------------------------------------------------------------

    def _ask_name(self) -> None:
        from ..screens.modals import TextPrompt

        def named(name: str | None) -> None:
            if not name:
                self.exit()
                return
            assert self.records is not None
            self.trainee = self.records.add_trainee(name)
            self.show_progress()

        self.push_screen(TextPrompt(
            "Who is training?", "Your attempts, scores and mistakes are kept under this name.",
            "your name", check_trainee_name), named)

    def show_progress(self) -> None:
        """The course as the trainee stands (the desk waits underneath)."""
        from .progress import ProgressScreen

        assert self.course is not None and self.records is not None and self.trainee
        if not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen(self.course, self.records, self.trainee))

    #: Where practice drills draw their order from (tests give a fixed one).
    drill_seeds: Callable[[], int] | None = None

    def start_drill(self, drill: Drill) -> None:
        """The recognition drill over the course; the attempt is recorded like an exercise's
        (with the seed its order was drawn from), then the score card, then the course."""
        from ...training.drill import DrillRun, drill_items
        from .drill import DrillScreen, drill_seed

        seed = self.drill_seeds() if self.drill_seeds else drill_seed()
        run = DrillRun(drill_items(seed=seed), name=drill.title, pass_mark=drill.pass_mark,
                       seconds_per_item=drill.seconds_per_item, timer=self.timer)

        def graded(grade: Grade | None) -> None:
            if grade is None:
                return
            self.grades.append(grade)
            if self.course is not None and self.records is not None and self.trainee:
                self.records.add_attempt(self.trainee, self.course.name, drill.id, drill.title,
                                         grade, seed=seed, drill=run.tally())
            self.push_screen(ScoreCard(grade, drill.title, close_label="Back to the course"),
                             lambda choice: self.call_later(self.start_drill, drill)
                             if choice == "retry" else None)

        self.clear_notifications()
        self.push_screen(DrillScreen(run), graded)

    async def start_exercise(self, exercise: Exercise) -> None:
        self.exercise = exercise
        await self.load_exercise(exercise.scenario, exercise.pass_mark, exercise.time_limit)
        self.notify(exercise.title, title=f"Exercise {exercise.number}", timeout=3,
                    markup=False)

    def begin(self) -> None:
        """Start the exercise on the app's service: play the steps before the first task."""
        if self.training is not None:
            self.training.close()
        self.training = TrainingRun(
            self.scenario, self.service, pass_mark=self._pass_mark, time_limit=self._time_limit,
            timer=self.timer, on_mistake=self._on_mistake, on_change=self.show_card,
            on_blocked=self._on_blocked,
        )
        self.in_exercise = True
        self.training.start()
        self.refresh_bindings()  # the exercise's keys (end, rewind) are offered from now on
        self.show_card()

    def diagram_hint(self, number: str | None) -> str | None:
        """The current task's move on `number`, once the trainee has asked for the task's hint."""
        from ...core.transitions import ACTION_MOVES, AUTO_OPT_IN_MOVE

        training = self.training
        task = training.current if training is not None else None
        if task is None or not training.hints.get(task.number) or number is None:
            return None
        args = task.step.args
        if args.get("phone") != number:
            return None  # the task is about another number
        action = str(task.step.action)
        if action in ("add_phone", "link_number"):
            account = self.service.account(str(args.get("account")))
            client = self.service.world.clients.get(account.client) if account else None
            if client is not None and client.auto_opt_in:
                return AUTO_OPT_IN_MOVE
            if action == "add_phone":
                return None  # a number added to an ordinary client's account stays as it is
        return ACTION_MOVES.get(action)

    def _show_diagram(self) -> None:
        from ..screens.desk import DeskScreen

        for screen in self.screen_stack:
            if isinstance(screen, DeskScreen):
                screen.render_diagram()

    def show_card(self) -> None:
        self._show_diagram()
        cards = [card for screen in reversed(self.screen_stack) for card in screen.query(TaskCard)]
        training = self.training
        if not cards or training is None:
            return
        lines: list[Content] = []
        total = len(training.tasks)
        task = training.current
        done = sum(1 for clock in training.task_statuses() if clock == "done")
        where = f"task {task.number}/{total}" if task is not None else f"{done}/{total} done"
        lines.append(content(f"🎓 {self.scenario.name} · {where}{self.card_status(training)}",
                             "bold"))
        lines.append(content(f"Objective: {training.objective}", "$text-muted"))
        if task is not None:
            lines.append(Content.assemble(("▶ Task: ", "bold $text-success"), content(task.text)))
            heard = self.read_out(task)
            if heard is not None:
                lines.append(Content.assemble(("🗣 ", ""), content(heard, "bold")))
            if training.hints.get(task.number):
                lines.append(Content.assemble(("Hint: ", "bold $text-warning"), content(task.hint)))
            blocked = training.blocked.get(task.number)
            if blocked is not None:
                lines.append(Content.assemble(("⚠ ", "bold $text-warning"),
                                              content(self.blocked_text(task, blocked))))
        else:
            lines.append(content(f"✓ {self.card_over()}", "bold $text-success"))
        if self.coach and self.coach_said is not None:
            said = self.coach_said
            lines.append(Content.assemble(("Coach: ", "bold $text-error"),
                                          content(f"{said.title}: {said.detail}.")))
        lines.append(content(self.card_keys(), "$text-muted"))
        if self.size.width < 110:  # small terminals: the task and what the coach said
            lines = [line for index, line in enumerate(lines) if index not in (1, len(lines) - 1)]
        shown = Content("\n").join(lines)
        for card in cards:  # the desk's, and the supervisor's while it is open
            set_content(card, shown, layout=True)  # its height follows its lines (height: auto)
        if training.finished and not self._reported:
            self._reported = True
            self.refresh_bindings()
            self.call_later(self._finished)

    def card_status(self, training: TrainingRun) -> str:
        """The card's head after the task count: hints, the score so far, the coach."""
        hints = training.hints_used
        status = f" · hints {hints}" + (f" (−{hints * HINT_POINTS})" if hints else "")
        status += rewinds_status(training)
        if self.coach:
            status += f" · score so far {training.score()}"
        return status + (" · coach on" if self.coach else " · coach off")

    def card_over(self) -> str:
        """What the card says once the exercise is over."""
        return "Exercise over: see the score card."

    def card_keys(self) -> str:
        return ("h hint · k coach on/off · ctrl+z back to the task's start · ctrl+s skip task · "
                "ctrl+g end exercise")

    def read_out(self, task) -> str | None:
        """What the consumer reads out to the agent for a code-entry task, in words."""
        from ...scenarios.runner import StepNotResolvable
        from ...training.tasks import consumer_name, phone_text

        step = task.step
        if (step.kind, step.action) != ("agent", "enter_auth_code") or self.training is None:
            return None
        number = str(step.args.get("phone", ""))
        who = consumer_name(self.service, step.args.get("account"), number)
        try:
            code = str(self.training.run.resolve(step).args.get("code", ""))
        except StepNotResolvable:
            return f"{who} has no PIN to read you: none has reached {phone_text(number)}"
        return f"{who} reads out the code: {' '.join(code)}"

    def blocked_text(self, task, blocked) -> str:
        """A task made impossible, in the trainee's words, with the keys that go on from there."""
        keys = ("Press ctrl+z to go back to this task's start and try again, or ctrl+s to go "
                "on." if blocked.undone_by_rewind else "Press ctrl+s to go on.")
        return f"{blocked.explanation(task)} {keys}"

    # -- the coach --------------------------------------------------------------------------------

    def _on_blocked(self, task, blocked) -> None:
        if self.coach:
            self.notify(self.blocked_text(task, blocked), title="Coach: this task can no longer "
                        "be done", severity="warning", timeout=12, markup=False)

    def _on_mistake(self, mistake: Mistake) -> None:
        self.coach_said = mistake
        if self.coach:
            self.notify(f"{mistake.detail}.\n{mistake.why}\nRule: {mistake.rule}",
                        title=f"Coach: {mistake.title}", severity="warning", timeout=12,
                        markup=False)

    # -- the end ----------------------------------------------------------------------------------

    def _finished(self) -> None:
        assert self.training is not None
        self.grade = self.training.grade()
        self.grades.append(self.grade)
        if self.on_graded is not None:
            self.on_graded(self.scenario, self.grade)
        if self.course is not None and self.exercise is not None and self.records is not None:
            assert self.trainee
            self.records.add_attempt(self.trainee, self.course.name, self.exercise.id,
                                     self.scenario.name, self.grade)
        close = "Back to the course" if self.course is not None else "Close"
        self.clear_notifications()  # the coach's last toasts would sit over the score card
        self.push_screen(ScoreCard(self.grade, self.scenario.name, close_label=close),
                         self._after_score)

    def _after_score(self, choice: str | None) -> None:
        if choice == "retry":
            self.call_later(self.retry)
        elif self.course is not None:
            self.call_later(self.show_progress)

    async def retry(self) -> None:
        await self.load_exercise(self.scenario, self._pass_mark, self._time_limit)

    async def load_exercise(self, scenario: Scenario, pass_mark: int | None = None,
                            time_limit: timedelta | None = None) -> None:
        """A fresh world for `scenario`, the desk shown anew, and the exercise from its start."""
        if self.training is not None:
            self.training.close()
            self.training = None
        self.use_service(build_service(scenario))
        self._prepare(scenario, pass_mark, time_limit)
        self.clear_notifications()  # nothing of the last exercise sits over this one
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.screen.reset()
        self.begin()

    # -- keys -------------------------------------------------------------------------------------

    #: Keys of the desk's world: not while the course's progress (or a score card) is shown.
    _DESK_ACTIONS = frozenset({"supervisor", "audit", "hint", "toggle_coach", "skip_task",
                               "end_exercise", "rewind_task"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._DESK_ACTIONS:
            from .progress import ProgressScreen

            from .drill import DrillScreen

            if isinstance(self.screen, (ProgressScreen, ScoreCard, DrillScreen)):
                return False  # not offered where they do nothing
        if action in ("hint", "skip_task", "end_exercise", "rewind_task") and (
                self.training is None or self.training.finished):
            return None
        return super().check_action(action, parameters)

    def action_hint(self) -> None:
        if self.training is None or self.training.current is None:
            return
        first = not self.training.hints.get(self.training.current.number)
        hint = self.training.hint()
        if hint is not None:
            cost = f" (−{HINT_POINTS} points)" if first else " (already counted)"
            self.notify(hint, title=f"Hint{cost}", timeout=10, markup=False)
        self.show_card()

    def action_toggle_coach(self) -> None:
        self.coach = not self.coach
        self.notify("The coach points out mistakes as they happen." if self.coach else
                    "Coach off: mistakes are shown on the score card at the end.",
                    title="Coach on" if self.coach else "Coach off", timeout=4, markup=False)
        self.show_card()

    async def action_rewind_task(self) -> None:
        """Back to the start of the current task (see `TrainingRun.rewind`): the desk shows the
        world as it was then, on the same account and number."""
        from ..screens.desk import DeskScreen
        from ..screens.supervisor import SupervisorScreen

        training = self.training
        task = training.current if training is not None else None
        if task is None:
            return
        desks = [screen for screen in self.screen_stack if isinstance(screen, DeskScreen)]
        where = [(desk.account_id, desk.number) for desk in desks]
        service = training.rewind()
        if service is None:
            return
        # A dialog still open acts on the world it was opened for, and the audit shows it: close
        # them; the desk and the supervisor's queues show the world gone back to.
        while not isinstance(self.screen, (DeskScreen, SupervisorScreen)):
            await self.pop_screen()
        self.use_service(service)
        for desk, (account, number) in zip(desks, where):
            desk.reset()
            if account is not None:
                desk.choose_account(account, number)
        for screen in self.screen_stack:
            if isinstance(screen, SupervisorScreen):
                screen.refresh_tables()
        self.clear_notifications()
        self.notify(f"Task {task.number} starts again: the world, the clock and the phone are as "
                    "they were when it began. Mistakes made stay counted; the rewind is a retry.",
                    title="Back to the task's start", timeout=6, markup=False)
        self.show_card()

    def _ask_first(self, key: str, question: str, explanation: str, label: str,
                   act: Callable[[], None]) -> None:
        """`act` once the trainee says yes to `question`: for what costs points that no rewind
        gives back, where one stray key (or a BEL a terminal passed on from pasted text as
        ctrl+g) must not decide. The same key again says yes; a world that moved on meanwhile
        (a rewind, the countdown) makes the yes do nothing."""
        from ..screens.modals import ConfirmModal

        dialog_id = f"ask-{key.replace('+', '-')}"
        if isinstance(self.screen, ConfirmModal) and self.screen.id == dialog_id:
            self.screen.action_confirm()
            return
        training = self.training
        task = training.current if training is not None else None

        def answered(yes: bool | None) -> None:
            if yes and self.training is training and training.current is task:
                act()
                self.show_card()

        self.push_screen(ConfirmModal(question, f"{explanation} {key} again says yes.", label,
                                      cancel_label="Keep going", guarded=True, id=dialog_id),
                         answered)

    def action_skip_task(self) -> None:
        """A task that can no longer be done goes on at once (free); any other skip asks first."""
        training = self.training
        task = training.current if training is not None else None
        if training is None or task is None:
            return
        if task.number in training.blocked:
            training.skip()
            self.show_card()
            return
        cost = KINDS["skipped"].points
        self._ask_first("ctrl+s", "Skip this task?", f"It is played for you and counts as a "
                        f"mistake (−{cost}); a rewind does not give the points back.",
                        "Skip task", training.skip)

    def action_end_exercise(self) -> None:
        """Asks first: ending is recorded and cannot be taken back."""
        training = self.training
        if training is None or training.finished:
            return
        left = len(training.tasks_left())
        recorded = "the attempt is recorded as not passed."
        explanation = (f"The {plural(left, 'task')} left count as undone "
                       f"(−{KINDS['not_done'].points} each) and {recorded}" if left
                       else recorded.capitalize())
        self._ask_first("ctrl+g", "End this exercise now?", explanation, "End exercise",
                        training.finish)
