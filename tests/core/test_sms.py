import pytest

from itms_tui.core.sms import count_segments


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments", "per_segment"),
    [
        ("", "GSM-7", 0, 0, 160),
        ("YES", "GSM-7", 3, 1, 160),
        ("a" * 160, "GSM-7", 160, 1, 160),
        ("a" * 161, "GSM-7", 161, 2, 153),
        ("a" * 306, "GSM-7", 306, 2, 153),
        ("a" * 307, "GSM-7", 307, 3, 153),
        ("€" * 80, "GSM-7", 160, 1, 160),  # extension characters take two septets
        ("[" * 81, "GSM-7", 162, 2, 153),
        ("\U0001F6D1", "UCS-2", 2, 1, 70),  # outside the BMP: a surrogate pair
        ("é" * 70, "GSM-7", 70, 1, 160),  # é is in the GSM basic set
        ("ç" * 70, "UCS-2", 70, 1, 70),  # ç (lower case) is not
        ("ç" * 71, "UCS-2", 71, 2, 67),
        ("ç" * 135, "UCS-2", 135, 3, 67),
    ],
)
def test_segments(text, encoding, units, segments, per_segment):
    count = count_segments(text)
    assert (count.encoding, count.units, count.segments, count.per_segment) == (
        encoding, units, segments, per_segment)


def test_described_for_the_phone():
    assert str(count_segments("hello")) == "5/160 GSM-7 · 1 segment"
    assert str(count_segments("a" * 200)) == "200/153 GSM-7 · 2 segments"
