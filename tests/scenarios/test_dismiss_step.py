"""`agent: dismiss_possible_opt_out` (SPEC sections 3 flow 10 and 7): validated, run, and shown."""

from __future__ import annotations

from pathlib import Path

from tests.support.scenarios import doc, problems
from tests.support.worlds import ONE_WORLD

from itms_tui.core.names import Queue
from itms_tui.scenarios import load_scenario, parse_scenario
from itms_tui.scenarios.demo import load_demo_world
from itms_tui.scenarios.runner import ScenarioRun, build_service, run_scenario
from itms_tui.scenarios.schema import scenario_schema

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"
FLAGGED = """
- consumer: "please stop texting me"
- expect: inbox
  queue: possible_opt_out
"""


def run(steps: str):
    return run_scenario(parse_scenario(doc(FLAGGED + steps), "s.yaml",
                                       demo_world=load_demo_world()))


def failure(result) -> str:
    return "\n".join(result.failure.failure_lines()) if result.failure else ""


def test_the_step_is_validated_with_an_optional_reason():
    assert problems(doc("- agent: dismiss_possible_opt_out\n  reason: asked about the bill")) == []
    assert problems(doc("- agent: dismiss_possible_opt_out")) == []
    [problem] = problems(doc("- agent: dismiss_possible_opt_out\n  reasons: x"))
    assert problem.startswith("4:3: unknown key 'reasons' for agent: dismiss_possible_opt_out "
                              "(did you mean 'reason'?)")
    assert "dismiss_possible_opt_out" in str(scenario_schema())


def test_a_dismissal_is_audited_and_clears_the_possible_opt_out_queue():
    result = run("""
- agent: dismiss_possible_opt_out
  reason: a joke between friends
- expect: audit
  event: possible_opt_out_dismissed
- expect: consent
  state: none
""")
    assert result.passed, failure(result)
    still_flagged = run("""
- agent: dismiss_possible_opt_out
- expect: inbox
  queue: possible_opt_out
""")
    assert not still_flagged.passed
    assert "possible_opt_out" in failure(still_flagged)


def test_a_dismissal_is_refused_like_any_agent_action():
    result = run("""
- agent: dismiss_possible_opt_out
  account: "9999"
  expect_error: unknown_account
""")
    assert result.passed, failure(result)


def test_the_library_shows_the_flag_resolved_by_an_opt_out_and_by_a_dismissal():
    for name in ("possible_opt_out_resolved_by_opt_out.yaml", "possible_opt_out_dismissed.yaml"):
        scenario = load_scenario(LIBRARY / "opt_out" / name, demo_world=load_demo_world())
        service = build_service(scenario)
        run = ScenarioRun(scenario, service)
        for step in scenario.steps:
            outcome = run.execute(step)
            assert outcome.passed, outcome.message
        assert service.inbox(Queue.POSSIBLE_OPT_OUT) == [], name
        assert ONE_WORLD  # the shared world stays importable for the other tests
