"""Every exercise of the course, generated from the curriculum (a new exercise is covered by
itself), played headless with the grader (`TrainingRun`, what `itms-tui grade` uses):

(a) done right: 100, no mistake, and the exercise as its own recording grades 100;
(b) every hint asked for and followed: the hints' cost and nothing else;
(c) each kind of mistake before each task: that mistake's points and its catalogue explanation,
    and then following the coach (do the task; if the mistake made it impossible, go back to its
    start when that undoes it, else go on) costs nothing more;

and, marked slow, the whole course on the desk: each exercise started from the course screen by
keys, done, its score card, and back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from itms_tui.scenarios.runner import ScenarioRun, build_service
from itms_tui.training.curriculum import Exercise, load_curriculum
from itms_tui.training.grading import Task, TrainingRun
from itms_tui.training.mistakes import HINT_POINTS, KINDS
from itms_tui.training.replay import grade_recording

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


#: A mistake the trainee can make before any task: (name, what it does, the kinds it must give
#: on that task, or None where it does not apply).
Move = Callable[[TrainingRun, Task], None]


def _account_and_number(task: Task) -> tuple[str, str]:
    service_args = task.step.args
    number = str(service_args.get("phone", ""))
    account = str(service_args.get("account", ""))
    return account, number


def a_code_nobody_read_out(training: TrainingRun, task: Task) -> list[str] | None:
    account, number = _account_and_number(task)
    if not account or not number or (task.step.action == "enter_auth_code"
                                     and training.read_out(task) == "0000"):
        return None
    training.service.enter_auth_code(account, number, "0000")
    return ["wrong_pin"]


def a_number_the_desk_refuses(training: TrainingRun, task: Task) -> list[str] | None:
    account = _account_and_number(task)[0] or training.service.accounts()[0].id
    training.service.add_phone(account, "12")
    return ["refused"]


def a_text_without_an_opt_out_line(training: TrainingRun, task: Task) -> list[str] | None:
    if task.step.action not in ("send_text", "reply"):
        return None
    account, number = _account_and_number(task)
    text = "Thanks, noted."
    if task.step.action == "reply":
        training.service.supervisor_reply(number, text)
    else:
        training.service.send_text(account, number, text)
    return ["no_opt_out_line"]


def a_skip(training: TrainingRun, task: Task) -> list[str] | None:
    training.skip()
    return ["skipped"]


MOVES = [a_code_nobody_read_out, a_number_the_desk_refuses, a_text_without_an_opt_out_line, a_skip]
CASES = [(exercise, number, move) for exercise in EXERCISES
         for number in range(1, sum(1 for s in exercise.scenario.steps
                                    if s.kind in ("agent", "supervisor")) + 1)
         for move in MOVES]


@pytest.mark.parametrize(("exercise", "number", "move"), CASES,
                         ids=[f"{e.id}-task{n}-{m.__name__}" for e, n, m in CASES])
def test_each_mistake_costs_its_points_once_and_the_coach_costs_nothing(
        exercise: Exercise, number: int, move) -> None:
    training = start(exercise)
    while training.current.number < number:
        do_the_task(training)
    task = training.current
    expected = move(training, task)
    if expected is None:
        pytest.skip("this mistake cannot be made on this task")
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
    for _ in range(50):
        await pilot.pause()
        if condition():
            return
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
