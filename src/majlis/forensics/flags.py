"""Station-level flags: which polling stations drive each signal, so observers know where to look.

A flag is not a finding of fraud: it marks a station whose protocol is worth comparing with
the observers' copy. Three families of flags are raised here:

* ``integer_turnout`` / ``integer_share``: the turnout or the leader's share is an exact
  whole percentage (Kobak, Shpilkin & Pshenichnikov, "Integer percentages as electoral
  falsification fingerprints", Annals of Applied Statistics 10(1), 2016), decided in exact
  integer arithmetic (``100·a mod b = 0``) for stations with a denominator of at least
  ``min_denominator`` (small stations hit whole percentages by chance too often to matter);
  a turnout of 100 % or more is not a "whole percent" but ``full_turnout`` (every registered
  voter took a ballot), or ``extreme`` when the share is also high, so such a station is
  flagged once for it; a 100 % share in the extreme corner is flagged only as ``extreme``;
* ``extreme``: turnout and leader share both at or above ``extreme`` (the (100 %, 100 %)
  corner of Klimek, Yegorov, Hanel & Thurner, PNAS 109(41), 2012);
* ``turnout_outlier`` / ``share_outlier``: the station is far from the other stations of its
  territory — modified z-score ``0.6745·(x − median)/MAD`` beyond ``z_limit`` (Iglewicz &
  Hoaglin, "How to Detect and Handle Outliers", 1993: 3.5).

Known deviations: when a territory's MAD is zero the mean absolute deviation scaled by
1.2533 is used instead (as IBM SPSS does), and territories with fewer than 5 stations are
never tested for outliers; further flags (e.g. Rozenas spike membership) can be merged with
:meth:`StationFlags.merged`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["StationFlags", "robust_z", "station_flags"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class StationFlags:
    """Boolean flags per station by name, with the territory z-scores behind the outliers."""

    flags: Mapping[str, BoolArray]
    turnout_z: FloatArray
    share_z: FloatArray

    @property
    def score(self) -> IntArray:
        """Number of flags raised at each station."""
        total = np.zeros(len(self.turnout_z), dtype=np.int64)
        for f in self.flags.values():
            total += f
        return total

    def counts(self) -> dict[str, int]:
        """Number of stations raising each flag."""
        return {name: int(f.sum()) for name, f in self.flags.items()}

    def ranked(self, *, limit: int = 50) -> IntArray:
        """Indices of flagged stations, most flags first, then the largest |z|."""
        score = self.score
        strength = np.nan_to_num(np.maximum(np.abs(self.turnout_z), np.abs(self.share_z)))
        order = np.lexsort((-strength, -score))
        order = order[score[order] > 0]
        return np.asarray(order[:limit], dtype=np.int64)

    def merged(self, extra: Mapping[str, npt.ArrayLike]) -> StationFlags:
        """A copy with more named flags (e.g. ``{"rozenas_spike": result.flagged}``)."""
        flags = dict(self.flags)
        for name, values in extra.items():
            flags[name] = np.asarray(values, dtype=bool)
        return StationFlags(flags, self.turnout_z, self.share_z)


def _whole_percent(
    numerator: FloatArray, denominator: FloatArray, min_denominator: int
) -> BoolArray:
    ok = (
        np.isfinite(numerator) & np.isfinite(denominator) & (denominator >= max(1, min_denominator))
    )
    a = np.where(ok, numerator, 0).astype(np.int64)
    b = np.where(ok, denominator, 1).astype(np.int64)
    return np.asarray(ok & ((100 * a) % b == 0), dtype=bool)


def _group_median(
    values: FloatArray, codes: IntArray, n_groups: int
) -> tuple[FloatArray, IntArray]:
    """Median of the finite values of each group, and the group sizes."""
    ok = np.isfinite(values)
    order = np.lexsort((values[ok], codes[ok]))
    v, c = values[ok][order], codes[ok][order]
    sizes = np.bincount(c, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    lo = starts + np.maximum(sizes - 1, 0) // 2
    hi = starts + sizes // 2
    med = np.full(n_groups, np.nan)
    has = sizes > 0
    med[has] = (v[lo[has]] + v[np.minimum(hi[has], len(v) - 1)]) / 2
    return med, sizes


def robust_z(values: npt.ArrayLike, groups: npt.ArrayLike) -> FloatArray:
    """Modified z-score of each value against the median and MAD of its group.

    NaN where the value is missing or its group has fewer than 5 finite values.

    >>> robust_z([1.0, 1.1, 0.9, 1.0, 1.05, 3.0], ["a"] * 6).round(1).tolist()
    [0.0, 0.9, -0.9, 0.0, 0.4, 17.5]
    """
    x = np.asarray(values, dtype=np.float64)
    _, codes = np.unique(np.asarray(groups).astype(str), return_inverse=True)
    codes = codes.astype(np.int64)
    n_groups = int(codes.max()) + 1 if len(codes) else 0
    med, sizes = _group_median(x, codes, n_groups)
    dev = np.abs(x - med[codes])
    mad, _ = _group_median(dev, codes, n_groups)
    ok = np.isfinite(dev)
    mean_ad = np.bincount(codes[ok], weights=dev[ok], minlength=n_groups) / np.maximum(sizes, 1)
    with np.errstate(all="ignore"):
        z = np.where(
            mad[codes] > 0,
            0.6745 * (x - med[codes]) / mad[codes],
            (x - med[codes]) / (1.253314 * mean_ad[codes]),
        )
    z = np.where(np.isfinite(z), z, np.where(dev == 0, 0.0, np.nan))
    return np.asarray(np.where(sizes[codes] >= 5, z, np.nan), dtype=np.float64)


def station_flags(
    registered: npt.ArrayLike,
    ballots: npt.ArrayLike,
    leader: npt.ArrayLike,
    *,
    share_denominator: npt.ArrayLike | None = None,
    territory: npt.ArrayLike | None = None,
    extreme: float = 0.9,
    z_limit: float = 3.5,
    min_denominator: int = 100,
) -> StationFlags:
    """Flag the stations behind the integer, extreme-corner and outlier signals.

    Args:
        registered: registered voters per station.
        ballots: ballots issued per station (turnout numerator).
        leader: votes for the leading list per station.
        share_denominator: denominator of the leader's share (defaults to ``ballots``).
        territory: territory label per station (no outlier flags when omitted).
        extreme: turnout and share both at or above this mark the extreme corner.
        z_limit: |modified z| beyond which a station is an outlier in its territory.
        min_denominator: smallest denominator for which a whole percentage is flagged.
    """
    reg = np.asarray(registered, dtype=np.float64)
    bal = np.asarray(ballots, dtype=np.float64)
    lead = np.asarray(leader, dtype=np.float64)
    den = bal if share_denominator is None else np.asarray(share_denominator, dtype=np.float64)
    with np.errstate(all="ignore"):
        turnout = np.where(reg > 0, bal / reg, np.nan)
        share = np.where(den > 0, lead / den, np.nan)
    if territory is None:
        tz = sz = np.full(len(reg), np.nan)
    else:
        tz, sz = robust_z(turnout, territory), robust_z(share, territory)
    corner = np.asarray((turnout >= extreme) & (share >= extreme), dtype=bool)
    full = np.asarray(turnout >= 1, dtype=bool)
    flags = {
        # a 100 % turnout is flagged once: as extreme in the corner, else as full_turnout
        "integer_turnout": _whole_percent(bal, reg, min_denominator) & ~full,
        "integer_share": _whole_percent(lead, den, min_denominator) & ~(corner & (share >= 1)),
        "full_turnout": full & ~corner & (reg >= max(1, min_denominator)),
        "extreme": corner,
        "turnout_outlier": np.asarray(np.abs(tz) > z_limit, dtype=bool),
        "share_outlier": np.asarray(np.abs(sz) > z_limit, dtype=bool),
    }
    return StationFlags(flags, tz, sz)
