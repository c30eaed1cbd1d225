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
interpolates order statistics slightly differently); every indicator of a unit is read from
the same seeded resample of its stations, as R's ``boot`` on the data frame does, but the
random stream is NumPy's, not EFToolkit's; non-finite shares are dropped
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
    COLUMNS,
    dip_pvalues,
    group_chi2,
    indicators,
    pairs,
    station_columns,
)
from majlis.forensics._resample import Groups, basic_interval, resampled_sums
from majlis.forensics.digits import BENFORD_SECOND_DIGIT, last_digit, second_digit

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
    sums: FloatArray,
    resampled: FloatArray,
    *,
    confidence: float,
) -> list[DistributionRow]:
    """Every indicator of one target (turnout or a list) for each unit of one level.

    ``sums`` are the units' sums of :func:`station_columns`, ``resampled`` the same sums over
    each bootstrap resample (resamples on axis 0).
    """
    points, boots = indicators(sums), indicators(resampled)
    triples = {}  # each indicator's (value, low, high) per unit, as Python floats
    for k, point in points.items():
        low, high = basic_interval(point, boots[k], level=confidence)
        triples[k] = list(zip(point.tolist(), low.tolist(), high.tolist(), strict=True))
    d2, d_last = second_digit(count), last_digit(count)
    dips = dip_pvalues(share, groups)
    if target == TURNOUT:
        soby = corr = np.full(len(groups.sizes), np.nan)
    else:
        soby, corr = pairs(turnout, share, groups)
    second_chi2 = group_chi2(d2, groups, BENFORD_SECOND_DIGIT)
    last_chi2 = group_chi2(d_last, groups, UNIFORM_DIGIT)
    sizes, soby_list, corr_list = groups.sizes.tolist(), soby.tolist(), corr.tolist()
    rows = []
    for j, unit in enumerate(groups.names):
        fields = {k: Estimate(*triples[k][j]) for k in triples}
        rows.append(
            DistributionRow(
                level=level,
                unit=unit,
                target=target,
                n=sizes[j],
                dip_p=dips[j],
                sobyanin=soby_list[j],
                correlation=corr_list[j],
                second_digit_chi2=second_chi2[j],
                last_digit_chi2=last_chi2[j],
                **fields,
            )
        )
    return rows


_SMALL = "\x00small units"  # pools the units under ``min_stations``; its rows are dropped


def _at_least(labels: npt.ArrayLike, min_stations: int) -> Groups:
    """Groups by label, the units with fewer than ``min_stations`` stations pooled as one."""
    names, codes, sizes = np.unique(
        np.asarray(labels).astype(str), return_inverse=True, return_counts=True
    )
    small = sizes < min_stations
    if not small.any():
        return Groups.from_codes(names, codes)
    # the pooled name sorts first ("\x00"), the kept units keep their sorted order
    kept = np.cumsum(~small) * ~small
    return Groups.from_codes([_SMALL, *names[~small]], kept[codes])


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
    width = len(COLUMNS)
    for level, groups in levels:
        level_resamples = min(resamples, territory_resamples) if level == "territory" else resamples
        columns = np.concatenate(
            [
                station_columns(count, np.where(share >= 1, 1.0, share), groups)
                for _, count, share in targets
            ],
            axis=1,
        )
        sums = groups.sums(columns)
        resampled = resampled_sums(columns, groups, resamples=level_resamples, rng=rng)
        for t, (name, count, share) in enumerate(targets):
            part = slice(t * width, (t + 1) * width)
            rows += _target_rows(
                level,
                groups,
                name,
                count,
                share,
                turnout,
                sums[:, part],
                resampled[:, :, part],
                confidence=confidence,
            )
    kept = tuple(r for r in rows if r.unit != _SMALL)
    return DistributionTests(kept, resamples, seed, confidence)
