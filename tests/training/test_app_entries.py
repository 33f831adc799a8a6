"""The ways into trainee mode and the recorder from the rest of the app and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from itms_tui import cli
from itms_tui.cli import train as cli_train
from itms_tui.scenarios.runner import build_service
from itms_tui.training.grading import Grade
from itms_tui.training.mistakes import KINDS, Mistake
from itms_tui.training.trainee_records import TraineeRecords
from itms_tui.ui.app import TRAIN, ItmsApp
from itms_tui.ui.factory import desk_app, play_app, train_app
from itms_tui.ui.trainee.app import TrainApp
from tests.support.training import PIN_FLOW, FakeTimer, exercise, exercise_text

ROOT = Path(__file__).resolve().parents[2]
SIZE = (140, 45)


async def test_ctrl_t_leaves_the_desk_for_the_course() -> None:
    scenario = exercise(PIN_FLOW)
    app = desk_app(build_service(scenario))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
    assert app.return_value == TRAIN


async def test_the_palette_offers_training_and_recording() -> None:
    app = desk_app(build_service(exercise(PIN_FLOW)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Training course" in titles and "Record this session" in titles
        app.start_recording()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Stop recording and save" in titles


async def test_modes_that_replace_the_service_neither_record_nor_leave() -> None:
    for app in (train_app(exercise(PIN_FLOW), timer=FakeTimer()), play_app([exercise(PIN_FLOW)])):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+r", "ctrl+t")
            await pilot.pause()
            assert app.recorder is None and app.return_value is None
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Training course" not in titles and "Record this session" not in titles


def test_the_app_command_opens_the_course_and_comes_back(monkeypatch, tmp_path) -> None:
    runs = iter([TRAIN, None])
    monkeypatch.setattr(ItmsApp, "run", lambda self: next(runs))
    courses = []
    monkeypatch.setattr(cli_train, "train_course", lambda args, path: courses.append(path) or 0)
    assert cli.main(["--db", str(tmp_path / "session.json")]) == 0
    assert courses == [ROOT / "scenarios" / "curriculum.yaml"]


def test_train_with_a_trainee_records_the_attempt(monkeypatch, tmp_path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(exercise_text(PIN_FLOW, header="name: One exercise\n"), encoding="utf-8")
    graded = Grade("One exercise", 75, 80, (Mistake("wrong_pin", "you typed 1234", 2),), 1, (),
                   30.0)

    def fake_run(self) -> None:
        assert self.sub_title == "Training · Kim"
        self.on_graded(self.scenario, graded)

    monkeypatch.setattr(TrainApp, "run", fake_run)
    records = tmp_path / "training.json"
    assert cli.main(["train", str(path), "--trainee", "Kim", "--records", str(records)]) == 0
    again = TraineeRecords.open(records)
    [attempt] = again.attempts("kim")
    assert (attempt.course, attempt.exercise, attempt.score, attempt.passed) == (None, "one", 75,
                                                                                False)
    assert attempt.mistakes[0].title == KINDS["wrong_pin"].title
    again.close()


@pytest.mark.parametrize("command", [["train", "scenarios/curriculum.yaml", "--trainee", "Pat"],
                                     ["report", "Pat"]])
def test_damaged_records_offer_what_the_command_takes(command, tmp_path, capsys) -> None:
    # `train` and `report` have no --fresh (the desk's): the way out they offer is --records.
    records = tmp_path / "training.json"
    records.write_bytes(b'{"trainees": [')
    assert cli.main([*command, "--records", str(records)]) == 2
    said = capsys.readouterr().err
    assert said.count("\n") == 1 and "training.json is damaged" in said
    assert said.endswith("move it away, or name another file with --records\n")
    assert records.read_bytes() == b'{"trainees": ['
