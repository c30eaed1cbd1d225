"""Regions of Kazakhstan (oblystar and cities of republican significance) as dated data.

The list with its sources is ``data/regions_kz.toml``: Shymkent became a city of republican
significance and South Kazakhstan Region became Turkistan Region on 19 June 2018; Abai,
Jetisu and Ulytau regions were formed on 8 June 2022. So 16 units existed before 19 June 2018,
17 until 7 June 2022 and 20 since.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from majlis.errors import InputError, Location

__all__ = ["Region", "all_regions", "get_region", "regions_on"]


@dataclass(frozen=True, slots=True)
class Region:
    """A first-level administrative unit, in force from ``valid_from`` to ``valid_to``."""

    code: str
    name: str
    kind: str  # "region" or "city"
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""

    def in_force(self, on: date) -> bool:
        """Whether the unit existed on ``on``."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@cache
def all_regions() -> tuple[Region, ...]:
    """Every unit ever listed, in file order."""
    raw = tomllib.loads(
        resources.files("majlis.registry").joinpath("data/regions_kz.toml").read_text("utf-8")
    )
    return tuple(
        Region(
            code=item["code"],
            name=item["name"],
            kind=item["kind"],
            valid_from=item.get("valid_from"),
            valid_to=item.get("valid_to"),
            note=item.get("note", ""),
        )
        for item in raw["region"]
    )


def regions_on(on: date) -> tuple[Region, ...]:
    """The units in force on ``on``."""
    return tuple(region for region in all_regions() if region.in_force(on))


def get_region(code: str, *, on: date | None = None, location: Location | None = None) -> Region:
    """Return the unit with ``code`` (in force on ``on`` when given).

    Raises:
        InputError: the code is unknown, or the unit did not exist on ``on``; the message
            lists the valid codes.
    """
    for region in all_regions():
        if region.code == code:
            if on is not None and not region.in_force(on):
                valid = ", ".join(r.code for r in regions_on(on))
                raise InputError(
                    f"region {code} ({region.name}) did not exist on {on.isoformat()}; "
                    f"valid then: {valid}",
                    location=location,
                    code="region.not_in_force",
                    params={"region": code, "name": region.name, "on": on, "valid": valid},
                )
            return region
    raise InputError.expected(
        what="region",
        expected="one of " + ", ".join(r.code for r in all_regions()),
        got=code,
        location=location,
        code="region.unknown",
        params={"valid": ", ".join(r.code for r in all_regions()), "got": code},
    )
