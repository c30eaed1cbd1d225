"""Golden tests: Kazakhstan Majlis list seats as published by the Central Election Commission."""

from __future__ import annotations

from datetime import date

import pytest

from majlis.law import PartyList, allocate, get_ruleset

# Source: Central Election Commission of Kazakhstan, final results of 10 January 2021
# (https://www.election.gov.kz), as restated in DESIGN.md and issue 2.
KZ_2021 = [
    ("Nur Otan", 5_148_074, 76),
    ("Ak Zhol", 792_828, 12),
    ("People's Party of Kazakhstan", 659_019, 10),
    ("Auyl", 383_023, 0),
    ("Adal", 258_618, 0),
]
# Source: Central Election Commission of Kazakhstan, final results of 19 March 2023
# (https://www.election.gov.kz); "against all" 248,291 counted in the threshold base.
KZ_2023 = [
    ("Amanat", 3_431_510, 40),
    ("Auyl", 693_938, 8),
    ("Respublica", 547_154, 6),
    ("Ak Zhol", 535_139, 6),
    ("People's Party of Kazakhstan", 432_920, 5),
    ("OSDP", 331_058, 4),
    ("Baytaq", 146_431, 0),
]


@pytest.mark.parametrize(
    ("law", "on", "rows", "against_all"),
    [
        ("kz-majlis-2009", date(2021, 1, 10), KZ_2021, 0),
        ("kz-majlis-2023", date(2023, 3, 19), KZ_2023, 248_291),
    ],
)
def test_kz_official_seats(
    law: str, on: date, rows: list[tuple[str, int, int]], against_all: int
) -> None:
    """The shipped Kazakh ruleset in force on election day reproduces the official seats."""
    ruleset = get_ruleset("kz-majlis", date=on)
    assert ruleset.id == law
    result = allocate(ruleset, [PartyList(n, v) for n, v, _ in rows], against_all=against_all)
    assert dict(result.seats) == {n: s for n, _, s in rows}
    assert result.tie is None
