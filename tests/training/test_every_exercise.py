"""Every exercise of the course, generated from the curriculum (a new exercise is covered by
itself), played headless with the grader (`TrainingRun`, what `itms-tui grade` uses):

(a) done right: 100, no mistake, and the exercise as its own recording grades 100;
(b) every hint asked for and followed: the hints' cost and nothing else;
(c) each kind of mistake before each task it can be made on: that mistake's points and its
    catalogue explanation, and then following the coach (do the task; if the mistake made it
    impossible, go back to its start when that undoes it, else go on) costs nothing more;

and, marked slow, the whole course on the desk: each exercise started from the course screen by
keys, done, its score card, and back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from itms_tui.scenarios import Step
from itms_tui.scenarios.runner import ScenarioRun, build_service
from itms_tui.training.curriculum import Exercise, load_curriculum
from itms_tui.training.grading import Task, TrainingRun
from itms_tui.training.mistakes import HINT_POINTS, KINDS
from itms_tui.training.replay import grade_recording
from itms_tui.training.tasks import is_task

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_curriculum(ROOT / "scenarios" / "curriculum.yaml")
EXERCISES = COURSE.exercises
IDS = [exercise.id for exercise in EXERCISES]


def start(exercise: Exercise) -> TrainingRun:
    training = TrainingRun(exercise.scenario, build_service(exercise.scenario),
                           pass_mark=exercise.pass_mark, timer=lambda: 0.0)
    training.start()
    return training


def do_the_task(training: TrainingRun) -> None:
    """What the task says, on the desk's service (as the hint says to do it)."""
    task = training.current
    ScenarioRun(training.scenario, training.service).perform(training.run_step(task))
    assert training.current is not task, f"task {task.number} ({task.text}) was not done"


def follow_the_coach(training: TrainingRun) -> None:
    """The task, or, when it can no longer be done: back to its start if that undoes the
    mistake, else on to the next task (both at no cost)."""
    task = training.current
    blocked = training.blocked.get(task.number)
    if blocked is not None and blocked.undone_by_rewind:
        training.rewind()
        blocked = training.blocked.get(task.number)
    if blocked is not None:
        training.skip()
    else:
        do_the_task(training)


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_done_right_scores_100(exercise: Exercise) -> None:
    training = start(exercise)
    while training.current is not None:
        do_the_task(training)
    grade = training.grade()
    assert (grade.score, grade.mistakes, grade.passed, grade.divergences) == (100, (), True, ())
    offline = grade_recording(exercise.scenario, exercise.scenario)
    assert (offline.score, offline.mistakes) == (100, ())


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_following_every_hint_costs_the_hints_and_nothing_else(exercise: Exercise) -> None:
    training = start(exercise)
    while training.current is not None:
        assert training.hint()
        do_the_task(training)
    grade = training.grade()
    assert grade.mistakes == ()
    assert grade.score == 100 - HINT_POINTS * len(training.tasks)


#: A mistake the trainee can make before a task: (whether it can be made on that task's step,
#: what it does and the kinds it must give). Whether it can be made is read from the step alone,
#: so the cases below are only the ones that can happen.
Move = Callable[[TrainingRun, Task], list[str]]


def _account_and_number(step: Step) -> tuple[str, str]:
    return str(step.args.get("account", "")), str(step.args.get("phone", ""))


#: The code a consumer cannot have read out: on a code-entry task, entering it is a wrong PIN.
UNREAD_CODE = "0000"


def a_code_nobody_read_out_can_happen(step: Step) -> bool:
    """Needs an account and a number, and is no mistake where the script's own code is it."""
    account, number = _account_and_number(step)
    scripted = str(step.args.get("code", "")).strip() if step.action == "enter_auth_code" else ""
    return bool(account and number) and scripted != UNREAD_CODE


def a_code_nobody_read_out(training: TrainingRun, task: Task) -> list[str]:
    # A PIN drawn at run time ({pin}) is never the unread code either, or this is no mistake.
    assert training.read_out(task) != UNREAD_CODE
    training.service.enter_auth_code(*_account_and_number(task.step), UNREAD_CODE)
    return ["wrong_pin"]


