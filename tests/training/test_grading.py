"""Grading without a screen: the trainee's actions reach the service directly, the TrainingRun
judges them against the script, and every mistake comes with its rule."""

from __future__ import annotations

from datetime import timedelta


from itms_tui.scenarios.runner import build_service
from itms_tui.training.grading import TrainingRun
from itms_tui.training.mistakes import COMPLIANCE, HINT_POINTS, KINDS, Mistake, score
from tests.support.training import JANE, JANE_WORK, PIN, PIN_FLOW, SAM, FakeTimer, exercise


def start(steps: str, **options) -> tuple[TrainingRun, object, FakeTimer]:
    pass_mark = options.pop("pass_mark", None)
    time_limit = options.pop("time_limit", None)
    scenario = exercise(steps, **options)
    service = build_service(scenario)
    timer = FakeTimer()
    training = TrainingRun(scenario, service, timer=timer, pass_mark=pass_mark,
                           time_limit=time_limit)
    training.start()
    return training, service, timer


def kinds(training: TrainingRun) -> list[str]:
    return [m.kind for m in training.mistakes]


def test_a_perfect_run_scores_100() -> None:
    training, service, timer = start(PIN_FLOW)
    assert training.current.number == 1
    assert training.current.text == "Get Jane Doe's number 617-555-0101 opted in with a PIN"
    timer.wait(12)
    service.send_opt_in_request("1001", JANE)
    # The consumer answered YES by herself: the PIN is on her phone, the next task is up.
    assert service.pin_for_consumer(JANE) == PIN
    assert training.current.number == 2
    timer.wait(8)
    service.enter_auth_code("1001", JANE, PIN)
    assert training.finished and training.current is None
    grade = training.grade()
    assert (grade.score, grade.passed, grade.mistakes, grade.hints) == (100, True, (), 0)
    assert [(t.status, t.seconds, t.attempts) for t in grade.tasks] == [("done", 12, 1),
                                                                         ("done", 8, 1)]
    assert grade.seconds == 20
    assert grade.divergences == ()


def test_hints_count_once_per_task_and_cost_points() -> None:
    training, service, _ = start(PIN_FLOW)
    assert "press o" in training.hint()
    training.hint()  # the same hint again costs nothing more
    service.send_opt_in_request("1001", JANE)
    assert "the code the consumer reads out" in training.hint()
    service.enter_auth_code("1001", JANE, PIN)
    grade = training.grade()
    assert grade.hints == 2
    assert grade.score == 100 - 2 * HINT_POINTS == 90
    assert [t.hints for t in grade.tasks] == [1, 1]


def test_a_written_hint_is_used() -> None:
    training, _, _ = start(f'- agent: quick_opt_in\n  account: "1001"\n  phone: "{JANE}"\n'
                           "  hint: Quick is q")
    assert training.hint() == "Quick is q"


def test_the_score_formula() -> None:
    mistakes = [Mistake("texted_opted_out", "x"), Mistake("wrong_number", "y")]
    assert score(mistakes, 0) == 100 - 25 - 10
    assert score(mistakes, 3) == 100 - 25 - 10 - 15
    assert score([Mistake("texted_opted_out", "x")] * 5, 0) == 0  # never below 0


def test_wrong_number_wrong_account_and_order() -> None:
    training, service, _ = start(PIN_FLOW)
    service.send_opt_in_request("1001", JANE_WORK)
    service.send_opt_in_request("1002", SAM)
    service.enter_auth_code("1001", JANE, PIN)  # task 2 before task 1
    assert kinds(training)[:2] == ["wrong_number", "wrong_account"]
    # The PIN step out of order is also a PIN the consumer did not give (none reached her).
    assert kinds(training)[2] == "wrong_pin"
    assert training.current.number == 1
    # The texts those wrong requests sent are not the script's: the run still follows it.
    service.send_opt_in_request("1001", JANE)
    service.enter_auth_code("1001", JANE, PIN)
    grade = training.grade()
    assert grade.divergences == ()
    assert grade.score == 100 - 10 - 10 - 15


def test_out_of_order() -> None:
    training, service, _ = start(f"""
        - agent: quick_opt_in
          account: "1001"
          phone: "{JANE}"
        - agent: quick_opt_in
          phone: "{JANE_WORK}"
        """)
    service.quick_opt_in("1001", JANE_WORK)
    assert kinds(training) == ["out_of_order"]
    assert "task 2" in training.mistakes[0].detail


