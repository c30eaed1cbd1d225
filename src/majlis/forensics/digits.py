"""Digit statistics of vote counts: second digit (Benford), last digit, 0/5 endings.

Sources: W. R. Mebane, "Election Forensics: The Second-Digit Benford's Law Test and Recent
American Presidential Elections" (2006) and "Fraud in the 2009 Presidential Election in
Iran?" (Chance 23, 2010); B. Beber & A. Scacco, "What the Numbers Say: A Digit-Based Test
for Election Fraud", Political Analysis 20(2), 2012. The indicator definitions follow the
Election Forensics Toolkit of K. Kalinin & W. R. Mebane (R package EFToolkit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

__all__ = [
    "BENFORD_SECOND_DIGIT",
    "ChiSquare",
    "chi_square",
    "last_digit",
    "percent_last_digit",
    "second_digit",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: P(second significant digit = d), d = 0..9, under Benford's law (mean 4.187).
BENFORD_SECOND_DIGIT: FloatArray = np.array(
    [sum(np.log10(1.0 + 1.0 / (10 * k + d)) for k in range(1, 10)) for d in range(10)]
)

#: Code of a missing digit (missing count, or a count with too few digits).
MISSING = 10


@dataclass(frozen=True, slots=True)
class ChiSquare:
    """Pearson χ² goodness-of-fit of observed digit counts against expected shares."""

    statistic: float
    df: int
    p_value: float
    n: int


def _as_counts(values: npt.ArrayLike) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    raw = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(raw) & (raw >= 0)
    return np.where(ok, np.rint(np.where(ok, raw, 0.0)), 0).astype(np.int64), ok


def last_digit(counts: npt.ArrayLike) -> IntArray:
    """Last decimal digit of each non-negative count; :data:`MISSING` (10) where missing.

    >>> last_digit([0, 7, 125, float("nan")]).tolist()
    [0, 7, 5, 10]
    """
    c, ok = _as_counts(counts)
    return np.where(ok, c % 10, MISSING).astype(np.int64)


def second_digit(counts: npt.ArrayLike) -> IntArray:
    """Second significant digit of each count ≥ 10; :data:`MISSING` (10) otherwise.

    >>> second_digit([5, 10, 47, 1234, float("nan")]).tolist()
    [10, 0, 7, 2, 10]
    """
    c, ok = _as_counts(counts)
    d = c.copy()
    while np.any(d >= 100):  # at most ~18 passes: strips trailing digits, never loops stations
        d = np.where(d >= 100, d // 10, d)
    return np.where(ok & (c >= 10), d % 10, MISSING).astype(np.int64)


def percent_last_digit(share: npt.ArrayLike) -> IntArray:
    """Last digit of the share in whole percent (rounded half to even); 10 where missing.

    >>> percent_last_digit([0.574, 0.125, 1.0, float("nan")]).tolist()
    [7, 2, 0, 10]
    """
    s = np.asarray(share, dtype=np.float64)
    ok = np.isfinite(s)
    pct = np.round(np.where(ok, s, 0.0) * 100.0).astype(np.int64)
    return np.where(ok, np.abs(pct) % 10, MISSING).astype(np.int64)


def chi_square(digits: npt.ArrayLike, expected: npt.ArrayLike) -> ChiSquare:
    """χ² test of digit codes (0..9; :data:`MISSING` ignored) against expected shares."""
    d = np.asarray(digits, dtype=np.int64)
    observed = np.bincount(d[d != MISSING], minlength=10)[:10].astype(np.float64)
    n = int(observed.sum())
    if n == 0:
        return ChiSquare(float("nan"), 9, float("nan"), 0)
    exp = np.asarray(expected, dtype=np.float64) * n
    statistic = float(((observed - exp) ** 2 / exp).sum())
    return ChiSquare(statistic, 9, float(stats.chi2.sf(statistic, 9)), n)
