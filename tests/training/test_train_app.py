"""Trainee mode in the real app: a scripted trainee presses the desk's keys; the task card, the
live coach and the score card show what the grading decided."""

from __future__ import annotations

import pytest

from itms_tui.cli import main
from itms_tui.training.mistakes import KINDS
from itms_tui.ui.factory import train_app
from itms_tui.ui.trainee.app import ScoreCard, TrainApp
from itms_tui.ui.textual_internals import notifications as shown_notifications
from tests.support.training import JANE, JANE_WORK, PIN, PIN_FLOW, FakeTimer, exercise, exercise_text

SIZE = (140, 45)


def card_text(app: TrainApp) -> str:
    return str(app.screen.query_one("#task-card").render())


def score_card_text(app: TrainApp) -> str:
    assert isinstance(app.screen, ScoreCard)
    return "\n".join(str(static.render()) for static in app.screen.query(".score-line"))


def coach_titles(app: TrainApp) -> list[str]:
    return [n.title for n in shown_notifications(app) if n.title.startswith("Coach: ")]


async def type_into(pilot, key: str, text: str) -> None:
    """Focus a box with its key, put the text in, and press Enter."""
    await pilot.press(key)
    await pilot.pause()
    pilot.app.focused.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_a_perfect_trainee_scores_100() -> None:
    timer = FakeTimer()
    app = train_app(exercise(PIN_FLOW, header="name: First opt-in\nobjective: Opt Jane in with "
                                             "the PIN flow\n"), timer=timer)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        card = card_text(app)
        assert "Objective: Opt Jane in with the PIN flow" in card
        assert "task 1/2" in card
        assert "▶ Task: Get Jane Doe's number 617-555-0101 opted in with a PIN" in card
        timer.wait(30)
        await pilot.press("o")  # Send Opt In Request on the desk
        await pilot.pause()
        # Jane answered YES by script: her phone shows the PIN; the next task is up.
        assert app.service.pin_for_consumer(JANE) == PIN
        assert "task 2/2" in card_text(app)
        assert "reads you the PIN" in card_text(app)
        timer.wait(15)
        await type_into(pilot, "p", PIN)
        await pilot.pause()
        assert app.grade is not None
        assert (app.grade.score, app.grade.passed, app.grade.mistakes) == (100, True, ())
        text = score_card_text(app)
        assert "PASSED: 100/100 (pass mark 80)" in text
        assert "No mistakes." in text
        assert "1. Get Jane Doe's number 617-555-0101 opted in with a PIN — done, 30s" in text
        assert coach_titles(app) == []


async def test_hints_lower_the_score_as_documented() -> None:
    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert "Hint: Find account 1001" in card_text(app)
        assert "hints 1 (−5)" in card_text(app)
        await pilot.press("h")  # the same task's hint again: not counted twice
        await pilot.pause()
        assert "hints 1 (−5)" in card_text(app)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert "hints 2 (−10)" in card_text(app)
        await type_into(pilot, "p", PIN)
        assert app.grade.score == 90 and app.grade.hints == 2
        text = score_card_text(app)
        assert "PASSED: 90/100" in text and "hints used 2 (−10)" in text
        assert "hint used (−5)" in text


