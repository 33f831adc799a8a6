"""One exercise: the scenario's own steps play by themselves, its agent and supervisor steps are
tasks the trainee performs, and each action the trainee takes is judged against the script.

`TrainingRun(scenario, service)` taps the service (see `observe.py`), so it sees every action
however it was performed — a widget of the desk, or a test calling the service. After `start()`:

- `current` is the task the trainee is on (None once the exercise is over);
- each action the trainee takes is compared with the task's step: the right action on the right
  account and number, accepted (or refused with the step's `expect_error`), completes the task,
  and the steps after it (the consumer's answers, clock moves, expectations) play at once, up to
  the next task; anything else is a `Mistake` and the task stays;
- every action is also checked against the consent rules (`mistakes.py`), whether or not it was
  the task: texting an opted-out number, ignoring a possible opt-out, a text started outside the
  send window, a free text without an opt-out line, a PIN the consumer did not give, an opt-in
  request past the invitation limit;
- `hint()` gives the task's hint (counted once per task), `skip()` plays the task for the trainee
  (a mistake), `finish()` ends early (each task left is skipped);
- `grade()` is the result: the score (see `mistakes.score`), pass or fail, each mistake, hints,
  times, and where the world left the script (an expectation that no longer held — shown, but not
  scored: the mistake that caused it already is).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..core.names import ConsentState
from ..core.repository import Tables
from ..core.phones import phone_or_none
from ..core.service import ItmsService
from ..core.wording import plural
from ..scenarios.scenario import Scenario, Step
from ..scenarios.runner import PIN_PLACEHOLDER, ScenarioRun, StepNotResolvable
from .mistakes import DEFAULT_PASS_MARK, HINT_POINTS, Mistake, has_opt_out_line, score
from .feasible import why_impossible
from .snapshots import restore, snapshot
from .observe import Action, ActionTap
from .tasks import (
    STATE_WORDS,
    consumer_name,
    hint_text,
    is_task,
    phone_text,
    refusal_reason,
    task_text,
)

#: Actions that send the consumer a text the agency starts.
TEXTING = frozenset({"send_text", "send_link", "reply", "send_opt_in_request", "quick_opt_in"})
#: Actions whose text the trainee types.
FREE_TEXT = frozenset({"send_text", "reply"})


@dataclass(frozen=True)
class Task:
    #: 1-based among the exercise's tasks.
    number: int
    #: 0-based index of the step in the scenario.
    step_index: int
    step: Step
    text: str
    hint: str


@dataclass(frozen=True)
class TaskResult:
    number: int
    text: str
    #: done (by the trainee), skipped (played for them), impossible (an earlier mistake, already
    #: counted, left it undoable: played for them at no cost), or open (the exercise ended first).
    status: str
    seconds: float
    hints: int
    #: How many actions the trainee took while on this task.
    attempts: int
    #: Why the task could not be done (status impossible), in the trainee's words.
    why: str = ""
    #: How many times the trainee went back to the task's start (ctrl+z).
    rewinds: int = 0


@dataclass(frozen=True)
class Blocked:
    """A task an earlier mistake made impossible: it is not penalised again."""

    #: What stands in the way, in the trainee's words: "the desk would refuse it now: …".
    reason: str
    #: The mistake, already counted, that led here (None: the session left the script by itself).
    cause: Mistake | None
    #: Whether the cause happened on this very task, so going back to the task's start undoes it.
    undone_by_rewind: bool

    def explanation(self, task: Task) -> str:
        cause = ""
        if self.cause is not None:
            where = f"task {self.cause.task}: " if self.cause.task else ""
            cause = (f" It follows from a mistake already counted ({where}"
                     f"{self.cause.title.lower()}), so going on costs nothing more.")
        else:
            cause = " Going on costs nothing."
        return f"Task {task.number} can no longer be done: {self.reason}.{cause}"


@dataclass(frozen=True)
class Divergence:
    """An expectation of the script that no longer held (the world left the script)."""

    step: int
    label: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"step {self.step} ({self.label}): expected {self.expected}; found {self.actual}"


@dataclass(frozen=True)
class Grade:
    scenario: str
    score: int
    pass_mark: int
    mistakes: tuple[Mistake, ...]
    hints: int
    tasks: tuple[TaskResult, ...]
    seconds: float
    divergences: tuple[Divergence, ...] = ()
    #: False when the exercise was ended before its last task.
    completed: bool = True

    @property
    def rewinds(self) -> int:
        """How many times the trainee went back to a task's start (each one a retry)."""
        return sum(task.rewinds for task in self.tasks)

    @property
    def passed(self) -> bool:
        return self.completed and self.score >= self.pass_mark

    @property
    def hint_points(self) -> int:
        return HINT_POINTS * self.hints

    def to_data(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "score": self.score,
            "pass_mark": self.pass_mark,
            "passed": self.passed,
            "completed": self.completed,
            "hints": self.hints,
            "rewinds": self.rewinds,
            "seconds": round(self.seconds, 1),
            "mistakes": [m.to_data() for m in self.mistakes],
            "tasks": [vars(t) | {"seconds": round(t.seconds, 1)} for t in self.tasks],
            "divergences": [str(d) for d in self.divergences],
        }


