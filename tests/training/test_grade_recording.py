"""`itms-tui grade`: a recording judged against an exercise without a screen gives the grade the
live desk gave, for every exercise of the course, done well and done with mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from itms_tui.cli import main
from itms_tui.scenarios import load_scenario, parse_scenario
from itms_tui.scenarios.demo import load_demo_world
from itms_tui.scenarios.runner import ScenarioRun, StepNotResolvable, build_service
from itms_tui.training.grading import TrainingRun
from itms_tui.training.session_recorder import Recorder
from itms_tui.training.replay import grade_recording, trainee_moves
from itms_tui.training.tasks import is_task

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios" / "training"
EXERCISES = sorted(LIBRARY.glob("*.yaml"))


def load(path: Path):
    return load_scenario(path, demo_world=load_demo_world())


class Still:
    def __call__(self) -> float:
        return 0.0


def live_walk(exercise, mistakes: bool) -> tuple[object, str]:
    """Do `exercise` on a live service, as a trainee at the desk would, recorded.

    With `mistakes`, before each task the trainee first types a code nobody gave them and adds
    a number the desk refuses. Returns the live grade and the recording's text.

    A recording holds the trainee's actions, not a skip or a rewind, so the mistakes must leave
    each task doable: no stray code where the consumer reads out codes one by one (it would use
    up one of the PIN's attempts, which is what the PIN lockout exercise is about).
    """
    service = build_service(exercise)
    recorder = Recorder(service, name=f"{exercise.name} (recorded)")
    training = TrainingRun(exercise, service, timer=Still())
    hand = ScenarioRun(exercise, service)
    training.start()
    while (task := training.current) is not None:
        account = str(task.step.args.get("account", "1001"))
        phone = str(task.step.args.get("phone", "+16175550101"))
        if mistakes:
            code = str(task.step.args.get("code", "{pin}"))
            if task.step.action != "enter_auth_code" or "{pin}" in code:
                service.enter_auth_code(account, phone, "0000")
            service.add_phone(account, "12")
        try:
            hand.perform(hand.resolve(task.step))
        except StepNotResolvable:
            training.skip()
    grade = training.grade()
    training.close()
    recorder.stop()
    return grade, recorder.text()


@pytest.mark.parametrize("path", EXERCISES, ids=[p.stem for p in EXERCISES])
def test_each_exercise_done_right_scores_100_on_the_desk_and_offline(path: Path) -> None:
    exercise = load(path)
    live, text = live_walk(exercise, mistakes=False)
    offline = grade_recording(exercise, parse_scenario(text, "recording.yaml"), load_demo_world())
    assert (live.score, live.passed) == (100, True)
    assert (offline.score, offline.passed, offline.mistakes) == (100, True, ())


@pytest.mark.parametrize("path", EXERCISES, ids=[p.stem for p in EXERCISES])
def test_each_exercise_with_mistakes_is_graded_offline_as_on_the_desk(path: Path) -> None:
    exercise = load(path)
    live, text = live_walk(exercise, mistakes=True)
    offline = grade_recording(exercise, parse_scenario(text, "recording.yaml"), load_demo_world())
    assert live.score < 100
    assert offline.score == live.score
    assert [(m.kind, m.task, m.detail) for m in offline.mistakes] == [
        (m.kind, m.task, m.detail) for m in live.mistakes]


@pytest.mark.parametrize("path", EXERCISES, ids=[p.stem for p in EXERCISES])
def test_the_exercise_itself_is_a_perfect_recording(path: Path, capsys) -> None:
    assert main(["grade", str(path), str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("score 100/100, passed")


def test_a_recording_with_mistakes_fails_with_each_mistake_and_its_rule(tmp_path, capsys) -> None:
    exercise = LIBRARY / "08_possible_opt_out.yaml"
    recording = tmp_path / "walk.yaml"
    # Thanks Jane without an opt-out line, then texts on after her "please don't text me".
    text = exercise.read_text(encoding="utf-8").replace(
        "Thanks Jane, we have your $200 payment. Reply STOP to opt out.",
        "Thanks Jane, we have your $200 payment.")
    text = text.replace("  - agent: opt_out\n",
                        '  - agent: send_text\n    text: "Noted. Reply STOP to opt out."\n'
                        "  - agent: opt_out\n")
    recording.write_text(text, encoding="utf-8")
    assert main(["grade", str(exercise), str(recording)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("score 70/100, failed (pass mark 80): The opt-out that is not "
                                   "a keyword")
    assert "-10 Sent a free text without an opt-out line (task 1)" in out
    assert "-20 Ignored a possible opt-out (task 2)" in out
    assert "Rule: FCC 24-24" in out
    assert main(["grade", "--json", str(exercise), str(recording)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["score"], data["passed"]) == (70, False)
    assert [m["kind"] for m in data["mistakes"]] == ["no_opt_out_line", "ignored_possible_opt_out"]


def test_a_recording_that_does_nothing_skips_every_task(tmp_path, capsys) -> None:
    exercise = LIBRARY / "01_first_opt_in.yaml"
    idle = tmp_path / "idle.yaml"
    idle.write_text(exercise.read_text(encoding="utf-8").split("steps:")[0]
                    + "steps:\n  - advance: 1m\n", encoding="utf-8")
    assert main(["grade", str(exercise), str(idle)]) == 1
    captured = capsys.readouterr()
    assert "the trainee did nothing" in captured.err
    tasks = sum(is_task(s) for s in load(exercise).steps)
    assert captured.out.count("Left a task undone") == tasks


def test_bad_files_exit_2_with_their_position(tmp_path, capsys) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nsteps:\n  - agent: fly\n", encoding="utf-8")
    exercise = str(LIBRARY / "01_first_opt_in.yaml")
    assert main(["grade", exercise, str(broken)]) == 2
    assert f"{broken}:3:" in capsys.readouterr().err
    assert main(["grade", exercise, str(tmp_path / "missing.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    no_tasks = tmp_path / "no_tasks.yaml"
    no_tasks.write_text('name: x\nsteps:\n  - consumer: "hi"\n    from: "+16175550101"\n',
                        encoding="utf-8")
    assert main(["grade", str(no_tasks), exercise]) == 2
    assert "nothing to grade" in capsys.readouterr().err


def test_only_the_agent_and_supervisor_steps_are_the_trainees() -> None:
    exercise = load(LIBRARY / "05_supervisor_link.yaml")
    assert [s.kind for s in trainee_moves(exercise)] == [
        s.kind for s in exercise.steps if s.kind in ("agent", "supervisor")]
