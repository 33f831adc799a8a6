"""The recognition drill on screen: one consumer text at a time, y / p / n to answer, a countdown
per text, and the explanation of each answer from the engine's classifier. All the judging is
`itms_tui.training.drill.DrillRun`'s: this screen only shows it and passes the keys on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...training.drill import Answer, DrillRun, ItemResult
from ...training.grading import Grade
from ..text import content


class DrillScreen(Screen[Grade]):
    """Dismissed with the drill's grade once every text is answered (or the drill is ended)."""

    BINDINGS = [
        Binding("y", "answer('y')", "Opt-out"),
        Binding("p", "answer('p')", "Possible opt-out"),
        Binding("n", "answer('n')", "Not an opt-out"),
        Binding("escape", "end", "End drill"),
    ]
    #: Under 30 rows (80x24) the drill tightens (trainee.tcss's `DrillScreen.-small` rules).
    VERTICAL_BREAKPOINTS = [(0, "-small"), (30, "-tall")]

    def __init__(self, run: DrillRun, *, feedback: bool = True) -> None:
        super().__init__()
        self.run = run
        #: Practice says at once whether each answer was right; an exam says nothing until the end.
        self.feedback = feedback
        self.last: ItemResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="drill"):
            yield Static(id="drill-head")
            yield Static(id="drill-text")
            yield Static(content("y  an opt-out  ·  p  a possible opt-out (a person decides)  ·  "
                                 "n  not an opt-out  ·  escape ends the drill"), id="drill-keys")
            yield Static(id="drill-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.set_interval(0.25, self.tick)

    def tick(self) -> None:
        """Count down; a text whose time ran out counts as not answered."""
        if self.run.finished:
            return
        if self.run.remaining() <= 0:
            self.last = self.run.time_out()
            self._after_answer()
        else:
            self._show_head()

    def _show_head(self) -> None:
        run = self.run
        total = len(run.items)
        right = sum(1 for result in run.results if result.right)
        where = f"text {min(run.position + 1, total)} of {total}"
        seconds = f"⏱ {int(run.remaining() + 0.999)}s" if not run.finished else "done"
        said = f" · right {right} of {run.position}" if self.feedback else ""
        self.query_one("#drill-head", Static).update(Content.assemble(
            content(f"⚡ {run.name}", "bold"), content(f" · {where}{said} · "),
            content(seconds, "bold $text-warning" if run.remaining() <= 3 else "bold")))

    def show(self) -> None:
        self._show_head()
        item = self.run.current
        text = self.query_one("#drill-text", Static)
        if item is not None:
            text.update(content(item.text))
        feedback = self.query_one("#drill-feedback", Static)
        last = self.last
        if last is None or not self.feedback:
            feedback.update(content("Does this text opt the number out?", "$text-muted"))
            return
        shown = " ".join(last.item.text.split()) or last.item.text
        if last.right:
            head = content(f"✓ Right: “{shown}” is {last.item.answer.words}.", "bold $text-success")
        else:
            said = "No answer in time" if last.given is None else \
                f"You said {last.given.words}"
            head = content(f"✗ {said}: “{shown}” is {last.item.answer.words}.", "bold $text-error")
        feedback.update(Content("\n").join([head, content(last.item.explanation)]))

    def action_answer(self, key: str) -> None:
        if self.run.finished:
            return
        self.last = self.run.answer(Answer(key))
        self._after_answer()

    def _after_answer(self) -> None:
        if self.run.finished:
            self.dismiss(self.run.grade())
        else:
            self.show()

    def action_end(self) -> None:
        self.run.stop()
        self.dismiss(self.run.grade())


def drill_seed() -> int:
    """A new practice drill's order, drawn by chance (and kept with the attempt)."""
    import secrets

    return secrets.randbelow(2**31)

