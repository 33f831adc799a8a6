"""The exam on screen as SVG snapshots at 80x24 and 140x45: the desk with its countdown, the
pause between two exercises, and the results. `--snapshot-update` redoes them; look at each as a
picture (`rsvg-convert -o /tmp/x.png tests/ui/snapshots/exam-desk-80x24.svg`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from itms_tui.ui.trainee.exam import ExamBreak, ExamResults
from tests.support.training import FakeTimer
from tests.training.test_exam_screens import card_text, exam

SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZES = [(80, 24), (140, 45)]


@pytest.mark.parametrize("size", SIZES)
async def test_exam_desk_with_its_countdown_snapshot(snapshot, tmp_path: Path, size) -> None:
    snapshot.snapshot_dir = SNAPSHOTS
    timer = FakeTimer()
    app = exam(tmp_path, timer)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        timer.wait(45)
        app.tick()  # the countdown's tick (its timer, tests/training/test_exam.py)
        app.clear_notifications()
        await pilot.pause()
        assert "⏱ 1:15 left" in card_text(app)
        snapshot.assert_match(app.export_screenshot(), f"exam-desk-{size[0]}x{size[1]}.svg")


@pytest.mark.parametrize("size", SIZES)
async def test_exam_pause_snapshot(snapshot, tmp_path: Path, size) -> None:
    snapshot.snapshot_dir = SNAPSHOTS
    timer = FakeTimer()
    app = exam(tmp_path, timer)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("ctrl+g", "ctrl+g")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ExamBreak)
        assert "Exercise 1 of 2 is recorded" in card_text(app)
        app.clear_notifications()  # a toast times out by the wall clock: none in the picture
        await pilot.pause()
        snapshot.assert_match(app.export_screenshot(), f"exam-pause-{size[0]}x{size[1]}.svg")


@pytest.mark.parametrize("size", SIZES)
async def test_exam_results_snapshot(snapshot, tmp_path: Path, size) -> None:
    snapshot.snapshot_dir = SNAPSHOTS
    timer = FakeTimer()
    app = exam(tmp_path, timer)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        for _ in range(2):
            await pilot.press("ctrl+g", "ctrl+g")
            await pilot.pause()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
        assert isinstance(app.screen, ExamResults)
        assert "The exam is over: your results are on screen." in card_text(app)
        app.clear_notifications()
        await pilot.pause()
        snapshot.assert_match(app.export_screenshot(), f"exam-results-{size[0]}x{size[1]}.svg")