def rewinds_phrase(count: int, lead: str = "") -> str:
    """`; went back to a task's start twice` (with `lead` "; "): the retries inside an attempt
    (ctrl+z), as the reports and the exam's results say them; "" for none."""
    if not count:
        return ""
    times = {1: "once", 2: "twice"}.get(count, f"{count} times")
    return f"{lead}went back to a task's start {times}"


@dataclass(frozen=True)
class Before:
    """What the rules need to know of a number just before the trainee acts on it."""

    number: str | None
    state: ConsentState | None = None
    possible_opt_out: str | None = None
    consumer_pin: str | None = None


@dataclass(frozen=True)
class _Checkpoint:
    """The world and the script's bookkeeping as a task started: what a rewind goes back to."""

    task: int
    tables: Tables
    checked: frozenset[int]
    outcomes: int
    divergences: int


@dataclass
class _TaskClock:
    started: float
    seconds: float = 0.0
    attempts: int = 0
    status: str = "open"



def pending_possible_opt_out(service: ItmsService, number: str) -> str | None:
    """The reason of the latest possible opt-out from `number` nobody has acted on, if any.

    Acted on: resolved (the number opted out, or the agent dismissed it), or the consumer
    consented again (a new request, a YES) after it.
    """
    flagged = service.possible_opt_outs(number)
    if not flagged:
        return None
    latest = max(flagged, key=lambda item: item.message_id)
    for entry in service.audit():
        if (entry.number == number and entry.after in (ConsentState.OPTED_IN,
                                                       ConsentState.AWAITING_YES)
                and entry.message_id is not None and entry.message_id > latest.message_id):
            return None
    return latest.possible_opt_out


