"""`itms-tui play`: a scenario played step by step in the real desk, for demos, training and QA.

The main screen gets a step strip: the current step, ✓/✗ for those done, `n` next, `space`
autoplay or pause, `+`/`-` speed, `r` restart. A failed step opens its expected-vs-actual panel.
Given several scenarios (a folder), the player goes on to the next, and `--loop` starts over.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.service import ItmsService
from ...scenarios.scenario import Scenario
from ...scenarios.runner import ScenarioResult, ScenarioRun, StepOutcome, build_service
from ..app import ItmsApp
from .step_driver import UiPerformer, play_step
from ..text import content, set_content

SPEEDS = (4.0, 2.0, 1.0, 0.5, 0.25, 0.1)  # seconds between autoplayed steps


class StepStrip(Static):
    DEFAULT_CSS = """
    StepStrip { dock: bottom; height: 4; margin-bottom: 1; background: $boost; border-top: solid $accent; padding: 0 1; }
    """


class StepFailure(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "dismiss", "Close")]

    def __init__(self, outcome: StepOutcome, bypass: str | None) -> None:
        super().__init__()
        self._outcome, self._bypass = outcome, bypass

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog tall"):
            yield Static(Content("✗ Step failed").stylize("bold $error"))
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

    BINDINGS = [
        Binding("n", "next_step", "Next step", priority=True),
        Binding("space", "toggle_autoplay", "Autoplay", priority=True),
        Binding("plus", "faster", "Faster", key_display="+", priority=True),
        Binding("minus", "slower", "Slower", key_display="-", priority=True),
        Binding("r", "restart", "Restart", priority=True),
    ]

    def __init__(self, scenarios: list[Scenario], *, autoplay: bool = False, loop: bool = False,
                 interactive: bool = True) -> None:
        self.scenarios = scenarios
        self.loop = loop
        self.interactive = interactive
        self.autoplay = autoplay
        self.speed_index = 2
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
        marks = Content("").join(
            Content("✓").stylize("bold $success") if o.passed else Content("✗").stylize("bold $error")
            for o in run.outcomes
        )
        pending = len(self.scenario.steps) - len(run.outcomes)
        marks = Content.assemble(marks, ("·" * pending, "$text-muted"))
        step = run.next_step()
        if run.failed:
            now = Content("✗ stopped at a failed step").stylize("bold $error")
        elif step is None:
            now = Content("✓ all steps passed").stylize("bold $success")
        else:
            now = content(f"next: {step.label()}  ({step.file}:{step.line})")
        mode = f"autoplay every {SPEEDS[self.speed_index]:g}s" if self.autoplay else "paused"
        which = f"{self._current + 1}/{len(self.scenarios)} " if len(self.scenarios) > 1 else ""
        header = content(f"▶ {which}{self.scenario.name}", "bold")
        set_content(strips[0], Content.assemble(
            header, f"   step {min(len(run.outcomes) + 1, len(self.scenario.steps))}"
            f"/{len(self.scenario.steps)}   ", marks, "\n", now, "\n",
            (f"{mode} · n next · space autoplay · +/- speed · r restart {note}", "$text-muted"),
        ))

    # -- playing ----------------------------------------------------------------------------------

    async def step_once(self) -> StepOutcome | None:
        step = self.run_state.next_step()
        if step is None:
            return None
        outcome = await play_step(self.performer, self.run_state, step)
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
            await self.step_once()
            await asyncio.sleep(SPEEDS[self.speed_index])
        self.show_progress()

    async def play_all(self) -> ScenarioResult:
        """Headless: every step at full speed, then the result as `itms-tui run` reports it."""
        import time

        started = time.perf_counter()
        while not self.run_state.finished:
            await self.step_once()
        return ScenarioResult(self.scenario, list(self.run_state.outcomes), self.service,
                              time.perf_counter() - started)

    async def _next_scenario(self) -> bool:
        self.results.append(ScenarioResult(self.scenario, list(self.run_state.outcomes), self.service))
        index = self._current + 1
        if index >= len(self.scenarios):
            if not self.loop:
                return False
            index = 0
        await self._switch_to_scenario(index)
        return True

    async def _switch_to_scenario(self, index: int) -> None:
        service = build_service(self.scenarios[index])
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.service = service
        self._unsubscribe = service.subscribe(self._collect)
        self._start(index, service)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.screen.reset()
        self.show_progress()

    # -- keys -------------------------------------------------------------------------------------

    async def action_next_step(self) -> None:
        if self.run_state.finished:
            if await self._next_scenario():
                return
        await self.step_once()

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
