"""Every text on screen reads at WCAG AA (4.5:1) in both themes at both sizes: measured from the
colours the app actually rendered, each against the background it was drawn on."""

from __future__ import annotations

import pytest
from textual.color import Color

from itms_tui.scenarios import load_scenario
from itms_tui.ui.playback.app import PlayApp
from itms_tui.ui.textual_internals import screen_render

from tests.support.contrast import low_contrast
from tests.support.ui import JAMES, JANE, LEE, NARROW, SAM, SIZE, STRANGER, make_app, open_account

THEMES = ["textual-dark", "textual-light"]
SIZES = [SIZE, NARROW]


def busy_app():
    """The demo world with something of everything: a held text, a possible opt-out, a text from
    an unknown number, a refusal in the audit."""
    app = make_app()
    service = app.service
    # Written before the theme changes: the logs must take the new theme's colours.
    service.send_text("1001", JANE, "Thanks, your payment is in.")
    service.consumer_text(JANE, "Great, thank you")
    service.quick_opt_in("1002", SAM)  # outside Idaho's window: held
    service.consumer_text(LEE, "please stop texting me")  # a possible opt-out
    service.consumer_text(STRANGER, "who is this?")
    service.send_text("1011", JAMES, "hello")  # refused: not opted in
    return app


def unreadable(app) -> list[str]:
    variables = app.get_css_variables()
    background = Color.parse(variables["background"]).rgb
    foreground = Color.parse(variables["foreground"]).rgb
    # The whole screen as composed for the terminal, every layer resolved to its colours.
    update = screen_render(app)
    width, height = app.size
    return [str(found) for found in low_contrast(update, width, height, background, foreground)]


@pytest.mark.parametrize("size", SIZES, ids=["140x45", "80x24"])
@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_on_the_desk_and_its_screens_reads_at_aa(theme, size):
    from tests.support.contrast import ratio

    # The measure itself, on WCAG's own examples: black on white, and #767676 on white at AA.
    assert ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    app = busy_app()
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await pilot.pause()
        problems = {"desk": unreadable(app)}
        await open_account(pilot, "1003", LEE)  # the flagged text and the red inbox
        problems["desk, 1003"] = unreadable(app)
        await open_account(pilot, "1002", SAM)  # the held text
        problems["desk, 1002"] = unreadable(app)
        await pilot.press("s")
        await pilot.pause()
        problems["supervisor"] = unreadable(app)
        await pilot.press("a")
        await pilot.pause()
        problems["audit"] = unreadable(app)
        assert {where: found for where, found in problems.items() if found} == {}


@pytest.mark.parametrize("size", SIZES, ids=["140x45", "80x24"])
@pytest.mark.parametrize("theme", THEMES)
async def test_the_play_strip_reads_at_aa(theme, size):
    app = PlayApp([load_scenario("scenarios/opt_in/quick_opt_in.yaml")])
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await pilot.pause()
        assert unreadable(app) == []
