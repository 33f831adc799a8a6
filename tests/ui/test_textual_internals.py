"""The Textual internals in itms_tui/ui/textual_internals.py still do what they did in the
version they were checked against (and only that version passes unseen)."""

from __future__ import annotations

from importlib.metadata import version

from textual.widgets import Footer

from itms_tui.ui import textual_internals
from tests.support.ui import SIZE, flat, make_app, screen_text


def test_the_internals_were_checked_against_the_installed_textual():
    # Upgrading Textual fails here: check each function of textual_internals against the new
    # version's source, then move CHECKED_AGAINST to it.
    assert version("textual") == textual_internals.CHECKED_AGAINST == "8.2.8"


def test_textual_footer_composes_empty_until_its_keys_are_shown():
    footer = Footer()
    assert not textual_internals.footer_keys_shown(footer)
    assert list(footer.compose()) == []  # why QuietFooter asks: no keys in the first frame
    textual_internals.show_footer_keys_now(footer)
    assert textual_internals.footer_keys_shown(footer)


async def test_screen_render_and_notifications_read_what_is_on_screen():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("a toast for the test", title="Checked")
        await pilot.pause()
        said = textual_internals.notifications(app)
        assert [(n.title, n.message) for n in said] == [("Checked", "a toast for the test")]
        text = flat(screen_text(app))  # drawn through textual_internals.screen_render
        assert "Accounts" in text and "a toast for the test" in text
        app.clear_notifications()
        assert textual_internals.notifications(app) == []
