"""Every text on screen reads at WCAG AA (4.5:1) in both themes at both sizes: measured from the
colours the app actually rendered, each against the background it was drawn on."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.command import CommandList

from itms_tui.scenarios import load_scenario
from itms_tui.ui.playback.app import PlayApp
from itms_tui.ui.textual_internals import screen_render

from tests.support.contrast import low_contrast
from tests.support.ui import (
    JAMES, JANE, LEE, NARROW, SAM, SIZE, STRANGER, make_app, open_account, until,
)

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


def unreadable(app, within=None) -> list[str]:
    variables = app.get_css_variables()
    background = Color.parse(variables["background"]).rgb
    foreground = Color.parse(variables["foreground"]).rgb
    # The whole screen as composed for the terminal, every layer resolved to its colours.
    update = screen_render(app)
    width, height = app.size
    return [str(found) for found in
            low_contrast(update, width, height, background, foreground, within)]


def unreadable_on_top(app) -> list[str]:
    """The text of the dialog (help, palette) on top: its box, not the screen dimmed behind it."""
    from textual.geometry import Region

    def outermost(widget) -> list[Region]:
        # The outermost widgets drawn (the palette's own container has no region of its own);
        # not their children, which a scrolling box (help) lays out beyond its window.
        if widget.region.area:
            return [widget.region]
        return [region for child in widget.children for region in outermost(child)]

    drawn = [region for child in app.screen.children for region in outermost(child)]
    assert drawn, "nothing on top"
    box = Region.from_union(drawn)
    assert box != app.screen.region, "no dialog box on top"
    return unreadable(app, (box.x, box.y, box.width, box.height))


@pytest.mark.parametrize("size", SIZES, ids=["140x45", "80x24"])
@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_on_the_desk_and_its_screens_reads_at_aa(theme, size):
    from tests.support.contrast import ratio

    # The measure itself, on WCAG's own examples: black on white, and #767676 on white at AA.
    assert ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    app = busy_app()
    app.theme = theme  # from the start: a theme switched while running restyles in steps
    async with app.run_test(size=size) as pilot:
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
    app.theme = theme  # from the start: a theme switched while running restyles in steps
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert unreadable(app) == []


async def _each_dialog(pilot, app, found: dict[str, list[str]]) -> None:
    """Open every dialog of the desk on the flagged 1003 (Lee Park), measure it, close it."""
    from textual.widgets import Input

    async def measure(where: str, *keys: str) -> None:
        await pilot.press(*keys)
        await pilot.pause()
        found[where] = unreadable_on_top(app)

    await open_account(pilot, "1003", LEE)
    # The warning before inviting a number with an unresolved possible opt-out.
    await measure("o: possible opt-out warning", "o")
    await pilot.press("escape")
    await measure("x: opt-out confirmation", "x")
    await pilot.press("escape")
    await measure("u: the dismissal's reason", "u")
    await pilot.press("escape")
    await measure("$: payment plan", "$")
    await pilot.press("escape")
    await measure("f: carrier fault", "f")
    await pilot.press("escape")
    await measure("+: advance the clock", "plus")
    await pilot.press("escape")
    # A refused number: the dialog stays open with the reason inline, in red.
    await pilot.press("N")
    await pilot.pause()
    box = app.screen.query_one("#prompt-value", Input)
    box.value = "12"
    await pilot.press("enter")
    await pilot.pause()
    found["N: a refused number"] = unreadable_on_top(app)
    await pilot.press("escape")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["140x45", "80x24"])
@pytest.mark.parametrize("theme", THEMES)
async def test_dialogs_help_palette_and_diagram_read_at_aa(theme, size):
    app = busy_app()
    app.theme = theme  # from the start: a theme switched while running restyles in steps
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        found: dict[str, list[str]] = {}
        await _each_dialog(pilot, app, found)
        await pilot.press("question_mark")
        await pilot.pause()
        found["? help"] = unreadable_on_top(app)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        found["ctrl+p palette"] = unreadable_on_top(app)
        await pilot.press(*"opt")  # the matches, highlighted letters and help lines
        assert await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        found["ctrl+p palette, matches"] = unreadable_on_top(app)
        await pilot.press("escape")
        await pilot.pause()
        await open_account(pilot, "1002", SAM)  # a held request: the diagram's lit state and arrow
        await pilot.press("d")
        await pilot.pause()
        found["d: consent diagram"] = unreadable(app)
        assert {where: problems for where, problems in found.items() if problems} == {}


@pytest.mark.parametrize("size", SIZES, ids=["140x45", "80x24"])
@pytest.mark.parametrize("theme", THEMES)
async def test_the_trainee_task_card_and_score_card_read_at_aa(theme, size):
    from itms_tui.ui.factory import train_app

    app = train_app(load_scenario("scenarios/training/08_possible_opt_out.yaml"))
    app.theme = theme  # from the start: a theme switched while running restyles in steps
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        found = {"task card": unreadable(app)}
        await pilot.press("h")  # the hint, in the card
        await pilot.pause()
        found["task card, hint"] = unreadable(app)
        await pilot.press("ctrl+g", "ctrl+g")  # end the exercise: the score card
        await pilot.pause()
        found["score card"] = unreadable_on_top(app)
        assert {where: problems for where, problems in found.items() if problems} == {}
