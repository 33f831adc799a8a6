"""Courses: the curriculum file (checked like a scenario file), unlocking, trainee records that
survive a restart, and the progress screen."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from itms_tui.cli import main
from itms_tui.scenarios import ScenarioInvalid
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.grading import Grade
from itms_tui.training.mistakes import Mistake
from itms_tui.training.trainee_records import TraineeRecords, check_trainee_name
from itms_tui.ui.trainee.progress import ProgressScreen
from itms_tui.ui.factory import train_app
from itms_tui.ui.trainee.app import ScoreCard
from itms_tui.ui.textual_internals import notifications as shown_notifications
from tests.support.training import JANE, PIN, PIN_FLOW, FakeTimer, exercise_text

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "scenarios" / "curriculum.yaml"
SIZE = (140, 45)


def write_course(folder: Path, body: str, exercises: dict[str, str] | None = None) -> Path:
    for name, steps in (exercises or {"one": PIN_FLOW, "two": PIN_FLOW,
                                      "three": PIN_FLOW}).items():
        (folder / f"{name}.yaml").write_text(exercise_text(steps, header=f"name: {name}\n"),
                                             encoding="utf-8")
    path = folder / "curriculum.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def course_problems(folder: Path, body: str, **kw) -> list[str]:
    path = write_course(folder, body, **kw)
    with pytest.raises(ScenarioInvalid) as raised:
        load_curriculum(path)
    return [f"{e.line}:{e.col}: {e.message}" for e in raised.value.errors]


def test_the_shipped_course_covers_every_flow_and_rule() -> None:
    course = load_curriculum(COURSE)
    assert len(course.exercises) >= 12
    steps = [step for e in course.exercises for step in e.scenario.steps]
    actions = {(s.kind, s.action) for s in steps if s.kind in ("agent", "supervisor")}
    assert actions >= {("agent", a) for a in ("add_phone", "send_opt_in_request",
                                               "enter_auth_code", "quick_opt_in",
                                               "arrange_payment_plan", "opt_out", "send_text",
                                               "send_link")} | {("supervisor", "link_number"),
                                                                ("supervisor", "reply")}
    consumer = {s.action for s in steps if s.kind == "consumer"}
    assert {"STOP", "SIGNUP", "HELP", "YES", "🛑"} <= consumer
    errors = {s.expect_error for s in steps if s.expect_error}
    assert {"wrong_code", "max_invitations"} <= errors
    audit = {s.args.get("event") for s in steps if s.kind == "expect" and s.action == "audit"}
    assert {"auto_opt_in", "pin_expired", "number_linked"} <= audit
    assert any(s.args.get("queue") == "possible_opt_out" for s in steps if s.kind == "expect")
    assert any(s.args.get("status") == "scheduled" for s in steps if s.kind == "expect")
    # Only the first exercise is open at the start; the final one needs most of the others.
    assert [e.id for e in course.unlocked(set())] == ["first-opt-in"]
    final = course.exercises[-1]
    assert final.time_limit == timedelta(minutes=15) and len(final.requires) >= 5
    assert course.exercise("possible-opt-out").pass_mark == 85


def test_unlocking(tmp_path: Path) -> None:
    course = load_curriculum(write_course(tmp_path, """\
        name: A course
        pass_mark: 70
        exercises:
          - file: one.yaml
          - file: two.yaml
            pass_mark: 90
          - file: three.yaml
            requires: []
        """))
    one, two, three = course.exercises
    assert (one.requires, two.requires, three.requires) == ((), ("one",), ())
    assert (one.pass_mark, two.pass_mark) == (70, 90)
    assert [e.id for e in course.unlocked(set())] == ["one", "three"]
    assert [e.id for e in course.locked_by(two, set())] == ["one"]
    assert course.next_exercise({"one"}).id == "two"
    assert course.complete({"one", "two", "three"})


@pytest.mark.parametrize(("body", "expected"), [
    ("name: C\nexercises:\n  - file: one.yaml\n  - file: two.yaml\n    requires: [on]\n",
     "5:16: unknown exercise 'on' (did you mean 'one'?)"),
    ("name: C\nexercises:\n  - file: one.yaml\n    requires: [two]\n  - file: two.yaml\n",
     "4:16: unknown exercise 'two' (it is listed later: requires may only name earlier "
     "exercises)"),
    ("name: C\nexercises:\n  - file: one.yaml\n    requires: [one]\n",
     "4:16: exercise 'one' cannot require itself"),
    ("name: C\nexercises:\n  - file: one.yaml\n  - file: two.yaml\n    id: one\n",
     "5:9: exercise id 'one' is used twice (first by exercise 1): give one an `id:`"),
    ("name: C\nexercises:\n  - file: nine.yaml\n", "3:11: no such scenario file: nine.yaml"),
    ("name: C\nexercises:\n  - file: one.yaml\n    pass_mark: 101\n",
     "4:16: must be at most 100, got 101"),
    ("name: C\nexercises:\n  - file: one.yaml\n    time_limit: soon\n",
     "4:17: 'soon' is not a duration: use integers with units d, h, m, s in that order, e.g. "
     "90s, 15m, 2h, 1d5h, 1h30m"),
    ("name: C\nexercises:\n  - fil: one.yaml\n",
     "3:5: unknown key 'fil' in an exercise (did you mean 'file'?); allowed: file, id, title, "
     "pass_mark, requires, time_limit"),
    ("name: C\nexercises: []\n", "2:12: the list of exercises is empty"),
    ("exercises:\n  - file: one.yaml\n", "1:1: required key 'name' is missing"),
    ("- one\n", "1:1: a curriculum must be a mapping of keys (name, exercises, …), got a list"),
])
def test_curriculum_problems(tmp_path: Path, body: str, expected: str) -> None:
    assert expected in course_problems(tmp_path, body)


def test_a_course_names_only_exercises_with_tasks(tmp_path: Path) -> None:
    found = course_problems(tmp_path, "name: C\nexercises:\n  - file: one.yaml\n",
                            exercises={"one": f'- consumer: hi\n  from: "{JANE}"'})
    assert found == ["3:11: one.yaml has no agent or supervisor step, so no task for a trainee"]


def test_a_scenario_problem_is_reported_in_its_own_file(tmp_path: Path) -> None:
    path = write_course(tmp_path, "name: C\nexercises:\n  - file: one.yaml\n",
                        {"one": "- agnet: quick_opt_in"})
    with pytest.raises(ScenarioInvalid) as raised:
        load_curriculum(path)
    assert [str(e) for e in raised.value.errors][0].startswith(str(tmp_path / "one.yaml"))


def grade(score: int, passed_mark: int = 80) -> Grade:
    mistakes = (Mistake("wrong_number", "you chose 617-555-0102"),) if score < 100 else ()
    return Grade("An exercise", score, passed_mark, mistakes, 0, (), 12.0)


def test_records_persist_and_fold_names(tmp_path: Path) -> None:
    path = tmp_path / "training.json"
    records = TraineeRecords.open(path)
    assert records.add_trainee("Jane Trainee") == "Jane Trainee"
    records.add_attempt("jane  trainee", "C", "one", "One", grade(70))
    records.add_attempt("JANE TRAINEE", "C", "one", "One", grade(90))
    records.add_attempt("Jane Trainee", None, "solo", "Solo", grade(100))
    records.close()
    again = TraineeRecords.open(path)
    assert again.trainees() == ["Jane Trainee"]
    assert [a.score for a in again.attempts("Jane Trainee")] == [70, 90, 100]
    assert [a.score for a in again.attempts("Jane Trainee", "C")] == [70, 90]
    assert again.passed("Jane Trainee", "C") == {"one"}
    assert again.best("Jane Trainee", "C", "one").score == 90
    first = again.attempts("Jane Trainee")[0]
    assert first.mistakes[0].kind == "wrong_number" and not first.passed
    assert again.name_of("jane trainee") == "Jane Trainee"
    again.close()


@pytest.mark.parametrize(("name", "problem"), [
    ("", "the trainee's name is empty"), ("   ", "the trainee's name is empty"),
    ("x" * 61, "the trainee's name is longer than 60 characters"),
    ("Jane\x1b[2J", "the trainee's name contains control characters"),
    ("Jane\u202e", "the trainee's name contains control characters"),
])
def test_trainee_names(name: str, problem: str) -> None:
    assert check_trainee_name(name) == problem
    assert check_trainee_name("Zoë O'Brien [lead]") is None


def progress_lines(app) -> list[str]:
    options = app.screen.query_one("#progress-list")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def do_first_exercise(pilot) -> None:
    """Exercise 1 of the shipped course, done perfectly on the desk."""
    await pilot.press("o")
    await pilot.pause()
    await pilot.press("p")
    pilot.app.focused.value = PIN
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("escape", "t")  # out of the PIN box, into the reply box
    pilot.app.focused.value = "Hi Jane, about your March statement. Reply STOP to opt out."
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_unlocking_and_records_survive_a_restart(tmp_path: Path) -> None:
    course = load_curriculum(COURSE)
    path = tmp_path / "training.json"
    records = TraineeRecords.open(path)
    app = train_app(course=course, records=records, trainee="Pat Trainee", timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        lines = progress_lines(app)
        assert lines[0].startswith("▶  1. Your first opt-in, with a PIN — open, not tried")
        assert lines[1].startswith("🔒  2. STOP means stop") and "locked: pass 1 first" in lines[1]
        await pilot.press("s", "a", "h", "ctrl+g")  # the desk's keys do nothing here
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen) and app.training is None
        # A locked exercise does not start.
        app.screen.query_one("#progress-list").highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        assert any(n.title == "Locked" for n in shown_notifications(app))
        app.screen.query_one("#progress-list").highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.exercise.id == "first-opt-in"
        assert "Get Jane Doe's number 617-555-0101 opted in" in str(
            app.screen.query_one("#task-card").render())
        await do_first_exercise(pilot)
        assert isinstance(app.screen, ScoreCard)
        assert app.grade.score == 100 and app.grade.passed
        await pilot.press("escape")  # back to the course
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        lines = progress_lines(app)
        assert lines[0].startswith("✓  1.") and "passed · best 100 · 1 attempt" in lines[0]
        assert lines[1].startswith("▶  2.") and lines[5].startswith("🔒  6.")
    records.close()

    # A restart: the records are read back from the file.
    records = TraineeRecords.open(path)
    app = train_app(course=load_curriculum(COURSE), records=records, trainee="pat trainee",
                   timer=FakeTimer())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = progress_lines(app)
        assert lines[0].startswith("✓  1.") and "passed · best 100" in lines[0]
        assert lines[1].startswith("▶  2.")
        assert "1 of 19 exercises passed" in str(app.screen.query_one("#progress-head").render())
    assert [a.exercise for a in records.attempts("Pat Trainee")] == ["first-opt-in"]
    records.close()


async def test_a_course_asks_who_is_training(tmp_path: Path) -> None:
    records = TraineeRecords.open(tmp_path / "training.json")
    app = train_app(course=load_curriculum(COURSE), records=records, timer=FakeTimer())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#prompt-value")
        box.value = "  "
        await pilot.press("enter")
        await pilot.pause()
        assert "empty" in str(app.screen.query_one("#prompt-error").render())
        box.value = "Lee Learner"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen) and app.trainee == "Lee Learner"
    assert records.trainees() == ["Lee Learner"]
    records.close()


def test_train_a_course_from_the_command_line_errors(tmp_path: Path, capsys) -> None:
    path = write_course(tmp_path, "name: C\nexercises:\n  - file: nine.yaml\n")
    assert main(["train", str(path)]) == 2
    assert "no such scenario file: nine.yaml" in capsys.readouterr().err
    assert main(["train", str(COURSE), "--trainee", "x" * 70]) == 2
    assert "longer than 60" in capsys.readouterr().err
