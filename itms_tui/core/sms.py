"""How a text travels as SMS: its encoding and how many segments it takes."""

from __future__ import annotations

from dataclasses import dataclass

# GSM 03.38 basic character set, and the extension table whose characters take two septets.
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SegmentCount:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int
    per_segment: int  # the limit that applies: 160/153 (GSM-7) or 70/67 (UCS-2)

    def __str__(self) -> str:
        plural = "" if self.segments == 1 else "s"
        return f"{self.units}/{self.per_segment} {self.encoding} · {self.segments} segment{plural}"


def count_segments(text: str) -> SegmentCount:
    if all(c in _GSM7_BASIC or c in _GSM7_EXTENDED for c in text):
        units = sum(2 if c in _GSM7_EXTENDED else 1 for c in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2  # an emoji outside the BMP takes two units
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        return SegmentCount(encoding, units, 1 if units else 0, single)
    return SegmentCount(encoding, units, -(-units // multi), multi)
