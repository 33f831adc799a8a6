"""The itms-tui app: the agent desk beside the consumer's phone, over one simulated ITMS.

The app never changes consent itself. Widgets call the service; the service answers with a
Result and reports what happened as events, which the app batches (one batch per action) and
hands to every screen as an `EngineChanged` message. Refusals are shown as a notification here,
and inline by the widget that asked.
"""

from __future__ import annotations

from typing import Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from ..core.events import ActionRefused, Event
from ..core.service import ItmsService, Result
from .commands import DeskCommands
from .messages import EngineChanged
from .text import literal


class ItmsApp(App[None]):
    CSS_PATH = ["app.tcss"]
    TITLE = "ITMS Simulator"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {DeskCommands}

    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("s", "supervisor", "Supervisor"),
        Binding("a", "audit", "Audit"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, service: ItmsService, *, title: str | None = None) -> None:
        super().__init__()
        self.service = service
        self._pending: list[Event] = []
        self._flush_scheduled = False
        self._unsubscribe: Callable[[], None] | None = None
        #: What the last action through `perform` returned (scenario playback judges it).
        self.last_result: Result | None = None
        if title:
            self.sub_title = literal(title)

    # -- the bridge from the engine ---------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # The desk is the app's base screen: no blank screen is drawn first and then replaced.
        from .screens.desk import DeskScreen

        return DeskScreen()

    def on_mount(self) -> None:
        self._unsubscribe = self.service.subscribe(self._collect)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _collect(self, event: Event) -> None:
        self._pending.append(event)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self.call_next(self._flush)

    def _flush(self) -> None:
        events, self._pending, self._flush_scheduled = tuple(self._pending), [], False
        if not events:
            return
        for screen in self.screen_stack:
            screen.post_message(EngineChanged(events))

    def perform(self, action: Callable[[], Result], *, quiet: bool = False) -> Result:
        """Run a service action; say what it did, or why it was refused, in a notification."""
        result = self.last_result = action()
        refused = next((e for e in result.events if isinstance(e, ActionRefused)), None)
        if not result.ok and refused is not None:
            self.notify(
                f"{refused.code.value}: {refused.sentence}",
                title="Refused",
                severity="error",
                markup=False,
            )
        elif result.ok and result.detail and not quiet:
            self.notify(literal(result.detail), markup=False, timeout=4)
        return result

    def desk_extras(self) -> Iterable[Widget]:
        """Widgets a mode adds to the desk (playback adds its step strip)."""
        return ()

    # -- screens ----------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_supervisor(self) -> None:
        from .screens.supervisor import SupervisorScreen

        self._switch_to(SupervisorScreen)

    def action_audit(self) -> None:
        from .screens.audit import AuditScreen

        self._switch_to(AuditScreen)

    def _switch_to(self, screen_type: type[Screen]) -> None:
        if isinstance(self.screen, screen_type):
            self.pop_screen()
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen_type())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Supervisor queues", "Unassociated and unanswered texts", self.action_supervisor)
        yield SystemCommand("Audit timeline", "Every consent change and refusal", self.action_audit)
        # Not "Keys": Textual's own "Keys" command (the focused widget's keys) is already listed.
        yield SystemCommand("Help: every key", "Every key of the desk and the phone", self.action_help)
