"""What a browser's terminal shows, rebuilt from the bytes the app sends (for assertions on text).

Textual draws by moving the cursor (`ESC [ row ; col H`) and writing styled runs; the styles and
every other control sequence are dropped here, and wide characters take two cells.
"""

from __future__ import annotations

import re
import unicodedata

_SEQUENCE = re.compile(r"\x1b\[([0-9;?]*)([ -/]*[@-~])|\x1b[^\[]|([^\x1b]+)")


class Screen:
    def __init__(self, width: int = 140, height: int = 45) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self.row = self.column = 0
        self._pending = ""

    def feed(self, data: bytes | str) -> None:
        text = self._pending + (data.decode("utf-8", "replace") if isinstance(data, bytes)
                                else data)
        # A sequence cut at the end of a packet waits for the next one.
        cut = text.rfind("\x1b")
        if cut != -1 and not re.match(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[^\[])", text[cut:]):
            text, self._pending = text[:cut], text[cut:]
        else:
            self._pending = ""
        for match in _SEQUENCE.finditer(text):
            parameters, final, plain = match.groups()
            if plain is not None:
                self._write(plain)
            elif final == "H":
                parts = [int(p) if p.isdigit() else 1 for p in (parameters or "1;1").split(";")]
                self.row = min(max(parts[0], 1), self.height) - 1
                self.column = min(max(parts[1] if len(parts) > 1 else 1, 1), self.width) - 1

    def _write(self, text: str) -> None:
        for char in text:
            if char == "\n":
                self.row, self.column = min(self.row + 1, self.height - 1), 0
                continue
            if char == "\r":
                self.column = 0
                continue
            if unicodedata.combining(char) or char in "\ufe0f\u200d":
                continue
            wide = unicodedata.east_asian_width(char) in ("W", "F")
            if self.column < self.width:
                self.rows[self.row][self.column] = char
                if wide and self.column + 1 < self.width:
                    self.rows[self.row][self.column + 1] = ""
            self.column += 2 if wide else 1

    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.rows)
