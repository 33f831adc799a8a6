"""What the desk does before its first frame: each widget styled as few times as Textual allows."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from textual.app import App

from itms_tui.ui import collector
from itms_tui.ui.screens.desk import DeskScreen
from tests.support.ui import NARROW, SIZE, make_app


@pytest.mark.parametrize(("size", "breakpoint"), [(SIZE, "-wide"), (NARROW, "-narrow")],
                         ids=["140x45", "80x24"])
async def test_the_whole_desk_is_restyled_once_on_its_way_to_the_first_frame(monkeypatch, size,
                                                                            breakpoint):
    whole_desk: list[frozenset[str]] = []
    restyle = App.update_styles

    def counted(app, node, animate=True):
        if isinstance(node, DeskScreen):
            whole_desk.append(frozenset(node.classes))
        return restyle(app, node, animate)

    monkeypatch.setattr(App, "update_styles", counted)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.screen.has_class(breakpoint)
    # Textual restyles a screen when it is shown; a breakpoint class set later, at the first
    # resize, restyled every widget of the desk once more.
    assert whole_desk == [frozenset({breakpoint})]


async def test_the_garbage_collector_waits_for_the_first_frame(monkeypatch):
    """Textual's objects for the first frame are built with the collector paused, and it runs
    again once that frame is drawn, settled for the process (see ui/collector.py)."""
    collecting_while_composed: list[bool] = []
    compose = DeskScreen.compose

    def observed(screen):
        collecting_while_composed.append(gc.isenabled())
        yield from compose(screen)

    monkeypatch.setattr(DeskScreen, "compose", observed)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert collecting_while_composed == [False]
        assert gc.isenabled()
        assert gc.get_threshold() == collector.THRESHOLDS


def test_the_first_pause_of_a_process_freezes_what_was_loaded_before_it():
    # In a process of its own: `itms-tui run` in a test's process unfreezes what it froze.
    probe = ("import gc\nfrom itms_tui.ui import collector\nloaded = [object() for _ in range(9)]\n"
             "assert gc.get_freeze_count() == 0\nassert collector.pause()\n"
             "assert not gc.isenabled() and gc.get_freeze_count() > 0\n"
             "assert gc.get_threshold() == collector.THRESHOLDS\ncollector.resume()\n"
             "assert gc.isenabled()\n")
    subprocess.run([sys.executable, "-c", probe], check=True)


async def test_a_collector_paused_by_someone_else_stays_paused():
    app = make_app()
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not gc.isenabled()
    finally:
        gc.enable()


async def test_an_app_that_fails_before_its_first_frame_resumes_the_collector(monkeypatch):
    def broken(screen):
        raise RuntimeError("the desk could not be built")
        yield

    monkeypatch.setattr(DeskScreen, "compose", broken)
    app = make_app()
    with pytest.raises(RuntimeError, match="could not be built"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
    assert gc.isenabled()
