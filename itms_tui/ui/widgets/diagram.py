"""The consent diagram: SPEC's five states and their transitions, drawn live for the number in focus.

The drawing is laid out once on a canvas of tagged cells (each cell knows which state box or which
transition's arrow it belongs to), so a render only chooses a style per tag: the number's state
lit, the last transition highlighted, arrows the rules would refuse now struck through, and in
trainee mode (after a hint) the next transition. What is allowed or refused comes from
`core.transitions.moves`, the service's own checks: the diagram judges nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from textual.content import Content
from textual.widgets import Static

from ...core.models import AuditEntry
from ...core.names import ConsentState
from ...core.phones import format_national
from ...core.service import ItmsService
from ...core.transitions import Move, is_known_transition, moves
from ..text import content, set_border, set_content

_NONE, _YES, _PIN, _IN, _OUT = (ConsentState.NONE, ConsentState.AWAITING_YES,
                                ConsentState.AWAITING_PIN, ConsentState.OPTED_IN,
                                ConsentState.OPTED_OUT)

#: The arrow each transition is drawn as, by (before, after, cause).
_EDGE_OF: dict[tuple[ConsentState, ConsentState, str], str] = {
    (_NONE, _YES, "opt_in_request"): "request",
    (_NONE, _YES, "signup"): "request",
    (_YES, _YES, "opt_in_request"): "again",
    (_OUT, _YES, "signup"): "signup",
    (_YES, _PIN, "yes"): "yes_pin",
    (_YES, _IN, "yes"): "yes_in",
    (_PIN, _IN, "pin_accepted"): "pin_ok",
    (_PIN, _NONE, "pin_voided"): "back",
    (_PIN, _NONE, "pin_expired"): "back",
    **{(state, _IN, "auto_opt_in"): "auto" for state in (_NONE, _YES, _PIN)},
    **{(state, _OUT, cause): "out" for state in (_NONE, _YES, _PIN, _IN)
       for cause in ("keyword_opt_out", "agent_opt_out")},
}


def edge_of(before: ConsentState, after: ConsentState, cause: str) -> str | None:
    """The arrow that draws a transition (a request from awaiting_pin is drawn as the PIN's
    voiding: it passes through none)."""
    if before is _PIN and after is _YES:
        return "back"
    return _EDGE_OF.get((before, after, cause))


# -- the drawing ------------------------------------------------------------------------------------

_Cell = tuple[str, str]  # (character, tag); tag "" is empty space


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.cells: list[list[_Cell]] = [[(" ", "")] * width for _ in range(height)]

    def put(self, x: int, y: int, char: str, tag: str) -> None:
        self.cells[y][x] = (char, tag)

    def text(self, x: int, y: int, text: str, tag: str) -> None:
        for offset, char in enumerate(text):
            self.put(x + offset, y, char, tag)

    def box(self, state: ConsentState, x: int, y: int, width: int) -> None:
        tag = state.value
        self.text(x, y, "┌" + "─" * (width - 2) + "┐", tag)
        label = state.value.center(width - 2)
        self.text(x, y + 1, "│" + label + "│", tag)
        self.text(x, y + 2, "└" + "─" * (width - 2) + "┘", tag)

    def path(self, tag: str, points: list[tuple[int, int]], arrow: str) -> None:
        """A line through `points` (each step horizontal or vertical), ending in `arrow`."""
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            if y0 == y1:
                for x in range(min(x0, x1), max(x0, x1) + 1):
                    self._line(x, y0, "─", tag)
            else:
                for y in range(min(y0, y1), max(y0, y1) + 1):
                    self._line(x0, y, "│", tag)
        for (xa, ya), (xb, yb), (xc, yc) in zip(points, points[1:], points[2:]):
            self.put(xb, yb, _corner(xa - xb, ya - yb, xc - xb, yc - yb), tag)
        x, y = points[-1]
        self.put(x, y, arrow, tag)

    def _line(self, x: int, y: int, char: str, tag: str) -> None:
        here, owner = self.cells[y][x]
        if owner and owner != tag and {here, char} == {"─", "│"}:
            self.put(x, y, "┼", tag)  # two arrows cross: the later one owns the crossing
        else:
            self.put(x, y, char, tag)


def _corner(dx_in: int, dy_in: int, dx_out: int, dy_out: int) -> str:
    sides = set()
    for dx, dy in ((dx_in, dy_in), (dx_out, dy_out)):
        sides.add("left" if dx < 0 else "right" if dx > 0 else "up" if dy < 0 else "down")
    return {frozenset({"down", "right"}): "┌", frozenset({"down", "left"}): "┐",
            frozenset({"up", "right"}): "└", frozenset({"up", "left"}): "┘"}.get(
        frozenset(sides), "┼")


#: Width and height of the drawing: it fits the desk column at 140x45 (66 columns inside).
WIDTH, HEIGHT = 64, 13


@lru_cache(maxsize=1)
def drawing() -> tuple[tuple[_Cell, ...], ...]:
    """The diagram's cells: laid out once, styled per render."""
    canvas = _Canvas(WIDTH, HEIGHT)
    canvas.box(_NONE, 0, 2, 8)
    canvas.box(_YES, 17, 2, 16)
    canvas.box(_PIN, 44, 2, 16)
    canvas.box(_OUT, 0, 9, 13)
    canvas.box(_IN, 35, 9, 20)
    canvas.path("request", [(8, 3), (16, 3)], "▶")
    canvas.text(9, 2, "request", "request")
    canvas.text(9, 4, "SIGNUP", "request")
    canvas.text(20, 1, "↻ new request", "again")
    canvas.path("yes_pin", [(33, 3), (43, 3)], "▶")
    canvas.text(34, 2, "YES (PIN)", "yes_pin")
    canvas.path("back", [(52, 2), (52, 0), (3, 0), (3, 1)], "▼")
    canvas.put(52, 2, "┴", "back")
    canvas.text(14, 0, " PIN voided · PIN expired ", "back")
    canvas.path("yes_in", [(20, 4), (20, 7), (40, 7), (40, 9)], "▼")
    canvas.put(20, 4, "┬", "yes_in")
    canvas.text(22, 6, "YES (no PIN)", "yes_in")
    canvas.path("pin_ok", [(51, 4), (51, 9)], "▼")
    canvas.put(51, 4, "┬", "pin_ok")
    canvas.text(53, 6, "PIN", "pin_ok")
    canvas.text(53, 7, "accepted", "pin_ok")
    canvas.path("auto", [(3, 4), (3, 8), (37, 8), (37, 9)], "▼")
    canvas.put(3, 4, "┬", "auto")
    canvas.text(5, 7, "auto opt-in", "auto")
    canvas.path("signup", [(12, 10), (18, 10), (18, 5)], "▲")
    canvas.put(12, 10, "├", "signup")
    canvas.text(20, 10, "SIGNUP", "signup")
    canvas.path("out", [(6, 11), (6, 12), (8, 12)], "─")
    canvas.put(6, 11, "▲", "out")
    canvas.text(10, 12, "STOP · agent opt-out, from none, awaiting_*, opted_in", "out")
    return tuple(tuple(row) for row in canvas.cells)


