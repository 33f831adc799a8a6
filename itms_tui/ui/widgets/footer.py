"""A footer that shows its keys in the first frame, rebuilds only when they change, and shows
only the keys that fit, whole, most important first (every key is in `?` and the palette)."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from ..textual_internals import footer_keys_shown, show_footer_keys_now

# Footer's keys (FooterKey, not exported by Textual) are read through their public attributes:
# `key_display`, `description`, `action`, and the class `-command-palette`.
FooterKey = Widget

#: The order in which keys claim the footer's room; a key that does not fit ends the footer
#: there (every key is in `?` and the palette). First `?` (the way to every other key), then a
#: mode's own keys (playback's, training's: priority bindings of the app), the app's screens, the
#: keys of the focused widget and the screen in their own order, and last the clock and carrier
#: controls and quit. Kept keys are shown `?` first, then in their own order.
SHOWN_FIRST = "help"
SCREENS = ("supervisor", "audit")
SHOWN_LAST = ("quit", "to_window", "faults", "advance", "advance_by")


def _action_name(action: str) -> str:
    return action.partition("(")[0].rpartition(".")[2]


def _rank(key: FooterKey, position: int, mode_keys: frozenset[str]) -> tuple[int, int]:
    name = _action_name(key.action)
    if name == SHOWN_FIRST:
        return (0, position)
    if name in SHOWN_LAST:
        return (4, position)
    if key.key in mode_keys:
        return (1, position)
    if name in SCREENS:
        return (2, position)
    return (3, position)


class QuietFooter(Footer):
    """Textual's footer composes empty, fills itself after the first frame (a second layout and
    paint of the whole screen), rebuilds all its keys whenever a screen's bindings may have
    changed (every focus move, every refresh), and cuts off the keys that do not fit. This one
    shows its keys from the start, rebuilds only when the keys it would show (or whether they
    are enabled, or how many fit) are different, and leaves out whole keys that do not fit."""

    _shown: tuple | None = None
    _width: int = 0

    @staticmethod
    def _keys_on(screen: Screen) -> tuple:
        return tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in screen.active_bindings.values()
            if binding.show
        )

    def _key_width(self, key: FooterKey) -> int:
        """The columns a key takes in this footer, margins included (see Footer's CSS)."""
        label = cell_len(key.key_display)
        if key.description:
            label += cell_len(key.description) + (1 if self.compact else 3)
        elif not self.compact:
            label += 2
        if key.has_class("-command-palette"):
            return label + 1 + (0 if self.compact else 1)  # its border, its padding
        return label + (1 if self.compact else 0)

    def _fitting(self, keys: list[FooterKey], width: int) -> list[FooterKey]:
        """The keys that fit in `width`, most important first, shown in their own order."""
        palette = [key for key in keys if key.has_class("-command-palette")]
        room = width - sum(self._key_width(key) for key in palette)
        ordinary = [key for key in keys if not key.has_class("-command-palette")]
        active = self.screen.active_bindings
        mode_keys = frozenset(key for key, bound in active.items()
                              if bound.node is self.app and bound.binding.priority)
        kept: set[int] = set()
        for _, index in sorted((_rank(key, i, mode_keys), i) for i, key in enumerate(ordinary)):
            needed = self._key_width(ordinary[index])
            if needed > room:
                break
            kept.add(index)
            room -= needed
        shown = [key for i, key in enumerate(ordinary) if i in kept]
        shown.sort(key=lambda key: _action_name(key.action) != SHOWN_FIRST)  # help first
        return shown + palette

    def compose(self) -> ComposeResult:
        if not footer_keys_shown(self):
            show_footer_keys_now(self)
            self._shown = self._keys_on(self.screen)
        self._width = self.app.size.width
        keys = list(super().compose())
        if all(hasattr(key, "key_display") for key in keys):  # no binding groups
            keys = self._fitting(keys, self._width)
        for key in keys:
            # Each key sets its compact class once mounted, which restyles it (18 restyles before
            # the first frame); set before it is mounted, the class costs nothing.
            key.set_class(self.compact, "-compact", update=False)
            yield key

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width and footer_keys_shown(self):
            self._width = event.size.width
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen) -> None:
        shown = self._keys_on(screen)
        if shown == self._shown and footer_keys_shown(self):
            return
        self._shown = shown
        super().bindings_changed(screen)
