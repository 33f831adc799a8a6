"""Untrusted text made inert for a terminal or a report: the one place that does it (SPEC section 9).

Scenario files, consumer and agent texts, names, trainee names, file names and the error messages
that quote them can hold characters a terminal obeys (ESC starts OSC 0/2 title changes, OSC 52
clipboard writes, CSI screen clears; BEL, NUL, the 8-bit C1 controls such as 0x9B) or that reorder
what a reader sees (bidi overrides and isolates). Every output path turns them into visible
stand-ins instead:

- C0 controls show as the Unicode control pictures: ESC as ␛, BEL as ␇, NUL as ␀; DEL as ␡.
- C1 controls, direction controls (U+202A-202E, U+2066-2069, U+200E/F, U+061C), the Unicode line
  and paragraph separators and lone surrogates (undecodable bytes of a file name) show as their
  code point: ⟨U+202E⟩.
- A line break is kept where the output has room for lines (`inert(text)`: a conversation bubble,
  a description, a report paragraph) and shows as ␤ where one line is promised (`inert_line`: a
  `run` result line, an error message, a table cell, a title). A carriage return always shows as
  ␍ (it would overwrite what was printed), except in a CR LF pair, which is a line break.
- A tab becomes four spaces.
- In an edit box (`inert_box`) every character must stay one character, so that the box's cursor
  and selection land where the value's do: C0 controls, DEL and line breaks show as their control
  pictures and every other control as �.

In Markdown (`inert_markdown_cell`, `inert_markdown_text`: transcripts and exports) the text
is also shown literally: HTML and Markdown syntax escaped, so a `|` or a `<b>` cannot break a table
or turn into formatting.

A stand-in character typed literally (a real ␛) is shown as itself: it is already harmless.
Pure Python, no imports of the app: every layer (core, scenarios, training, store, cli, ui) may
use it.
"""

from __future__ import annotations

import html
import re

#: Everything a stand-in replaces: C0, DEL, C1, bidi controls and isolates, the line and paragraph
#: separators, lone surrogates. One pattern, so that clean text costs one search.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAK = re.compile("\r\n|\n")

NEWLINE_SIGN = "\u2424"  # ␤
BOX_STAND_IN = "\ufffd"  # �


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures: ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\u27e8U+{code:04X}\u27e9"  # ⟨U+202E⟩


_STAND_INS = {chr(code): _stand_in(chr(code)) for code in (*range(0x20), *range(0x7F, 0xA0))}
_STAND_INS["\t"] = "    "


def _replace(match: re.Match[str]) -> str:
    char = match.group()
    return _STAND_INS.get(char) or _stand_in(char)


def inert(text: object, *, one_line: bool = False) -> str:
    """`text` with every control and direction-changing character shown as a visible stand-in.

    Line breaks are kept, unless `one_line`: then each shows as ␤."""
    value = text if isinstance(text, str) else str(text)
    if not _UNSAFE.search(value):
        return value
    if one_line:
        return _UNSAFE.sub(_replace, _LINE_BREAK.sub(NEWLINE_SIGN, value))
    return "\n".join(_UNSAFE.sub(_replace, part) for part in _LINE_BREAK.split(value))


def inert_line(text: object) -> str:
    """`text` made inert and kept on one line (line breaks as ␤)."""
    return inert(text, one_line=True)


def _box_stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20 and char != "\t":
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if char == "\t":
        return char  # an edit box lays tabs out itself
    return BOX_STAND_IN


def inert_box(text: str) -> str:
    """`text` made inert character for character (same length), for an edit box's view."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda match: _box_stand_in(match.group()), text)


def inert_html(text: object, *, one_line: bool = True) -> str:
    """`text` made inert, then escaped for HTML (text and attribute values)."""
    return html.escape(inert(text, one_line=one_line), quote=True)


__all__ = ["NEWLINE_SIGN", "inert", "inert_box", "inert_html", "inert_line"]


#: Characters Markdown could read as syntax; `_` only where it could start or end emphasis
#: (inside a word, as in `opted_out`, it cannot, so it stays readable).
_MD_SPECIAL = re.compile(r"([\\`*\[\]|#~])|(?<![^\W_])_|_(?![^\W_])")
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def inert_markdown_cell(text: object) -> str:
    """`text` safe inside a Markdown table cell, shown literally: HTML and Markdown syntax
    escaped, pipes escaped, line breaks as `<br>`, controls as visible stand-ins."""
    value = inert(text)
    # Only an "&" that would start an entity (`&amp;`, `&#60;`) is escaped: a raw transcript
    # then reads "msg & data rates" as the consumer got it, and still renders literally.
    value = _ENTITY_START.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), value)
    return value.replace("\n", "<br>")


def inert_markdown_text(text: object) -> str:
    """`text` as a literal Markdown paragraph (no table): line breaks kept as hard breaks."""
    return inert_markdown_cell(text).replace("<br>", "  \n")
