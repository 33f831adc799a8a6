"""The alert above the reply box while the number has a possible opt-out nobody has resolved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from ...core.service import ItmsService
from ..text import set_content


class PossibleOptOutAlert(Horizontal):
    """Says why the number's last text may be an opt-out, with the agent's two ways to resolve it.

    The buttons run the desk's own actions (the keys x, u).
    """

    def compose(self) -> ComposeResult:
        yield Static(id="opt-out-alert-text", markup=False)
        yield Button(Content("Opt out (x)"), "error", id="alert-opt-out", compact=True,
                     action="screen.opt_out")
        yield Button(Content("Not an opt-out (u)"), id="alert-dismiss", compact=True,
                     action="screen.dismiss_possible_opt_out")

    def show(self, service: ItmsService, number: str | None) -> None:
        flagged = service.possible_opt_outs(number) if number else []
        self.set_class(bool(flagged), "-shown")
        if flagged:
            # Short enough for the 15 columns it has at 80x24: the reason is on the flagged
            # text itself, just above in the conversation.
            set_content(self.query_one("#opt-out-alert-text", Static),
                        Content.assemble(("⚠ An opt-out?", "bold")))
