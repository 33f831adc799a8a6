"""Phone numbers against SPEC.md section 1."""

from __future__ import annotations

import pytest

from itms_tui.core.phones import InvalidPhone, format_national, normalise_phone


@pytest.mark.parametrize(
    "text",
    ["(617) 555-0101", "617.555.0101", "+1 617 555 0101", "1-617-555-0101", "6175550101",
     "+16175550101", "  617 555 0101  ", "617-555-0101"],
)
def test_common_us_formats_normalise_to_e164(text: str) -> None:
    assert normalise_phone(text) == "+16175550101"


@pytest.mark.parametrize(
    "e164",
    ["+16175550101", "+12085550123", "+12125550100", "+13105550100", "+16025550100",
     "+19075550100", "+18085550100", "+14155550123", "+18005550100"],
)
def test_fictional_555_01xx_numbers_used_by_demos_are_valid(e164: str) -> None:
    assert normalise_phone(e164) == e164


def test_national_numbers_are_read_in_the_given_region() -> None:
    assert normalise_phone("020 7946 0018", region="GB") == "+442079460018"
    assert normalise_phone("+44 20 7946 0018") == "+442079460018"


@pytest.mark.parametrize(
    "text",
    ["", "hello", "12", "+1 555 555 1234", "555-1234", "617 555 01010", "+999 1234567",
     "617-555-0101 x23", "020 7946 0018"],
)
def test_invalid_numbers_are_refused(text: str) -> None:
    with pytest.raises(InvalidPhone, match="phone number|extension"):
        normalise_phone(text)


@pytest.mark.parametrize("value", [None, 6175550101, b"+16175550101"])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(InvalidPhone, match="expected text"):
        normalise_phone(value)  # type: ignore[arg-type]


def test_invalid_phone_is_a_value_error() -> None:
    assert issubclass(InvalidPhone, ValueError)


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+16175550101", "(617) 555-0101"),
        ("+18005550100", "(800) 555-0100"),
        ("+442079460018", "+44 20 7946 0018"),
        ("+14165550101", "+1 416-555-0101"),
    ],
)
def test_format_national(e164: str, shown: str) -> None:
    assert format_national(e164) == shown


def test_format_national_for_another_home_region() -> None:
    assert format_national("+442079460018", region="GB") == "020 7946 0018"
    assert format_national("+16175550101", region="GB") == "+1 617-555-0101"


def test_format_national_refuses_an_invalid_number() -> None:
    with pytest.raises(InvalidPhone):
        format_national("+15555551234")


def test_phone_or_none_for_code_that_only_compares():
    from itms_tui.core.phones import phone_or_none

    assert phone_or_none("(617) 555-0101") == "+16175550101"
    assert phone_or_none("+1 555 555 1234") is None
    assert phone_or_none(None) is None
