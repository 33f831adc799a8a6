"""The agent's dismissal of a possible opt-out (SPEC flow 10) in the trainee grader and the recorder."""

from __future__ import annotations

from pathlib import Path

from tests.support.training import exercise
from tests.training.test_recorder import JANE, fresh

from itms_tui.scenarios import load_scenario
from itms_tui.scenarios.runner import build_service, run_scenario
from itms_tui.training.grading import TrainingRun
from itms_tui.training.session_recorder import Recorder
from itms_tui.ui.playback.app import play_headless

FLAG_THEN_DISMISS = f"""
    - consumer: "I want to cancel my payment plan"
      from: "{JANE}"
    - agent: dismiss_possible_opt_out
      account: "1001"
    - agent: send_text
      account: "1001"
      text: "We can change the plan. Reply STOP to opt out."
    """


def test_the_dismissal_is_a_task_the_trainee_does_and_texting_after_it_is_no_mistake():
    scenario = exercise(FLAG_THEN_DISMISS, consent=f'{{"{JANE}": opted_in}}')
    service = build_service(scenario)
    training = TrainingRun(scenario, service)
    training.start()
    assert "flagged as a possible opt-out" in training.current.text
    assert "press u" in training.hint()
    assert service.dismiss_possible_opt_out("1001", JANE, "the plan, not the texts").ok
    assert training.current.number == 2
    service.send_text("1001", JANE, "We can change the plan. Reply STOP to opt out.")
    assert training.finished
    assert training.mistakes == []


def test_a_dismissal_is_recorded_with_its_reason_and_replays(tmp_path: Path):
    service = fresh()
    recorder = Recorder(service, name="Recorded: a dismissal")
    service.consumer_text(JANE, "I want to cancel my payment plan")
    service.dismiss_possible_opt_out("1001", JANE, "the plan, not the texts")
    recorder.stop()
    text = recorder.text()
    assert "agent: dismiss_possible_opt_out" in text
    assert 'reason: "the plan, not the texts"' in text
    assert "event: possible_opt_out_dismissed" in text
    path = tmp_path / "dismissal.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    result = run_scenario(scenario)
    assert result.passed, "\n".join(result.failure.failure_lines())
    played = play_headless(scenario)
    assert played.passed, "\n".join(played.failure.failure_lines())
