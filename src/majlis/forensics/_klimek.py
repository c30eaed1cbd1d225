"""The turnout x winner-share fingerprint (Klimek, Yegorov, Hanel & Thurner, PNAS 2012).

Every station is a point (turnout, winner share). A clean election is one compact blob;
ballot stuffing drags stations towards high turnout *and* high winner share, and
wholesale invention of results puts a second cluster at (100%, 100%).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from majlis.errors import InputError
from majlis.forensics._stations import Stations

__all__ = ["Fingerprint", "fingerprint", "turnout_share"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """The fingerprint of one election.

    Attributes:
        edges: bin edges (fractions, 0..1) of both axes.
        histogram: voters-weighted 2D histogram, ``histogram[i, j]`` = turnout bin i,
            winner-share bin j, normalised to sum 1.
        cumulative_turnout: turnout grid (fractions) of the cumulative curve.
        cumulative_votes: share of all winner votes cast in stations with turnout up to
            each grid value (Klimek et al., Fig. 3).
        corner_share: share of voters in stations with turnout and winner share both at
            least ``corner`` (the smear to (100%, 100%)).
        corner_station_share: the unweighted share of stations there (Klimek et al.
            count units; the voter weight lets a few large stations dominate).
        corner: the corner threshold used.
        log_vote_rate_skewness, log_vote_rate_kurtosis: skewness and excess kurtosis of
            the logarithmic vote rate ``ln((valid - winner) / winner)`` (Klimek et al.,
            Eq. 1), over stations with 0 < winner < valid.
        turnout_kurtosis: excess kurtosis of ``ln((registered - valid) / valid)``.
        included: the stations used.
    """

    edges: Floats
    histogram: Floats
    cumulative_turnout: Floats
    cumulative_votes: Floats
    corner_share: float
    corner_station_share: float
    corner: float
    log_vote_rate_skewness: float
    log_vote_rate_kurtosis: float
    turnout_kurtosis: float
    included: npt.NDArray[np.bool_]


def turnout_share(stations: Stations) -> tuple[Floats, Floats, Floats, npt.NDArray[np.bool_]]:
    """Turnout (valid / registered), winner share (winner / valid), registered, mask.

    Klimek et al. use valid votes for both ratios; stations without voters or valid
    votes, or with more valid votes than voters, are excluded.
    """
    registered = stations.registered.astype(np.float64)
    valid = stations.line("valid").astype(np.float64)
    winner = stations.leader.astype(np.float64)
    included = (registered > 0) & (valid > 0) & (valid <= registered) & (winner <= valid)
    if not included.any():
        raise InputError.expected(
            what="The stations", expected="at least one with voters and valid votes", got=0
        )
    n, v, w = registered[included], valid[included], winner[included]
    return v / n, w / v, n, included


def _kurtosis(values: Floats) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size < 4:
        return float("nan"), float("nan")
    return float(stats.skew(finite)), float(stats.kurtosis(finite))


def fingerprint(stations: Stations, *, bins: int = 100, corner: float = 0.9) -> Fingerprint:
    """The 2D turnout x winner-share histogram, cumulative-vote curve and tail statistics.

    Args:
        stations: the protocols (valid votes and the winner's votes are used).
        bins: bins per axis (100 = 1% bins).
        corner: threshold for the (100%, 100%) corner share.

    Source: P. Klimek, Y. Yegorov, R. Hanel & S. Thurner (2012), Statistical detection of
    systematic election irregularities, PNAS 109(41):16469-16473.

    Known deviations: the histogram is weighted by registered voters (Kobak's convention)
    rather than counting stations, which keeps tiny stations from dominating; the
    kurtosis is computed on station values, not on the paper's rescaled, pooled units.
    """
    if bins < 2 or not 0 < corner < 1:
        raise InputError.expected(
            what="The 'bins' and 'corner' parameters",
            expected="bins >= 2 and 0 < corner < 1",
            got=(bins, corner),
        )
    turnout, share, registered, included = turnout_share(stations)
    edges = np.linspace(0.0, 1.0, bins + 1)
    histogram, _, _ = np.histogram2d(turnout, share, bins=(edges, edges), weights=registered)
    histogram = histogram / histogram.sum()
    valid = stations.line("valid")[included].astype(np.float64)
    winner = stations.leader[included].astype(np.float64)
    order = np.argsort(turnout, kind="stable")
    cumulative = np.cumsum(winner[order]) / max(winner.sum(), 1.0)
    grid = edges[1:]
    positions = np.searchsorted(turnout[order], grid, side="right")
    cumulative_votes = np.where(positions > 0, cumulative[np.maximum(positions - 1, 0)], 0.0)
    in_corner = (turnout >= corner) & (share >= corner)
    inner = (winner > 0) & (winner < valid)
    skew, kurt = _kurtosis(np.log((valid[inner] - winner[inner]) / winner[inner]))
    nonvoters = registered - valid
    voting = (valid > 0) & (nonvoters > 0)
    _, turnout_kurt = _kurtosis(np.log(nonvoters[voting] / valid[voting]))
    return Fingerprint(
        edges=edges,
        histogram=histogram,
        cumulative_turnout=grid,
        cumulative_votes=cumulative_votes,
        corner_share=float(registered[in_corner].sum() / registered.sum()),
        corner_station_share=float(in_corner.mean()),
        corner=corner,
        log_vote_rate_skewness=skew,
        log_vote_rate_kurtosis=kurt,
        turnout_kurtosis=turnout_kurt,
        included=included,
    )
