"""The few Textual internals the app and its tests need, in one place.

Textual offers no public way to do these three things; each was checked against the version in
`CHECKED_AGAINST`, and tests/ui/test_textual_internals.py fails on any other version, so whoever
upgrades Textual looks at them again.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import App
from textual.notifications import Notification
from textual.widgets import Footer

CHECKED_AGAINST = "8.2.8"


def show_footer_keys_now(footer: Footer) -> None:
    """Let `footer` compose its keys at once: Textual's footer composes empty until its screen
    first says its bindings changed (after the first frame), then lays out the screen again."""
    footer.set_reactive(Footer._bindings_ready, True)


def footer_keys_shown(footer: Footer) -> bool:
    return footer._bindings_ready


def screen_render(app: App) -> RenderableType:
    """The whole screen as `App.export_screenshot` draws it, before it is made into an SVG."""
    return app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)


def notifications(app: App) -> list[Notification]:
    """The notifications on screen now, oldest first (`App.notify` keeps no public record)."""
    return list(app._notifications)
