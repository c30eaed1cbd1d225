"""Digit and distribution tests per level (national, region, territory), with bootstrap bands.

Sources: W. R. Mebane, "Election Forensics: The Second-Digit Benford's Law Test" (2006);
B. Beber & A. Scacco, Political Analysis 20(2), 2012 (last digits, 0/5 endings);
Sobyanin & Sukhovolsky (1993) via Kalinin & Mebane's Election Forensics Toolkit (EFToolkit,
function ``BasicElectionForensics``), whose indicator definitions are followed here:

* ``second_digit_mean`` (_2BL): mean second digit of counts ≥ 10 (Benford: 4.187);
* ``last_digit_mean`` (LastC): mean last digit of counts (uniform: 4.5);
* ``count_05`` (C05s) and ``percent_05`` (P05s): share of counts, and of whole-percent
  shares, ending in 0 or 5 (uniform: 0.2);
* ``skew`` and ``kurtosis``: population moments of the share (normal: 0 and 3);
* ``dip_p``: p-value of Hartigan's dip test of unimodality (Hartigan & Hartigan 1985);
* ``sobyanin``: OLS slope of the list's share on turnout minus the mean share;
* ``correlation``: Pearson correlation of turnout and the list's share.

For the target ``Turnout`` the count is the ballots cast and the share is the turnout; for a
list the count is its votes and the share its votes over ballots. Shares ≥ 1 are set to 1 for
P05s, skew and kurtosis, as EFToolkit does.

Known deviations: bootstrap bands are basic intervals from NumPy quantiles (R's ``boot.ci``
interpolates order statistics slightly differently); the digit indicators are resampled as
multinomial category counts, which has exactly the law of resampling stations for those
statistics but does not reproduce EFToolkit's random stream; non-finite shares are dropped
before the dip test (beyond 72,000 stations its p-value uses the table's last row with √n·D,
as R's ``diptest`` does); χ² tests of the full digit distributions are added (EFToolkit reports
the means only); counts are whole numbers, so R's scientific notation of 100000 (which
EFToolkit reads as a last digit 5) does not occur.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import diptest
import numpy as np
import numpy.typing as npt
from scipy import stats

from majlis.forensics._resample import Groups, basic_interval, resampled_power_sums
from majlis.forensics.digits import (
    BENFORD_SECOND_DIGIT,
    MISSING,
    ChiSquare,
    last_digit,
    percent_last_digit,
    second_digit,
)

__all__ = ["DistributionRow", "DistributionTests", "Estimate", "distribution_tests"]

FloatArray = npt.NDArray[np.float64]
TURNOUT = "Turnout"
UNIFORM_DIGIT = np.full(10, 0.1)


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point value with its bootstrap interval (NaN bounds where none was computed)."""

    value: float
    low: float = float("nan")
    high: float = float("nan")

    def excludes(self, reference: float) -> bool:
        """Whether the interval lies wholly on one side of ``reference``."""
        return bool(self.low > reference or self.high < reference)


@dataclass(frozen=True, slots=True)
class DistributionRow:
    """All indicators for one target (turnout or a list) in one unit of one level."""

    level: str
    unit: str
    target: str
    n: int
    second_digit_mean: Estimate
    last_digit_mean: Estimate
    count_05: Estimate
    percent_05: Estimate
    skew: Estimate
    kurtosis: Estimate
    dip_p: float
    sobyanin: float
    correlation: float
    second_digit_chi2: ChiSquare
    last_digit_chi2: ChiSquare


@dataclass(frozen=True, slots=True)
class DistributionTests:
    """Result of :func:`distribution_tests`: one row per level × unit × target."""

    rows: tuple[DistributionRow, ...]
    resamples: int
    seed: int
    confidence: float

    def select(
        self, *, level: str = "national", target: str = TURNOUT
    ) -> tuple[DistributionRow, ...]:
        """Rows of one level and target, in unit order."""
        return tuple(r for r in self.rows if r.level == level and r.target == target)

    def row(
        self, *, level: str = "national", unit: str = "national", target: str = TURNOUT
    ) -> DistributionRow:
        """The row of one unit; raises ``KeyError`` naming the unit when it is absent."""
        for r in self.rows:
            if (r.level, r.unit, r.target) == (level, unit, target):
                return r
        raise KeyError(f"no row for level={level!r}, unit={unit!r}, target={target!r}")


def _group_chi2(
    codes: npt.NDArray[np.int64], groups: Groups, expected: FloatArray
) -> list[ChiSquare]:
    """χ² of the digit codes of every group against ``expected`` shares, in one pass."""
    g = np.empty(len(codes), dtype=np.int64)
    g[groups.order] = np.repeat(np.arange(len(groups.sizes)), groups.sizes)
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