def test_texting_an_opted_out_number() -> None:
    training, service, _ = start(f"""
        - agent: opt_out
          account: "1001"
          phone: "{JANE}"
        """, consent=f'{{"{JANE}": opted_out, "{SAM}": opted_out}}')
    service.send_text("1002", SAM, "Hi Sam. Reply STOP to opt out.")
    service.send_link("1002", SAM)
    assert kinds(training) == ["texted_opted_out", "texted_opted_out"]
    mistake = training.mistakes[0]
    assert "FCC 24-24" in mistake.rule and "carrier" in mistake.rule
    assert "208-555-0123" in mistake.explanation()


def test_a_scripted_refusal_is_the_task_not_a_mistake() -> None:
    training, service, _ = start(f"""
        - agent: send_link
          account: "1001"
          phone: "{JANE}"
          expect_error: opted_out
        """, consent=f'{{"{JANE}": opted_out}}')
    service.send_link("1001", JANE)
    assert training.finished and training.mistakes == []


def test_ignoring_a_possible_opt_out() -> None:
    training, service, _ = start(f"""
        - consumer: please stop texting me
          from: "{JANE}"
        - expect: inbox
          queue: possible_opt_out
        - agent: opt_out
          account: "1001"
        """, consent=f'{{"{JANE}": opted_in}}')
    service.send_text("1001", JANE, "Can we talk about your balance? Reply STOP to opt out.")
    assert kinds(training) == ["ignored_possible_opt_out"]
    assert "any reasonable means" in training.mistakes[0].rule
    service.opt_out("1001", JANE)
    assert training.finished


def test_a_text_the_task_did_not_ask_for_after_hours_is_unscripted_and_held() -> None:
    training, service, _ = start(f"""
        - agent: opt_out
          account: "1001"
          phone: "{JANE}"
        """, clock="2026-03-02T21:30:00-05:00", consent=f'{{"{JANE}": opted_in}}')
    service.send_text("1001", JANE, "Hi Jane. Reply STOP to opt out.")
    # Not "outside the window": its advice (do it while the window is open) would be wrong for a
    # text that should not be sent at all.
    assert kinds(training) == ["unscripted_text"]
    assert "ITMS held it until Tue 08:00" in training.mistakes[0].detail


def test_the_tasks_own_text_held_where_the_script_sends_it_at_once() -> None:
    training, service, _ = start(f"""
        - agent: send_link
          account: "1001"
          phone: "{JANE}"
        - expect: sms
          template: link
          status: delivered
        """, clock="2026-03-02T20:50:00-05:00", consent=f'{{"{JANE}": opted_in}}')
    service.advance(timedelta(minutes=15))  # the trainee let the window close
    service.send_link("1001", JANE)
    assert kinds(training) == ["outside_window"]
    assert "1006.6(b)(1)" in training.mistakes[0].rule
    assert "held it until Tue 08:00" in training.mistakes[0].detail
    assert "while the window is open" in training.mistakes[0].why


def test_a_held_text_the_script_expects_is_not_a_mistake() -> None:
    training, service, _ = start(f"""
        - agent: send_link
          account: "1001"
          phone: "{JANE}"
        - expect: sms
          template: link
          status: scheduled
        """, clock="2026-03-02T21:30:00-05:00", consent=f'{{"{JANE}": opted_in}}')
    service.send_link("1001", JANE)
    assert training.finished and training.mistakes == []


def test_a_free_text_without_an_opt_out_line() -> None:
    training, service, _ = start(f"""
        - agent: send_text
          account: "1001"
          phone: "{JANE}"
          text: Hi Jane, your statement is ready.
        """, consent=f'{{"{JANE}": opted_in}}')
    service.send_text("1001", JANE, "Hi Jane, your statement is ready.")
    # The text was the task, so it is done; its missing opt-out line is still a mistake.
    assert training.finished
    assert kinds(training) == ["no_opt_out_line"]
    assert "1006.6(e)" in training.mistakes[0].rule


def test_a_pin_the_consumer_did_not_give() -> None:
    training, service, _ = start(PIN_FLOW)
    service.send_opt_in_request("1001", JANE)
    service.enter_auth_code("1001", JANE, "1234")
    assert kinds(training) == ["wrong_pin"]
    assert training.current.number == 2  # still to do
    service.enter_auth_code("1001", JANE, PIN)
    assert training.finished


