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
_HALF_WINDOWS = (2, 4, 8, 16, 32, 101)  # integer percents evaluated each side of 100 p

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


def _log_pmf(values: Floats, m: Floats, p: Floats, log_m_fact: Floats) -> Floats:
    mm = m[:, None]
    pp = p[:, None]
    inside = (values >= 0) & (values <= mm)
    v = np.clip(values, 0, mm)
    out = (
        log_m_fact[:, None]
        - special.gammaln(v + 1)
        - special.gammaln(mm - v + 1)
        + special.xlogy(v, pp)
        + special.xlog1py(mm - v, -pp)
    )
    return np.where(inside, out, -np.inf)


def _probability_rows(
    m: Floats, p: Floats, k: Floats, tolerance: float | None, inclusive: bool
) -> Floats:
    lo, hi = _bounds(m, k, tolerance, inclusive)
    lo = _dedupe(lo, hi) if k.shape[1] > 1 else lo
    width = int(max(0.0, float((hi - lo).max(initial=0.0)))) + 1
    log_m_fact = special.gammaln(m + 1)
    total = np.zeros(m.shape[0])
    for j in range(width):
        values = lo + j
        mass = np.exp(_log_pmf(values, m, p, log_m_fact))
        total += np.where(values <= hi, mass, 0.0).sum(axis=1)
    return np.minimum(total, 1.0)


def integer_probability(
    m: Ints, p: Floats, *, tolerance: float | None = None, inclusive: bool = False
) -> Floats:
    """P(a Binomial(m, p) count reads as an integer percentage), exactly, per station.

    Each station evaluates only the integer percents within 7 binomial standard
    deviations (plus the tolerance) of ``100 p``; the neglected mass is below 1e-11.
    Stations are grouped by that window so the work stays vectorised.
    """
    mf = m.astype(np.float64)
    out = np.zeros(mf.shape[0])
    sd_points = 100.0 * np.sqrt(np.maximum(mf * p * (1 - p), 0.0)) / np.maximum(mf, 1.0)
    reach = 7.0 * sd_points + (tolerance or 0.0) + 100.0 / np.maximum(mf, 1.0) + 1.0
    lower = 0
    for half in _HALF_WINDOWS:
        group = (mf > 0) & (reach > lower) & ((reach <= half) | (half >= 100))
        lower = half
        if not group.any():
            continue
        if half >= 100:
            k = np.tile(_K, (int(group.sum()), 1))
        else:
            centre = np.rint(100.0 * p[group])
            offsets = np.arange(-half, half + 1, dtype=np.float64)
            k = np.clip(centre[:, None] + offsets[None, :], 0, 100)
        out[group] = _probability_rows(mf[group], p[group], k, tolerance, inclusive)
    return out
