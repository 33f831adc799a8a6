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
from textual.widgets.option_list import Option

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


def same_content(old: object, new: Content) -> bool:
    """Whether `old` is `new` to the eye: the same text in the same styles (Content's own `==`
    compares the text alone, so a badge that changed colour but not words would not redraw)."""
    return isinstance(old, Content) and old.plain == new.plain and old.spans == new.spans


def set_content(static, new: Content, *, layout: bool = False) -> None:
    """Update a Static only when its content changed.

    The desk re-renders on every engine event, and most of its Statics keep their text. Without
    `layout` the screen is not laid out again, for a Static whose height never changes (a fixed
    one, or one line); `layout=True` for one whose height follows its text.
    """
    if not same_content(static.content, new):
        static.update(new, layout=layout)


def set_border(widget, title: Content | None = None, subtitle: Content | None = None) -> None:
    """Set a widget's border title and subtitle, each only when it changed.

    Every assignment repaints the whole widget, and a pane's whole widget is everything in it:
    the desk re-renders on each engine event, and assigning its panes' unchanged titles redrew
    every widget on screen each time.
    """
    for name, new in (("border_title", title), ("border_subtitle", subtitle)):
        # The widget hands a title back as markup: the same markup is the same text and styles.
        if new is not None and getattr(widget, name) != new.markup:
            setattr(widget, name, new)


def set_options(options, new: list[Option]) -> None:
    """Give an OptionList the options `new` (prompts of Content), only if they differ from its
    own: refilling one lays the screen out again."""
    old = options.options
    if len(old) != len(new) or not all(
            a.id == b.id and same_content(a.prompt, b.prompt) for a, b in zip(old, new)):
        options.set_options(new)
