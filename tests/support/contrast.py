"""WCAG 2 contrast of what is on screen, computed from the rendered segments' colours."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from rich.color import Color
from rich.console import Console
from rich.segment import Segment

#: WCAG 2.1 AA for normal text (1.4.3).
AA = 4.5
#: How far a dim style moves text toward its background: Textual's own DimFilter (0.5), the
#: way a terminal without a dim attribute is shown it.
DIM_FACTOR = 0.5


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(fg: tuple[int, int, int], bg: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_text(char: str) -> bool:
    """Letters, digits, punctuation and symbols; not spaces, box drawing, blocks or emoji (whose
    colours are the font's)."""
    if char.isspace() or "\u2500" <= char <= "\u259f" or "\u2800" <= char <= "\u28ff":
        return False
    if ord(char) >= 0x1F000 or char in "\ufe0f\u200d":
        return False
    return unicodedata.category(char)[0] in "LNPS"


@dataclass(frozen=True)
class LowContrast:
    text: str
    ratio: float
    fg: str
    bg: str
    row: int

    def __str__(self) -> str:
        return f"row {self.row}: {self.text!r} {self.fg} on {self.bg} = {self.ratio:.2f}:1"


def _rgb(color: Color | None, default: tuple[int, int, int]) -> tuple[int, int, int]:
    if color is None or color.is_default:
        return default
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def low_contrast(renderable, width: int, height: int, background: tuple[int, int, int],
                 foreground: tuple[int, int, int],
                 within: tuple[int, int, int, int] | None = None) -> list[LowContrast]:
    """Every run of text on screen whose colour is below AA against its own background; only
    the text inside `within` (x, y, width, height) when given: a dialog, not the dimmed screen
    behind it."""
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False, safe_box=False)
    found: dict[tuple[str, str, int], LowContrast] = {}
    lines = Segment.split_lines(console.render(renderable, console.options))
    left, top, right, bottom = 0, 0, width, height
    if within is not None:
        left, top = within[0], within[1]
        right, bottom = left + within[2], top + within[3]
    for row, line in enumerate(lines):
        if not top <= row < bottom:
            continue
        x = 0
        for segment in line:
            start, x = x, x + segment.cell_length
            if start >= right or x <= left:
                continue
            style = segment.style
            if style is None or not any(is_text(c) for c in segment.text):
                continue
            fg = _rgb(style.color, foreground)
            bg = _rgb(style.bgcolor, background)
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:
                fg = tuple(round(b + (f - b) * DIM_FACTOR) for f, b in zip(fg, bg))
            value = ratio(fg, bg)
            if value < AA:
                text = segment.text.strip()
                key = (text, f"{fg}{bg}", row)
                found[key] = LowContrast(text, value, "#%02x%02x%02x" % fg, "#%02x%02x%02x" % bg, row)
    return list(found.values())
