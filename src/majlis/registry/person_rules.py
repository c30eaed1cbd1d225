"""Pure rules for a person's own data: names, birth date, the age to join a party.

Every path that records a person or a membership (one at a time, a bulk roll, the API, a
Popolo import) applies these; the bulk import's vectorised check applies the same rules to
whole columns (:mod:`majlis.registry._columnar`, tested to agree).

- A name must not be blank, nor carry a control character (Unicode category Cc: C0, DEL,
  C1) nor a bidirectional embedding, override or isolate (U+202A-U+202E, U+2066-U+2069),
  which can make a name display as another (CVE-2021-42574, "Trojan Source").
- A birth date must not lie after the day of the record (an IIN encodes one).
- A member must have reached the party law's minimum age on the day of joining
  (:attr:`~majlis.registry.party_law.PartyLaw.min_member_age`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from majlis.errors import InputError, Location

__all__ = [
    "BIDI_CONTROLS",
    "FORBIDDEN",
    "age_on",
    "birth_date_problem",
    "check_name",
    "name_problem",
    "under_age_problem",
]

#: bidirectional embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069)
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: any character a name must not carry: Cc controls and the bidirectional controls
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def name_problem(value: str) -> str | None:
    """What is wrong with a name (already stripped), or None.

    >>> name_problem("Abai") is None
    True
    >>> name_problem("Ab\\u202eai")
    'must not contain the bidirectional control U+202E'
    """
    fault = _name_fault(value)
    if fault is None:
        return None
    kind, char = fault
    return {
        "blank": "must not be blank",
        "bidi": f"must not contain the bidirectional control {char}",
        "control": f"must not contain the control character {char}",
    }[kind]


def _name_fault(value: str) -> tuple[str, str] | None:
    """What is wrong with a name (blank, bidi, control) and the character named, or None."""
    if not value.strip():
        return "blank", ""
    found = FORBIDDEN.search(value)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "")
    text = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    return ("bidi" if char in BIDI_CONTROLS else "control"), text


def check_name(value: str, *, field: str, location: Location | None = None) -> str:
    """Return the name stripped; InputError naming ``field`` if it is blank or unsafe."""
    stripped = value.strip()
    problem = name_problem(stripped)
    if problem is not None:
        where = location or Location(field=field)
        kind, char = _name_fault(stripped) or ("blank", "")
        raise InputError(
            f"{field} {problem}; got {value!r}",
            location=where,
            code=f"name.{kind}",
            params={"field": field, "char": char, "got": repr(value)},
        )
    return stripped


def age_on(birth: date, on: date) -> int:
    """Whole years of age on ``on`` (a birthday on 29 February comes on 1 March)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_date_problem(birth: date, on: date) -> str | None:
    """Why a birth date cannot be true on ``on`` (it is after it), or None."""
    if birth > on:
        return f"the birth date {birth.isoformat()} is after {on.isoformat()}"
    return None


def under_age_problem(birth: date, on: date, *, minimum: int, citation: str) -> str | None:
    """Why a person born on ``birth`` may not join a party on ``on``, or None."""
    problem = birth_date_problem(birth, on)
    if problem is not None:
        return problem
    age = age_on(birth, on)
    if age < minimum:
        return (
            f"born {birth.isoformat()}, aged {age} on {on.isoformat()}: party members must "
            f"be at least {minimum} ({citation})"
        )
    return None
