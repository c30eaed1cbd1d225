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

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

__all__ = ["integer_flags", "integer_probabilities", "integer_probability"]

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


@dataclass(frozen=True, slots=True)
class _CountTable:
    """Per distinct station size: each percent's first integer count, its norm, how many.

    Rows are the sorted distinct sizes, columns the percents 0-100: ``lo`` is the first count
    reading as k% (deduplicated against lower percents), ``norm`` is
    ``-log(lo!) - log((m - lo)!)``, the count-dependent part of the binomial log mass
    (``-inf`` where the window is empty), ``counts`` how many counts read as k%, and
    ``multi`` whether any window of the size holds more than one count.
    """

    sizes: Floats
    lo: Floats
    norm: Floats
    counts: Floats
    multi: npt.NDArray[np.bool_]

    @classmethod
    def build(cls, m: Floats, tolerance: float | None, inclusive: bool) -> _CountTable:
        """The table of every distinct size in ``m`` (a few thousand in a national table)."""
        sizes = np.unique(m)
        lo, hi = _bounds(sizes, np.tile(_K, (sizes.size, 1)), tolerance, inclusive)
        lo = _dedupe(lo, hi)
        counts = np.maximum(hi - lo + 1, 0.0)
        log_fact = _log_factorials(int(sizes.max(initial=0)))
        x = np.clip(lo, 0, sizes[:, None]).astype(np.int64)
        m_x = sizes.astype(np.int64)[:, None] - x
        norm = np.where(counts > 0, -log_fact[x] - log_fact[m_x], -np.inf)
        return cls(sizes, lo, norm, counts, np.asarray((counts > 1).any(axis=1), dtype=bool))


def _log_factorials(top: int) -> Floats:
    return np.asarray(special.gammaln(np.arange(top + 2, dtype=np.float64) + 1), dtype=np.float64)


_CELLS = 1 << 15  # (station, percent) cells per block: keeps a block's arrays in cache


def _block_mass(
    table: _CountTable,
    row: npt.NDArray[np.intp],
    m: Floats,
    p: Floats,
    k_lo: Ints,
    width: int,
    log_fact: Floats,
) -> Floats:
    """Binomial mass on the integer counts of percents ``k_lo .. k_lo + width - 1``, per station.

    ``p`` lies strictly between 0 and 1 and ``k_lo + width <= 101``. The block is one dense
    (station x percent) array: the first count of each percent's window gets its mass from
    the table's log norm, the further counts of a window (large stations) by the pmf ratio
    ``(m - x) / (x + 1) * p / q``.
    """
    cell = (row * 101 + k_lo)[:, None] + np.arange(width)[None, :]
    lo = table.lo.ravel()[cell]
    log_odds = np.log(p) - np.log1p(-p)
    log_mass = lo * log_odds[:, None]
    log_mass += (log_fact[m.astype(np.int64)] + m * np.log1p(-p))[:, None]
    log_mass += table.norm.ravel()[cell]
    mass = np.exp(log_mass, out=log_mass)
    total = mass.sum(axis=1)
    multi = np.flatnonzero(table.multi[row])
    if multi.size:
        counts = table.counts.ravel()[cell[multi]]
        x, more = lo[multi], mass[multi]
        trials, odds = m[multi, None], np.exp(log_odds[multi, None])
        for j in range(1, int(counts.max())):
            more *= (trials - x) / (x + 1.0) * odds
            x += 1.0
            total[multi] += np.where(counts > j, more, 0.0).sum(axis=1)
    return np.asarray(total, dtype=np.float64)


# the tail bound's constants: with L = ln(2e12), t solves t² = 2 L (σ² + t/3), that is
# t = L/3 + sqrt((L/3)² + 2 L σ²)
_TAIL = float(np.log(2e12))
_BERNSTEIN_A = _TAIL / 3
_BERNSTEIN_B = (_TAIL / 3) ** 2
_BERNSTEIN_C = 2 * _TAIL


def integer_probability(
    m: Ints, p: Floats, *, tolerance: float | None = None, inclusive: bool = False
) -> Floats:
    """P(a Binomial(m, p) count reads as an integer percentage), exactly, per station.

    Each station evaluates the integer percents within ``t`` counts (plus the tolerance) of
    ``100 p``, where Bernstein's inequality bounds the neglected mass by 1e-12:
    ``P(|X - mp| >= t) <= 2 exp(-t² / (2 (σ² + t/3)))`` with ``σ² = m p (1 - p)``, so
    ``t = 9.4 + sqrt(89.1 + 56.6 σ²)`` (about 7.5 σ for a large station, and some 19 counts
    for a small or lopsided one, whose tails a normal reach would cut). Stations are taken
    in blocks of similar reach, each a dense (station x percent) array small enough to stay
    in cache, with the count-dependent part of each mass read from a per-size table.
    """
    return integer_probabilities([(m, p)], tolerance=tolerance, inclusive=inclusive)[0]


def integer_probabilities(
    pairs: list[tuple[Ints, Floats]], *, tolerance: float | None = None, inclusive: bool = False
) -> list[Floats]:
    """:func:`integer_probability` of several ``(m, p)`` pairs, sharing one table of sizes."""
    sizes = np.concatenate([m for m, _ in pairs]).astype(np.float64)
    table = _CountTable.build(sizes[sizes > 0], tolerance, inclusive)
    return [_probability(table, m, p, tolerance, inclusive) for m, p in pairs]


def _probability(
    table: _CountTable, m: Ints, p: Floats, tolerance: float | None, inclusive: bool
) -> Floats:
    mf = m.astype(np.float64)
    pf = np.asarray(p, dtype=np.float64)
    out = np.zeros(mf.shape[0])
    edge = (mf > 0) & ((pf <= 0) | (pf >= 1))
    if edge.any():  # all the mass on 0 or on m
        x = np.where(pf[edge] >= 1, m[edge], 0)
        out[edge] = integer_flags(x, m[edge], tolerance=tolerance, inclusive=inclusive)
    inner = np.flatnonzero((mf > 0) & (pf > 0) & (pf < 1))
    if inner.size == 0:
        return out
    mp, pp = mf[inner], pf[inner]
    row = np.searchsorted(table.sizes, mp).astype(np.intp)
    counts = _BERNSTEIN_A + np.sqrt(_BERNSTEIN_B + _BERNSTEIN_C * mp * pp * (1 - pp))
    reach = np.ceil(100.0 * counts / mp + (tolerance or 0.0) + 100.0 / mp + 1.0)
    centre = np.rint(100.0 * pp)
    k_lo = np.maximum(centre - reach, 0).astype(np.int64)
    width = np.minimum(centre + reach, 100).astype(np.int64) - k_lo + 1
    log_fact = _log_factorials(int(mp.max()))
    order = np.argsort(width, kind="stable")  # blocks of similar width waste few cells
    total = np.empty(inner.size)
    start = 0
    while start < order.size:
        guess = min(order.size, start + max(1, _CELLS // int(width[order[start]])))
        top = int(width[order[guess - 1]])
        block = order[start : min(guess, start + max(1, _CELLS // top))]
        first = np.minimum(k_lo[block], 101 - top)  # the window stays within 0-100 %
        total[block] = _block_mass(table, row[block], mp[block], pp[block], first, top, log_fact)
        start += block.size
    out[inner] = np.minimum(total, 1.0)
    return out