# -- what to show -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiagramView:
    """Everything one render shows, worked out from the service."""

    state: ConsentState | None
    last: AuditEntry | None
    moves: tuple[Move, ...]
    hint: Move | None = None


def last_transition(service: ItmsService, number: str) -> AuditEntry | None:
    for entry in reversed(service.world.audit):
        if entry.number == number and not entry.is_refusal and entry.before and entry.after and (
                is_known_transition(entry.before, entry.after, entry.event)):
            return entry
    return None


def view_for(service: ItmsService, number: str | None, hint_action: str | None = None) -> DiagramView:
    if number is None:
        return DiagramView(None, None, ())
    consent = service.consent(number)
    possible = moves(consent, service.settings)
    hint = next((move for move in possible if move.action == hint_action), None)
    return DiagramView(consent.state, last_transition(service, number), possible, hint)


# Reversed text colours, as a lit box must read in both themes ($accent's orange behind the light
# theme's pale background was 1.5:1).
_STYLE_LIT = "bold reverse $text-accent"
_STYLE_STATE = "bold $foreground"
_STYLE_EDGE = "$text-muted"
_STYLE_NOW = "$foreground"
_STYLE_LAST = "bold $text-warning"
_STYLE_REFUSED = "strike $text-error"
_STYLE_HINT = "bold $text-success"


