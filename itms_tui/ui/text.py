"""Untrusted text made safe to show: never markup, and nothing a terminal would obey.

Consumer texts, agent texts, names and scenario strings reach widgets only through these helpers.
They become `Content` or Rich `Text` objects, which are never parsed as markup (escaping markup
is not enough: see the Pitfalls in the ecosystem notes), after `itms_tui.inert` has turned control
and direction-changing characters into visible stand-ins, so an ANSI escape or a right-to-left
override cannot act.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from ..inert import inert


def clip(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters: a cut one ends in an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def content(text: str, style: str = "") -> Content:
    """Literal Textual content (for Static, Label, titles, options)."""
    safe = Content(inert(text))
    return safe.stylize(style) if style else safe


def rich_text(text: str, style: str = "") -> Text:
    """Literal Rich text (for DataTable cells and RichLog lines)."""
    return Text(inert(text), style=style)


def set_content(static, new: Content) -> None:
    """Update a fixed-size Static only when its content changed, without a layout pass.

    `Static.update` re-lays out the whole screen by default, which costs a full repaint of a
    140x45 desk on every engine event; these widgets never change size.
    """
    if static.content != new:
        static.update(new, layout=False)