def a_number_the_desk_refuses(training: TrainingRun, task: Task) -> list[str]:
    account = _account_and_number(task.step)[0] or training.service.accounts()[0].id
    training.service.add_phone(account, "12")
    return ["refused"]


def a_text_without_an_opt_out_line(training: TrainingRun, task: Task) -> list[str]:
    account, number = _account_and_number(task.step)
    text = "Thanks, noted."
    if task.step.action == "reply":
        training.service.supervisor_reply(number, text)
    else:
        training.service.send_text(account, number, text)
    return ["no_opt_out_line"]


def a_skip(training: TrainingRun, task: Task) -> list[str]:
    training.skip()
    return ["skipped"]


def a_text_can_be_sent(step: Step) -> bool:
    return step.action in ("send_text", "reply")


def on_any_task(step: Step) -> bool:
    return True


MOVES: list[tuple[Callable[[Step], bool], Move]] = [
    (a_code_nobody_read_out_can_happen, a_code_nobody_read_out),
    (on_any_task, a_number_the_desk_refuses),
    (a_text_can_be_sent, a_text_without_an_opt_out_line),
    (on_any_task, a_skip),
]
CASES = [(exercise, number, move) for exercise in EXERCISES
         for number, step in enumerate(filter(is_task, exercise.scenario.steps), start=1)
         for can_happen, move in MOVES if can_happen(step)]


@pytest.mark.parametrize(("exercise", "number", "move"), CASES,
                         ids=[f"{e.id}-task{n}-{m.__name__}" for e, n, m in CASES])
def test_each_mistake_costs_its_points_once_and_the_coach_costs_nothing(
        exercise: Exercise, number: int, move: Move) -> None:
    training = start(exercise)
    while training.current.number < number:
        do_the_task(training)
    task = training.current
    expected = move(training, task)
    made = list(training.mistakes)
    assert [m.kind for m in made] == expected
    for mistake in made:
        explanation = mistake.explanation()
        assert KINDS[mistake.kind].why in explanation and KINDS[mistake.kind].rule in explanation
        assert mistake.points == KINDS[mistake.kind].points and mistake.task == number
    while training.current is not None:
        follow_the_coach(training)
    grade = training.grade()
    assert grade.mistakes == tuple(made)
    assert grade.score == 100 - sum(m.points for m in made)


async def settle(pilot, condition: Callable[[], bool]) -> None:
    from tests.support.ui import until  # the app's modules: only the slow test below needs them

    if not await until(pilot, condition):
        raise AssertionError("the app did not get there")


@pytest.mark.slow
async def test_the_whole_course_on_the_desk(tmp_path: Path) -> None:
    from itms_tui.training.trainee_records import TraineeRecords
    from itms_tui.ui.factory import train_app
    from itms_tui.ui.trainee.app import ScoreCard
    from itms_tui.ui.trainee.progress import ProgressScreen
    from tests.support.training import FakeTimer

    records = TraineeRecords.open(tmp_path / "training.json")
    app = train_app(course=COURSE, records=records, trainee="Pat Trainee", timer=FakeTimer())
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ProgressScreen))
        for exercise in EXERCISES:
            # From the course screen, by keys: to the exercise, Enter.
            await pilot.press("home", *["down"] * (exercise.number - 1), "enter")
            await settle(pilot, lambda: app.exercise is exercise and app.training is not None
                         and not isinstance(app.screen, ProgressScreen))
            while app.training.current is not None:
                number = app.training.current.number
                do_the_task(app.training)  # through the desk's service, as its widgets call it
                await settle(pilot, lambda: app.training.current is None
                             or app.training.current.number > number)
            await settle(pilot, lambda: isinstance(app.screen, ScoreCard))
            lines = [str(line.render()) for line in app.screen.query(".score-line")]
            assert lines[0].startswith("PASSED: 100/100"), (exercise.id, lines[:3])
            await pilot.press("escape")  # back to the course
            await settle(pilot, lambda: isinstance(app.screen, ProgressScreen))
        head = str(app.screen.query_one("#progress-head").render())
        assert f"{len(EXERCISES)} of {len(EXERCISES)} exercises passed · course complete!" in head
    assert {a.exercise for a in records.attempts("Pat Trainee")} == set(IDS)
    records.close()
