"""The Kazakh IIN: the issue's test vectors, every error part, and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from majlis.errors import Location, NationalIdError
from majlis.registry.iin import iin_check_digit, is_valid_iin, make_iin, parse_iin


@pytest.mark.parametrize(
    ("iin", "birth", "sex"),
    [
        ("000101500001", date(2000, 1, 1), "M"),
        ("951231400300", date(1995, 12, 31), "F"),
        ("000229600004", date(2000, 2, 29), "F"),
    ],
)
def test_valid_vectors(iin: str, birth: date, sex: str) -> None:
    """The issue's valid vectors parse to their birth date and sex."""
    parsed = parse_iin(iin)
    assert (parsed.birth_date, parsed.sex) == (birth, sex)


def test_second_pass_vector_needs_second_pass() -> None:
    """951231400300's first pass gives 10, so its check digit comes from the second pass."""
    digits = [int(c) for c in "95123140030"]
    assert sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11 == 10
    assert iin_check_digit("95123140030") == 0


@pytest.mark.parametrize(
    ("iin", "message"),
    [
        ("000229300005", r"birth date .* calendar date\. Got 1900-02-29"),
        ("000101500002", r"check digit \(12th\) must be 1\. Got 2"),
        ("000101700004", r"century-and-sex digit \(7th\) must be 1-6\. Got 7"),
        ("00010150000", r"exactly 12 digits"),
        ("00010150000x", r"exactly 12 digits"),
    ],
)
def test_invalid_vectors_name_the_part(iin: str, message: str) -> None:
    """Each invalid vector is refused with a message naming the wrong part."""
    with pytest.raises(NationalIdError, match=message):
        parse_iin(iin)


def test_both_passes_ten_is_invalid() -> None:
    """A number whose both passes give 10 is refused for that reason, whatever its last digit."""
    first11 = next(
        f"0001015{serial:04d}"
        for serial in range(10_000)
        if iin_check_digit(f"0001015{serial:04d}") is None
    )
    for last in "0123456789":
        with pytest.raises(NationalIdError, match="both check-digit passes give 10"):
            parse_iin(first11 + last)


def test_location_is_in_message() -> None:
    """A location given by a file import is named in the message."""
    with pytest.raises(NationalIdError, match=r"^m\.csv, row 7, field 'iin': "):
        parse_iin("000101500002", location=Location("m.csv", 7, "iin"))


@given(
    st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["M", "F"]),
    st.integers(0, 9999),
)
def test_make_then_parse_round_trips(birth: date, sex: str, serial: int) -> None:
    """Every IIN make_iin builds parses back; every other last digit is refused."""
    iin = make_iin(birth, sex, serial)
    if iin is None:
        assert not any(is_valid_iin(iin_prefix(birth, sex, serial) + d) for d in "0123456789")
        return
    parsed = parse_iin(iin)
    assert (parsed.birth_date, parsed.sex, parsed.serial) == (birth, sex, f"{serial:04d}")
    others = [d for d in "0123456789" if d != iin[-1]]
    assert not any(is_valid_iin(iin[:11] + d) for d in others)


def iin_prefix(birth: date, sex: str, serial: int) -> str:
    """The first 11 digits of an IIN, built independently of make_iin."""
    century = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (sex == "F")
    return f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}{century}{serial:04d}"
