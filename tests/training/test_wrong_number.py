"""The "wrong number" exercise: a consumer texts that it is the wrong number, a possible opt-out
(SPEC flow 10) the agent must act on. Opting the number out scores 100; dismissing the flag as
not an opt-out, or texting back, costs 20 once, explained in the trainee's words."""

from __future__ import annotations

from pathlib import Path

from itms_tui.scenarios.runner import ScenarioRun, build_service
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.grading import TrainingRun
from itms_tui.training.mistakes import KINDS

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_curriculum(ROOT / "scenarios" / "curriculum.yaml")
NUMBER = "+16175550141"


def at_the_reply(exercise_id: str = "wrong-number") -> TrainingRun:
    """The exercise started, its tasks done up to the one after the flagged text."""
    exercise = COURSE.exercise(exercise_id)
    training = TrainingRun(exercise.scenario, build_service(exercise.scenario),
                           pass_mark=exercise.pass_mark, timer=lambda: 0.0)
    training.start()
    while training.current is not None and training.current.step.action != "opt_out":
        ScenarioRun(training.scenario, training.service).perform(
            training.run_step(training.current))
    return training


def test_the_course_has_it_in_its_opt_out_part() -> None:
    ids = [exercise.id for exercise in COURSE.exercises]
    assert ids.index("wrong-number") < ids.index("quick-opt-in")
    assert ids.index("possible-opt-out") < ids.index("wrong-number")
    assert "wrong-number" in COURSE.exercise("busy-morning").requires


def test_the_reply_is_a_possible_opt_out_and_opting_the_number_out_scores_100() -> None:
    training = at_the_reply()
    service = training.service
    (flagged,) = service.possible_opt_outs(NUMBER)
    assert "wrong number" in flagged.possible_opt_out
    assert service.consent(NUMBER).state.value == "opted_in"  # nothing changed by itself
    assert "x" in training.hint()
    assert service.opt_out("1001", NUMBER).ok
    grade = training.grade()
    assert training.finished and grade.mistakes == ()
    assert grade.score == 100 - 5  # the hint


def test_dismissing_it_costs_20_once_with_the_reason_in_the_trainees_words() -> None:
    training = at_the_reply()
    service = training.service
    assert service.dismiss_possible_opt_out("1001", NUMBER, "not our consumer").ok
    (mistake,) = training.mistakes
    assert (mistake.kind, mistake.points, mistake.task) == ("dismissed_opt_out", 20, 2)
    assert "617-555-0141" in mistake.detail and '"wrong number"' in mistake.detail
    explained = mistake.explanation()
    assert KINDS["dismissed_opt_out"].why in explained
    assert "never agreed" in explained and "Opt the number out (x)" in explained
    for jargon in ("possible_opt_out", "dismiss_possible_opt_out", "Twilio", "error"):
        assert jargon not in mistake.detail + KINDS["dismissed_opt_out"].why, jargon
    # The task can still be done, and doing it costs nothing more.
    assert training.current.number == 2 and 2 not in training.blocked
    assert service.opt_out("1001", NUMBER).ok
    grade = training.grade()
    assert training.finished and [m.kind for m in grade.mistakes] == ["dismissed_opt_out"]
    assert (grade.score, grade.pass_mark, grade.passed) == (80, 85, False)


def test_texting_back_before_opting_out_is_ignoring_the_opt_out() -> None:
    training = at_the_reply()
    service = training.service
    assert service.send_text("1001", NUMBER, "Sorry! We will update our records. Reply STOP to "
                                             "opt out.").ok
    assert [m.kind for m in training.mistakes] == ["ignored_possible_opt_out"]
    assert service.opt_out("1001", NUMBER).ok
    assert (training.grade().score, training.grade().passed) == (80, False)


def test_dismissing_any_opt_out_the_task_was_to_act_on_is_the_same_mistake() -> None:
    training = at_the_reply("possible-opt-out")
    number = training.service.accounts()[0].phones[0]
    assert training.service.dismiss_possible_opt_out("1001", number, "").ok
    assert [m.kind for m in training.mistakes] == ["dismissed_opt_out"]
