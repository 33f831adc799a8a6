"""A footer that shows its keys in the first frame and rebuilds only when they change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's footer composes empty, fills itself after the first frame (a second layout and
    paint of the whole screen), and rebuilds all its keys whenever a screen's bindings may have
    changed (every focus move, every refresh). This one shows its keys from the start and
    rebuilds only when the keys it would show, or whether they are enabled, are different."""

    _shown: tuple | None = None

    @staticmethod
    def _keys_on(screen: Screen) -> tuple:
        return tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            self._bindings_ready = True
            self._shown = self._keys_on(self.screen)
        for key in super().compose():
            # Each key sets its compact class once mounted, which restyles it (18 restyles before
            # the first frame); set before it is mounted, the class costs nothing.
            key.set_class(self.compact, "-compact", update=False)
            yield key

    def bindings_changed(self, screen: Screen) -> None:
        shown = self._keys_on(screen)
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)
