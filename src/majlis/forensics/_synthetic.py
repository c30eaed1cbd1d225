"""Seeded synthetic elections with irregularities of known size, to measure the methods.

A clean station draws its turnout and the leader's share from smooth distributions and
its counts binomially; then a known share of stations is *stuffed* (a share of the
non-voters' ballots added for the leader) and another known share *drawn to order*
(turnout and leader's result set to the nearest integer percentage, as a commission
writing a target figure would).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.forensics._stations import Stations

__all__ = ["SyntheticElection", "synthetic_election"]


@dataclass(frozen=True, eq=False)
class SyntheticElection:
    """A synthetic election and the truth about it.

    Attributes:
        stations: the protocols.
        stuffed: which stations were stuffed.
        drawn: which stations had integer percentages written in.
        stuffed_ballots: ballots added for the leader in total.
    """

    stations: Stations
    stuffed: npt.NDArray[np.bool_]
    drawn: npt.NDArray[np.bool_]
    stuffed_ballots: int


def _nearest_integer_percent(
    x: npt.NDArray[np.int64], m: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    k = np.rint(100.0 * x / np.maximum(m, 1))
    return np.rint(k * m / 100.0).astype(np.int64)


def synthetic_election(
    n_stations: int,
    *,
    seed: int,
    stuffing_share: float = 0.0,
    stuffing_intensity: tuple[float, float] = (0.2, 0.6),
    drawn_share: float = 0.0,
    turnout: tuple[float, float] = (0.55, 0.08),
    leader_share: tuple[float, float] = (0.45, 0.08),
    mean_registered: float = 1000.0,
) -> SyntheticElection:
    """Generate one election of ``n_stations`` polling stations from ``seed``.

    Args:
        n_stations: number of stations.
        seed: the only source of randomness.
        stuffing_share: share of stations stuffed.
        stuffing_intensity: range of the share ``x`` of non-voters whose ballots are
            stuffed for the leader (uniform).
        drawn_share: share of (not stuffed) stations whose turnout and leader's result are
            rewritten to the nearest integer percentage.
        turnout, leader_share: mean and standard deviation of the clean station-level
            turnout and leader's share (normal, clipped to [0.02, 0.98]).
        mean_registered: mean station size (sizes are 100 + gamma-distributed).
    """
    for name, value in (("stuffing_share", stuffing_share), ("drawn_share", drawn_share)):
        if not 0 <= value <= 1:
            raise InputError.expected(
                what=f"The '{name}' parameter", expected="in [0, 1]", got=value
            )
    if n_stations < 1:
        raise InputError.expected(
            what="The 'n_stations' parameter", expected=">= 1", got=n_stations
        )
    rng = np.random.default_rng(seed)
    registered = 100 + rng.gamma(4.0, (mean_registered - 100) / 4.0, n_stations).astype(np.int64)
    p_turnout = np.clip(rng.normal(*turnout, n_stations), 0.02, 0.98)
    p_leader = np.clip(rng.normal(*leader_share, n_stations), 0.02, 0.98)
    issued = rng.binomial(registered, p_turnout)
    cast = issued - rng.binomial(issued, 0.002)  # a few ballots taken home
    invalid = rng.binomial(cast, 0.015)
    valid = cast - invalid
    leader = rng.binomial(valid, p_leader)

    kind = rng.random(n_stations)
    stuffed = kind < stuffing_share
    drawn = (kind >= stuffing_share) & (kind < stuffing_share + drawn_share)
    x = rng.uniform(*stuffing_intensity, n_stations)
    extra = np.where(stuffed, np.rint(x * (registered - issued)), 0).astype(np.int64)
    issued = issued + extra
    cast = cast + extra
    valid = valid + extra
    leader = leader + extra

    target_issued = _nearest_integer_percent(issued, registered)
    shift = np.where(drawn, target_issued - issued, 0)
    issued, cast, valid = issued + shift, cast + shift, valid + shift
    leader = np.minimum(leader, valid)
    target_leader = np.minimum(_nearest_integer_percent(leader, cast), valid)
    leader = np.where(drawn, target_leader, leader)
    return SyntheticElection(
        stations=Stations(
            registered=registered,
            leader=leader,
            ballots_issued=issued,
            ballots_cast=cast,
            valid=valid,
        ),
        stuffed=stuffed,
        drawn=drawn,
        stuffed_ballots=int(extra.sum()),
    )
