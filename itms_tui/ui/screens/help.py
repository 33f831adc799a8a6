"""Every key, read from the bindings themselves (so this list cannot fall behind them), grouped by
where it works; a binding's tooltip, where it has one, says more than its footer label."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

#: Keys of Textual's own widgets (lists, tables, text boxes, buttons), not bindings of this app.
WIDGET_KEYS: list[tuple[str, str]] = [
    ("↑ ↓  Enter", "move in a list or table, open the highlighted item"),
    ("Enter on a number", "Opt Out for that number (asks first)"),
    ("Tab  shift+Tab", "next and previous control: the phone's quick replies YES STOP HELP "
                       "SIGNUP and the opt-out emoji"),
]


def key_rows(app, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, meaning) for each action, its keys joined: `f1 ?`, `Esc s`."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding):
            binding = Binding(*binding)
        shown = rows.setdefault((binding.action, binding.tooltip or binding.description), [])
        for index, key in enumerate(binding.key.split(",")):
            # A key_display names the first key of a binding written "f1,question_mark".
            single = replace(binding, key=key.strip(),
                             key_display=binding.key_display if index == 0 else None)
            # "ctrl+r" spelled out, as the README writes it (the footer's "^r" is terse).
            display = single.key if single.key.startswith("ctrl+") else app.get_key_display(single)
            if display not in shown:
                shown.append(display)
    return [("  ".join(keys), meaning) for (_, meaning), keys in rows.items()]


def sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help's sections: the mode's own keys, the desk, the other screens, everywhere.

    The keys that work everywhere are the app's `EVERYWHERE_BINDINGS` (the desk app's own);
    a mode's are those it adds to them."""
    from .audit import AuditScreen
    from .desk import DeskScreen
    from .supervisor import SupervisorScreen

    out: list[tuple[str, list[tuple[str, str]]]] = []
    everywhere = app.EVERYWHERE_BINDINGS
    mode = [b for b in type(app).BINDINGS if b not in everywhere]
    if mode:
        out.append((getattr(app, "MODE_TITLE", "This mode"), key_rows(app, mode)))
    out.append(("The desk", key_rows(app, DeskScreen.BINDINGS) + WIDGET_KEYS))
    out.append(("Supervisor queues (s)", key_rows(app, SupervisorScreen.BINDINGS)))
    out.append(("Audit timeline (a)", key_rows(app, AuditScreen.BINDINGS)))
    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette",
                      "command palette: every action that makes sense now")
    out.append(("Everywhere", key_rows(app, [*everywhere, palette])))
    return out


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog tall", id="help"):
            yield Static(Content("Keys").stylize("bold"))
            for title, keys in sections(self.app):
                yield Static(Content(f"\n{title}").stylize("bold $text-accent"))
                for key, meaning in keys:
                    # Two columns, so a long meaning wraps under itself, not under the keys.
                    with Horizontal(classes="help-row"):
                        yield Static(Content(key).stylize("bold"), classes="help-key")
                        yield Static(Content(meaning), classes="help-meaning")

    def action_dismiss(self) -> None:
        self.dismiss(None)
