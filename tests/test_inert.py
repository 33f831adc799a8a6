"""`itms_tui.inert`: the one place untrusted text is made safe for a terminal or a report."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from itms_tui.inert import inert, inert_box, inert_html, inert_line

#: OSC 0/2 (titles), OSC 52 (clipboard), CSI 2J (clear), BEL, NUL, 8-bit CSI, DEL, bidi override,
#: isolates and marks: everything SPEC section 9 says must never reach a terminal or report raw.
HOSTILE = ("Acme \x1b]0;owned\x07 \x1b]2;title\x1b\\ \x1b]52;c;cHduZWQ=\x07 \x1b[2J\x07\x00 "
           "\x9b31m \x7f \u202eevil\u202c \u2066a\u2067b\u2068c\u2069 \u200el\u200fr \u061c "
           "\r\nnext\rover\tend")
#: Any raw character a stand-in must replace (tab and line feed are judged per function).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                 "\u2066-\u2069\ud800-\udfff]")


def test_controls_show_as_stand_ins_a_reader_understands():
    assert inert("a\x1b[2Jb") == "a␛[2Jb"
    assert inert("\x07\x00\x7f") == "␇␀␡"
    assert inert("\x9b31m") == "⟨U+009B⟩31m"
    assert inert("abc\u202edef") == "abc⟨U+202E⟩def"
    assert inert("\u2066x\u2069 \u200e") == "⟨U+2066⟩x⟨U+2069⟩ ⟨U+200E⟩"
    assert inert("a\tb") == "a    b"
    assert inert("✋🏽 [bold]x[/] café") == "✋🏽 [bold]x[/] café"  # nothing else changes


def test_line_breaks_are_kept_only_where_the_output_has_lines():
    assert inert("one\ntwo\r\nthree\rfour") == "one\ntwo\nthree␍four"
    assert inert_line("one\ntwo\r\nthree\rfour") == "one␤two␤three␍four"
    assert inert("a\u2028b") == "a⟨U+2028⟩b"


def test_an_edit_box_view_keeps_one_character_per_character():
    view = inert_box(HOSTILE)
    assert len(view) == len(HOSTILE)
    assert view.startswith("Acme ␛]0;owned␇ ␛]2;title␛\\")
    assert "�31m ␡ �evil�" in view
    assert "␍␊next␍over\tend" in view


def test_html_is_escaped_after_the_stand_ins():
    assert inert_html('<b a="1">\x1b&') == "&lt;b a=&quot;1&quot;&gt;␛&amp;"


def test_the_hostile_string_leaves_nothing_raw_in_any_form():
    for text in (inert(HOSTILE), inert_line(HOSTILE), inert_box(HOSTILE), inert_html(HOSTILE)):
        assert RAW.search(text) is None, text
    assert "\n" not in inert_line(HOSTILE) and "\n" not in inert_html(HOSTILE)


@given(st.text())
def test_no_text_gets_through_raw(text):
    line = inert_line(text)
    assert RAW.search(line) is None and "\n" not in line and "\t" not in line
    assert RAW.search(inert(text)) is None
    box = inert_box(text)
    assert len(box) == len(text) and RAW.search(box) is None and "\n" not in box
    assert inert_line(line) == line  # already inert text is left as it is
