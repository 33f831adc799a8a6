"""The itms-tui app: the agent desk beside the consumer's phone, over one simulated ITMS.

The app never changes consent itself. Widgets call the service; the service answers with a
Result and reports what happened as events, which the app batches (one batch per action) and
hands to every screen as an `EngineChanged` message. Refusals are shown as a notification here,
and inline by the widget that asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from textual import events, on
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from ..core.events import ActionRefused, Event
from ..core.changes import ActionNotSaved
from ..core.service import ItmsService, Result
from ..inert import inert, inert_line
from . import collector
from .commands import DeskCommands
from .messages import EngineChanged
from .themes import legible_themes
from .preferences import Preferences


#: What the app returns when the user asked for the training course (ctrl+t).
TRAIN = "train"


class ItmsApp(App[str | None]):
    """The desk app over one service: batches its events to the screens, shows refusals."""

    # Absolute: Textual reads a relative CSS_PATH beside the module of each subclass (the modes).
    CSS_PATH = [Path(__file__).with_name("app.tcss")]
    TITLE = "ITMS Simulator"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {DeskCommands}

    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", key_display="?", tooltip="this list of keys"),
        Binding("s", "supervisor", "Supervisor",
                tooltip="supervisor queues: unassociated and unanswered texts"),
        Binding("a", "audit", "Audit", tooltip="audit timeline: every consent change and refusal"),
        Binding("ctrl+r", "record", "Record", show=False, priority=True,
                tooltip="record this session as a scenario; again to stop and save"),
        Binding("ctrl+t", "train", "Train", show=False, priority=True,
                tooltip="the training course: graded exercises on this desk"),
        Binding("ctrl+q", "quit", "Quit", priority=True,
                tooltip="quit (everything is already saved)"),
    ]
    #: The keys every mode keeps (the help lists them under Everywhere).
    EVERYWHERE_BINDINGS = BINDINGS

    #: Whether this mode may record the session (ctrl+r) and leave for the training course
    #: (ctrl+t): modes that replace the service behind the desk may not.
    recordable = True
    trainable = True

    @property
    def keys_kept_from_text_boxes(self) -> frozenset[str]:
        """Keys a focused text box leaves to the app's bindings instead of typing them (a box
        otherwise types every printable key, whatever the app binds to it, priority or not)."""
        return frozenset()

    #: Trainee mode, from an exercise's start until the trainee leaves it: the consumer's side
    #: plays by script, so the phone takes no typing and hides a PIN's digits (the consumer reads
    #: it out to the agent), and the task card shows. The widgets follow it.
    in_exercise: var[bool] = var(False, init=False)

    def __init__(self, service: ItmsService, *, title: str | None = None,
                 record_to: Path | None = None, preferences: Preferences | None = None) -> None:
        super().__init__()
        for theme in legible_themes():
            self.register_theme(theme)
        # The stylesheet took the theme's variables in App.__init__, before these replaced it.
        self.stylesheet.set_variables(self.get_css_variables())
        self.service = service
        #: The theme and last account kept between runs (`itms-tui` only; None: none kept).
        self.preferences = preferences
        if preferences is not None and preferences.theme in self.available_themes:
            self.theme = preferences.theme
        #: The session recorder while recording (see `itms_tui.training.session_recorder`).
        self.recorder = None
        #: Where a recording is written when it stops (`itms-tui record OUT`); None: ask.
        self.record_to = record_to
        #: Every recording written, in order.
        self.recordings: list[Path] = []
        self._pending: list[Event] = []
        self._post_scheduled = False
        self._unsubscribe: Callable[[], None] | None = None
        #: What the last action through `perform` returned (scenario playback judges it).
        self.last_result: Result | None = None
        if title:
            self.sub_title = inert_line(title)
        #: Whether the screen's initial focus still waits for the app to have the focus.
        self._initial_focus_pending = True
        #: Whether on_load paused the garbage collector, which resumes after the first frame.
        self._collector_paused = False

    # -- the bridge from the engine ---------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # The desk is the app's base screen: no blank screen is drawn first and then replaced.
        from .screens.desk import DeskScreen

        return DeskScreen()

    def on_load(self) -> None:
        # Until the first frame is drawn (see collector.py): the widgets' texts are written just
        # after it, once they know their width, hence after the refresh that follows Ready.
        self._collector_paused = collector.pause()

    def on_ready(self) -> None:
        self.call_after_refresh(self._resume_collector)

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            collector.resume()

    def on_mount(self) -> None:
        self._unsubscribe = self.service.subscribe(self._collect)
        if self.record_to is not None:
            self.start_recording()
        if self.preferences is not None:
            self.theme_changed_signal.subscribe(
                self, lambda theme: self.preferences.remember(theme=theme.name))

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Save a screenshot in the data folder (Textual's default, ~/Downloads, may not exist)."""
        if path is None:
            from ..session import data_dir

            folder = data_dir() / "screenshots"
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self.notify(f"{inert_line(str(folder))}: {error.strerror or error}",
                            title="Screenshot not saved", severity="error", markup=False)
                return None
            path = str(folder)
        return super().deliver_screenshot(filename, path, time_format)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":  # Textual's own notice says only that it failed
            self.notify(inert_line(str(event.exception)), title="Screenshot not saved",
                        severity="error", markup=False)

    def watch_app_focus(self, focused: bool) -> None:
        # In a browser (textual-serve) the app starts blurred, so the screen composed without its
        # AUTO_FOCUS being applied: apply it when the browser first gives the app the focus.
        if not focused or not self._initial_focus_pending:
            return
        self._initial_focus_pending = False
        screen = self.screen
        selector = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else self.AUTO_FOCUS
        if screen.focused is None and selector:
            for widget in screen.query(selector):
                if widget.focusable:
                    widget.focus(scroll_visible=False)
                    break

    def on_unmount(self) -> None:
        self._resume_collector()  # an app that ended before its first frame
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self.recorder is not None:  # quitting while recording keeps the recording
            self.save_recording(self.record_to or self.default_recording_path())

    def _collect(self, event: Event) -> None:
        self._pending.append(event)
        if not self._post_scheduled:
            self._post_scheduled = True
            self.call_next(self._post_engine_changed)

    def _post_engine_changed(self) -> None:
        events, self._pending, self._post_scheduled = tuple(self._pending), [], False
        if not events:
            return
        for screen in self.screen_stack:
            screen.post_message(EngineChanged(events, self.service))

    def use_service(self, service: ItmsService) -> None:
        """Put `service` behind the desk in place of the current one. What the old one reported
        and the screens have not drawn yet is dropped here (collected) or by the screens (queued
        to them, see `EngineChanged.is_from`): the caller resets the screens onto the new one."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._pending.clear()
        self.service = service
        self._unsubscribe = service.subscribe(self._collect)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification of the app (screens and widgets call this one): its message and
        title often quote names and texts, so both are made inert (ours pass `markup=False`)."""
        super().notify(inert(message), title=inert_line(title),
                       severity=severity, timeout=timeout, markup=markup)

    def perform(self, action: Callable[[], Result], *, quiet: bool = False) -> Result:
        """Run a service action; say what it did, or why it was refused, in a notification."""
        try:
            result = self.last_result = action()
        except ActionNotSaved as error:
            # The service has gone back to what the store holds: what the action said it did
            # never happened, so its events must not reach a widget.
            self._pending.clear()
            self.notify(f"The action was undone; everything saved before it is kept. {error}.",
                        title="Not saved", severity="error", timeout=30, markup=False)
            result = self.last_result = Result(False, sentence=str(error))
            return result
        refused = next((e for e in result.events if isinstance(e, ActionRefused)), None)
        if not result.ok and refused is not None:
            self.notify(
                f"{refused.code.value}: {refused.sentence}",
                title="Refused",
                severity="error",
                markup=False,
            )
        elif not result.ok:  # refused before it began (the clock at the end of its range)
            self.notify(result.sentence, title="Refused", severity="error", markup=False)
        elif result.detail and not quiet:
            self.notify(result.detail, markup=False, timeout=4)
        return result

    def diagram_hint(self, number: str | None) -> str | None:
        """The move the consent diagram may hint at as the next one on `number` (trainee mode,
        after a hint)."""
        return None

    def desk_extras(self) -> Iterable[Widget]:
        """Widgets a mode adds to the desk (playback adds its step strip)."""
        return ()

    def supervisor_extras(self) -> Iterable[Widget]:
        """Widgets a mode adds to the supervisor's queues (trainee mode: the task card)."""
        return ()

    # -- recording and training -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "record" and not self.recordable:
            return None
        if action == "train" and not self.trainable:
            return None
        return True

    def start_recording(self) -> None:
        from ..training.session_recorder import Recorder

        if self.recorder is None:
            self.recorder = Recorder(self.service)
            self.notify("Every action from now on is recorded. ctrl+r stops and saves.",
                        title="Recording", timeout=4, markup=False)
            self.refresh_bindings()

    def default_recording_path(self) -> Path:
        from ..session import data_dir

        when = self.service.now().strftime("%Y%m%d-%H%M%S")
        return data_dir() / "recordings" / f"recording-{when}.yaml"

    def save_recording(self, path: Path) -> Path | None:
        """Stop recording and write the scenario to `path`; the path, or None if it failed."""
        from ..training.session_recorder import write_recording

        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return None
        recorder.stop()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_recording(path, recorder.text())
        except OSError as error:
            self.notify(f"{path}: {error.strerror or error}", title="Recording not saved",
                        severity="error", markup=False)
            return None
        self.recordings.append(path)
        self.notify(f"Saved as {path}. Replay it with: itms-tui run {path}",
                    title="Recording saved", timeout=8, markup=False)
        return path

    def action_record(self) -> None:
        if not self.recordable:
            return
        if self.recorder is None:
            self.start_recording()
            return
        if self.record_to is not None:
            self.save_recording(self.record_to)
            self.refresh_bindings()
            return
        from .screens.modals import TextPrompt

        default = self.default_recording_path()

        def chosen(text: str | None) -> None:
            if text is None:
                return  # still recording
            self.save_recording(Path(text.strip()).expanduser() if text.strip() else default)
            self.refresh_bindings()

        self.push_screen(TextPrompt(
            "Save the recording", "A scenario file that replays this session with "
            "`itms-tui run` or `itms-tui play`. Leave empty for the default.", str(default)),
            chosen)

    def action_train(self) -> None:
        """Leave for the training course (`itms-tui` opens it, then comes back here)."""
        from ..session import library_path

        library = library_path()
        if not self.trainable:
            return
        if library is None or not (library / "curriculum.yaml").is_file():
            self.notify("No course here: run `itms-tui train CURRICULUM` with a curriculum file.",
                        title="Training", severity="warning", markup=False)
            return
        self.exit(TRAIN)

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
        toggle_diagram = getattr(screen, "action_toggle_diagram", None)
        if toggle_diagram is not None:  # the desk
            yield SystemCommand("Consent diagram", "The number's state, its last transition, "
                                "and what the rules refuse now (d)", toggle_diagram)
        yield SystemCommand("Help: every key", "Every key of the desk and the phone", self.action_help)
        if self.recordable:
            if self.recorder is None:
                yield SystemCommand("Record this session", "Write what you do from now on as a "
                                    "scenario that replays it (ctrl+r)", self.action_record)
            else:
                yield SystemCommand("Stop recording and save", "Write the recording as a "
                                    "scenario file (ctrl+r)", self.action_record)
        if self.trainable:
            yield SystemCommand("Training course", "Graded exercises on this desk, with a "
                                "coach (ctrl+t)", self.action_train)
