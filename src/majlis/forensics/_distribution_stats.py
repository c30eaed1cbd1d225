"""Vectorised per-group kernels of the distribution tests: digit χ² and means, moments, dip.

Every kernel takes the stations' values and their :class:`Groups` and returns one value per
group (and, where a band is drawn, its resampled values) without a Python loop over stations;
the sources and known deviations are in :mod:`majlis.forensics.distribution`.
"""

from __future__ import annotations

import warnings

import diptest
import numpy as np
import numpy.typing as npt
from scipy import stats

from majlis.forensics._resample import Groups
from majlis.forensics.digits import (
    MISSING,
    ChiSquare,
    last_digit,
    percent_last_digit,
    second_digit,
)

__all__ = [
    "COLUMNS",
    "dip_pvalues",
    "group_chi2",
    "group_index",
    "indicators",
    "pairs",
    "station_columns",
]

FloatArray = npt.NDArray[np.float64]


def group_index(groups: Groups, n: int) -> npt.NDArray[np.int64]:
    """The group number of each of the ``n`` stations."""
    g = np.empty(n, dtype=np.int64)
    g[groups.order] = np.repeat(np.arange(len(groups.sizes)), groups.sizes)
    return g


def group_chi2(
    codes: npt.NDArray[np.int64], groups: Groups, expected: FloatArray
) -> list[ChiSquare]:
    """χ² of the digit codes of every group against ``expected`` shares, in one pass."""
    g = group_index(groups, len(codes))
    counts = np.bincount(g * 11 + codes, minlength=11 * len(groups.sizes)).reshape(-1, 11)
    observed = counts[:, :10].astype(np.float64)
    n = observed.sum(axis=1)
    exp = n[:, None] * expected[None, :]
    with np.errstate(all="ignore"):
        statistic = ((observed - exp) ** 2 / exp).sum(axis=1)
    p = stats.chi2.sf(statistic, 9)
    nan = float("nan")
    return [
        ChiSquare(float(st), 9, float(pv), int(k)) if k else ChiSquare(nan, 9, nan, 0)
        for st, pv, k in zip(statistic, p, n, strict=True)
    ]


#: Columns of one target in :func:`station_columns`, in order.
COLUMNS = (
    "share",  # 1 where the share is finite (the moments' count)
    "d",  # the share minus its group's mean, and its powers 2 to 4
    "d2",
    "d3",
    "d4",
    "second valid",  # second digit present, its value
    "second",
    "last valid",  # last digit present, its value, whether it is 0 or 5
    "last",
    "last 05",
    "percent valid",  # whole percent present, whether it ends in 0 or 5
    "percent 05",
)


def station_columns(count: FloatArray, share: FloatArray, groups: Groups) -> FloatArray:
    """The per-station values whose group sums give every banded indicator of one target.

    ``share`` is already clipped at 1. The moments use the share centred on its group's mean
    (missing shares count in no sum); each digit indicator is a ratio of two column sums.
    """
    g = group_index(groups, len(share))
    ok = np.isfinite(share)
    x = np.where(ok, share, 0.0)
    sums = groups.sums(np.column_stack([ok, x]).astype(np.float64))
    with np.errstate(all="ignore"):
        centre = np.nan_to_num(sums[:, 1] / sums[:, 0])
    d = np.where(ok, x - centre[g], 0.0)
    second, last, percent = second_digit(count), last_digit(count), percent_last_digit(share)
    return np.column_stack(
        [
            ok,
            d,
            d**2,
            d**3,
            d**4,
            second != MISSING,
            np.where(second != MISSING, second, 0),
            last != MISSING,
            np.where(last != MISSING, last, 0),
            np.isin(last, (0, 5)),
            percent != MISSING,
            np.isin(percent, (0, 5)),
        ]
    ).astype(np.float64)


def _moments(sums: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Skewness and kurtosis from sums of (1, x, x², x³, x⁴) on the last axis."""
    c = sums[..., 0]
    m1, r2, r3, r4 = (sums[..., j] / c for j in range(1, 5))
    m2 = r2 - m1**2
    m3 = r3 - 3 * m1 * r2 + 2 * m1**3
    m4 = r4 - 4 * m1 * r3 + 6 * m1**2 * r2 - 3 * m1**4
    return m3 / m2**1.5, m4 / m2**2


def indicators(sums: FloatArray) -> dict[str, FloatArray]:
    """Every banded indicator from sums of :func:`station_columns` (on the last axis)."""
    with np.errstate(all="ignore"):
        skew, kurtosis = _moments(sums[..., 0:5])
        return {
            "second_digit_mean": sums[..., 6] / sums[..., 5],
            "last_digit_mean": sums[..., 8] / sums[..., 7],
            "count_05": sums[..., 9] / sums[..., 7],
            "percent_05": sums[..., 11] / sums[..., 10],
            "skew": skew,
            "kurtosis": kurtosis,
        }


def pairs(turnout: FloatArray, share: FloatArray, groups: Groups) -> tuple[FloatArray, FloatArray]:
    """Sobyanin slope-minus-mean and Pearson correlation per group."""
    both = np.isfinite(turnout) & np.isfinite(share)
    one = np.isfinite(share)
    x = np.where(both, turnout, 0.0)
    y = np.where(both, share, 0.0)
    s = groups.sums(
        np.column_stack([both, x, y, x * x, y * y, x * y, one, np.where(one, share, 0.0)]).astype(
            np.float64
        )
    )
    with np.errstate(all="ignore"):
        n = s[:, 0]
        sxx = s[:, 3] - s[:, 1] ** 2 / n
        syy = s[:, 4] - s[:, 2] ** 2 / n
        sxy = s[:, 5] - s[:, 1] * s[:, 2] / n
        slope = sxy / sxx
        return slope - s[:, 7] / s[:, 6], sxy / np.sqrt(sxx * syy)


def dip_pvalues(values: FloatArray, groups: Groups) -> list[float]:
    """P-value of Hartigan's dip test per group over its finite values (NaN under 4)."""
    out = []
    with warnings.catch_warnings():
        # beyond the table's 72,000 stations the p-value uses its last row with √n·D,
        # as R's diptest does; the package warns about that, we document it instead
        warnings.filterwarnings("ignore", message="Sample size exceeds", category=UserWarning)
        for start, size in zip(groups.starts, groups.sizes, strict=True):
            x = values[groups.order[start : start + size]]
            x = x[np.isfinite(x)]
            out.append(float(diptest.diptest(x)[1]) if len(x) >= 4 else float("nan"))
    return out
