"""Untrusted text made safe to show: never markup, and nothing a terminal would obey.

Consumer texts, agent texts, names and scenario strings reach widgets only through these helpers.
They become `Content` or Rich `Text` objects, which are never parsed as markup (escaping markup
is not enough: see the Pitfalls in the ecosystem notes), and control or direction-changing characters
are turned into visible stand-ins so an ANSI escape or a right-to-left override cannot act.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.text import Text
from textual.content import Content

#: Direction controls would reorder what the user sees; show them instead of obeying them.
_BIDI_CONTROLS = {
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c",
}


@lru_cache(maxsize=256)
def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"
    return f"\u27e8U+{code:04X}\u27e9"


def literal(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with every control and direction-changing character replaced by a visible sign."""
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append("    ")
        elif char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            out.append(_stand_in(char))
        else:
            out.append(char)
    return "".join(out)


def content(text: str, style: str = "") -> Content:
    """Literal Textual content (for Static, Label, titles, options)."""
    safe = Content(literal(text))
    return safe.stylize(style) if style else safe


def rich_text(text: str, style: str = "") -> Text:
    """Literal Rich text (for DataTable cells and RichLog lines)."""
    return Text(literal(text), style=style)


def set_content(static, new: Content) -> None:
    """Update a fixed-size Static only when its content changed, without a layout pass.

    `Static.update` re-lays out the whole screen by default, which costs a full repaint of a
    140x45 desk on every engine event; these widgets never change size.
    """
    if getattr(static, "_shown_content", None) != new:
        static._shown_content = new
        static.update(new, layout=False)
