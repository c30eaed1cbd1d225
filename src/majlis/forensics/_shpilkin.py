"""Shpilkin's excess-vote estimate: what the leader got beyond the clean turnout peak.

In a clean election the votes of every party rise and fall together with turnout: the
leader's share does not depend on how many people came. Shpilkin bins the stations by
turnout, takes the lowest-turnout mode of the voter-weighted turnout histogram as the clean
regime (fraud only moves stations to higher turnout, so the leftmost mode is the least touched),
measures there the ratio of the leader's votes to everybody else's, and then, in every
bin beyond the peak, attributes to ballot stuffing and rewriting the leader's votes in
excess of that ratio times the other ballots.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import signal

from majlis.errors import InputError
from majlis.forensics._stations import Stations

__all__ = ["ShpilkinResult", "shpilkin_excess"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class ShpilkinResult:
    """The excess-vote estimate of one election.

    Attributes:
        peak_turnout: centre of the clean turnout peak, in percent.
        clean_share: the leader's share of ballots cast at turnout up to the peak.
        anomalous_votes: leader votes beyond ``clean ratio x other ballots`` above the peak.
        stuffed_votes, switched_votes: ``anomalous_votes`` split into ballots added
            (stuffing) and other lists' votes moved to the leader (switching): switching
            is what the other lists lack above the peak against their clean votes per
            registered voter, stuffing the rest.
        pseudo_stations: stations left out as too large to be polling stations (remote
            e-voting "stations"; see ``pseudo_station_factor``).
        official_share, official_turnout: the leader's share of ballots cast and the
            turnout (ballots cast / registered) as reported, in the stations used.
        corrected_share: ``(leader - anomalous) / (cast - anomalous)``.
        corrected_turnout: ``(cast - anomalous) / registered``: the turnout without the
            anomalous ballots (Shpilkin's "real" turnout, assuming pure stuffing).
        edges: turnout bin edges in percent.
        voters, leader, others, expected_leader: per-bin sums (registered voters, leader
            votes, other ballots cast, and the leader votes the clean ratio predicts).
        above_peak: per-station flag (over all input stations) for stations in bins above
            the peak whose leader share exceeds the clean share: where the excess lives.
        included: the stations used.
    """

    peak_turnout: float
    clean_share: float
    anomalous_votes: float
    stuffed_votes: float
    switched_votes: float
    pseudo_stations: int
    official_share: float
    official_turnout: float
    corrected_share: float
    corrected_turnout: float
    edges: Floats
    voters: Floats
    leader: Floats
    others: Floats
    expected_leader: Floats
    above_peak: npt.NDArray[np.bool_]
    included: npt.NDArray[np.bool_]


def _smooth(values: Floats, width: int) -> Floats:
    if width <= 1:
        return values
    kernel = np.ones(width) / width
    return np.convolve(values, kernel, mode="same")


def _clean_peak(
    smooth: Floats,
    centres: Floats,
    peak_range: tuple[float, float],
    min_height: float,
    min_prominence: float,
) -> int:
    """The bin of the lowest-turnout mode in ``peak_range`` (else the highest bin there)."""
    window = np.flatnonzero((centres >= peak_range[0]) & (centres <= peak_range[1]))
    if window.size == 0:
        raise InputError.expected(
            what="The 'peak_range' parameter",
            expected="an interval of turnout (percent) holding a bin centre",
            got=peak_range,
        )
    top = float(smooth.max())
    modes, _ = signal.find_peaks(smooth, height=min_height * top, prominence=min_prominence * top)
    inside = modes[(modes >= window[0]) & (modes <= window[-1])]
    if inside.size:
        return int(inside[0])
    return int(window[np.argmax(smooth[window])])


def shpilkin_excess(
    stations: Stations,
    *,
    bin_width: float = 1.0,
    smoothing: int = 5,
    peak_range: tuple[float, float] = (5.0, 95.0),
    min_height: float = 0.1,
    min_prominence: float = 0.005,
    ballots: str = "ballots_cast",
    pseudo_station_factor: float | None = 10.0,
) -> ShpilkinResult:
    """Estimate the leader's anomalous votes by Shpilkin's clean-peak method.

    Args:
        stations: the protocols (turnout = ballots cast / registered; the leader's share
            is of ballots cast, so invalid ballots count among the "others").
        bin_width: turnout bin width in percentage points.
        smoothing: width (in bins) of the moving average applied before locating the peak.
        peak_range: turnout interval (percent) searched for the clean peak; the upper end
            keeps the 100% spike of stuffed stations from being taken as the peak.
        min_height, min_prominence: a local maximum of the smoothed histogram is a mode
            when its height and its prominence reach these fractions of the highest bin;
            the clean peak is the lowest-turnout mode in ``peak_range`` (the highest bin
            there when it has none). Russia 2024: modes at 40.5%, 62.5%, 74.5% and 86.5%;
            the highest (86.5%) is the stuffed mode, the clean one is at 40.5%.
        pseudo_station_factor: leave out stations with more registered voters than this
            multiple of the median station (Russia 2021's remote e-voting "stations" hold
            20,772-171,979 voters; the largest real station 7,980, the median about
            1,500); ``None`` keeps every station.
        ballots: the protocol line used for turnout and as the share's denominator
            (``ballots_cast`` by default; ``valid`` or ``ballots_issued`` also work).

    Source: S. Shpilkin, "Статистическое исследование результатов российских выборов
    2007-2011 годов", Электоральная политика 2 (2011); the method as restated in
    Kobak, Shpilkin & Pshenichnikov, "Statistical fingerprints of electoral fraud?",
    Significance 13(4):20-23 (2016).

    Known deviations: Shpilkin chooses the clean region by eye for each election (and in
    2021 by a minimum-covariance-determinant fit); here it is the lowest-turnout mode of
    the smoothed, voter-weighted turnout histogram, and the clean ratio is measured on all
    stations at or below it. Bins above the peak with fewer leader votes than predicted
    count as zero, not as negative excess. The stuffing/switching split assumes the other
    lists' votes per registered voter would have stayed at their clean level above the
    peak; we could not check it against EFToolkit's code, which we did not find.
    """
    if bin_width <= 0 or smoothing < 1:
        raise InputError.expected(
            what="The 'bin_width' and 'smoothing' parameters",
            expected="positive",
            got=(bin_width, smoothing),
        )
    registered = stations.registered.astype(np.float64)
    cast = stations.line(ballots).astype(np.float64)
    leader = stations.leader.astype(np.float64)
    included = (registered > 0) & (cast > 0) & (cast <= registered) & (leader <= cast)
    pseudo = np.zeros(stations.size, dtype=bool)
    if pseudo_station_factor is not None and included.any():
        pseudo = registered > pseudo_station_factor * float(np.median(registered[included]))
        included &= ~pseudo
    if not included.any():
        raise InputError.expected(
            what="The stations", expected="at least one with voters and ballots", got=0
        )
    n, b, v = registered[included], cast[included], leader[included]
    turnout = 100.0 * b / n
    edges = np.arange(0.0, 100.0 + bin_width, bin_width)
    index = np.clip(np.digitize(turnout, edges) - 1, 0, edges.size - 2)
    nbins = edges.size - 1
    voters_by_bin: Floats = np.bincount(index, weights=n, minlength=nbins).astype(np.float64)
    leader_by_bin: Floats = np.bincount(index, weights=v, minlength=nbins).astype(np.float64)
    others_by_bin: Floats = np.bincount(index, weights=b - v, minlength=nbins).astype(np.float64)
    centres = (edges[:-1] + edges[1:]) / 2
    smooth = _smooth(voters_by_bin, smoothing)
    peak_bin = _clean_peak(smooth, centres, peak_range, min_height, min_prominence)
    clean = np.arange(nbins) <= peak_bin
    ratio = leader_by_bin[clean].sum() / max(others_by_bin[clean].sum(), 1.0)
    expected = ratio * others_by_bin
    excess_by_bin = np.where(~clean, np.maximum(leader_by_bin - expected, 0.0), 0.0)
    anomalous = float(excess_by_bin.sum())
    others_rate = others_by_bin[clean].sum() / max(voters_by_bin[clean].sum(), 1.0)
    missing = np.maximum(others_rate * voters_by_bin - others_by_bin, 0.0)
    switched = float(np.minimum(missing, excess_by_bin).sum())
    total_leader, total_cast, total_registered = v.sum(), b.sum(), n.sum()
    above = np.zeros(stations.size, dtype=bool)
    clean_share = ratio / (1.0 + ratio)
    above[included] = (index > peak_bin) & (v / b > clean_share)
    return ShpilkinResult(
        peak_turnout=float(centres[peak_bin]),
        clean_share=float(clean_share),
        anomalous_votes=anomalous,
        stuffed_votes=anomalous - switched,
        switched_votes=switched,
        pseudo_stations=int(pseudo.sum()),
        official_share=float(total_leader / total_cast),
        official_turnout=float(total_cast / total_registered),
        corrected_share=float((total_leader - anomalous) / (total_cast - anomalous)),
        corrected_turnout=float((total_cast - anomalous) / total_registered),
        edges=edges,
        voters=voters_by_bin,
        leader=leader_by_bin,
        others=others_by_bin,
        expected_leader=expected,
        above_peak=above,
        included=included,
    )
