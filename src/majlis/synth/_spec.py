"""What a synthetic election is drawn from: the totals, the regions, the spreads, the noise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from majlis.errors import InputError
from majlis.synth._inject import Irregularities
from majlis.synth._kazakhstan import KZ_2021, KZ_REGIONS_2021, NationalTotals, RegionProfile

__all__ = ["SynthSpec"]


@dataclass(frozen=True, slots=True)
class SynthSpec:
    """What to generate. Defaults: Kazakhstan 2021, 10,061 stations, 232 territories.

    ``totals_match``: which protocols sum exactly to ``totals`` — the ``"official"`` ones
    (irregularities compensated at honest stations) or the ``"truth"`` (irregularities
    added on top of it). The spreads shape the draws: ``size_spread`` is the σ of the
    lognormal station sizes, ``turnout_spread`` the standard deviation of a station's turnout
    propensity around its region's base, ``lean_spread`` the σ of the lognormal noise of
    every list's weight at a station, ``leader_spread`` the standard deviation of a normal
    shift of a station's share of the leader (taken from the other columns in proportion;
    none by default).
    """

    totals: NationalTotals = KZ_2021
    regions: tuple[RegionProfile, ...] = KZ_REGIONS_2021
    stations: int = 10_061
    territorials: int = 232
    seed: int = 0
    double_entry: bool = False
    entry_differences: int = 12
    observer_share: float = 0.0
    observer_misreads: int = 5
    irregularities: Irregularities = field(default_factory=Irregularities)
    totals_match: Literal["official", "truth"] = "official"
    size_spread: float = 0.7
    turnout_spread: float = 0.08
    lean_spread: float = 0.35
    leader_spread: float = 0.0

    def __post_init__(self) -> None:
        for name in ("size_spread", "turnout_spread", "lean_spread", "leader_spread"):
            value = getattr(self, name)
            if not 0.0 <= value <= 2.0:
                raise InputError.expected(
                    what=f"The '{name}' parameter of SynthSpec", expected="in [0, 2]", got=value
                )
        if self.totals_match not in ("official", "truth"):
            raise InputError.expected(
                what="The 'totals_match' parameter of SynthSpec",
                expected="'official' or 'truth'",
                got=self.totals_match,
            )
        if not len(self.regions) <= self.territorials <= self.stations:
            raise InputError.expected(
                what="The 'territorials' parameter of SynthSpec",
                expected=f"between {len(self.regions)} (regions) and {self.stations} (stations)",
                got=self.territorials,
            )
        if (
            self.totals.ballots > self.totals.registered
            or self.stations * 30 > self.totals.registered
        ):
            raise InputError.expected(
                what="the national totals",
                expected="ballots ≤ registered, ≥ 30 voters a station",
                got=(self.totals.ballots, self.totals.registered),
            )
        parts = self.totals.invalid + self.totals.against_all + sum(v for _, v in self.totals.votes)
        if parts != self.totals.ballots:
            raise InputError.expected(
                what="invalid + against all + Σ votes",
                expected=f"= ballots ({self.totals.ballots:,})",
                got=parts,
            )
