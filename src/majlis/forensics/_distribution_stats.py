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

from majlis.forensics._resample import Groups, resampled_power_sums
from majlis.forensics.digits import ChiSquare

__all__ = ["digit_means", "dip_pvalues", "group_chi2", "pairs", "shape_moments"]

FloatArray = npt.NDArray[np.float64]


def _group_index(groups: Groups, n: int) -> npt.NDArray[np.int64]:
    """The group number of each of the ``n`` stations."""
    g = np.empty(n, dtype=np.int64)
    g[groups.order] = np.repeat(np.arange(len(groups.sizes)), groups.sizes)
    return g


def group_chi2(
    codes: npt.NDArray[np.int64], groups: Groups, expected: FloatArray
) -> list[ChiSquare]:
    """χ² of the digit codes of every group against ``expected`` shares, in one pass."""
    g = _group_index(groups, len(codes))
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


def digit_means(
    codes: npt.NDArray[np.int64],
    groups: Groups,
    weights: list[FloatArray],
    *,
    resamples: int,
    rng: np.random.Generator,
) -> list[tuple[FloatArray, FloatArray]]:
    """Point and resampled means of ``w[code]`` over non-missing codes, per group, for each
    weight vector ``w``; the last code is "missing". One multinomial draw serves them all."""
    cats = len(weights[0]) + 1
    g = _group_index(groups, len(codes))
    counts = np.bincount(g * cats + codes, minlength=cats * len(groups.sizes)).reshape(-1, cats)
    valid = np.append(np.ones(cats - 1), 0.0)
    sizes = counts.sum(axis=1)
    probs = counts / np.maximum(sizes, 1)[:, None]
    probs[sizes == 0] = np.eye(cats)[cats - 1]
    draws = rng.multinomial(sizes, probs, size=(resamples, len(sizes))).astype(np.float64)
    out = []
    with np.errstate(all="ignore"):
        for w in weights:
            value = np.append(w, 0.0)
            out.append((counts @ value / (counts @ valid), draws @ value / (draws @ valid)))
    return out


def _moments(sums: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Skewness and kurtosis from sums of (1, x, x², x³, x⁴) on the last axis."""
    with np.errstate(all="ignore"):
        c = sums[..., 0]
        m1, r2, r3, r4 = (sums[..., j] / c for j in range(1, 5))
        m2 = r2 - m1**2
        m3 = r3 - 3 * m1 * r2 + 2 * m1**3
        m4 = r4 - 4 * m1 * r3 + 6 * m1**2 * r2 - 3 * m1**4
        return m3 / m2**1.5, m4 / m2**2


def shape_moments(
    shares: list[FloatArray], groups: Groups, *, resamples: int, rng: np.random.Generator
) -> list[tuple[FloatArray, FloatArray, FloatArray, FloatArray]]:
    """Skewness and kurtosis per group, with their resampled values, for each share."""
    g = _group_index(groups, len(shares[0]))
    centred = []
    points = []
    for share in shares:
        ok = np.isfinite(share)
        x = np.where(ok, share, 0.0)
        sums = groups.sums(np.column_stack([ok, x]).astype(np.float64))
        with np.errstate(all="ignore"):
            centre = np.nan_to_num(sums[:, 1] / sums[:, 0])
        d = np.where(ok, x - centre[g], np.nan)
        dd = np.where(ok, d, 0.0)
        cols = np.column_stack([ok.astype(np.float64), dd, dd**2, dd**3, dd**4])
        points.append(_moments(groups.sums(cols)))
        centred.append(d)
    boot = resampled_power_sums(np.column_stack(centred), groups, resamples=resamples, rng=rng)
    out = []
    for t, (skew, kurt) in enumerate(points):
        boot_skew, boot_kurt = _moments(boot[:, :, t, :])
        out.append((skew, kurt, boot_skew, boot_kurt))
    return out


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
    for start, size in zip(groups.starts, groups.sizes, strict=True):
        x = values[groups.order[start : start + size]]
        x = x[np.isfinite(x)]
        if len(x) < 4:
            out.append(float("nan"))
            continue
        with warnings.catch_warnings():
            # beyond the table's 72,000 stations the p-value uses its last row with √n·D,
            # as R's diptest does; the package warns about that, we document it instead
            warnings.filterwarnings("ignore", message="Sample size exceeds", category=UserWarning)
            out.append(float(diptest.diptest(x)[1]))
    return out
