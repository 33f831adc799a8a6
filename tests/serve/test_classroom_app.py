"""The trainee's app in a classroom: the course opens inside it, and the trainer hears of it."""

from __future__ import annotations

from itms_tui.serve.worker import preload
from itms_tui.session import WorldSource, open_session
from itms_tui.training.trainee_records import TraineeRecords
from itms_tui.ui.trainee.classroom import ClassroomApp
from itms_tui.ui.factory import classroom_app as build_classroom_app
from itms_tui.ui.trainee.progress import ProgressScreen
from itms_tui.ui.trainee.app import ScoreCard, TaskCard
from tests.support.serve import course

SAM = "+12085550102"


def classroom_app(statuses: list[dict]) -> ClassroomApp:
    """As a classroom worker builds it: the trainee's session, records, and the course."""
    service = open_session(None, WorldSource.demo())
    app = build_classroom_app(service, course=preload(str(course())),
                              records=TraineeRecords.in_memory(), trainee="Ana",
                              on_status=statuses.append)
    assert isinstance(app, ClassroomApp)
    return app


async def test_ctrl_t_opens_the_course_in_the_same_app_and_escape_comes_back():
    statuses: list[dict] = []
    app = classroom_app(statuses)
    async with app.run_test(size=(140, 45)) as pilot:
        desk = app.screen
        assert not app.query_one(TaskCard).display
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen) and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is desk and app.service is app.desk_service
    assert statuses[0] == {"trainee": "Ana", "exercise": None, "passed": 0, "exercises": len(app.course.exercises),
                           "attempts": 0, "last_mistake": None, "graded": False}


async def test_an_exercise_runs_on_its_own_world_and_the_desk_keeps_the_trainees():
    statuses: list[dict] = []
    app = classroom_app(statuses)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("down", "o")  # on the trainee's own desk: Sam Ortiz, an opt-in request
        await pilot.pause()
        assert app.desk_service.consent(SAM).state.value == "awaiting_yes"
        await pilot.press("ctrl+t", "enter")  # the first exercise
        await pilot.pause()
        await pilot.pause()
        assert app.service is not app.desk_service and app.query_one(TaskCard).display
        assert statuses[-1]["exercise"] == "Your first opt-in, with a PIN"
        await pilot.press("ctrl+g", "ctrl+g")  # end the exercise (its tasks skipped): the score card
        await pilot.pause()
        assert isinstance(app.screen, ScoreCard)
        await pilot.press("enter")  # back to the course
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.service is app.desk_service and not app.query_one(TaskCard).display
        assert app.desk_service.consent(SAM).state.value == "awaiting_yes"
    graded = [status for status in statuses if status["graded"]]
    assert graded and graded[-1]["attempts"] == 1 and graded[-1]["passed"] == 0
    assert graded[-1]["last_mistake"].startswith("Left a task undone: task 3 (")
    assert statuses[-1]["exercise"] is None



async def test_an_exercise_ended_and_retried_at_once_in_the_classroom():
    """Keys queued in one go (a fast typist, a paste): what the ended exercise's world reported
    and the desk had not drawn yet is never drawn against the retried one's."""
    from tests.support.ui import keys_at_once

    app = classroom_app([])
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("ctrl+t", "enter")  # the first exercise
        for _ in range(3):
            await pilot.pause()
        assert app.service is not app.desk_service
        keys_at_once(app, *("o", "ctrl+g", "ctrl+g", "r") * 2)
        for _ in range(4):
            await pilot.pause()
        assert app.is_running and app.service is not app.desk_service
        desk = app.screen_stack[0]
        shown = str(desk.query_one("#conversation").border_title)
        assert shown.endswith(f"({len(app.service.thread(desk.number))})"), shown


async def test_an_exercise_locks_the_phone_and_shows_the_task_card_and_leaving_it_undoes_both():
    """The trainee's own desk has a phone to type on and no task card, before an exercise and
    after it (on the supervisor's queues too); during one the consumer answers by script."""
    from textual.widgets import Button, Input

    app = classroom_app([])

    def phone_locked() -> bool:
        desk = app.screen_stack[0]
        compose = desk.query_one("#phone-compose", Input)
        quick = list(desk.query(".quick").results(Button))
        assert quick and all(button.disabled == compose.disabled for button in quick)
        return compose.disabled and compose.placeholder == "the consumer answers by script"

    def cards_shown() -> list[bool]:
        return [card.display for screen in app.screen_stack for card in screen.query(TaskCard)]

    async with app.run_test(size=(140, 45)) as pilot:
        assert not phone_locked() and cards_shown() == [False]
        await pilot.press("s")  # the supervisor's queues, at the trainee's own desk
        await pilot.pause()
        assert cards_shown() == [False, False]
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+t", "enter")  # the first exercise
        for _ in range(3):
            await pilot.pause()
        assert app.service is not app.desk_service
        assert phone_locked() and cards_shown() == [True]
        await pilot.press("s")
        await pilot.pause()
        assert cards_shown() == [True, True]
        await pilot.press("s", "ctrl+g", "ctrl+g")  # end the exercise: the score card
        await pilot.pause()
        await pilot.press("enter")  # back to the course
        await pilot.pause()
        await pilot.press("escape")  # back to the trainee's own desk
        await pilot.pause()
        assert app.service is app.desk_service
        assert not phone_locked() and cards_shown() == [False]
        assert app.screen.query_one("#phone-compose", Input).placeholder == "type a text…"
        await pilot.press("c")  # the trainee's own phone takes typing again
        await pilot.pause()
        assert app.screen.query_one("#phone-compose", Input).has_focus
