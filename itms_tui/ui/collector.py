"""When Python's garbage collector runs in a process that shows the app.

Textual makes and drops a great many small objects for every frame (the strips of a line, each
with its caches), and building the desk makes tens of thousands that live on. With Python's
default thresholds the collector passes over them again and again: a third of the start-up's
CPU and a third of a Pilot test's. So the first app of a process settles it: what was imported
and read before the app starts is frozen (it lives as long as the process) and young objects are
collected less often; and every app pauses it until its first frame is drawn, as Textual pauses
it while scrolling (`App.PAUSE_GC_ON_SCROLL`). Garbage is still collected, only less often.
"""

from __future__ import annotations

import gc

#: Python's are (700, 10, 10): a young collection every 700 net allocations.
THRESHOLDS = (10_000, 10, 10)

_settled = False


def pause() -> bool:
    """Pause the collector (settling it first, once a process); True when this call paused it,
    and the caller then calls `resume`."""
    global _settled
    if not _settled:
        _settled = True
        gc.freeze()
        gc.set_threshold(*THRESHOLDS)
    was_enabled = gc.isenabled()
    gc.disable()
    return was_enabled


def resume() -> None:
    gc.enable()
