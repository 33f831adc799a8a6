"""What the desk does before its first frame: each widget styled as few times as Textual allows."""

from __future__ import annotations

import pytest
from textual.app import App

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
