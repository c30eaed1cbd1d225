"""The Kazakh individual identification number (IIN, ЖСН/ИИН), validated fully.

An IIN has 12 digits: the birth date ``YYMMDD``; one digit for century and sex (1/2 = born
in the 1800s, 3/4 = 1900s, 5/6 = 2000s; odd = male, even = female); a 4-digit serial; and a
check digit. The check digit is ``Σ dᵢ·wᵢ mod 11`` over the first 11 digits with weights
1..11; if that is 10 it is computed again with weights 3..11, 1, 2; if it is 10 again the
number cannot be valid.

Source: Rules of assigning the IIN (order of the Ministry of Justice of the Republic of
Kazakhstan; the check-digit algorithm as implemented by the State Revenue Committee's
validators). Known deviations: the serial's internal structure (registration office) is not
checked.

>>> parse_iin("000101500001").birth_date
datetime.date(2000, 1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from majlis.errors import Location, NationalIdError

__all__ = ["IIN_SCHEME", "Iin", "iin_check_digit", "is_valid_iin", "make_iin", "parse_iin"]

#: The identifier scheme of an IIN (used by Popolo exports and the person table).
IIN_SCHEME = "kz-iin"

_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


@dataclass(frozen=True, slots=True)
class Iin:
    """A valid IIN and what it encodes."""

    value: str
    birth_date: date
    sex: str  # "M" or "F"
    serial: str


def iin_check_digit(first11: str) -> int | None:
    """Return the check digit for the first 11 digits, or None when both passes give 10.

    >>> iin_check_digit("95123140030")
    0
    """
    digits = [ord(c) - 48 for c in first11]
    total = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
        if total == 10:
            return None
    return total


def parse_iin(value: str, *, location: Location | None = None) -> Iin:
    """Validate ``value`` as an IIN and return what it encodes.

    Raises:
        NationalIdError: naming the part that is wrong (length/digits, century digit, date,
            check digit) with the expected and the actual value.
    """
    text = value.strip()
    if len(text) != 12 or not text.isascii() or not text.isdigit():
        raise NationalIdError(
            f"an IIN must be exactly 12 digits. Got {value!r} instead.",
            location=location,
            code="iin.digits",
            params={"value": value},
        )
    century_digit = ord(text[6]) - 48
    century = _CENTURY.get(century_digit)
    if century is None:
        raise NationalIdError(
            f"IIN {text!r}: the century-and-sex digit (7th) must be 1-6. "
            f"Got {century_digit} instead.",
            location=location,
            code="iin.century",
            params={"iin": text, "digit": century_digit},
        )
    year = century + int(text[0:2])
    month, day = int(text[2:4]), int(text[4:6])
    try:
        birth = date(year, month, day)
    except ValueError:
        raise NationalIdError(
            f"IIN {text!r}: the birth date (digits 1-6 with century digit {century_digit}) "
            f"must be a calendar date. Got {year:04d}-{month:02d}-{day:02d} instead.",
            location=location,
            code="iin.date",
            params={
                "iin": text,
                "digit": century_digit,
                "date": f"{year:04d}-{month:02d}-{day:02d}",
            },
        ) from None
    check = iin_check_digit(text[:11])
    if check is None:
        raise NationalIdError(
            f"IIN {text!r}: both check-digit passes give 10, so no check digit can be valid.",
            location=location,
            code="iin.no_check_digit",
            params={"iin": text},
        )
    if check != ord(text[11]) - 48:
        raise NationalIdError(
            f"IIN {text!r}: the check digit (12th) must be {check}. Got {text[11]} instead.",
            location=location,
            code="iin.check_digit",
            params={"iin": text, "expected": check, "got": text[11]},
        )
    return Iin(
        value=text,
        birth_date=birth,
        sex="M" if century_digit % 2 else "F",
        serial=text[7:11],
    )


def is_valid_iin(value: str) -> bool:
    """Return whether ``value`` is a valid IIN."""
    try:
        parse_iin(value)
    except NationalIdError:
        return False
    return True


def make_iin(birth_date: date, sex: str, serial: int) -> str | None:
    """Build the IIN of a birth date, sex (``"M"``/``"F"``) and 4-digit serial.

    Returns None when the serial gives a number without a valid check digit.

    >>> make_iin(date(2000, 1, 1), "M", 0)
    '000101500001'
    """
    base = {1800: 1, 1900: 3, 2000: 5}.get(birth_date.year // 100 * 100)
    if base is None or not 0 <= serial <= 9999 or sex not in ("M", "F"):
        raise ValueError(f"cannot encode {birth_date}, {sex!r}, serial {serial} as an IIN")
    first11 = f"{birth_date:%y%m%d}{base + (sex == 'F')}{serial:04d}"
    check = iin_check_digit(first11)
    return None if check is None else first11 + str(check)
