"""Party laws as versioned data, and the registration check against the law in force.

Each version is a TOML file in ``data/party_laws/`` naming its statute, effective dates and
requirements: members in total, members in each region, founders (the initiative group) and
the share of regions they must come from. :func:`check_registration` lists every unmet
requirement with the numbers.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from importlib import resources

from majlis.errors import NotFoundError
from majlis.notes import Note
from majlis.registry.regions import regions_on

__all__ = [
    "REQUIREMENTS",
    "PartyLaw",
    "Shortfall",
    "check_registration",
    "get_party_law",
    "list_party_laws",
    "membership_law_on",
    "party_law_on",
]


@dataclass(frozen=True, slots=True)
class PartyLaw:
    """One edition of a party law: the requirements a party must meet to register."""

    id: str
    jurisdiction: str
    title: str
    citation: str
    effective_from: date
    effective_to: date | None
    min_members: int
    min_members_per_region: int
    min_founders: int
    founders_region_share: Fraction | None
    congress_window_months: int
    branch_formation_months: int
    successor_wait_days: int
    min_member_age: int
    min_member_age_citation: str
    known_deviations: str = ""

    def in_force(self, on: date) -> bool:
        """Whether this edition applied on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """One unmet registration requirement, with the required and the actual number.

    ``requirement`` is a :class:`~majlis.notes.Note` (its English words, a key of
    :data:`REQUIREMENTS` and the parameters), so a front end can word it.
    """

    requirement: str
    required: int
    actual: int

    def __str__(self) -> str:
        return f"{self.requirement}: required {self.required:,}, has {self.actual:,}"


#: The registration requirements a shortfall names, by key.
REQUIREMENTS = {
    "registration.members": "members in total",
    "registration.members_in_region": "members in %(region)s (%(code)s)",
    "registration.founders": "founders (initiative group)",
    "registration.founder_regions": "regions represented among founders (%(share)s of %(regions)s)",
    "registration.congress_window": "founding congress within months of the initiative group",
}


def _requirement(key: str, **params: object) -> Note:
    return Note(key, REQUIREMENTS[key], **params)


def _load(text: str) -> PartyLaw:
    raw = tomllib.loads(text)
    share = raw.get("founders_region_share")
    return PartyLaw(
        id=raw["id"],
        jurisdiction=raw["jurisdiction"],
        title=raw["title"],
        citation=raw["citation"],
        effective_from=raw["effective_from"],
        effective_to=raw.get("effective_to"),
        min_members=int(raw["min_members"]),
        min_members_per_region=int(raw["min_members_per_region"]),
        min_founders=int(raw["min_founders"]),
        founders_region_share=Fraction(share) if share else None,
        congress_window_months=int(raw["congress_window_months"]),
        branch_formation_months=int(raw["branch_formation_months"]),
        successor_wait_days=int(raw["successor_wait_days"]),
        min_member_age=int(raw["min_member_age"]),
        min_member_age_citation=raw["min_member_age_citation"],
        known_deviations=raw.get("known_deviations", ""),
    )


@cache
def list_party_laws() -> tuple[PartyLaw, ...]:
    """Every shipped edition, oldest first."""
    folder = resources.files("majlis.registry").joinpath("data/party_laws")
    laws = [
        _load(item.read_text("utf-8")) for item in folder.iterdir() if item.name.endswith(".toml")
    ]
    return tuple(sorted(laws, key=lambda law: law.effective_from))


def get_party_law(law_id: str) -> PartyLaw:
    """Return the edition named ``law_id``; an unknown name lists the valid ones."""
    for law in list_party_laws():
        if law.id == law_id:
            return law
    valid = ", ".join(law.id for law in list_party_laws())
    raise NotFoundError(
        f"party law {law_id!r} does not exist; valid: {valid}",
        code="party_law.unknown",
        params={"law": law_id, "valid": valid},
    )


def party_law_on(on: date, *, jurisdiction: str = "KZ") -> PartyLaw:
    """Return the edition in force on ``on``."""
    for law in list_party_laws():
        if law.jurisdiction == jurisdiction and law.in_force(on):
            return law
    covered = ", ".join(
        f"{law.id} ({law.effective_from}..{law.effective_to or 'now'})" for law in list_party_laws()
    )
    raise NotFoundError(
        f"no party law in force on {on.isoformat()}; shipped: {covered}",
        code="party_law.none_in_force",
        params={"on": on, "shipped": covered},
    )


def membership_law_on(on: date, *, jurisdiction: str = "KZ") -> PartyLaw:
    """The edition whose membership rules (the minimum age) apply to a joining on ``on``.

    The edition in force; on a day no shipped edition covers, the last one before it, or
    the first one for a day before them all (the minimum age has not changed between them).
    """
    editions = [law for law in list_party_laws() if law.jurisdiction == jurisdiction]
    if not editions:
        raise NotFoundError(f"no party law is shipped for jurisdiction {jurisdiction!r}")
    before = [law for law in editions if law.effective_from <= on]
    return before[-1] if before else editions[0]


def check_registration(
    law: PartyLaw,
    *,
    on: date,
    members_by_region: Mapping[str | None, int],
    founders_by_region: Mapping[str | None, int],
    initiated_on: date | None = None,
    congress_on: date | None = None,
) -> tuple[Shortfall, ...]:
    """List every requirement of ``law`` that a party does not meet on ``on`` (empty = fine).

    Args:
        law: the edition in force on the registration date.
        on: the registration date (decides which regions exist).
        members_by_region: active members per region code (None = region unknown).
        founders_by_region: founders (initiative group) per region code.
        initiated_on: when the initiative group was formed (checks the congress window).
        congress_on: when the founding congress was held.
    """
    shortfalls: list[Shortfall] = []
    total = sum(members_by_region.values())
    if total < law.min_members:
        shortfalls.append(Shortfall(_requirement("registration.members"), law.min_members, total))
    for region in regions_on(on):
        count = members_by_region.get(region.code, 0)
        if count < law.min_members_per_region:
            shortfalls.append(
                Shortfall(
                    _requirement(
                        "registration.members_in_region", region=region.name, code=region.code
                    ),
                    law.min_members_per_region,
                    count,
                )
            )
    founders = sum(founders_by_region.values())
    if founders < law.min_founders:
        shortfalls.append(
            Shortfall(_requirement("registration.founders"), law.min_founders, founders)
        )
    if law.founders_region_share is not None:
        units = regions_on(on)
        needed = -(
            -law.founders_region_share.numerator
            * len(units)
            // law.founders_region_share.denominator
        )
        represented = sum(1 for region in units if founders_by_region.get(region.code, 0) > 0)
        if represented < needed:
            shortfalls.append(
                Shortfall(
                    _requirement(
                        "registration.founder_regions",
                        share=str(law.founders_region_share),
                        regions=len(units),
                    ),
                    needed,
                    represented,
                )
            )
    if initiated_on is not None and congress_on is not None:
        months = (
            (congress_on.year - initiated_on.year) * 12 + congress_on.month - initiated_on.month
        )
        if congress_on.day > initiated_on.day:
            months += 1
        if months > law.congress_window_months:
            shortfalls.append(
                Shortfall(
                    _requirement("registration.congress_window"),
                    law.congress_window_months,
                    months,
                )
            )
    return tuple(shortfalls)
