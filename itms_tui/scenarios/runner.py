"""Running a scenario against the simulated ITMS (SPEC.md section 7), headless or step by step.

The pieces are separate so the app's playback can drive the same run through its widgets:

- `build_service(scenario, demo_world, repository)` — a fresh service on the scenario's world;
- `ScenarioRun(scenario, service)` — the run state (which texts were already checked, the
  outcomes so far) with
  - `resolve(step)`: the step with `code: "{pin}"` replaced by the PIN the phone received;
  - `perform(step)`: does an action step on the service directly and returns its `Result`;
  - `judge_action(step, result)`: the outcome of an action, from the `Result` it got, however
    it was performed (a widget or `perform`);
  - `check(step)`: the outcome of an `expect:` step;
  - `execute(step)`: all of the above for one step;
  - `run()`: every step in order, stopping at the first failure;
- `run_scenario(scenario, demo_world)` — build, run, and return a `ScenarioResult`.

An outcome says what was expected and what actually happened, in the words a failure report
prints, plus (for a failure) the last few messages and consent changes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from ..core.clock import format_duration
from ..core.models import AuditEntry, Message
from ..core.names import Direction, Queue
from ..core.pins import agency_body
from ..core.repository import Repository
from ..core.service import ItmsService, Result
from ..core.wording import plural
from ..core.world import build_world
from .scenario import Scenario, Step
from .demo import load_demo_world

#: Steps that act on the service (and may carry `expect_error` when an agent or supervisor acts).
ACTION_KINDS = frozenset({"agent", "supervisor", "consumer", "advance", "set", "fault"})
#: The placeholder `enter_auth_code` replaces with the PIN the phone received.
PIN_PLACEHOLDER = "{pin}"
#: How many recent messages and consent changes a failure report shows.
CONTEXT_ITEMS = 5

_SNIPPET = 60


class StepNotResolvable(Exception):
    """A step cannot be performed as written (`{pin}` while no PIN reached the phone)."""


# -- outcomes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepOutcome:
    """How one step went: passed or not, what was expected, what actually happened."""

    step: Step
    #: 1-based position of the step in the scenario.
    index: int
    passed: bool
    #: What the step asked for: "sms to +16175550101 with template opt_in_pin".
    expected: str
    #: What the run found: "the oldest unchecked text is opted_in 'Acme…' (delivered)".
    actual: str
    #: The action's result, for action steps that reached the service.
    result: Result | None = None
    #: Recent messages, then recent consent changes, one line each (failures only).
    context: tuple[str, ...] = ()
    #: The exception that stopped the step, when the engine raised one (a bug to report).
    error: BaseException | None = field(default=None, compare=False)

    @property
    def where(self) -> str:
        """`file:line` of the step."""
        return f"{self.step.file}:{self.step.line}"

    def summary(self) -> str:
        """One line: `step 3 (file:line) agent: send_opt_in_request — opt-in request: delivered`."""
        return f"step {self.index} ({self.where}) {self.step.label()}: {self.actual}"

    def failure_lines(self) -> list[str]:
        """The failure report: where, expected, actual, then the context (no indentation)."""
        lines = [
            f"{self.where}: step {self.index}, {self.step.label()}",
            f"expected: {self.expected}",
            f"actual:   {self.actual}",
        ]
        lines.extend(self.context)
        return lines

    def __str__(self) -> str:
        return "\n".join(self.failure_lines()) if not self.passed else self.summary()


@dataclass
class ScenarioResult:
    scenario: Scenario
    outcomes: list[StepOutcome]
    #: The service the scenario ran on (for transcripts); None if it could not be built.
    service: ItmsService | None
    #: Wall-clock seconds the run took (building the service included).
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return len(self.outcomes) == len(self.scenario.steps) and all(
            outcome.passed for outcome in self.outcomes
        )

    @property
    def failure(self) -> StepOutcome | None:
        return next((outcome for outcome in self.outcomes if not outcome.passed), None)


# -- building -------------------------------------------------------------------------------------


def build_service(scenario: Scenario, demo_world: Mapping[str, Any] | None = None,
                  repository: Repository | None = None) -> ItmsService:
    """A fresh service on the scenario's world, or on the demo world if it has none; in memory
    unless `repository` keeps it."""
    world = scenario.world
    if world is None:
        world = demo_world if demo_world is not None else load_demo_world()
    return ItmsService(build_world(world), repository, codes_never_drawn=scripted_codes(scenario))


def scripted_codes(scenario: Scenario) -> frozenset[str]:
    """The codes `scenario` types as written (wrong ones: it cannot know a PIN but by `{pin}`)."""
    return frozenset(
        step.args["code"] for step in scenario.steps
        if step.kind == "agent" and step.action == "enter_auth_code"
        and isinstance(step.args.get("code"), str) and PIN_PLACEHOLDER not in step.args["code"]
    )


# -- the run --------------------------------------------------------------------------------------


class ScenarioRun:
    """One scenario being run on one service: what has been checked, and how each step went."""

    def __init__(self, scenario: Scenario, service: ItmsService) -> None:
        self.scenario = scenario
        self.service = service
        self.outcomes: list[StepOutcome] = []
        self._failed = False
        #: Ids of outbound texts an `expect: sms` already matched.
        self.checked: set[int] = set()
        self._zone: tzinfo = _zone(service.world.company.timezone)
        self._index = {id(step): i for i, step in enumerate(scenario.steps, 1)}

    # -- state ------------------------------------------------------------------------------------

    @property
    def failed(self) -> bool:
        """Whether a step failed (the run stops there)."""
        return self._failed

    @property
    def finished(self) -> bool:
        return self._failed or len(self.outcomes) >= len(self.scenario.steps)

    def next_step(self) -> Step | None:
        """The step to run next, or None once the run is over (all done, or one failed)."""
        return None if self.finished else self.scenario.steps[len(self.outcomes)]

    def index_of(self, step: Step) -> int:
        """The 1-based position of `step` in the scenario (a resolved copy counts as the step)."""
        index = self._index.get(id(step))
        if index is not None:
            return index
        for i, candidate in enumerate(self.scenario.steps, 1):
            if candidate.position == step.position:
                return i
        return len(self.outcomes) + 1

    # -- one step ---------------------------------------------------------------------------------

    def execute(self, step: Step) -> StepOutcome:
        """Perform or check `step` on the service, record its outcome, and return it."""
        if step.kind == "expect":
            return self.check(step)
        try:
            resolved = self.resolve(step)
        except StepNotResolvable as problem:
            return self._record(step, False, _expected_action(step), str(problem))
        try:
            result = self.perform(resolved)
        except Exception as error:  # an engine bug must fail the step, not end the run
            return self._record(
                step, False, _expected_action(step),
                f"the engine raised {type(error).__name__}: {error}", error=error,
            )
        return self.judge_action(step, result)

    def run(self) -> list[StepOutcome]:
        """Run the remaining steps in order, stopping at the first failure."""
        while (step := self.next_step()) is not None:
            self.execute(step)
        return self.outcomes

    def resolve(self, step: Step) -> Step:
        """`step` ready to perform: `code: "{pin}"` becomes the PIN in the latest `opt_in_pin`
        text the phone received. Raises StepNotResolvable when no PIN reached the phone."""
        if step.kind != "agent" or step.action != "enter_auth_code":
            return step
        code = step.args.get("code")
        if not isinstance(code, str) or PIN_PLACEHOLDER not in code:
            return step
        phone = step.args["phone"]
        pin = self.service.pin_for_consumer(phone)
        if pin is None:
            raise StepNotResolvable(
                f"no PIN has reached {phone} (no opt_in_pin text was delivered to it), "
                f"so {PIN_PLACEHOLDER} stands for nothing"
            )
        return replace(step, args={**step.args, "code": code.replace(PIN_PLACEHOLDER, pin)})

    def perform(self, step: Step) -> Result:
        """Do an action step (agent, supervisor, consumer, advance, set, fault) on the service.

        `step` should be resolved first (see `resolve`). Expectations are not actions: see
        `check`.
        """
        service = self.service
        args = step.args
        kind, action = step.kind, step.action
        if kind == "agent":
            account, phone = args["account"], args["phone"]
            if action == "add_phone":
                return service.add_phone(account, phone)
            if action == "send_opt_in_request":
                return service.send_opt_in_request(account, phone)
            if action == "enter_auth_code":
                return service.enter_auth_code(account, phone, args["code"])
            if action == "quick_opt_in":
                return service.quick_opt_in(account, phone)
            if action == "arrange_payment_plan":
                return service.arrange_payment_plan(account, phone, args.get("amount"))
            if action == "opt_out":
                return service.opt_out(account, phone)
            if action == "send_text":
                return service.send_text(account, phone, args["text"])
            if action == "send_link":
                return service.send_link(account, phone)
            if action == "dismiss_possible_opt_out":
                return service.dismiss_possible_opt_out(account, phone, args.get("reason") or "")
        elif kind == "supervisor":
            if action == "link_number":
                return service.link_number(args["phone"], args["account"])
            if action == "reply":
                return service.supervisor_reply(args["phone"], args["text"])
        elif kind == "consumer":
            return service.consumer_text(args["from"], action)
        elif kind == "advance":
            return service.advance(action)
        elif kind == "set":
            return service.update_settings(action)
        elif kind == "fault":
            return service.inject_fault(
                action, args["to"], count=args.get("count", 1), duration=args.get("duration"),
                status=args.get("status", "BOUNCED"), direction=args.get("direction", "out"),
            )
        raise ValueError(f"{step.label()} is not an action this runner knows")

    def judge_action(self, step: Step, result: Result) -> StepOutcome:
        """Record how an action went: with `expect_error`, it passes only if refused with exactly
        that code; without, only if accepted (a refusal fails with its code and sentence)."""
        expected = _expected_action(step)
        if result.ok:
            if step.kind == "advance":
                happened = f"the clock reads {self.local(self.service.now(), day=True)}"
            else:
                happened = f"accepted: {result.detail}" if result.detail else "accepted"
            return self._record(step, step.expect_error is None, expected, happened, result)
        code = result.code.value if result.code is not None else "an unknown reason"
        happened = f"refused with {code}: {result.sentence}" if result.sentence else (
            f"refused with {code}")
        return self._record(step, step.expect_error == code, expected, happened, result)

    def check(self, step: Step) -> StepOutcome:
        """Check an `expect:` step against the service now, and record the outcome."""
        if step.kind != "expect":
            raise ValueError(f"{step.label()} is not an expectation")
        try:
            passed, expected, actual = _CHECKS[step.action](self, step.args)
        except Exception as error:  # an engine bug must fail the step, not end the run
            return self._record(step, False, f"expect: {step.action}",
                                f"the check raised {type(error).__name__}: {error}", error=error)
        return self._record(step, passed, expected, actual)

    # -- expectations -----------------------------------------------------------------------------

    def _outbound(self, number: str) -> list[Message]:
        return [m for m in self.service.thread(number) if m.direction is Direction.OUT]

    def _check_sms(self, args: dict[str, Any]) -> tuple[bool, str, str]:
        number = args["to"]
        wanted = []
        if "template" in args:
            wanted.append(f"template {args['template']}")
        if "contains" in args:
            wanted.append(f"a body containing {_quote(args['contains'], None)}")
        if "matches" in args:
            wanted.append(f"a body matching /{args['matches']}/")
        if "status" in args:
            wanted.append(f"status {args['status']}")
        expected = f"sms to {number}" + (f" with {', '.join(wanted)}" if wanted else "")
        outbound = self._outbound(number)
        message = next((m for m in outbound if m.id not in self.checked), None)
        if message is None:
            if outbound:
                return False, expected, (f"every text to {number} was already checked "
                                         f"({plural(len(outbound), 'text')} sent)")
            return False, expected, f"no text was sent to {number}"
        self.checked.add(message.id)
        differences = []
        template = args.get("template")
        if template is not None and message.template != template:
            differences.append("wrong template")
        contains = args.get("contains")
        if contains is not None and contains not in message.body:
            differences.append(f"the body lacks {_quote(contains, None)}")
        pattern = args.get("matches")
        if pattern is not None and _regex(pattern).search(message.body) is None:
            differences.append(f"the body does not match /{pattern}/")
        status = args.get("status")
        if status is not None and message.status.value != status:
            differences.append("wrong status")
        described = self.describe_text(message)
        if differences:
            return False, expected, (f"the oldest unchecked text is {described} — "
                                     f"{', '.join(differences)}")
        return True, expected, described

    def _check_no_sms(self, args: dict[str, Any]) -> tuple[bool, str, str]:
        number = args["to"]
        expected = f"no unchecked text to {number}"
        left = [m for m in self._outbound(number) if m.id not in self.checked]
        if not left:
            return True, expected, "none left"
        shown = ", ".join(self.describe_text(m) for m in left[:3])
        more = f" and {len(left) - 3} more" if len(left) > 3 else ""
        return False, expected, f"{plural(len(left), 'unchecked text')}: {shown}{more}"

    def _check_consent(self, args: dict[str, Any]) -> tuple[bool, str, str]:
        number, state = args["phone"], args["state"]
        actual = self.service.consent(number).state.value
        expected = f"consent of {number} is {state}"
        return actual == state, expected, f"it is {actual}"

    def _check_inbox(self, args: dict[str, Any]) -> tuple[bool, str, str]:
        queue, number, contains = args["queue"], args["phone"], args.get("contains")
        expected = f"an item from {number} in the {queue} queue" + (
            f" containing {_quote(contains, None)}" if contains is not None else "")
        items = [item for item in self.service.inbox(Queue(queue)) if item.number == number]
        if contains is not None:
            found = [item for item in items if contains in item.body]
        else:
            found = items
        if found:
            item = found[0]
            reason = f" ({item.possible_opt_out})" if item.possible_opt_out else ""
            return True, expected, f"found {_quote(item.body)}{reason}"
        if items:
            bodies = ", ".join(_quote(item.body) for item in items[:3])
            return False, expected, f"the {queue} queue holds from {number} only: {bodies}"
        elsewhere = [
            f"{_quote(item.body)} in {item.queue.value}"
            + (", possible opt-out" if item.possible_opt_out else "")
            + (", answered" if item.answered else "")
            for item in self.service.inbox() if item.number == number
        ]
        if elsewhere:
            return False, expected, (f"the {queue} queue has nothing from {number}; its items: "
                                     f"{'; '.join(elsewhere[:3])}")
        return False, expected, f"no inbox item from {number} at all"

    def _check_audit(self, args: dict[str, Any]) -> tuple[bool, str, str]:
        number, event = args["phone"], args["event"]
        expected = f"audit event {event} for {number}"
        events = [entry.event for entry in self.service.audit() if entry.number == number]
        if event in events:
            return True, expected, f"recorded ({events.count(event)}×)"
        if not events:
            return False, expected, f"no audit event for {number}"
        return False, expected, f"events for {number}: {', '.join(events[-8:])}"

    # -- reporting --------------------------------------------------------------------------------

    def local(self, when: datetime | None, *, day: bool = False) -> str:
        """A simulated time as a report shows it, in the company's zone: `Mon 10:04`, or with
        `day`, `Mon 2 Mar 10:04 EST`."""
        if when is None:
            return "—"
        local = when.astimezone(self._zone)
        if day:
            return f"{local:%a} {local.day} {local:%b %H:%M %Z}"
        return local.strftime("%a %H:%M")

    def describe_text(self, message: Message) -> str:
        """`opted_in 'Acme Recovery: thanks…' (delivered)`; `free text '…'` for a template-less one."""
        kind = message.template or "free text"
        status = message.status.value
        if message.carrier_status:
            status += f", {message.carrier_status}"
        if message.status.value == "scheduled" and message.release_at is not None:
            status += f" until {self.local(message.release_at)}"
        return f"{kind} {_quote(agency_body(message))} ({status})"

    def context_lines(self) -> list[str]:
        """The last few messages and consent changes, for a failure report."""
        lines: list[str] = []
        messages = self.service.messages()[-CONTEXT_ITEMS:]
        if messages:
            lines.append("last messages:")
            for m in messages:
                arrow = "→" if m.direction is Direction.OUT else "←"
                what = f"{m.template} " if m.template else ""
                lines.append(f"  {self.local(m.created_at)} {arrow} {m.number} {what}"
                             f"{_quote(agency_body(m))} ({m.status.value})")
        else:
            lines.append("last messages: none")
        changes = [e for e in self.service.audit() if not e.is_refusal][-CONTEXT_ITEMS:]
        if changes:
            lines.append("last consent changes:")
            lines.extend(f"  {self.describe_change(entry)}" for entry in changes)
        else:
            lines.append("last consent changes: none")
        return lines

    def describe_change(self, entry: AuditEntry) -> str:
        before = entry.before.value if entry.before else "—"
        after = entry.after.value if entry.after else "—"
        return (f"{self.local(entry.at)} {entry.number or '—'} {before} → {after} "
                f"({entry.event}, {entry.actor.value})")

    def fail(self, step: Step, actual: str) -> StepOutcome:
        """Record that `step` could not be carried out, and why (app playback uses it)."""
        return self._record(step, False, _expected_action(step), actual)

    def _record(self, step: Step, passed: bool, expected: str, actual: str,
                result: Result | None = None, *, error: BaseException | None = None) -> StepOutcome:
        context = tuple(self.context_lines()) if not passed else ()
        outcome = StepOutcome(step, self.index_of(step), passed, expected, actual, result,
                              context, error)
        self.outcomes.append(outcome)
        if not passed:
            self._failed = True
        return outcome


_CHECKS = {
    "sms": ScenarioRun._check_sms,
    "no_sms": ScenarioRun._check_no_sms,
    "consent": ScenarioRun._check_consent,
    "inbox": ScenarioRun._check_inbox,
    "audit": ScenarioRun._check_audit,
}


def run_scenario(scenario: Scenario, demo_world: Mapping[str, Any] | None = None) -> ScenarioResult:
    """Run every step of `scenario` on a fresh in-memory service, stopping at the first failure."""
    started = time.perf_counter()
    service = build_service(scenario, demo_world)
    run = ScenarioRun(scenario, service)
    run.run()
    return ScenarioResult(scenario, run.outcomes, service, time.perf_counter() - started)


# -- helpers --------------------------------------------------------------------------------------


def _expected_action(step: Step) -> str:
    if step.expect_error is not None:
        return f"refused with {step.expect_error}"
    if step.kind == "advance":
        return f"the clock moves {format_duration(step.action)}"
    return "accepted"


def _quote(text: str, limit: int | None = _SNIPPET) -> str:
    """Text as a report shows it: quoted, escapes visible, long text cut with an ellipsis."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text) if not text.isprintable() or "'" in text else f"'{text}'"


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


__all__ = [
    "ACTION_KINDS",
    "PIN_PLACEHOLDER",
    "ScenarioResult",
    "ScenarioRun",
    "StepNotResolvable",
    "StepOutcome",
    "build_service",
    "run_scenario",
]
