"""What the exam's task card says while the exam pauses between two exercises (its pictures are
in tests/ui/test_exam_snapshots.py)."""

from __future__ import annotations

from pathlib import Path

from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.trainee_records import TraineeRecords
from itms_tui.ui.factory import exam_app
from itms_tui.ui.trainee.exam import ExamBreak
from tests.support.training import FakeTimer
from tests.training.test_exam import small_course


def card_text(app) -> str:
    return " ".join(str(app.screen_stack[0].query_one("#task-card").render()).split())


def exam(tmp_path: Path, timer: FakeTimer):
    course = load_curriculum(small_course(tmp_path))
    return exam_app(course, records=TraineeRecords.in_memory(), seed=42, trainee="Pat Lee",
                    timer=timer)


async def test_while_the_exam_pauses_the_card_says_the_exercise_is_recorded(tmp_path: Path
                                                                            ) -> None:
    timer = FakeTimer()
    app = exam(tmp_path, timer)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        timer.wait(30)
        await pilot.press("ctrl+g", "ctrl+g")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ExamBreak)
        timer.wait(300)  # the trainee takes a while before going on
        card = card_text(app)
        assert "score card" not in card
        assert "Exercise 1 of 2 is recorded: the scores come at the end of the exam." in card
        # The clock stopped with the exercise, and the card still counts the first one.
        assert "⏱" not in card and "exam 1 of 2" in card
        assert "Exam paused: Enter goes on to the next exercise" in card