def _edge_styles(view: DiagramView) -> dict[str, str]:
    styles: dict[str, str] = {}
    allowed = {edge_of(m.before, m.target, m.cause.value) for m in view.moves if not m.refused}
    for move in view.moves:
        edge = edge_of(move.before, move.target, move.cause.value)
        if edge is None:
            continue
        if move.refused and edge not in allowed:
            styles[edge] = _STYLE_REFUSED
        elif not move.refused:
            styles.setdefault(edge, _STYLE_NOW)
    if view.hint is not None and not view.hint.refused:
        edge = edge_of(view.hint.before, view.hint.target, view.hint.cause.value)
        if edge is not None:
            styles[edge] = _STYLE_HINT
    if view.last is not None and view.last.before is not None and view.last.after is not None:
        edge = edge_of(view.last.before, view.last.after, view.last.event)
        if edge is not None:
            styles[edge] = _STYLE_LAST
    return styles


def render_diagram(view: DiagramView, service: ItmsService) -> Content:
    edge_styles = _edge_styles(view)
    states = {state.value for state in ConsentState}
    lines: list[Content] = []
    for row in drawing():
        runs: list[tuple[str, str]] = []
        for char, tag in row:
            if tag in states:
                style = _STYLE_LIT if view.state is not None and tag == view.state.value else (
                    _STYLE_STATE)
            elif tag:
                style = edge_styles.get(tag, _STYLE_EDGE)
            else:
                style = ""
            if runs and runs[-1][1] == style:
                runs[-1] = (runs[-1][0] + char, style)
            else:
                runs.append((char, style))
        lines.append(Content.assemble(*runs).rstrip())
    lines.extend(_captions(view, service))
    return Content("\n").join(lines)


def _captions(view: DiagramView, service: ItmsService) -> list[Content]:
    lines = []
    last = view.last
    if last is not None and last.before is not None and last.after is not None:
        when = last.at.astimezone(ZoneInfo(service.world.company.timezone)).strftime("%a %H:%M")
        lines.append(Content.assemble(
            ("Last: ", "bold $text-warning"), f"{last.before.value} → {last.after.value} · ",
            (last.event, "bold"), f" by {last.actor.value} · {when}"))
    elif view.state is not None:
        lines.append(Content("Last: no transition yet for this number").stylize("$text-muted"))
    if view.hint is not None:
        move = view.hint
        lines.append(Content.assemble(("Next (hint): ", "bold $text-success"), move.action,
                                      f" → {move.target.value}"))
    for move in view.moves:
        if move.refused:
            lines.append(Content.assemble(
                ("✗ ", "bold $text-error"), f"{move.before.value} → {move.target.value} by "
                f"{move.action}: ", (move.refusal.value, "bold $text-error")))
    return lines


class ConsentDiagram(Static):
    """The diagram for the number in focus; hidden until toggled (d)."""

    def show(self, service: ItmsService, number: str | None, hint_action: str | None = None) -> None:
        if not self.display:
            return  # drawn when shown: a hidden diagram costs the desk nothing
        view = view_for(service, number, hint_action)
        title = "Consent diagram"
        if number is not None:
            title += f" · {format_national(number)}"
        set_border(self, content(title), Content("✗ refused now · d hides"))
        if number is None:
            set_content(self, Content("No number selected."))
            return
        set_content(self, render_diagram(view, service), layout=True)