async def test_typing_in_a_box_is_not_a_key_of_the_trainee_mode() -> None:
    app = train_app(exercise(f"""
        - agent: send_text
          account: "1001"
          phone: "{JANE}"
          text: "Hi Jane, thanks. Reply STOP to opt out."
        """, consent=f'{{"{JANE}": opted_in}}'), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("t")
        for key in "hk":
            await pilot.press(key)
        await pilot.pause()
        assert app.focused.value == "hk"
        assert app.training.hints_used == 0 and app.coach


#: Each kind of mistake the trainee can make on the desk: the exercise, what the trainee does,
#: and the mistake it must give.
async def _texted_opted_out(pilot):
    await pilot.press("l")  # send the link to Jane, who opted out


async def _ignored_possible_opt_out(pilot):
    await type_into(pilot, "t", "About your balance: can we talk today? Reply STOP to opt out.")


async def _outside_window(pilot):
    await pilot.press("l")  # Send link: the task's own text, held at 9:30pm
    await pilot.pause()


async def _no_opt_out_line(pilot):
    await type_into(pilot, "t", "Hi Jane, your statement is ready.")


async def _wrong_pin(pilot):
    await pilot.press("o")
    await pilot.pause()
    await type_into(pilot, "p", "1234")


async def _over_invitation_limit(pilot):
    for _ in range(4):
        await pilot.press("q")
        await pilot.pause()


async def _texted_not_opted_in(pilot):
    await type_into(pilot, "t", "Hi Jane. Reply STOP to opt out.")


async def _wrong_number(pilot):
    await pilot.press("n")  # the next number of the account: Jane's work phone
    await pilot.pause()
    await pilot.press("o")


async def _out_of_order(pilot):
    await pilot.press("q")  # Quick Opt In on Jane's first number: that is task 2


TWO_QUICK = (f'- agent: quick_opt_in\n  account: "1001"\n  phone: "{JANE_WORK}"\n'
             f'- agent: quick_opt_in\n  phone: "{JANE}"')


OPTED_IN = f'{{"{JANE}": opted_in}}'
OPT_OUT_TASK = f'- agent: opt_out\n  account: "1001"\n  phone: "{JANE}"'
#: The link is the task, and the script wants it delivered at once: at 9:30pm ITMS holds it.
LINK_SENT_AT_ONCE = (f'- agent: send_link\n  account: "1001"\n  phone: "{JANE}"\n'
                     "- expect: sms\n  template: link\n  status: delivered\n" + OPT_OUT_TASK)
MISTAKES = [
    ("texted_opted_out", OPT_OUT_TASK.replace("opt_out\n", "add_phone\n").replace(
        JANE, "+16175550177"), {"consent": f'{{"{JANE}": opted_out}}'}, _texted_opted_out,
     "FCC 24-24"),
    ("ignored_possible_opt_out",
     f'- consumer: please stop texting me\n  from: "{JANE}"\n' + OPT_OUT_TASK,
     {"consent": OPTED_IN}, _ignored_possible_opt_out, "any reasonable means"),
    ("outside_window", LINK_SENT_AT_ONCE, {"consent": OPTED_IN,
                                           "clock": "2026-03-02T21:30:00-05:00"},
     _outside_window, "1006.6(b)(1)"),
    ("no_opt_out_line", OPT_OUT_TASK, {"consent": OPTED_IN}, _no_opt_out_line, "1006.6(e)"),
    ("wrong_pin", PIN_FLOW, {}, _wrong_pin, "PIN authorisation"),
    ("over_invitation_limit", OPT_OUT_TASK, {}, _over_invitation_limit, "invitation limit"),
    ("texted_not_opted_in", OPT_OUT_TASK, {}, _texted_not_opted_in, "prior express consent"),
    ("wrong_number", PIN_FLOW, {}, _wrong_number, "Consent belongs to the number"),
    ("out_of_order", TWO_QUICK, {}, _out_of_order, "go in order"),
]


@pytest.mark.parametrize(("kind", "steps", "options", "act", "rule"), MISTAKES,
                         ids=[m[0] for m in MISTAKES])
async def test_each_mistake_is_explained_live_and_on_the_score_card(kind, steps, options, act,
                                                                    rule) -> None:
    app = train_app(exercise(steps, **options), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await act(pilot)
        await pilot.pause()
        kinds = [m.kind for m in app.training.mistakes]
        assert kind in kinds, kinds
        title = KINDS[kind].title
        # The coach said it at once, with the rule, and the card shows it.
        assert f"Coach: {title}" in coach_titles(app)
        said = next(n for n in shown_notifications(app) if n.title == f"Coach: {title}")
        assert rule in said.message
        assert kind == app.coach_said.kind or kind in kinds
        await pilot.press("ctrl+g", "ctrl+g")  # end the exercise: the score card lists it with its rule
        await pilot.pause()
        await pilot.pause()
        text = score_card_text(app)
        assert title in text and rule in text
        assert "NOT PASSED" in text or "PASSED" in text


async def test_with_the_coach_off_mistakes_wait_for_the_score_card() -> None:
    app = train_app(exercise(OPT_OUT_TASK, consent=OPTED_IN), timer=FakeTimer(), coach=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "coach off" in card_text(app) and "score so far" not in card_text(app)
        await _no_opt_out_line(pilot)
        assert coach_titles(app) == []
        assert "Coach:" not in card_text(app)
        await pilot.press("escape", "k")  # out of the reply box; the coach on again
        await pilot.pause()
        await _no_opt_out_line(pilot)
        assert coach_titles(app) == [f"Coach: {KINDS['no_opt_out_line'].title}"]
        await pilot.press("escape", "x")
        await pilot.pause()
        await pilot.press("y")  # confirm the opt-out: the task
        await pilot.pause()
        await pilot.pause()
        assert app.grade.score == 80
        assert score_card_text(app).count(KINDS["no_opt_out_line"].title) == 2


async def test_the_consumer_side_is_scripted_and_retry_starts_over() -> None:
    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#phone-compose").disabled
        await pilot.press("ctrl+s")  # skip task 1: it costs points, so it asks first
        await pilot.pause()
        question = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Skip this task?" in question and "(−20)" in question
        await pilot.press("enter")  # Keep going has the focus
        await pilot.pause()
        assert "task 1/2" in card_text(app) and app.training.mistakes == []
        await pilot.press("ctrl+s", "ctrl+s")  # twice: played for the trainee
        await pilot.pause()
        assert "task 2/2" in card_text(app)
        await type_into(pilot, "p", PIN)
        await pilot.pause()
        assert app.grade.score == 80 and "Skipped a task" in score_card_text(app)
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        assert app.grade is None and "task 1/2" in card_text(app)
        assert app.service.consent(JANE).state.value == "none"
        assert app.screen.query_one("#phone-compose").disabled


def test_train_command_errors(tmp_path, capsys) -> None:
    assert main(["train", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - agnet: quick_opt_in\n", encoding="utf-8")
    assert main(["train", str(bad)]) == 2
    assert "did you mean 'agent'" in capsys.readouterr().err
    no_tasks = tmp_path / "no_tasks.yaml"
    no_tasks.write_text(
        "name: x\nsteps:\n  - consumer: hi\n    from: \"+16175550101\"\n", encoding="utf-8")
    assert main(["train", str(no_tasks)]) == 2
    assert "no agent or supervisor step" in capsys.readouterr().err
    assert main(["train", str(no_tasks), "--trainee", "  "]) == 2


async def test_text_from_files_and_trainees_is_shown_literally(tmp_path) -> None:
    """Markup in a task, an objective, a hint, a title or a name is text, never markup."""
    from itms_tui.training.curriculum import load_curriculum
    from itms_tui.training.trainee_records import TraineeRecords

    hostile = "[bold]x[/] [@click=app.quit]q[/] [$accent]"
    header = f'name: "{hostile} exercise"\nobjective: "{hostile}"\n'
    steps = (f'- agent: quick_opt_in\n  account: "1001"\n  phone: "{JANE}"\n'
             f'  task: "{hostile} task"\n  hint: "{hostile} hint"')
    (tmp_path / "one.yaml").write_text(
        exercise_text(steps, header=header), encoding="utf-8")
    (tmp_path / "curriculum.yaml").write_text(
        f'name: "{hostile} course"\nexercises:\n  - file: one.yaml\n    title: "{hostile} t"\n',
        encoding="utf-8")
    records = TraineeRecords.open(tmp_path / "training.json")
    app = train_app(course=load_curriculum(tmp_path / "curriculum.yaml"), records=records,
                   trainee=f"{hostile} Kim", timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        head = str(app.screen.query_one("#progress-head").render())
        assert f"🎓 {hostile} course" in head and f"Trainee: {hostile} Kim" in head
        options = app.screen.query_one("#progress-list")
        assert f"{hostile} t" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        card = card_text(app)
        assert f"Objective: {hostile}" in card and f"▶ Task: {hostile} task" in card
        assert f"Hint: {hostile} hint" in card
        await pilot.press("q")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ScoreCard)
        assert f"{hostile} task" in score_card_text(app)
        assert app.is_running  # no [@click=app.quit] ever ran
    records.close()


def phone_lines(app: TrainApp) -> str:
    from textual.widgets import RichLog

    log = app.screen.query_one("#phone-thread", RichLog)
    return "\n".join(strip.text for strip in log.lines)


async def test_the_phone_hides_the_pin_and_the_card_says_what_the_consumer_reads_out() -> None:
    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        # The PIN reached Jane's phone; the trainee, as the agent, hears it only from her.
        assert app.service.pin_for_consumer(JANE) == PIN
        shown = phone_lines(app)
        assert "Your PIN" in shown or "PIN" in shown
        assert PIN not in shown and "••••" in shown
        assert f"Jane Doe reads out the code: {' '.join(PIN)}" in card_text(app)
        await type_into(pilot, "p", PIN)
        await pilot.pause()
        assert (app.grade.score, app.grade.mistakes) == (100, ())


async def test_a_misheard_code_task_says_the_code_the_consumer_gave() -> None:
    steps = PIN_FLOW.replace('code: "{pin}"', 'code: "0000"\n  expect_error: wrong_code')
    assert "0000" in steps
    app = train_app(exercise(steps), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert "Jane Doe reads out the code: 0 0 0 0" in card_text(app)
        await type_into(pilot, "p", "0000")
        await pilot.pause()
        assert app.grade is not None and app.grade.mistakes == ()


async def test_the_phone_shows_the_pin_outside_an_exercise() -> None:
    from itms_tui.ui.factory import desk_app
    from itms_tui.scenarios.runner import build_service

    app = desk_app(build_service(exercise(PIN_FLOW)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        app.service.consumer_text(JANE, "YES")
        await pilot.pause()
        assert PIN in phone_lines(app)


async def test_nothing_of_the_last_attempt_carries_into_the_next() -> None:
    from textual.widgets import Input

    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        app.focused.value = "48"  # half a PIN typed, then the trainee starts again
        app.notify("an old toast", markup=False)
        await pilot.pause()
        assert any(n.message == "an old toast" for n in shown_notifications(app))
        await app.retry()
        await pilot.pause()
        assert all(box.value == "" for box in app.screen.query(Input))
        assert not any(n.message == "an old toast" for n in shown_notifications(app))


async def test_the_score_card_opens_at_its_verdict_and_without_old_toasts() -> None:
    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(3):  # mistakes enough for a long card
            await type_into(pilot, "p", "0000")
        assert len(app.training.mistakes) >= 3 and shown_notifications(app)
        await pilot.press("ctrl+g", "ctrl+g")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ScoreCard)
        assert app.screen.query_one("#score-card").scroll_y == 0
        assert not list(shown_notifications(app))


async def test_ending_the_exercise_asks_first_and_a_stray_key_keeps_it_going() -> None:
    from itms_tui.ui.screens.modals import ConfirmModal

    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        # A pasted text whose BEL the terminal passed on as ctrl+g, then the rest of the text:
        # `y` does nothing here, and Keep going has the focus, so Enter keeps the exercise going.
        for stray in ("y", "enter", "escape"):
            await pilot.press("ctrl+g")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal)
            question = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert "End this exercise now?" in question
            assert ("The 2 tasks left count as undone (−20 each) and the attempt is recorded "
                    "as not passed.") in question
            await pilot.press(stray)
            await pilot.pause()
            if stray == "y":
                assert isinstance(app.screen, ConfirmModal)
                await pilot.press("escape")
                await pilot.pause()
            assert not isinstance(app.screen, ConfirmModal)
            assert not app.training.finished and app.training.mistakes == []
        await pilot.press("ctrl+g", "ctrl+g")  # twice: yes
        await pilot.pause()
        await pilot.pause()
        assert app.training.finished and isinstance(app.screen, ScoreCard)
        assert [m.kind for m in app.training.mistakes] == ["not_done", "not_done"]


async def test_ending_early_says_the_tasks_were_left_undone_not_played() -> None:
    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g", "ctrl+g")
        await pilot.pause()
        mistakes = app.training.mistakes
        assert [m.kind for m in mistakes] == ["not_done", "not_done"]
        assert all("played for" not in m.why for m in mistakes)
        desk_card = app.screen_stack[0].query_one("#task-card")
        assert "0/2 done" in str(desk_card.render())


async def test_the_task_card_stays_in_sight_in_the_supervisors_queues() -> None:
    from itms_tui.ui.trainee.app import TaskCard

    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        (card,) = app.screen.query(TaskCard)
        assert "Get Jane Doe's number 617-555-0101 opted in with a PIN" in str(card.render())


async def test_the_course_offers_no_desk_keys() -> None:
    from itms_tui.training.curriculum import load_curriculum
    from itms_tui.training.trainee_records import TraineeRecords
    from pathlib import Path

    course = load_curriculum(Path(__file__).resolve().parents[2] / "scenarios" /
                             "curriculum.yaml")
    records = TraineeRecords.in_memory()
    app = train_app(course=course, records=records, trainee="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        for action in ("supervisor", "audit", "hint", "toggle_coach", "skip_task"):
            assert app.check_action(action, ()) is False, action


async def test_at_80x24_the_reply_box_shows_under_the_task_card() -> None:
    # The card took the rows the conversation had left: `t` focused a box of no height, and the
    # trainee typed blind. Now the conversation keeps its last lines and the box, and the
    # desk's column scrolls to them.
    from tests.support.ui import NARROW, screen_text

    app = train_app(exercise(PIN_FLOW), timer=FakeTimer())
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert "task 1/2" in card_text(app)
        await pilot.press("t")
        await pilot.pause()
        box = app.query_one("#reply-box")
        assert app.focused is box
        shown = screen_text(app)
        assert "Not opted in: no texts until the number opts in." in " ".join(shown.split())
        assert "t: type a reply to the consumer" in shown
        assert box.region.height == 1 and app.screen.region.contains_region(box.region)
