"""Shared by the trainee-mode tests: a small world, exercises built from step lists, a fake timer."""

from __future__ import annotations

import textwrap

from itms_tui.scenarios import Scenario, parse_scenario
from tests.support.worlds import EXERCISE_WORLD, PIN

JANE = "+16175550101"
JANE_WORK = "+16175550102"
SAM = "+12085550123"
STRANGER = "+17185550199"

def exercise_text(steps: str, *, clock: str = "2026-03-02T12:00:00-05:00",
                  consent: str = "{}", header: str = "name: An exercise\n") -> str:
    world = EXERCISE_WORLD.replace("CLOCK", clock).replace("CONSENT", consent)
    return header + world + "steps:\n" + textwrap.indent(textwrap.dedent(steps).strip() + "\n",
                                                         "  ")


def exercise(steps: str, **options: str) -> Scenario:
    return parse_scenario(exercise_text(steps, **options), "exercise.yaml")


class FakeTimer:
    """Wall-clock seconds the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += seconds


#: The PIN flow, step by step (account and number named on the first step).
PIN_FLOW = f"""
- agent: send_opt_in_request
  account: "1001"
  phone: "{JANE}"
- expect: sms
  template: opt_in
- consumer: "YES"
- expect: sms
  template: opt_in_pin
- agent: enter_auth_code
  code: "{{pin}}"
- expect: consent
  state: opted_in
- expect: sms
  template: opted_in
- expect: no_sms
"""
