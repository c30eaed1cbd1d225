"""Synthetic people with valid Kazakh IINs (seeded), for the demo's candidates and members."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from majlis.registry import make_iin

__all__ = ["SyntheticPerson", "synthetic_people"]

_FAMILY = (
    "Abenov",
    "Akhmetov",
    "Baimukhanov",
    "Dzhaksybekov",
    "Ermekov",
    "Iskakov",
    "Kassymov",
    "Kuanyshev",
    "Mukhamedov",
    "Nurlanov",
    "Omarov",
    "Sadykov",
    "Seitkali",
    "Tokhtarov",
    "Utegenov",
    "Zhakupov",
    "Ivanov",
    "Kim",
    "Petrenko",
    "Smagulov",
)
_GIVEN = {
    "M": (
        "Aidos",
        "Arman",
        "Askar",
        "Bauyrzhan",
        "Daniyar",
        "Erlan",
        "Marat",
        "Nurlan",
        "Sergei",
        "Timur",
        "Yerzhan",
        "Zhanibek",
    ),
    "F": (
        "Aigerim",
        "Aliya",
        "Asel",
        "Dana",
        "Gulnara",
        "Dinara",
        "Elena",
        "Madina",
        "Saule",
        "Zhanar",
        "Aruzhan",
        "Kamila",
    ),
}


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    """A made-up person: a valid IIN, names and a home region."""

    iin: str
    family_name: str
    given_name: str
    region_code: str


def synthetic_people(count: int, *, seed: int, regions: tuple[str, ...]) -> list[SyntheticPerson]:
    """Return ``count`` distinct synthetic adults born 1950–1995 with valid IINs."""
    rng = random.Random(seed)
    seen: set[str] = set()
    people: list[SyntheticPerson] = []
    while len(people) < count:
        sex = rng.choice("MF")
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(45 * 365))
        iin = make_iin(born, sex, rng.randrange(10_000))
        if iin is None or iin in seen:
            continue
        seen.add(iin)
        family = rng.choice(_FAMILY)
        if sex == "F" and family[-2:] in ("ov", "ev", "in"):
            family += "a"
        people.append(SyntheticPerson(iin, family, rng.choice(_GIVEN[sex]), rng.choice(regions)))
    return people
