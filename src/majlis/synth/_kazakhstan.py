"""Kazakhstan's regions and the official national totals of the Majlis election of 10 January 2021.

Regions: the 14 oblasts and the three cities of republican significance as they stood in
January 2021 (before the 2022 split of Almaty, East Kazakhstan and Karaganda oblasts).

National totals: Central Election Commission of the Republic of Kazakhstan, final results of
the Majlis election of 10 January 2021 (resolution of 15 January 2021): 11,919,241 voters on
the lists, 7,539,280 ballots cast; Nur Otan 5,148,074; Ak Zhol 792,828; People's Party of
Kazakhstan 659,019; Auyl 383,023; Adal 258,618; 297,718 invalid. 232 territorial and
10,061 precinct commissions (DESIGN.md §5).

Known deviations: the per-region weights are 2021 population estimates (Bureau of National
Statistics, rounded to thousands), not registered-voter counts; the turnout and party
leanings per region are illustrative settings for the synthetic generator, not data.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KZ_2021", "KZ_REGIONS_2021", "NationalTotals", "RegionProfile"]


@dataclass(frozen=True, slots=True)
class RegionProfile:
    """A region: its name, its weight (population), base turnout and party leanings."""

    name: str
    weight: int
    turnout: float
    lean: tuple[tuple[str, float], ...] = ()
    urban: bool = False


@dataclass(frozen=True, slots=True)
class NationalTotals:
    """The national figures a synthetic election must sum to exactly."""

    election: str
    registered: int
    ballots: int
    invalid: int
    votes: tuple[tuple[str, int], ...]
    against_all: int = 0

    @property
    def list_names(self) -> tuple[str, ...]:
        """The party lists in ballot order."""
        return tuple(name for name, _ in self.votes)


KZ_2021 = NationalTotals(
    election="kz-majlis-2021",
    registered=11_919_241,
    ballots=7_539_280,
    invalid=297_718,
    votes=(
        ("Nur Otan", 5_148_074),
        ("Ak Zhol", 792_828),
        ("People's Party of Kazakhstan", 659_019),
        ("Auyl", 383_023),
        ("Adal", 258_618),
    ),
)

_CITY = (("Ak Zhol", 1.5), ("Adal", 1.3), ("Auyl", 0.5))
_NORTH = (("People's Party of Kazakhstan", 1.4), ("Auyl", 0.9))
_SOUTH = (("Auyl", 1.4), ("People's Party of Kazakhstan", 0.7))
_WEST = (("Adal", 1.2), ("Auyl", 1.1))

KZ_REGIONS_2021: tuple[RegionProfile, ...] = (
    RegionProfile("Akmola Region", 738, 0.72, _NORTH),
    RegionProfile("Aktobe Region", 894, 0.66, _WEST),
    RegionProfile("Almaty Region", 2_055, 0.72, _SOUTH),
    RegionProfile("Atyrau Region", 657, 0.66, _WEST),
    RegionProfile("East Kazakhstan Region", 1_370, 0.70, _NORTH),
    RegionProfile("Jambyl Region", 1_139, 0.74, _SOUTH),
    RegionProfile("Karaganda Region", 1_376, 0.68, _NORTH),
    RegionProfile("Kostanay Region", 868, 0.71, _NORTH),
    RegionProfile("Kyzylorda Region", 804, 0.77, _SOUTH),
    RegionProfile("Mangystau Region", 698, 0.63, _WEST),
    RegionProfile("North Kazakhstan Region", 548, 0.75, _NORTH),
    RegionProfile("Pavlodar Region", 753, 0.70, _NORTH),
    RegionProfile("Turkistan Region", 2_016, 0.78, _SOUTH),
    RegionProfile("West Kazakhstan Region", 658, 0.67, _WEST),
    RegionProfile("Nur-Sultan", 1_184, 0.55, _CITY, urban=True),
    RegionProfile("Almaty", 1_916, 0.35, _CITY, urban=True),
    RegionProfile("Shymkent", 1_094, 0.62, _SOUTH, urban=True),
)
