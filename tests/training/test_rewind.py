"""ctrl+z: back to the start of the current task, with the world, the clock and the phone as they
were then, counted as a retry (not scored: the mistakes made stay counted)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from itms_tui.core.names import ConsentState, Queue
from itms_tui.scenarios import load_scenario
from itms_tui.scenarios.runner import build_service
from itms_tui.training.grading import TrainingRun
from itms_tui.ui.factory import train_app
from itms_tui.ui.screens.help import HelpScreen
from itms_tui.ui.screens.supervisor import SupervisorScreen
from tests.support.training import JANE, JANE_WORK, PIN, PIN_FLOW, STRANGER, FakeTimer, exercise
from itms_tui.ui.trainee.app import TaskCard
from tests.training.test_train_app import SIZE, card_text, score_card_text

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios" / "training"


def shown_card(app) -> str:
    """The task card of the screen on top (the desk's, or the supervisor's)."""
    return str(app.screen.query_one(TaskCard).render())


def test_a_rewind_puts_back_world_clock_and_phone_and_counts_a_retry() -> None:
    scenario = exercise(PIN_FLOW)
    service = build_service(scenario)
    training = TrainingRun(scenario, service, timer=lambda: 0.0)
    training.start()
    service.send_opt_in_request("1001", JANE)  # task 1; Jane says YES by script
    assert training.current.number == 2
    at_start = (service.now(), service.pin_for_consumer(JANE), len(service.messages()),
                len(service.audit()), service.consent(JANE).state)
    service.enter_auth_code("1001", JANE, "0000")  # a wrong code: one mistake
    service.opt_out("1001", JANE_WORK)  # and the wrong number opted out
    service.advance(timedelta(hours=2))
    assert len(training.mistakes) == 2
    rewound = training.rewind()
    assert rewound is not None and rewound is not service and training.service is rewound
    assert (rewound.now(), rewound.pin_for_consumer(JANE), len(rewound.messages()),
            len(rewound.audit()), rewound.consent(JANE).state) == at_start
    assert rewound.consent(JANE_WORK).state is ConsentState.NONE
    assert rewound.consent(JANE).pin.wrong_attempts == 0
    assert len(training.mistakes) == 2 and training.rewinds == {2: 1}
    service.enter_auth_code("1001", JANE, "9999")  # the old world is no longer watched
    assert len(training.mistakes) == 2
    rewound.enter_auth_code("1001", JANE, PIN)  # the task, on the world gone back to
    grade = training.grade()
    assert [m.kind for m in grade.mistakes] == ["wrong_pin", "unscripted_text"]
    assert training.finished and grade.score == 100 - 15 - 15
    assert grade.rewinds == 1 and grade.tasks[1].rewinds == 1
    assert grade.to_data()["rewinds"] == 1


def test_a_rewound_world_never_draws_a_code_the_exercise_types_as_a_wrong_one() -> None:
    lockout = load_scenario(Path(__file__).parents[2] / "scenarios" / "training"
                            / "14_pin_lockout.yaml")
    service = build_service(lockout)
    training = TrainingRun(lockout, service, timer=lambda: 0.0)
    training.start()
    service.send_opt_in_request("1040", "+16175550140")  # task 1; Ben says YES by script
    rewound = training.rewind()
    assert rewound is not None
    assert rewound.codes_never_drawn == service.codes_never_drawn == {"1234", "1243", "2143"}


def test_no_rewind_before_the_first_task_or_after_the_last() -> None:
    scenario = exercise(PIN_FLOW)
    service = build_service(scenario)
    training = TrainingRun(scenario, service, timer=lambda: 0.0)
    assert training.rewind() is None  # not started
    training.start()
    training.finish()
    assert training.rewind() is None


async def test_ctrl_z_undoes_a_wrong_link_in_the_supervisors_queues() -> None:
    app = train_app(load_scenario(LIBRARY / "05_supervisor_link.yaml"), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        clock = app.service.now()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"Sam", "enter")  # the wrong account
        await pilot.pause()
        assert app.service.inbox(Queue.UNASSOCIATED) == []
        card = shown_card(app)
        assert "⚠ Task 1 can no longer be done: 718-555-0199 is no longer in the Unassociated" in card
        assert "Press ctrl+z to go back to this task's start and try again" in card
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, SupervisorScreen)
        assert [item.number for item in app.service.inbox(Queue.UNASSOCIATED)][-1] == STRANGER
        assert app.service.accounts_for(STRANGER) == [] and app.service.now() == clock
        card = shown_card(app)
        assert "task 1/2" in card and "rewinds 1" in card and "⚠" not in card
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"Rosa", "enter")  # the right account: task 1 done
        await pilot.pause()
        assert "task 2/2" in shown_card(app)
        await pilot.press("ctrl+g", "ctrl+g")
        await pilot.pause()
        await pilot.pause()
        assert app.grade.rewinds == 1
        assert [m.kind for m in app.grade.mistakes] == ["wrong_account", "not_done"]
        text = score_card_text(app)
        assert "rewinds 1" in text and "— done" in text and "rewound once" in text


async def test_ctrl_z_is_in_the_help_and_the_footer() -> None:
    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "ctrl+z back to the task's start" in card_text(app)
        footer = [binding.key for (_node, binding, enabled, _tip)
                  in app.screen.active_bindings.values() if binding.show and enabled]
        assert "ctrl+z" in footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [str(static.render()) for static in app.screen.query(".help-key, .help-meaning")]
        at = rows.index("ctrl+z")
        assert rows[at + 1].startswith("back to the start of the current task")


def test_the_records_and_the_report_keep_the_rewinds(tmp_path) -> None:
    from itms_tui.training.curriculum import load_curriculum
    from itms_tui.training.grading import Grade, TaskResult
    from itms_tui.training.trainee_records import TraineeRecords
    from itms_tui.training.trainee_report import build_report, render_html, render_markdown

    course = load_curriculum(LIBRARY.parent / "curriculum.yaml")
    first = course.exercises[0]
    tasks = (TaskResult(1, "Opt Jane in", "done", 30.0, 0, 2, rewinds=2),)
    grade = Grade(first.scenario.name, 100, 80, (), 0, tasks, 60.0)
    path = tmp_path / "training.json"
    records = TraineeRecords.open(path)
    records.add_attempt("Zoë", course.name, first.id, first.scenario.name, grade)
    records.close()
    records = TraineeRecords.open(path)
    [attempt] = records.attempts("Zoë")
    assert attempt.rewinds == 2
    report = build_report(records, "Zoë", course=course)
    assert "; went back to a task's start twice." in render_markdown(report)
    assert "; went back to a task's start twice.</p>" in render_html(report)
