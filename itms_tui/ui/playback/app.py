"""`itms-tui play`: a scenario played step by step in the real desk, for demos, training and QA.

The main screen gets a step strip: the scenario's description or the caption (`note:`) of the
step just played, the current step, ✓/✗ for those done, `n` next, `space` autoplay or pause,
`+`/`-` speed, `r` restart. A failed step opens its expected-vs-actual panel. While a scenario
plays the desk's own actions are locked; `T` takes over: playback ends, the desk stays as it is.
Given several scenarios (a folder), the player goes on to the next, and `--loop` starts over.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.service import ItmsService, Result
from ...scenarios.scenario import Scenario
from ...scenarios.runner import ScenarioResult, ScenarioRun, StepOutcome, build_service
from ..app import ItmsApp
from .step_driver import UiPerformer, play_step
from ..text import content

#: Seconds between autoplayed steps. The default gives a presenter time to say what a step does;
#: a check (`expect:`) without a caption takes a quarter of it, since there is nothing to show.
SPEEDS = (8.0, 4.0, 3.0, 2.0, 1.0, 0.5, 0.25, 0.1)
DEFAULT_SPEED = SPEEDS.index(3.0)

#: What the desk does that would change the world or start to: locked while a scenario plays, so
#: a key pressed by mistake cannot make a later step fail. Anything else (looking around, the
#: supervisor and audit screens, help) stays free. Whatever reaches the service without one of
#: these actions (a button clicked, a box submitted) is stopped in `PlayApp.perform`.
LOCKED_ACTIONS = frozenset({
    "opt_in_request", "quick_opt_in", "enter_pin", "opt_out", "reply", "send_link", "payment_plan",
    "compose", "faults", "advance", "advance_by", "to_window", "add_number", "link",
    "dismiss_possible_opt_out", "phone_from",
})
LOCKED_SAYS = "The scenario is playing the desk: press T to take over and practise from here."


class StepStrip(Static):
    """The step being played, under the desk (styled in playback.tcss)."""


class StepFailure(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "dismiss", "Close")]

    def __init__(self, outcome: StepOutcome, bypass: str | None) -> None:
        super().__init__()
        self._outcome, self._bypass = outcome, bypass

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog tall"):
            yield Static(Content("✗ Step failed").stylize("bold $text-error"))
            for line in self._outcome.failure_lines():
                yield Static(content(line))
            if self._bypass:
                yield Static(content(f"note: {self._bypass}", "$text-muted"))
            yield Static(Content("\nEsc closes; r restarts the scenario.").stylize("$text-muted"))

    def action_dismiss(self) -> None:
        self.dismiss(None)


class PlayApp(ItmsApp):
    """The desk stepping through scenarios: a step strip, autoplay, a failed step's panel."""

    recordable = False  # it replaces the service behind the desk between scenarios
    trainable = False

    MODE_TITLE = "Playing a scenario"
    CSS_PATH = [*ItmsApp.CSS_PATH, Path(__file__).with_name("playback.tcss")]
    BINDINGS = [
        Binding("n", "next_step", "Next step", priority=True, tooltip="play the next step"),
        Binding("space", "toggle_autoplay", "Autoplay", priority=True,
                tooltip="autoplay or pause"),
        Binding("T", "take_over", "Take over", priority=True,
                tooltip="take over: playback ends, the desk stays as it is, for free practice"),
        Binding("plus", "faster", "Faster", key_display="+", priority=True,
                tooltip="autoplay faster"),
        Binding("minus", "slower", "Slower", key_display="-", priority=True,
                tooltip="autoplay slower"),
        Binding("r", "restart", "Restart", priority=True, tooltip="restart the scenario"),
    ]
    #: The keys that drive playback: after a take-over they are gone, and `n`, `r` and `+` are
    #: the desk's and the supervisor's own again.
    PLAYBACK_ACTIONS = frozenset(binding.action for binding in BINDINGS)
    #: Their keys: `n`, space, `T`, `+`, `-`, `r`.
    PLAYBACK_KEYS = frozenset(key for binding in BINDINGS for key in binding.key.split(","))

    def __init__(self, scenarios: list[Scenario], *, autoplay: bool = False, loop: bool = False,
                 interactive: bool = True) -> None:
        self.scenarios = scenarios
        self.loop = loop
        self.interactive = interactive
        self.autoplay = autoplay
        self.speed_index = DEFAULT_SPEED
        #: True once the user took the desk over: playback is over, the desk is theirs.
        self.taken_over = False
        #: True while a step acts through the desk: its actions pass the lock.
        self._scripted = False
        #: True from an `n` until its step is played.
        self._stepping = False
        self.results: list[ScenarioResult] = []
        self._current = 0
        super().__init__(build_service(scenarios[0]))
        self._start(0, self.service)

    def _start(self, index: int, service: ItmsService) -> None:
        self._current = index
        self.scenario = self.scenarios[index]
        self.run_state = ScenarioRun(self.scenario, service)
        self.performer = UiPerformer(self)

    # -- the strip --------------------------------------------------------------------------------

    def desk_extras(self):
        yield StepStrip(id="step-strip")

    def on_mount(self) -> None:
        # ItmsApp.on_mount runs too (Textual calls each class's handler): do not call it again.
        self.call_after_refresh(self.show_progress)
        if self.autoplay:
            self.call_after_refresh(self.play)

    def show_progress(self, note: str = "") -> None:
        strips = [s for screen in reversed(self.screen_stack) for s in screen.query(StepStrip)]
        if not strips:
            return
        run = self.run_state
        if self.taken_over:
            done = len(run.outcomes)
            strips[0].update(Content.assemble(
                content(f"✋ You have the desk: {self.scenario.name}", "bold"), "\n",
                f"Playback stopped after step {done} of {len(self.scenario.steps)}; "
                "everything the scenario did is still here.\n",
                ("Free practice: every key of the desk works (? lists them).", "$text-muted"),
            ))
            return
        marks = Content("").join(
            Content("✓").stylize("bold $text-success") if o.passed else Content("✗").stylize("bold $text-error")
            for o in run.outcomes
        )
        pending = len(self.scenario.steps) - len(run.outcomes)
        marks = Content.assemble(marks, ("·" * pending, "$text-muted"))
        step = run.next_step()
        if run.failed:
            now = Content("✗ stopped at a failed step").stylize("bold $text-error")
        elif step is None:
            now = Content("✓ all steps passed").stylize("bold $text-success")
        else:
            now = content(f"next: {step.label()}  ({step.file}:{step.line})")
        mode = f"autoplay every {SPEEDS[self.speed_index]:g}s" if self.autoplay else "paused"
        if step is None and not self._has_next_scenario:
            # `n` and autoplay have nothing left to play: offer only what still does something.
            keys = "the end · r restart · T take over"
        elif step is None:
            keys = f"{mode} · n next scenario · space autoplay · T take over · r restart"
        else:
            keys = f"{mode} · n next · space autoplay · T take over · +/- speed · r restart"
        which = f"{self._current + 1}/{len(self.scenarios)} " if len(self.scenarios) > 1 else ""
        header = content(f"▶ {which}{self.scenario.name}", "bold")
        played = run.outcomes[-1].step if run.outcomes else None
        caption = played.note if played is not None and played.note else self.scenario.description
        # Its height follows the caption (update, not set_content: a layout pass). The caption
        # comes last: a long description may lose its end on a small terminal,
        # never the step or the keys.
        strips[0].update(Content.assemble(
            header, f"   step {min(len(run.outcomes) + 1, len(self.scenario.steps))}"
            f"/{len(self.scenario.steps)}   ", marks, "\n", now, "\n",
            (f"{keys} {note}", "$text-muted"),
            "\n" if caption else "",
            content(" ".join(caption.split()), "italic") if caption else "",
        ))

    # -- playing ----------------------------------------------------------------------------------

    async def step_once(self) -> StepOutcome | None:
        step = self.run_state.next_step()
        if step is None:
            return None
        self._scripted = True
        try:
            outcome = await play_step(self.performer, self.run_state, step)
        finally:
            self._scripted = False
        self.show_progress()
        if not outcome.passed and self.interactive:
            bypass = self.performer.bypassed.get(outcome.index)
            self.push_screen(StepFailure(outcome, bypass))
        return outcome

    @work(exclusive=True, group="play")
    async def play(self) -> None:
        import asyncio

        while self.autoplay:
            if self.run_state.finished:
                if not await self._next_scenario():
                    break
                continue
            outcome = await self.step_once()
            await asyncio.sleep(self.pause_after(outcome.step if outcome else None))
        self.show_progress()

    def pause_after(self, step) -> float:
        """How long autoplay waits after `step`: a plain check is quick, the rest get the pace."""
        pace = SPEEDS[self.speed_index]
        if step is not None and step.kind == "expect" and not step.note:
            return pace / 4
        return pace

    async def play_all(self) -> ScenarioResult:
        """Headless: every step at full speed, then the result as `itms-tui run` reports it."""
        import time

        started = time.perf_counter()
        while not self.run_state.finished:
            await self.step_once()
        return ScenarioResult(self.scenario, list(self.run_state.outcomes), self.service,
                              time.perf_counter() - started)

    @property
    def _has_next_scenario(self) -> bool:
        return self.loop or self._current + 1 < len(self.scenarios)

    async def _next_scenario(self) -> bool:
        self.results.append(ScenarioResult(self.scenario, list(self.run_state.outcomes), self.service))
        if not self._has_next_scenario:
            return False
        await self._switch_to_scenario((self._current + 1) % len(self.scenarios))
        return True

    async def _switch_to_scenario(self, index: int) -> None:
        service = build_service(self.scenarios[index])
        self.use_service(service)
        self._start(index, service)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.screen.reset()
        self.show_progress()

    # -- the lock ---------------------------------------------------------------------------------

    @property
    def desk_locked(self) -> bool:
        return not self.taken_over and not self._scripted

    def say_locked(self) -> None:
        self.notify(LOCKED_SAYS, title="Playing", severity="warning", timeout=4, markup=False)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        # Keys reach the desk's actions here: a locked one says why before a dialog even opens.
        _, name, _ = parse_action(action) if isinstance(action, str) else action
        if self.desk_locked and name in LOCKED_ACTIONS:
            self.say_locked()
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def perform(self, action, *, quiet: bool = False) -> Result:
        if self.desk_locked:  # a button clicked or a box submitted while the scenario plays
            self.say_locked()
            return Result(False)
        return super().perform(action, quiet=quiet)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.taken_over and action in self.PLAYBACK_ACTIONS:
            return False  # hidden, and the key goes on to the desk
        return super().check_action(action, parameters)

    @property
    def keys_kept_from_text_boxes(self) -> frozenset[str]:
        # While a scenario plays, a box the presenter clicked (or a dialog a step left open with
        # a refusal) would type `n` as a letter, and playback would stand still.
        return frozenset() if self.taken_over else self.PLAYBACK_KEYS

    # -- keys -------------------------------------------------------------------------------------

    def action_take_over(self) -> None:
        """End playback and leave the desk, as the scenario left it, to the user."""
        self.autoplay = False
        self.taken_over = True
        self.refresh_bindings()
        self.show_progress()
        self.notify("Playback stopped: the desk is yours. ctrl+q quits.", title="Taken over",
                    timeout=4, markup=False)

    def action_next_step(self) -> None:
        if not self._stepping:  # one step at a time: an `n` pressed during a step is dropped
            self._stepping = True
            self._next_step()

    @work(group="step")
    async def _next_step(self) -> None:
        # In a worker, not in the key's handler: a step that answers a dialog (the dismissal's
        # reason, the opt-out's confirmation) needs the app's messages handled while it waits,
        # and from the handler it waited them out and failed as "the desk did not act".
        try:
            if self.run_state.finished and await self._next_scenario():
                return
            await self.step_once()
        finally:
            self._stepping = False

    def action_toggle_autoplay(self) -> None:
        self.autoplay = not self.autoplay
        if self.autoplay:
            self.play()
        self.show_progress()

    def action_faster(self) -> None:
        self.speed_index = min(self.speed_index + 1, len(SPEEDS) - 1)
        self.show_progress()

    def action_slower(self) -> None:
        self.speed_index = max(self.speed_index - 1, 0)
        self.show_progress()

    async def action_restart(self) -> None:
        await self._switch_to_scenario(self._current)
        self.show_progress("· restarted")


#: Headless playback's terminal: the full desk, phone included, as a presenter sees it.
HEADLESS_SIZE = (140, 45)


def play_headless(scenario: Scenario, demo_world=None) -> ScenarioResult:
    """Play one scenario through the real app without a screen (`itms-tui play --headless`)."""
    import asyncio

    async def play() -> ScenarioResult:
        app = PlayApp([scenario], interactive=False)
        async with app.run_test(size=HEADLESS_SIZE) as pilot:
            await pilot.pause()
            return await app.play_all()

    return asyncio.run(play())