def test_past_the_invitation_limit() -> None:
    training, service, _ = start(f"""
        - agent: opt_out
          account: "1001"
          phone: "{JANE}"
        """)
    for _ in range(4):
        service.send_opt_in_request("1001", JANE)
    assert kinds(training) == ["unscripted_text"] * 3 + ["over_invitation_limit"]
    assert "3 unanswered" in training.mistakes[-1].detail


def test_texting_a_number_that_has_not_opted_in_and_other_refusals() -> None:
    training, service, _ = start(f"""
        - agent: opt_out
          account: "1001"
          phone: "{JANE}"
        """)
    service.send_text("1001", JANE, "Hi. Reply STOP to opt out.")
    service.send_text("1001", JANE, "")
    service.opt_out("1002", "+16175550111")
    assert kinds(training) == ["texted_not_opted_in", "refused", "refused"]


def test_a_skipped_task_and_one_left_undone() -> None:
    training, service, _ = start(PIN_FLOW)
    training.skip()
    assert training.current.number == 2  # the script went on for the trainee
    training.finish()
    grade = training.grade()
    assert kinds(training) == ["skipped", "not_done"]
    assert grade.score == 60 and not grade.passed and not grade.completed
    assert [t.status for t in grade.tasks] == ["skipped", "open"]


def test_pass_marks_and_the_time_limit() -> None:
    training, service, timer = start(PIN_FLOW, pass_mark=100, time_limit=timedelta(minutes=1))
    service.send_opt_in_request("1001", JANE)
    timer.wait(90)
    service.enter_auth_code("1001", JANE, PIN)
    grade = training.grade()
    assert kinds(training) == ["too_slow"]
    assert grade.score == 95 and not grade.passed and grade.pass_mark == 100
    assert "1m 30s" in training.mistakes[0].detail


def test_a_divergence_is_shown_not_scored() -> None:
    training, service, _ = start(f"""
        - agent: quick_opt_in
          account: "1001"
          phone: "{JANE}"
        - advance: 1m
        - expect: consent
          state: awaiting_yes
        """)
    service.quick_opt_in("1001", JANE_WORK)  # wrong number: a mistake
    service.consumer_text(JANE, "STOP")  # the trainee played the consumer: not the script
    service.quick_opt_in("1001", JANE)  # refused: she opted out
    assert kinds(training) == ["wrong_number"]
    training.skip()  # the script's quick_opt_in is refused now: she opted out
    grade = training.grade()
    first, second = grade.divergences
    assert str(first).startswith(
        "step 1 (agent: quick_opt_in): expected accepted; found refused with opted_out")
    assert str(second) == ("step 3 (expect: consent): expected consent of +16175550101 is "
                           "awaiting_yes; found it is opted_out")
    # The STOP the trainee played made the task impossible: following it and going on cost
    # nothing (the script's side was not theirs to play, but nothing in it is scored).
    assert grade.score == 100 - 10
    assert grade.tasks[0].status == "impossible"


def test_every_kind_has_a_title_a_rule_and_points() -> None:
    for kind in KINDS.values():
        assert kind.title and kind.rule and kind.why and kind.points > 0
    assert set(COMPLIANCE) == {"texted_opted_out", "ignored_possible_opt_out", "dismissed_opt_out",
                               "outside_window",
                               "no_opt_out_line", "wrong_pin", "over_invitation_limit",
                               "texted_not_opted_in", "unscripted_text", "opt_out_waiting"}


def test_the_tap_comes_off() -> None:
    training, service, _ = start(PIN_FLOW)
    training.close()
    service.send_text("1001", JANE, "x")
    assert training.actions == []


def test_actions_are_logged() -> None:
    training, service, _ = start(PIN_FLOW)
    service.advance(timedelta(minutes=5))
    service.send_opt_in_request("1001", JANE)
    assert [a.label() for a in training.actions] == ["advance: 0:05:00",
                                                     "agent: send_opt_in_request"]


def test_the_readme_documents_the_score_as_graded() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Training"):]
    assert ("**Score = 100 − the points of each mistake − 5 for each hint used, never below 0.**"
            in section) and HINT_POINTS == 5
    rows = [line for line in section.splitlines() if line.startswith("| ") and " | −" in line]
    for kind in KINDS.values():
        title = kind.title.split(" (")[0]
        if kind.id in ("wrong_number", "wrong_account"):
            title = "Acted on the wrong number / the wrong account"
        row = next((r for r in rows if r.startswith(f"| {title}")), None)
        assert row is not None, kind.title
        assert f"| −{kind.points} |" in row, (kind.id, row)
