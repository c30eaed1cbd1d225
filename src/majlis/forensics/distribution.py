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

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from majlis.forensics._distribution_rows import (
    TURNOUT,
    DistributionRow,
    DistributionTests,
    Estimate,
)
from majlis.forensics._distribution_stats import (
    digit_means,
    dip_pvalues,
    group_chi2,
    pairs,
    shape_moments,
)
from majlis.forensics._resample import Groups, basic_interval
from majlis.forensics.digits import (
    BENFORD_SECOND_DIGIT,
    MISSING,
    last_digit,
    percent_last_digit,
    second_digit,
)

__all__ = ["DistributionRow", "DistributionTests", "Estimate", "distribution_tests"]

FloatArray = npt.NDArray[np.float64]
UNIFORM_DIGIT = np.full(10, 0.1)


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
    """Every indicator of one target (turnout or a list) for each unit of one level."""
    clipped = np.where(share >= 1, 1.0, share)
    d2, d_last, p_last = second_digit(count), last_digit(count), percent_last_digit(clipped)
    digits = np.arange(10, dtype=np.float64)
    is05 = np.isin(digits, (0, 5)).astype(np.float64)
    (second,) = digit_means(d2, groups, [digits], resamples=resamples, rng=rng)
    last, count05 = digit_means(d_last, groups, [digits, is05], resamples=resamples, rng=rng)
    p_code = np.where(p_last == MISSING, 2, np.where(np.isin(p_last, (0, 5)), 0, 1))
    is_05 = [np.array([1.0, 0.0])]
    (percent05,) = digit_means(p_code, groups, is_05, resamples=resamples, rng=rng)
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
    dips = dip_pvalues(share, groups)
    if target == TURNOUT:
        soby = corr = np.full(len(groups.sizes), np.nan)
    else:
        soby, corr = pairs(turnout, share, groups)
    second_chi2 = group_chi2(d2, groups, BENFORD_SECOND_DIGIT)
    last_chi2 = group_chi2(d_last, groups, UNIFORM_DIGIT)
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


_SMALL = "\x00small units"  # pools the units under ``min_stations``; its rows are dropped


def _at_least(labels: npt.ArrayLike, min_stations: int) -> Groups:
    """Groups by label, the units with fewer than ``min_stations`` stations pooled as one."""
    text = np.asarray(labels).astype(str)
    if min_stations > 1:
        _, codes, sizes = np.unique(text, return_inverse=True, return_counts=True)
        text = np.where(sizes[codes] >= min_stations, text, _SMALL)
    return Groups.from_labels(text)


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
    min_stations: int = 1,
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
        min_stations: regions and territories with fewer stations are left out (a
            bootstrap of a handful of stations has collapsing bands; EFToolkit's analyses
            use units of at least 20 stations). The national row is always computed.

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
            levels.append((name, _at_least(labels, min_stations)))
    rng = np.random.default_rng(seed)
    rows: list[DistributionRow] = []
    targets = [(TURNOUT, bal, turnout)] + [
        (name, np.asarray(votes[name], dtype=np.float64), share) for name, share in shares.items()
    ]
    for level, groups in levels:
        level_resamples = min(resamples, territory_resamples) if level == "territory" else resamples
        clipped = [np.where(share >= 1, 1.0, share) for _, _, share in targets]
        shapes = shape_moments(clipped, groups, resamples=level_resamples, rng=rng)
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
    kept = tuple(r for r in rows if r.unit != _SMALL)
    return DistributionTests(kept, resamples, seed, confidence)
