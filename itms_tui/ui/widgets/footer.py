"""A footer that rebuilds only when what it shows changes."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's footer rebuilds all its keys whenever a screen's bindings may have changed
    (every focus move, every refresh): seven times before the desk's first frame. This one
    rebuilds only when the keys it would show, or whether they are enabled, are different."""

    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)
