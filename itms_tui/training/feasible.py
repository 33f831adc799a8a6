"""Whether the current task can still be done, and if not, why, in the trainee's words.

A task is tried on a copy of the world (see `snapshots.py`): the desk must give the outcome the
task is about (accept it, or refuse it for the reason the step expects), and the screen the task
is done from must still offer it (a link is made from the Unassociated queue, a reply to a text
waiting in the supervisor's queues). The world is never touched.
"""

from __future__ import annotations

from ..core.names import Queue
from ..core.phones import phone_or_none
from ..core.service import ItmsService
from ..scenarios.runner import ScenarioRun, StepNotResolvable
from ..scenarios.scenario import Scenario, Step
from .snapshots import restore, snapshot
from .tasks import STATE_WORDS, consumer_name, phone_text, refusal_reason


def why_impossible(scenario: Scenario, service: ItmsService, step: Step) -> str | None:
    """None if the task `step` can be done now; else what stands in the way, in plain words."""
    number = phone_or_none(step.args.get("phone"))
    ph = phone_text(number) if number else str(step.args.get("phone", ""))
    if (step.kind, step.action) == ("supervisor", "link_number"):
        if number not in {item.number for item in service.inbox(Queue.UNASSOCIATED)}:
            owners = ", ".join(a.id for a in service.accounts_for(number)) if number else ""
            linked = f": it is already on account {owners}" if owners else ""
            return f"{ph} is no longer in the Unassociated queue{linked}"
    if (step.kind, step.action) == ("supervisor", "reply"):
        waiting = {item.number for item in service.inbox(Queue.UNANSWERED)} | {
            item.number for item in service.inbox(Queue.UNASSOCIATED)}
        if number not in waiting:
            return f"no text from {ph} is waiting for an answer in the supervisor's queues"
    copy = restore(snapshot(service), like=service)
    trial = ScenarioRun(scenario, copy)
    try:
        resolved = trial.resolve(step)
    except StepNotResolvable:
        who = consumer_name(service, step.args.get("account"), number)
        return f"no PIN has reached {who}'s phone, so {who} has no code to read you"
    result = trial.perform(resolved)
    code = result.code.value if result.code is not None else None
    if step.expect_error is None:
        if result.ok:
            return None
        return f"the desk would now refuse it, because {refusal_reason(str(code))}"
    if code == step.expect_error:
        return None
    state = STATE_WORDS.get(service.consent(number).state) if number else None
    now = f" ({ph}, {state})" if state else ""
    if result.ok:
        return f"the desk would now accept it{now}, so it can no longer show the refusal the " \
               "task is about"
    return (f"the desk would refuse it because {refusal_reason(str(code))}{now}, not because "
            f"{refusal_reason(step.expect_error)}")

__all__ = ["why_impossible"]
