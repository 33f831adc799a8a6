"""A mistake is penalised once, never its consequences: a task an earlier mistake made impossible
says so and why, costs nothing more when the trainee follows it or goes on, and the score card
says it could not be done. Checked on the course's own exercises, headless and on the desk."""

from __future__ import annotations

from pathlib import Path

from itms_tui.scenarios import load_scenario
from itms_tui.scenarios.runner import ScenarioRun, build_service
from itms_tui.training.grading import TrainingRun
from itms_tui.ui.factory import train_app
from tests.support.training import JANE, PIN, STRANGER, FakeTimer
from tests.training.test_train_app import SIZE, card_text, coach_titles, score_card_text

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios" / "training"


def start(name: str) -> tuple[TrainingRun, ScenarioRun]:
    exercise = load_scenario(LIBRARY / name)
    service = build_service(exercise)
    training = TrainingRun(exercise, service, timer=lambda: 0.0)
    training.start()
    return training, ScenarioRun(exercise, service)


def follow_the_task(training: TrainingRun, hand: ScenarioRun) -> None:
    """Do what the current task says (as its hint says it), then go on if it could not be done."""
    task = training.current
    hand.perform(training.run_step(task))
    if training.current is task:
        training.skip()


def test_an_early_opt_out_of_the_mobile_costs_once_not_three_times() -> None:
    # Exercise 7: `x` on Jane's mobile first (task 1 is her work phone), so task 2, texting the
    # mobile, cannot be done any more.
    training, hand = start("07_agent_opt_out.yaml")
    training.service.opt_out("1001", JANE)
    follow_the_task(training, hand)  # task 1: the work phone, done
    task = training.current
    assert task.number == 2
    blocked = training.blocked[2]
    assert "has opted out" in blocked.reason
    assert blocked.cause.kind == "wrong_number" and not blocked.undone_by_rewind
    explanation = blocked.explanation(task)
    assert explanation.startswith("Task 2 can no longer be done: the desk would now refuse it, because ")
    assert "already counted (task 1: acted on the wrong number)" in explanation
    follow_the_task(training, hand)  # texts the mobile as the task says: refused; goes on
    grade = training.grade()
    assert [m.kind for m in grade.mistakes] == ["wrong_number"]
    assert (grade.score, grade.passed) == (90, True)
    assert grade.tasks[1].status == "impossible" and "opted out" in grade.tasks[1].why


def test_a_link_to_the_wrong_account_says_the_queue_is_empty_and_costs_once() -> None:
    # Exercise 5: the stranger linked to Sam's account leaves the Unassociated queue.
    training, hand = start("05_supervisor_link.yaml")
    training.service.link_number(STRANGER, "1002")
    blocked = training.blocked[1]
    assert blocked.reason == ("718-555-0199 is no longer in the Unassociated queue: it is "
                              "already on account 1002")
    assert blocked.cause.kind == "wrong_account" and blocked.undone_by_rewind
    training.skip()
    follow_the_task(training, hand)  # task 2: the reply
    grade = training.grade()
    assert [m.kind for m in grade.mistakes] == ["wrong_account"]
    assert grade.score == 90


def test_the_pin_off_the_phone_instead_of_the_misread_one_costs_once() -> None:
    # Exercise 11: Jane reads "0000"; the trainee types the PIN her phone got, which opts the
    # number in, so the refusal, the new request and the new PIN can no longer happen.
    training, hand = start("11_pin_trouble.yaml")
    follow_the_task(training, hand)  # task 1: the request
    training.service.enter_auth_code("1001", JANE, training.service.pin_for_consumer(JANE))
    [mistake] = training.mistakes
    assert mistake.kind == "wrong_pin"
    assert mistake.detail.startswith("Jane Doe read out 0000; you entered '")
    assert "not because that code is not the PIN" in training.blocked[2].reason
    while training.current is not None:
        follow_the_task(training, hand)
    grade = training.grade()
    assert [m.kind for m in grade.mistakes] == ["wrong_pin"]
    assert grade.score == 85
    assert [t.status for t in grade.tasks] == ["done", "impossible", "impossible", "impossible"]


def test_an_ordinary_skip_still_costs() -> None:
    training, _hand = start("07_agent_opt_out.yaml")
    assert training.blocked == {}
    training.skip()
    assert [m.kind for m in training.mistakes] == ["skipped"]


async def test_the_desk_says_the_task_can_no_longer_be_done_and_going_on_is_free() -> None:
    app = train_app(load_scenario(LIBRARY / "07_agent_opt_out.yaml"), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("x")  # the mobile is chosen first: opted out by mistake
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("n", "x")  # the work phone: task 1
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        card = card_text(app)
        assert "task 2/2" in card
        assert "⚠ Task 2 can no longer be done: the desk would now refuse it, because" in card
        assert "going on costs nothing more. Press ctrl+s to go on." in card
        assert "Coach: this task can no longer be done" in coach_titles(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.grade.score == 90
        text = score_card_text(app)
        assert "— could not be done (the desk would now refuse it, because" in text
        assert "Skipped a task" not in text
        assert PIN not in text