class TrainingRun:
    def __init__(
        self,
        scenario: Scenario,
        service: ItmsService,
        *,
        pass_mark: int | None = None,
        time_limit: timedelta | None = None,
        timer: Callable[[], float] = time.monotonic,
        on_mistake: Callable[[Mistake], None] | None = None,
        on_change: Callable[[], None] | None = None,
        on_blocked: Callable[[Task, Blocked], None] | None = None,
    ) -> None:
        self.scenario = scenario
        self.service = service
        self.run = ScenarioRun(scenario, service)
        if pass_mark is None:
            pass_mark = scenario.pass_mark if scenario.pass_mark is not None else DEFAULT_PASS_MARK
        self.pass_mark = pass_mark
        self.time_limit = time_limit
        self.timer = timer
        self.on_mistake = on_mistake
        self.on_change = on_change
        self.on_blocked = on_blocked
        self.tasks: list[Task] = []
        for index, step in enumerate(scenario.steps):
            if is_task(step):
                self.tasks.append(Task(len(self.tasks) + 1, index, step,
                                       task_text(step, service), hint_text(step)))
        self._task_at = {task.step_index: task for task in self.tasks}
        self.position = 0
        self.mistakes: list[Mistake] = []
        self.hints: dict[int, int] = {}
        self.divergences: list[Divergence] = []
        #: Everything the trainee did, in order.
        self.actions: list[Action] = []
        self._clocks: dict[int, _TaskClock] = {}
        #: Tasks an earlier mistake made impossible, by task number.
        self.blocked: dict[int, Blocked] = {}
        #: How many mistakes were counted when each task started (a cause from then on is the
        #: task's own).
        self._mistakes_at_start: dict[int, int] = {}
        #: How many times each task was rewound to its start.
        self.rewinds: dict[int, int] = {}
        self._checkpoint: _Checkpoint | None = None
        self._auto = False
        self._ended_early = False
        self.started_at = timer()
        self.finished_at: float | None = None
        self.tap = ActionTap(service, self._on_action, before=self._before)

    # -- state ------------------------------------------------------------------------------------

    @property
    def current(self) -> Task | None:
        if self.finished:
            return None
        return self._task_at.get(self.position)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def objective(self) -> str:
        return self.scenario.objective or self.scenario.description or self.scenario.name

    @property
    def hints_used(self) -> int:
        return sum(self.hints.values())

    def score(self) -> int:
        return score(self.mistakes, self.hints_used)

    def task_statuses(self) -> list[str]:
        """Each task's status so far: done, skipped or open."""
        return [self._clocks[t.number].status if t.number in self._clocks else "open"
                for t in self.tasks]

    # -- the trainee's moves --------------------------------------------------------------------

    def start(self) -> None:
        """Play the steps before the first task."""
        self._play_until_task()

    def hint(self) -> str | None:
        """The current task's hint; the first time for a task, it counts against the score."""
        task = self.current
        if task is None:
            return None
        self.hints[task.number] = 1
        self._changed()
        return task.hint

    def skip(self) -> None:
        """Play the current task for the trainee (a mistake) and go on."""
        task = self.current
        if task is None:
            return
        blocked = self.blocked.get(task.number)
        if blocked is None:
            self._add(Mistake("skipped", f"task {task.number} ({task.text}) was played for you",
                              task.number, self._now()))
        self._auto = True
        try:
            outcome = self.run.execute(task.step)
        finally:
            self._auto = False
        if not outcome.passed:
            self.divergences.append(Divergence(task.step_index + 1, task.step.label(),
                                               outcome.expected, outcome.actual))
        self._complete(task, "skipped" if blocked is None else "impossible")

    def rewind(self) -> ItmsService | None:
        """Go back to the start of the current task: a new service holds the world, clock and
        phone as they were then, and this run goes on with it (the caller shows it in place of
        the old one). The rewind is a retry: counted, not scored; mistakes stay counted.
        None when there is no task to go back to."""
        task = self.current
        checkpoint = self._checkpoint
        if task is None or checkpoint is None or checkpoint.task != task.number:
            return None
        self.tap.close()
        self.service = restore(checkpoint.tables, like=self.service)
        outcomes = self.run.outcomes[:checkpoint.outcomes]
        self.run = ScenarioRun(self.scenario, self.service)
        self.run.outcomes.extend(outcomes)
        self.run.checked.update(checkpoint.checked)
        del self.divergences[checkpoint.divergences:]
        self.tap = ActionTap(self.service, self._on_action, before=self._before)
        self.rewinds[task.number] = self.rewinds.get(task.number, 0) + 1
        self._mistakes_at_start[task.number] = len(self.mistakes)
        self.blocked.pop(task.number, None)
        self._check_feasible(task)
        self._changed()
        return self.service

    def tasks_left(self) -> list[Task]:
        """The tasks that ending now (`finish`) counts as not done: the ones not reached, and
        the current one unless it can no longer be done."""
        current = self.current
        return [task for task in self.tasks if task.step_index >= self.position
                and not (task is current and task.number in self.blocked)]

    def finish(self) -> None:
        """End now: every task left counts as not done."""
        if self.finished:
            return
        current = self.current
        if current is not None and current.number in self.blocked:
            self._clocks[current.number].status = "impossible"
        for task in self.tasks_left():
            self._add(Mistake("not_done", f"task {task.number} ({task.text}) was not done",
                              task.number, self._now()))
        self._ended_early = True
        self._end()

    def close(self) -> None:
        self.tap.close()

    def grade(self) -> Grade:
        end = self.finished_at if self.finished_at is not None else self.timer()
        results = []
        for task in self.tasks:
            clock = self._clocks.get(task.number)
            blocked = self.blocked.get(task.number)
            results.append(TaskResult(
                task.number, task.text, clock.status if clock else "open",
                clock.seconds if clock else 0.0, self.hints.get(task.number, 0),
                clock.attempts if clock else 0,
                blocked.reason if blocked is not None and clock is not None
                and clock.status == "impossible" else "",
                self.rewinds.get(task.number, 0),
            ))
        return Grade(self.scenario.name, self.score(), self.pass_mark, tuple(self.mistakes),
                     self.hints_used, tuple(results), end - self.started_at,
                     tuple(self.divergences), completed=not self._ended_early)

    # -- playing the script ---------------------------------------------------------------------

    def _play_until_task(self) -> None:
        steps = self.scenario.steps
        self._auto = True
        try:
            while self.position < len(steps) and not is_task(steps[self.position]):
                step = steps[self.position]
                outcome = self.run.execute(step)
                if not outcome.passed:
                    self.divergences.append(Divergence(self.position + 1, step.label(),
                                                       outcome.expected, outcome.actual))
                self.position += 1
        finally:
            self._auto = False
        task = self.current
        if task is None:
            self._end()
        else:
            if task.number not in self._clocks:
                self._clocks[task.number] = _TaskClock(self.timer())
                self._mistakes_at_start[task.number] = len(self.mistakes)
                self._checkpoint = _Checkpoint(task.number, snapshot(self.service),
                                               frozenset(self.run.checked),
                                               len(self.run.outcomes), len(self.divergences))
            self._check_feasible(task)
        self._changed()

    def _check_feasible(self, task: Task, since: int | None = None) -> None:
        """Note whether `task` can still be done (see `feasible.py`) and, if not, what led here:
        the mistakes counted from `since` on (the action just judged), or, as the task starts,
        the last mistake that changed the world."""
        reason = why_impossible(self.scenario, self.service, self.run_step(task))
        if reason is None:
            self.blocked.pop(task.number, None)
            return
        known = self.blocked.get(task.number)
        if known is not None and known.reason == reason:
            return
        candidates = self.mistakes if since is None else self.mistakes[since:]
        cause = next((m for m in reversed(candidates) if m.kind not in _NOT_CAUSES), None)
        own = cause is not None and self.mistakes.index(cause) >= self._mistakes_at_start.get(
            task.number, 0)
        self.blocked[task.number] = blocked = Blocked(reason, cause, own)
        if self.on_blocked is not None:
            self.on_blocked(task, blocked)

    def read_out(self, task: Task) -> str | None:
        """The code the consumer reads out to the agent on a code-entry task (None: not one, or
        no PIN reached the phone)."""
        if (task.step.kind, task.step.action) != ("agent", "enter_auth_code"):
            return None
        step = self.run_step(task)
        return None if step is task.step and PIN_PLACEHOLDER in str(step.args.get("code", "")) \
            else str(step.args.get("code", "")).strip()

    def run_step(self, task: Task) -> Step:
        """The task's step as the script would perform it now (`{pin}` filled in if it can be)."""
        try:
            return self.run.resolve(task.step)
        except StepNotResolvable:
            return task.step

    def _end(self) -> None:
        if self.finished:
            return
        self.finished_at = self.timer()
        if self.time_limit is not None and not self._ended_early:
            took = self.finished_at - self.started_at
            if took > self.time_limit.total_seconds():
                self._add(Mistake("too_slow", f"the exercise took {_minutes(took)}; the limit is "
                                              f"{_minutes(self.time_limit.total_seconds())}",
                                  0, self._now()))
        self._changed()

    def _complete(self, task: Task, status: str) -> None:
        clock = self._clocks.setdefault(task.number, _TaskClock(self.timer()))
        clock.seconds = self.timer() - clock.started
        clock.status = status
        self.position = task.step_index + 1
        self._play_until_task()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def _add(self, mistake: Mistake) -> None:
        self.mistakes.append(mistake)
        if self.on_mistake is not None:
            self.on_mistake(mistake)

    def _now(self) -> str:
        return self.service.now().isoformat()

    # -- watching the trainee -------------------------------------------------------------------

    def _before(self, name: str, values: dict[str, Any]) -> Before | None:
        if self._auto or self.finished:
            return None
        number = phone_or_none(values.get("phone", values.get("from")))
        if number is None:
            return Before(None)
        return Before(number, self.service.consent(number).state,
                      pending_possible_opt_out(self.service, number),
                      self.service.pin_for_consumer(number))

    def _on_action(self, action: Action) -> None:
        if self._auto or self.finished:
            return
        self.actions.append(action)
        task = self.current
        counted = len(self.mistakes)
        if action.kind in ("agent", "supervisor") and task is not None:
            self._clocks[task.number].attempts += 1
            self._judge(task, action)
        elif action.kind == "consumer":
            # The consumer's side is scripted: what the trainee made the phone say is not the
            # script's, nor are the replies to it.
            self.run.checked.update(message.id for message in action.sent)
        if task is not None and self.current is task:
            self._check_feasible(task, since=counted)
        self._changed()

    def _judge(self, task: Task, action: Action) -> None:
        try:
            step = self.run.resolve(task.step)
        except StepNotResolvable:
            step = task.step
        matched = self._matches(step, action)
        if step.expect_error is not None:
            outcome_ok = action.refused and action.code == step.expect_error
        else:
            outcome_ok = not action.refused
        sanctioned = matched and outcome_ok
        if matched and not sanctioned and task.number in self.blocked:
            # Doing what the task says, on a task an earlier mistake made impossible: that
            # mistake is counted already, never its consequences.
            self.run.checked.update(message.id for message in action.sent)
            return
        before = action.context if isinstance(action.context, Before) else Before(None)
        found = self._compliance(task, action, before, sanctioned)
        for mistake in found:
            self._add(mistake)
        if sanctioned:
            self.run.judge_action(task.step, action.result)
            self._complete(task, "done")
            return
        # Not the task: what it sent is not what the script expects next.
        self.run.checked.update(message.id for message in action.sent)
        if not found:
            self._add(self._procedural(task, step, action, matched))

    def _matches(self, step: Step, action: Action) -> bool:
        if (step.kind, step.action) != (action.kind, action.action):
            return False
        args = step.args
        if "account" in args and str(args["account"]) != str(action.args.get("account")):
            return False
        if "phone" in args:
            wanted = phone_or_none(args["phone"]) or str(args["phone"]).strip()
            given = phone_or_none(action.args.get("phone")) or str(action.args.get("phone")).strip()
            if wanted != given:
                return False
        code = str(args.get("code", ""))
        if step.action == "enter_auth_code" and code and PIN_PLACEHOLDER not in code:
            # The code the consumer read out, not any code the desk happens to refuse too.
            return code.strip() == str(action.args.get("code", "")).strip()
        return True

    def _expects_held(self, task: Task, number: str | None) -> bool:
        """Whether the script, before its next task, checks a text to `number` as held."""
        for step in self.scenario.steps[task.step_index + 1:]:
            if is_task(step):
                return False
            if (step.kind == "expect" and step.action == "sms" and step.args.get("to") == number
                    and step.args.get("status") == "scheduled"):
                return True
        return False

    def _compliance(self, task: Task, action: Action, before: Before,
                    sanctioned: bool) -> list[Mistake]:
        found: list[Mistake] = []
        name = action.action
        number = before.number or phone_or_none(action.args.get("phone"))
        ph = phone_text(number) if number else str(action.args.get("phone"))
        at = action.started.isoformat()

        def add(kind: str, detail: str) -> None:
            found.append(Mistake(kind, detail, task.number, at))

        verb = _verb(name)
        if action.refused and not sanctioned:
            code = action.code
            if code == "opted_out" and name in TEXTING:
                add("texted_opted_out", f"you tried to {verb} {ph}, which has opted out; "
                                        "the desk refused it")
            elif code == "not_opted_in" and name in TEXTING:
                state = STATE_WORDS.get(before.state, "which has not opted in") \
                    if before.state else "which has not opted in"
                add("texted_not_opted_in", f"you tried to {verb} {ph}, {state}; the desk "
                                           "refused it")
            elif code == "max_invitations":
                limit = self.service.settings.max_invitations
                add("over_invitation_limit", f"{ph} already had {limit} unanswered opt-in "
                                             "requests; the desk refused another")
        if name == "enter_auth_code" and not sanctioned:
            entered = str(action.args.get("code", "")).strip()
            who = consumer_name(self.service, action.args.get("account"), number)
            heard = self.read_out(task) if number == phone_or_none(task.step.args.get("phone")) \
                else None
            if heard is not None and entered != heard:
                add("wrong_pin", f"{who} read out {heard}; you entered {entered!r} for {ph}")
            elif heard is not None:
                pass  # what the consumer said, on the wrong number or account: judged below
            elif before.consumer_pin is None:
                add("wrong_pin", f"you entered {entered!r} for {ph}, but no PIN has reached "
                                 f"{who}'s phone")
            elif entered != before.consumer_pin:
                add("wrong_pin", f"you entered {entered!r} for {ph}; the PIN {who}'s phone "
                                 "received is different")
        if name in FREE_TEXT and not action.refused:
            text = str(action.args.get("text", ""))
            if not has_opt_out_line(text):
                add("no_opt_out_line", f"your text to {ph} ({_snippet(text)}) does not say how "
                                       "to opt out")
        if before.possible_opt_out and name in TEXTING and not action.refused and not sanctioned:
            add("ignored_possible_opt_out", f"{ph} had texted something that reads as an opt-out "
                                            f"({before.possible_opt_out}), and you went on to "
                                            f"{verb} it instead of opting it out (or "
                                            "dismissing the flag, if it is not one)")
        if (name == "dismiss_possible_opt_out" and before.possible_opt_out and not action.refused
                and not sanctioned and self._opts_out(task, number)):
            add("dismissed_opt_out", f"{ph} had texted something that asks to stop (it "
                                     f"{before.possible_opt_out}), and you dismissed it as not "
                                     "an opt-out instead of opting the number out")
        held = [m for m in action.held if m.number == number] or list(action.held)
        # Only the task's own text, held where the script wanted it sent at once, is a text
        # started at the wrong hour: a text the task did not ask for is a mistake of its own
        # (unscripted), held or not, and the advice for it must not be "wait for the window".
        if held and sanctioned and not self._expects_held(task, held[0].number):
            opening = held[0].release_at
            local = self.run.local(action.started)
            add("outside_window", f"you started a text to {phone_text(held[0].number)} at "
                                  f"{local} (company time), outside 8am-9pm where the consumer "
                                  f"is; ITMS held it until {self.run.local(opening)}")
        return found

    def _opts_out(self, task: Task, number: str | None) -> bool:
        """Whether `task` is to opt `number` out (what the script decided its text was)."""
        step = self.run_step(task)
        if (step.kind, step.action) != ("agent", "opt_out"):
            return False
        wanted = step.args.get("phone")
        return wanted is None or phone_or_none(wanted) == number

    def _procedural(self, task: Task, step: Step, action: Action, matched: bool) -> Mistake:
        at = action.started.isoformat()
        did = _describe(action)
        args = step.args
        if action.refused:
            reason = action.result.sentence.rstrip(".") or refusal_reason(str(action.code))
            return Mistake("refused", f"{did}, and the desk refused it: {reason}",
                           task.number, at)
        if matched:
            return Mistake("wrong_action", f"{did}, and the desk accepted it; the task "
                                           "expected the desk to refuse it "
                                           f"({refusal_reason(str(step.expect_error))})",
                           task.number, at)
        for later in self.tasks:
            if later.step_index > task.step_index and self._matches(later.step, action):
                if (step.kind, step.action) == ("agent", "opt_out"):
                    return Mistake("opt_out_waiting",
                                   f"{did}, while {phone_text(str(args.get('phone')))} still "
                                   "waits to be opted out", task.number, at)
                return Mistake("out_of_order", f"{did}, which is task {later.number}; the task "
                                               f"now is {task.number}: {task.text}",
                               task.number, at)
        same_action = (step.kind, step.action) == (action.kind, action.action)
        if same_action and "account" in args and str(args["account"]) != str(
                action.args.get("account")):
            return Mistake("wrong_account", f"{did}; the task is about account "
                                            f"{args['account']}", task.number, at)
        if same_action and "phone" in args:
            return Mistake("wrong_number", f"{did}; the task is about "
                                           f"{phone_text(str(args['phone']))}", task.number, at)
        if action.sent:
            held = f" (ITMS held it until {self.run.local(action.held[0].release_at)}, outside " \
                   "8am-9pm where the consumer is)" if action.held else ""
            return Mistake("unscripted_text", f"{did}, which sent "
                                              f"{plural(len(action.sent), 'text')} the task did "
                                              f"not call for{held}", task.number, at)
        return Mistake("wrong_action", f"{did}; the task was: {task.text}", task.number, at)


