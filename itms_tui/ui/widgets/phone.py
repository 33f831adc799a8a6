"""The consumer's phone: only what the carrier delivered, the company as sender, a compose box."""

from __future__ import annotations

from dataclasses import dataclass

from rich.align import Align
from rich.panel import Panel
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from ...core.events import Event, MessageStatusChanged
from ...core.keywords import DEFAULT_OPT_OUT_EMOJI
from ...core.models import Message as Sms
from ...core.names import Direction, MessageStatus
from ...core.phones import format_national
from ...core.pins import agency_body
from ...core.service import ItmsService
from ...core.sms import count_segments
from ..badges import badge
from ..text import content, rich_text, set_border, set_content
from .account_detail import local_time
from ..themes import text_colour
from .thread import ThreadLog, ThreadView
from .text_box import TextBox

QUICK_REPLIES = ("YES", "STOP", "HELP", "SIGNUP", *DEFAULT_OPT_OUT_EMOJI)
#: The compose box's placeholder: for the consumer's typing, or while an exercise scripts them.
TYPE_A_TEXT = "type a text…"
SCRIPTED = "the consumer answers by script"
_PHONE_TICKS = {
    MessageStatus.SCHEDULED: "…",
    MessageStatus.SENT: "✓ sent",
    MessageStatus.DELIVERED: "✓✓ delivered",
    MessageStatus.FAILED: "✗ not delivered",
    MessageStatus.BLOCKED: "⊘ blocked",
}


class PhonePane(ThreadView, Vertical):
    """A phone-shaped pane for the simulated number in its title."""

    LOG_ID = "phone-thread"

    @dataclass
    class Sent(Message):
        number: str
        text: str

    def compose(self) -> ComposeResult:
        yield Static(id="phone-sender", markup=False)
        # Lines are exactly as wide as the pane (ThreadLog.add), so the consumer's right-aligned
        # bubbles land on its right edge.
        yield ThreadLog(id="phone-thread", relayout=self.relayout, wrap=True, markup=False,
                        highlight=False, auto_scroll=True)
        yield TextBox(placeholder=TYPE_A_TEXT, id="phone-compose")
        yield Static(id="phone-counter", markup=False)
        with Horizontal(id="quick-words", classes="quick-row"):
            for index, reply in enumerate(QUICK_REPLIES[:4]):
                yield Button(Content(reply), id=f"quick-{index}", classes="quick", compact=True)
        with Horizontal(id="quick-emoji", classes="quick-row"):
            for index, reply in enumerate(QUICK_REPLIES[4:], start=4):
                yield Button(Content(reply), id=f"quick-{index}", classes="quick", compact=True)

    def on_mount(self) -> None:
        self._number: str | None = None
        #: (message id, delivery copy) of every bubble on screen, with the status drawn.
        self._shown: dict[tuple[int, int], MessageStatus] = {}
        self._update_counter("")
        self.watch(self.app, "in_exercise", self._follow_exercise)

    @property
    def number(self) -> str | None:
        return self._number

    def _follow_exercise(self, was_scripted: bool, scripted: bool) -> None:
        """In an exercise the consumer's side is scripted: the trainee does not type on the
        phone, nor reads a PIN off it."""
        for widget in self.query("#phone-compose, .quick"):
            widget.disabled = scripted
        self.query_one("#phone-compose", Input).placeholder = SCRIPTED if scripted else TYPE_A_TEXT
        if scripted != was_scripted:
            number = self._number
            self.forget()  # drawn again with a PIN's digits hidden, or shown
            self.show(self.app.service, number)

    def show(self, service: ItmsService, number: str | None, events: tuple[Event, ...] = (),
             keep_window: bool = False, scroll_end: bool | None = None) -> None:
        log = self.query_one("#phone-thread", ThreadLog)
        thread = service.thread(number) if number is not None else []
        redraw = number != self._number or not self._shown or self._restyled(service, events)
        if redraw:
            if number != self._number and not keep_window:
                self._first = None
            log.clear()
            self._shown = {}
        self._number = number
        if number is None:
            set_border(self, Content("📱 no phone"))
            return
        first = self.first_drawn(thread)
        if redraw:
            self.write_earlier(log)
        state = service.consent(number).state
        owner = service.accounts_for(number)
        who = owner[0].consumer if owner else "unknown number"
        set_border(self, Content.assemble("📱 ", content(f"{format_national(number)} · {who}")),
                   Content.assemble(badge(state), " · e switches"))
        set_content(self.query_one("#phone-sender", Static),
                    Content.assemble(("From ", "$text-muted"), content(service.world.company.name, "bold")),
                    layout=True)  # a long company name wraps
        if not log.scrollable_content_region.width:
            # Hidden (a small terminal): the bubbles are drawn in the frame that first shows the
            # pane, at its width (ThreadLog.render_lines).
            log.clear()
            self._shown = {}
            return
        for message in thread[first:]:
            for copy in self._copies(message):
                key = (message.id, copy)
                if key not in self._shown:
                    log.add(self._bubble(service, message), scroll_end=scroll_end)
                    self._shown[key] = message.status

    @staticmethod
    def _copies(message: Sms) -> range:
        """The bubbles a text makes on the phone: what it sent, and what it received (twice if duplicated)."""
        if message.direction is Direction.IN:
            return range(1, 2)
        return range(1, message.deliveries + 1)

    def _restyled(self, service: ItmsService, events: tuple[Event, ...]) -> bool:
        for event in events:
            if isinstance(event, MessageStatusChanged) and event.message.direction is Direction.IN:
                shown = self._shown.get((event.message.id, 1))
                if shown is not None and shown is not service.bus.messages[event.message.id].status:
                    return True
        return False

    def _bubble(self, service: ItmsService, message: Sms):
        time = local_time(service, message.delivered_at or message.created_at)
        # Theme colours, not ANSI names: the time and ticks on a bubble's border are text.
        if message.direction is Direction.OUT:
            body = agency_body(message) if self.app.in_exercise else message.body
            return Align.left(Panel(rich_text(body), width=30, title=time,
                                    title_align="left", padding=(0, 1),
                                    border_style=text_colour(self.app, "text-primary")))
        status = _PHONE_TICKS[message.status]
        failed = message.status in (MessageStatus.FAILED, MessageStatus.BLOCKED)
        style = text_colour(self.app, "text-error" if failed else "text-success")
        return Align.right(Panel(rich_text(message.body), width=30,
                                 subtitle=Text(f"{time} {status}"), subtitle_align="right",
                                 border_style=style, padding=(0, 1)))

    # -- compose ----------------------------------------------------------------------------------

    def _update_counter(self, text: str) -> None:
        set_content(self.query_one("#phone-counter", Static), Content(str(count_segments(text))))

    @on(Input.Changed, "#phone-compose")
    def _count(self, event: Input.Changed) -> None:
        self._update_counter(event.value)

    @on(Input.Submitted, "#phone-compose")
    def _send(self, event: Input.Submitted) -> None:
        event.stop()
        if self._number is not None:
            self.post_message(self.Sent(self._number, event.value))
            event.input.value = ""

    @on(Button.Pressed, ".quick")
    def _quick(self, event: Button.Pressed) -> None:
        event.stop()
        if self._number is not None and event.button.id:
            reply = QUICK_REPLIES[int(event.button.id.removeprefix("quick-"))]
            self.post_message(self.Sent(self._number, reply))