def _digit_means(
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
    g = np.empty(len(codes), dtype=np.int64)
    g[groups.order] = np.repeat(np.arange(len(groups.sizes)), groups.sizes)
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


def _shapes(
    shares: list[FloatArray], groups: Groups, *, resamples: int, rng: np.random.Generator
) -> list[tuple[FloatArray, FloatArray, FloatArray, FloatArray]]:
    """Skewness and kurtosis per group, with their resampled values, for each share."""
    g = np.empty(len(shares[0]), dtype=np.int64)
    g[groups.order] = np.repeat(np.arange(len(groups.sizes)), groups.sizes)
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


def _pairs(turnout: FloatArray, share: FloatArray, groups: Groups) -> tuple[FloatArray, FloatArray]:
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


def _dip(values: FloatArray, groups: Groups) -> list[float]:
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


def _target_rows(
    level: str,
    groups: Groups,
    target: str,
    count: FloatArray,
    share: FloatArray,
    turnout: FloatArray,
    shape: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    *,
    resamples: int,
    rng: np.random.Generator,
    confidence: float,
) -> list[DistributionRow]:
    clipped = np.where(share >= 1, 1.0, share)
    d2, d_last, p_last = second_digit(count), last_digit(count), percent_last_digit(clipped)
    digits = np.arange(10, dtype=np.float64)
    is05 = np.isin(digits, (0, 5)).astype(np.float64)
    (second,) = _digit_means(d2, groups, [digits], resamples=resamples, rng=rng)
    last, count05 = _digit_means(d_last, groups, [digits, is05], resamples=resamples, rng=rng)
    p_code = np.where(p_last == MISSING, 2, np.where(np.isin(p_last, (0, 5)), 0, 1))
    is_05 = [np.array([1.0, 0.0])]
    (percent05,) = _digit_means(p_code, groups, is_05, resamples=resamples, rng=rng)
    est = {
        "second_digit_mean": second,
        "last_digit_mean": last,
        "count_05": count05,
        "percent_05": percent05,
    }
    skew, kurt, boot_skew, boot_kurt = shape
    est["skew"] = (skew, boot_skew)
    est["kurtosis"] = (kurt, boot_kurt)
    bands = {k: basic_interval(p, b, level=confidence) for k, (p, b) in est.items()}
    dips = _dip(share, groups)
    if target == TURNOUT:
        soby = corr = np.full(len(groups.sizes), np.nan)
    else:
        soby, corr = _pairs(turnout, share, groups)
    second_chi2 = _group_chi2(d2, groups, BENFORD_SECOND_DIGIT)
    last_chi2 = _group_chi2(d_last, groups, UNIFORM_DIGIT)
    rows = []
    for j, unit in enumerate(groups.names):
        fields = {
            k: Estimate(float(est[k][0][j]), float(bands[k][0][j]), float(bands[k][1][j]))
            for k in est
        }
        rows.append(
            DistributionRow(
                level=level,
                unit=unit,
                target=target,
                n=int(groups.sizes[j]),
                dip_p=dips[j],
                sobyanin=float(soby[j]),
                correlation=float(corr[j]),
                second_digit_chi2=second_chi2[j],
                last_digit_chi2=last_chi2[j],
                **fields,
            )
        )
    return rows


def distribution_tests(
    registered: npt.ArrayLike,
    ballots: npt.ArrayLike,
    votes: Mapping[str, npt.ArrayLike],
    *,
    region: npt.ArrayLike | None = None,
    territory: npt.ArrayLike | None = None,
    resamples: int = 1000,
    territory_resamples: int = 200,
    seed: int = 0,
    confidence: float = 0.95,
) -> DistributionTests:
    """Run every digit and distribution indicator for turnout and each list, per level.

    Args:
        registered: registered voters per station (turnout denominator).
        ballots: ballots cast per station (turnout numerator, share denominator).
        votes: votes per station for each list to test, by list name.
        region: optional region label per station (adds the ``region`` level).
        territory: optional territory label per station (adds the ``territory`` level).
        resamples: bootstrap resamples per unit (0 skips the bands).
        territory_resamples: at most this many resamples per territory (there are
            thousands of territories; their bands are rougher and cost the most).
        seed: seed of the bootstrap.
        confidence: coverage of the basic bootstrap interval.

    Returns:
        A :class:`DistributionTests` with one row per level × unit × target.
    """
    reg = np.asarray(registered, dtype=np.float64)
    bal = np.asarray(ballots, dtype=np.float64)
    with np.errstate(all="ignore"):
        turnout = bal / reg
        shares = {name: np.asarray(v, dtype=np.float64) / bal for name, v in votes.items()}
    levels = [("national", Groups.single(len(reg)))]
    for name, labels in (("region", region), ("territory", territory)):
        if labels is not None:
            levels.append((name, Groups.from_labels(labels)))
    rng = np.random.default_rng(seed)
    rows: list[DistributionRow] = []
    targets = [(TURNOUT, bal, turnout)] + [
        (name, np.asarray(votes[name], dtype=np.float64), share) for name, share in shares.items()
    ]
    for level, groups in levels:
        level_resamples = min(resamples, territory_resamples) if level == "territory" else resamples
        clipped = [np.where(share >= 1, 1.0, share) for _, _, share in targets]
        shapes = _shapes(clipped, groups, resamples=level_resamples, rng=rng)
        for (name, count, share), shape in zip(targets, shapes, strict=True):
            rows += _target_rows(
                level,
                groups,
                name,
                count,
                share,
                turnout,
                shape,
                resamples=level_resamples,
                rng=rng,
                confidence=confidence,
            )
    return DistributionTests(tuple(rows), resamples, seed, confidence)
