"""The desk's buttons: one line each, their style classes set before they are mounted."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Button

# Textual's Button adds its style classes itself, as it is built and again when mounted, and
# each change restyles the button: 34 restyles for the desk's 17 buttons before its first frame.
# Its `compact` flag is such a class (it only drops the border): app.tcss does the same for
# `.one-line`. The classes it adds for its style and its variant are set from the start, where
# they cost nothing (should Textual rename them, the button adds its own, at the old cost).
_MOUNTED_CLASS = "-style-default"


def compact_button(label: str, *, id: str, classes: str = "", variant: str = "default") -> Button:
    """A one-line button showing `label` literally (never as markup)."""
    return Button(Content(label), id=id, variant=variant,
                  classes=f"{classes} one-line {_MOUNTED_CLASS} -{variant}".strip())
