"""An exercise ended and the next (or the same again) started at once: the desk draws the new
exercise's world, and nothing the last world reported, still queued for the desk when the world
was swapped, is drawn against the new one. The keys are queued in one go, as a fast typist or a
paste in a terminal sends them."""

from __future__ import annotations

import textwrap
from pathlib import Path

from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.trainee_records import TraineeRecords
from itms_tui.ui.factory import exam_app, train_app
from itms_tui.ui.screens.desk import DeskScreen
from tests.support.training import PIN_FLOW, FakeTimer, exercise, exercise_text
from tests.support.ui import keys_at_once

SIZE = (140, 45)
#: An opt-in request, the end of the exercise, and the score card's (or the break's) next step.
REQUEST_END_RETRY = ("o", "ctrl+g", "ctrl+g", "r")
REQUEST_END_NEXT = ("o", "ctrl+g", "ctrl+g", "enter")


async def settle(pilot, times: int = 4) -> None:
    for _ in range(times):
        await pilot.pause()


def assert_desk_shows_its_world(app) -> None:
    """The desk's conversation is the thread, in the app's service, of the number it shows."""
    desk = app.screen_stack[0]
    assert isinstance(desk, DeskScreen)
    shown = str(desk.query_one("#conversation").border_title)
    assert shown.endswith(f"({len(app.service.thread(desk.number))})"), shown


async def test_ending_and_retrying_at_once() -> None:
    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        keys_at_once(app, *REQUEST_END_RETRY * 2)
        await settle(pilot)
        assert app.is_running and app.grades
        assert_desk_shows_its_world(app)


def two_fresh_exercises(folder: Path) -> Path:
    """A course of two exercises whose worlds start with no texts at all."""
    for number in (1, 2):
        (folder / f"pin{number}.yaml").write_text(
            exercise_text(PIN_FLOW, header=f"name: PIN flow {number}\n"), encoding="utf-8")
    path = folder / "pins.curriculum.yaml"
    path.write_text(textwrap.dedent(f"""\
        name: Two PIN flows
        exercises:
          - id: pin-one
            file: {folder / "pin1.yaml"}
          - id: pin-two
            file: {folder / "pin2.yaml"}
        """), encoding="utf-8")
    return path


async def test_ending_and_starting_the_next_exam_exercise_at_once(tmp_path: Path) -> None:
    course = load_curriculum(two_fresh_exercises(tmp_path))
    app = exam_app(course, records=TraineeRecords.in_memory(), seed=42, trainee="Pat Lee",
                   timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, 2)
        keys_at_once(app, *REQUEST_END_NEXT * 2)
        await settle(pilot)
        assert app.is_running and app.results
        assert_desk_shows_its_world(app)
