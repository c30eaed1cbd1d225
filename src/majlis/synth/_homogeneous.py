"""A homogeneous synthetic election: the clean baseline the forensic methods assume.

One region without leanings: each station's turnout propensity and its expected share of the
leader are drawn from normal distributions around one mean each, independently of each other
(standard deviation 0.08 each by default), over stations of one mean size (lognormal, a
coefficient of variation near 0.45); four lists, the leader's share of the valid votes given,
the rest split evenly over three others at every station; 1.5 % of the ballots invalid. The
*true* protocols sum to the totals and irregularities add to them, so an injected ballot is
an extra ballot, as in the detection studies (Klimek et al., PNAS 2012; Kobak, Shpilkin &
Pshenichnikov, AoAS 2016).

Known deviations: the counts are apportioned to exact totals, so a station's noise around
its propensity is multinomial rather than binomial; the leader's share is drawn among all
ballots, so its share of the valid votes is not exactly normal.
"""

from __future__ import annotations

from majlis.errors import InputError
from majlis.synth._apportion import split_by_weights
from majlis.synth._inject import Irregularities
from majlis.synth._kazakhstan import NationalTotals, RegionProfile
from majlis.synth._spec import SynthSpec

__all__ = ["homogeneous_spec"]

#: The lists of a homogeneous election, the leader first.
LISTS = ("Leader", "Second", "Third", "Fourth")
INVALID_SHARE = 0.015
#: The σ of the lognormal station sizes: a coefficient of variation near 0.45.
SIZE_SPREAD = 0.45


def homogeneous_spec(
    stations: int,
    *,
    seed: int,
    voters: int = 1000,
    turnout: float = 0.55,
    leader: float = 0.45,
    turnout_spread: float = 0.08,
    leader_spread: float = 0.08,
    irregularities: Irregularities | None = None,
) -> SynthSpec:
    """The spec of a homogeneous election of ``stations`` stations of ``voters`` on average.

    Args:
        stations: number of polling stations.
        seed: the only source of randomness.
        voters: mean voters on the list per station (at least 30).
        turnout: mean turnout.
        leader: the leader's national share of the valid votes, above the 25 % each of
            three others would then have.
        turnout_spread, leader_spread: standard deviations of a station's turnout
            propensity and of its expected share of the leader.
        irregularities: what to inject (none by default).
    """
    for name, ok, expected, value in (
        ("stations", stations >= 1, "at least 1", stations),
        ("voters", voters >= 30, "at least 30", voters),
        ("turnout", 0.15 <= turnout <= 0.97, "in [0.15, 0.97]", turnout),
        ("leader", 0.25 < leader <= 1.0, "in (0.25, 1]", leader),
    ):
        if not ok:
            raise InputError.expected(
                what=f"The '{name}' parameter of homogeneous_spec", expected=expected, got=value
            )
    registered = stations * voters
    ballots = round(turnout * registered)
    invalid = round(INVALID_SHARE * ballots)
    valid = ballots - invalid
    first = round(leader * valid)
    rest = split_by_weights(valid - first, [1.0] * (len(LISTS) - 1)).tolist()
    totals = NationalTotals(
        election="homogeneous",
        registered=registered,
        ballots=ballots,
        invalid=invalid,
        votes=tuple(zip(LISTS, [first, *rest], strict=True)),
    )
    return SynthSpec(
        totals=totals,
        regions=(RegionProfile("Homogeneous region", 1, turnout),),
        stations=stations,
        territorials=min(stations, max(1, stations // 50)),
        seed=seed,
        irregularities=irregularities or Irregularities(),
        totals_match="truth",
        size_spread=SIZE_SPREAD,
        turnout_spread=turnout_spread,
        lean_spread=0.0,
        leader_spread=leader_spread,
    )
