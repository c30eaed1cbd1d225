"""Which counts give an integer percentage, and how likely a binomial count lands there.

With a ``tolerance`` in percentage points, a count ``x`` out of ``m`` is *integer* when
``100 x / m`` lies within ``±tolerance`` of an integer (0.05: the percentage shown with
one decimal ends in .0). ``inclusive=True`` (Kobak's notebooks) closes that window, with
the test evaluated in float64 exactly as ``abs(p - round(p)) <= tolerance`` for
``p = 100 * x / m``; ``inclusive=False`` leaves it open (strictly within).
With ``tolerance=None`` it is integer when it is the count nearest to an integer
percentage ``k`` of ``m`` (``x == round(k * m / 100)``): with whole ballots that is the
best a commission can do to "draw" k%.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import special

__all__ = ["integer_flags", "integer_probability"]

_K = np.arange(101, dtype=np.float64)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def _reads(x: Floats, m: Floats, k: Floats, tolerance: float) -> npt.NDArray[np.bool_]:
    """The float64 test of the closed window: ``|100 x / m - k| <= tolerance``."""
    return np.abs(100.0 * x / m - k) <= tolerance


def _closed_bounds(m: Floats, k: Floats, tolerance: float) -> tuple[Floats, Floats]:
    """Count intervals of the closed window, nudged so they agree with the float test."""
    mm = m[:, None]
    lo = np.ceil((k - tolerance) * mm / 100.0)
    hi = np.floor((k + tolerance) * mm / 100.0)
    # the exact first and last counts differ from lo and hi by at most one
    first = np.where(_reads(lo, mm, k, tolerance), lo, lo + 1)
    lo = np.where(_reads(lo - 1, mm, k, tolerance), lo - 1, first)
    last = np.where(_reads(hi, mm, k, tolerance), hi, hi - 1)
    hi = np.where(_reads(hi + 1, mm, k, tolerance), hi + 1, last)
    return np.maximum(lo, 0.0), np.minimum(hi, mm)


def _bounds(
    m: Floats, k: Floats, tolerance: float | None, inclusive: bool = False
) -> tuple[Floats, Floats]:
    """Inclusive count intervals [lo, hi] that read as k% of m (one row per station)."""
    if tolerance is None:
        centre = np.rint(k * m[:, None] / 100.0)
        return centre, centre.copy()
    if inclusive:
        return _closed_bounds(m, k, tolerance)
    # strictly within the tolerance; the 1e-9 absorbs rounding at exact boundaries
    lo = np.floor((k - tolerance) * m[:, None] / 100.0 + 1e-9) + 1
    hi = np.ceil((k + tolerance) * m[:, None] / 100.0 - 1e-9) - 1
    return np.maximum(lo, 0.0), np.minimum(hi, m[:, None])


def _dedupe(lo: Floats, hi: Floats) -> Floats:
    """Clip each interval so it does not overlap the previous one; returns the new lo."""
    previous = np.full(lo.shape[0], -1.0)
    lo = lo.copy()
    for j in range(lo.shape[1]):
        lo[:, j] = np.maximum(lo[:, j], previous + 1)
        previous = np.maximum(previous, hi[:, j])
    return lo


def integer_flags(
    x: Ints, m: Ints, *, tolerance: float | None = None, inclusive: bool = False
) -> npt.NDArray[np.bool_]:
    """Whether each count ``x`` of ``m`` reads as an integer percentage (``m == 0``: False)."""
    mf = m.astype(np.float64)
    safe = np.maximum(mf, 1.0)
    if inclusive and tolerance is not None:
        p = 100.0 * x / safe
        return (np.abs(p - np.rint(p)) <= tolerance) & (m > 0)
    k0 = np.rint(100.0 * x / safe)
    hit = np.zeros(x.shape, dtype=bool)
    for shift in (-1.0, 0.0, 1.0):
        k = np.clip(k0 + shift, 0, 100)[:, None]
        lo, hi = _bounds(mf, k, tolerance)
        hit |= (lo[:, 0] <= x) & (x <= hi[:, 0])
    return hit & (m > 0)


def _count_table(
    m: Floats, tolerance: float | None, inclusive: bool
) -> tuple[Floats, Floats, npt.NDArray[np.intp]]:
    """Count intervals reading as k% for every distinct ``m`` and every k (deduplicated).

    The intervals depend on ``m`` alone, and a national table has a few thousand distinct
    station sizes among ~100,000 stations, so they are computed once per size; returns
    ``lo``, ``hi`` of shape ``(distinct sizes, 101)`` and each station's row.
    """
    sizes, row = np.unique(m, return_inverse=True)
    lo, hi = _bounds(sizes, np.tile(_K, (sizes.size, 1)), tolerance, inclusive)
    return _dedupe(lo, hi), hi, row.astype(np.intp)


def _expand(counts: Ints) -> tuple[Ints, Ints]:
    """For ragged rows of ``counts[i]`` items: each item's row and its position in the row."""
    owner = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    first = np.cumsum(counts) - counts
    return owner, np.arange(owner.size, dtype=np.int64) - first[owner]


def integer_probability(
    m: Ints, p: Floats, *, tolerance: float | None = None, inclusive: bool = False
) -> Floats:
    """P(a Binomial(m, p) count reads as an integer percentage), exactly, per station.

    Each station evaluates only the integer percents within 7 binomial standard
    deviations (plus the tolerance) of ``100 p``; the neglected mass is below 1e-11.
    The (station, percent, count) cells are laid out flat, so the binomial masses are
    one vectorised pass over the cells that exist, from a table of log factorials.
    """
    mf = m.astype(np.float64)
    positive = np.flatnonzero(mf > 0)
    if positive.size == 0:
        return np.zeros(mf.shape[0])
    mp, pp = mf[positive], p[positive]
    lo_table, hi_table, row = _count_table(mp, tolerance, inclusive)
    sd_points = 100.0 * np.sqrt(np.maximum(mp * pp * (1 - pp), 0.0)) / mp
    reach = np.ceil(7.0 * sd_points + (tolerance or 0.0) + 100.0 / mp + 1.0)
    centre = np.rint(100.0 * pp)
    k_lo = np.maximum(centre - reach, 0).astype(np.int64)
    k_hi = np.minimum(centre + reach, 100).astype(np.int64)
    station, step = _expand(k_hi - k_lo + 1)
    cell = row[station] * 101 + k_lo[station] + step
    lo, hi = lo_table.ravel()[cell], hi_table.ravel()[cell]
    owner, offset = _expand(np.maximum(hi - lo + 1, 0).astype(np.int64))
    station = station[owner]
    x = lo[owner].astype(np.int64) + offset
    trials = mp.astype(np.int64)[station]
    log_fact = special.gammaln(np.arange(int(mp.max()) + 2, dtype=np.float64) + 1)
    with np.errstate(divide="ignore"):
        log_p = np.where(pp > 0, np.log(pp), -1e300)
        log_q = np.where(pp < 1, np.log1p(-pp), -1e300)
    log_mass = log_fact[trials] - log_fact[x] - log_fact[trials - x]
    log_mass += x * log_p[station] + (trials - x) * log_q[station]
    total = np.bincount(station, weights=np.exp(log_mass), minlength=positive.size)
    out = np.zeros(mf.shape[0])
    out[positive] = np.minimum(total, 1.0)
    return out