#: Mistakes that do not change the world, so cannot make a later task impossible.
_NOT_CAUSES = frozenset({"skipped", "not_done", "too_slow"})


def _verb(action: str) -> str:
    return {"send_opt_in_request": "send an opt-in request to",
            "quick_opt_in": "send a Quick Opt In request to",
            "send_link": "send the link to", "reply": "text",
            "send_text": "text"}.get(action, action.replace("_", " ") + " for")


def _describe(action: Action) -> str:
    """`you texted 617-555-0101 on account 1001` — what the trainee did, in words."""
    args = action.args
    number = phone_or_none(args.get("phone"))
    ph = phone_text(number) if number else repr(str(args.get("phone", "")))
    account = f" on account {args['account']}" if "account" in args else ""
    what = {
        "add_phone": f"you added {ph} to account {args.get('account')}",
        "send_opt_in_request": f"you sent an opt-in request to {ph}{account}",
        "enter_auth_code": f"you entered the code {str(args.get('code', '')).strip()!r} for "
                           f"{ph}{account}",
        "quick_opt_in": f"you pressed Quick Opt In for {ph}{account}",
        "arrange_payment_plan": f"you arranged a payment plan for {ph}{account}",
        "opt_out": f"you opted {ph} out{account}",
        "send_text": f"you texted {ph}{account}",
        "send_link": f"you sent the link to {ph}{account}",
        "dismiss_possible_opt_out": f"you dismissed the possible opt-out from {ph}{account}",
        "link_number": f"you linked {ph} to account {args.get('account')}",
        "reply": f"you replied to {ph} from the supervisor's queues",
    }
    return what.get(action.action, f"you did {action.label()}")


def _snippet(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _minutes(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}m {seconds % 60:02d}s"


__all__ = ["Before", "Blocked", "Divergence", "Grade", "Task", "TaskResult", "TrainingRun",
           "pending_possible_opt_out"]
