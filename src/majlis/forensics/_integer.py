"""Integer-percentage spikes (Kobak, Shpilkin & Pshenichnikov, AoAS 2016).

A commission that writes its protocol to order tends to "draw" round numbers: turnout
or the leader's result of exactly 80%, 85%, 90%. This test counts the stations whose
turnout (ballots issued / registered) or leader's result (leader / ballots cast) is an
integer percentage, and compares the count with what binomial chance gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from majlis.errors import InputError
from majlis.forensics._integer_legacy import legacy_null
from majlis.forensics._integer_prepare import (
    CRITERIA,
    WEIGHTS,
    Criterion,
    NullModel,
    Prepared,
    Weight,
    null_model,
    prepare,
    spread,
)
from majlis.forensics._poisson_binomial import poisson_binomial_draws
from majlis.forensics._stations import Stations

_CHUNK = 50  # Monte Carlo resamples drawn at once (memory ~ chunk x stations x 5 bytes)

__all__ = [
    "CRITERIA",
    "WEIGHTS",
    "Criterion",
    "IntegerResult",
    "Weight",
    "integer_percentages",
    "integer_percentages_exact",
    "integer_percentages_table",
]


@dataclass(frozen=True, eq=False)
class IntegerResult:
    """The integer-percentage excess of one election.

    Attributes:
        criterion, weight: what was counted (see :data:`CRITERIA`, :data:`WEIGHTS`).
        method: ``"monte_carlo"`` or ``"exact"``.
        observed: weighted count of integer stations.
        expected: its mean under the binomial null.
        std: its standard deviation under the null.
        excess: ``observed - expected``.
        band: the central 99.9% band of the null minus its mean (Monte Carlo: empirical
            0.05th and 99.95th percentiles; exact: normal approximation).
        p999_minus_mean: the 99.9th percentile of the null minus its mean (Kobak's
            significance line).
        p_value: one-sided P(null >= observed) (Monte Carlo: with the +1 correction).
        null: the Monte Carlo null sample (``None`` for the exact method).
        turnout_integer, result_integer: per-station flags over *all* input stations
            (False for excluded stations): where to look.
        probability: per-station null probability of meeting the criterion.
        included: the stations the test used.
        exact: for the Monte Carlo method, the seed-free test of the same null (what
            :func:`integer_percentages_exact` returns with the same arguments); else None.
    """

    criterion: Criterion
    weight: Weight
    method: Literal["monte_carlo", "exact"]
    observed: float
    expected: float
    std: float
    excess: float
    band: tuple[float, float]
    p999_minus_mean: float
    p_value: float
    null: npt.NDArray[np.float64] | None
    turnout_integer: npt.NDArray[np.bool_]
    result_integer: npt.NDArray[np.bool_]
    probability: npt.NDArray[np.float64]
    included: npt.NDArray[np.bool_]
    exact: IntegerResult | None = None

    @property
    def z(self) -> float:
        """The excess in null standard deviations."""
        return self.excess / self.std if self.std > 0 else float("inf") * np.sign(self.excess)


def _exact(prep: Prepared, criterion: Criterion, weight: Weight) -> IntegerResult:
    observed = float(prep.weights[prep.hits].sum())
    expected = float((prep.weights * prep.probability).sum())
    std = float(np.sqrt((prep.weights**2 * prep.probability * (1 - prep.probability)).sum()))
    z999 = float(stats.norm.ppf(0.999))
    z_band = float(stats.norm.ppf(0.9995))
    if std > 0:
        p_value = float(stats.norm.sf((observed - expected) / std))
    else:
        p_value = float(observed <= expected)
    return IntegerResult(
        criterion=criterion,
        weight=weight,
        method="exact",
        observed=observed,
        expected=expected,
        std=std,
        excess=observed - expected,
        band=(-z_band * std, z_band * std),
        p999_minus_mean=z999 * std,
        p_value=p_value,
        null=None,
        turnout_integer=prep.turnout_integer,
        result_integer=prep.result_integer,
        probability=spread(prep.probability, prep.included),
        included=prep.included,
    )


def integer_percentages_table(
    stations: Stations,
    *,
    tolerance: float | None = 0.05,
    min_registered: int = 100,
    turnout_numerator: str = "ballots_issued",
    result_denominator: str = "ballots_cast",
    inclusive: bool = True,
    max_share: float | None = 0.99,
) -> tuple[IntegerResult, ...]:
    """Every criterion x weight of :func:`integer_percentages_exact`, sharing one null.

    The order is :data:`CRITERIA` outer, :data:`WEIGHTS` inner, as in Kobak's tables.

    Source: Kobak, Shpilkin & Pshenichnikov (2016), AoAS 10(1):54-73, and the
    2000-2024 table of github.com/dkobak/elections (analysis/2024/montecarlo.pickle).

    Known deviations: as :func:`integer_percentages_exact`.
    """
    null = null_model(
        stations,
        tolerance=tolerance,
        min_registered=min_registered,
        turnout_numerator=turnout_numerator,
        result_denominator=result_denominator,
        inclusive=inclusive,
        max_share=max_share,
    )
    return tuple(_exact(null.combine(c, w), c, w) for c in CRITERIA for w in WEIGHTS)


def integer_percentages_exact(
    stations: Stations,
    *,
    criterion: Criterion = "turnout_or_result",
    weight: Weight = "stations",
    tolerance: float | None = 0.05,
    min_registered: int = 100,
    turnout_numerator: str = "ballots_issued",
    result_denominator: str = "ballots_cast",
    inclusive: bool = True,
    max_share: float | None = 0.99,
) -> IntegerResult:
    """Integer-percentage excess against the exact (seed-free) binomial null.

    Under the null every station's ballots issued are Binomial(registered, observed
    turnout) and its leader votes Binomial(ballots cast, observed result), independently.
    The probability that each lands on an integer percentage is summed exactly, so the
    null mean and variance of the (weighted) count need no random numbers; the band and
    p-value use the normal approximation to that sum of independent Bernoulli terms.

    Args:
        stations: the protocols.
        criterion: ``turnout_or_result``, ``result_only`` or ``turnout_only``.
        weight: count ``stations``, or weight them by ``voters`` (registered),
            ``ballots_given`` (issued) or ``leader_votes``.
        tolerance: a count is integer when its percentage lies within ``±tolerance``
            points of an integer (0.05: "shown with one decimal it ends in .0").
            ``None``: the count nearest to an integer percent.
        inclusive: the window is closed, tested in float64 as Kobak does
            (``abs(p - round(p)) <= tolerance``); ``False``: strictly within.
        min_registered: drop stations with fewer registered voters (default 100).
        max_share: drop stations whose turnout or result exceeds this fraction (Kobak:
            0.99); ``None``: drop only 100% turnout and impossible counts. Stations
            without ballots are always left out.
        turnout_numerator, result_denominator: the protocol lines used (defaults
            ``ballots_issued`` and ``ballots_cast``, as Kobak; his 2020 analysis uses
            ``ballots_cast`` for both).

    Source: D. Kobak, S. Shpilkin & M. S. Pshenichnikov (2016), Integer percentages as
    electoral falsification fingerprints, Annals of Applied Statistics 10(1):54-73.

    The defaults are the definitions of Kobak's notebook (github.com/dkobak/elections,
    analysis/2024/2024.ipynb), which produced his published 2000-2024 table.

    Known deviations: the paper's Monte Carlo null is replaced by its exact expectation
    and variance (normal band and p-value), so the excess differs from his seeded one by
    his Monte Carlo mean's error, mc_std / sqrt(1000) (docs/forensics.md); weights are
    the observed counts, as in his notebooks.
    """
    prep = prepare(
        stations,
        criterion,
        weight,
        tolerance=tolerance,
        min_registered=min_registered,
        turnout_numerator=turnout_numerator,
        result_denominator=result_denominator,
        inclusive=inclusive,
        max_share=max_share,
    )
    return _exact(prep, criterion, weight)


def _fast_null(
    probability: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    n_resamples: int,
    seed: int | np.random.SeedSequence,
) -> npt.NDArray[np.float64]:
    """Weighted integer count of each resample under the binomial null.

    An unweighted count is a sum of independent Bernoulli indicators: its exact
    distribution is computed once and each resample's count drawn from it. A weighted
    count draws one single-precision uniform per station and resample, in blocks that
    reuse one buffer of uniforms and one of flags, and weighs the flags by a matrix product.
    """
    rng = np.random.default_rng(seed)
    if bool(np.all(weights == 1.0)):
        return poisson_binomial_draws(probability, n_resamples, rng)
    p32 = probability.astype(np.float32)
    null = np.empty(n_resamples)
    uniform = np.empty((_CHUNK, p32.size), dtype=np.float32)
    flags = np.empty((_CHUNK, p32.size), dtype=bool)
    for start in range(0, n_resamples, _CHUNK):
        size = min(_CHUNK, n_resamples - start)
        rng.random(out=uniform[:size], dtype=np.float32)
        np.less(uniform[:size], p32, out=flags[:size])
        null[start : start + size] = flags[:size] @ weights
    return null


def integer_percentages(
    stations: Stations,
    *,
    criterion: Criterion = "turnout_or_result",
    weight: Weight = "stations",
    n_resamples: int = 1000,
    seed: int | np.random.SeedSequence = 0,
    tolerance: float | None = 0.05,
    min_registered: int = 100,
    turnout_numerator: str = "ballots_issued",
    result_denominator: str = "ballots_cast",
    inclusive: bool = True,
    max_share: float | None = 0.99,
    legacy_stream: bool = False,
) -> IntegerResult:
    """Integer-percentage excess against a seeded Monte Carlo binomial null.

    Each resample redraws every station's ballots issued as Binomial(registered, observed
    turnout) and leader votes as Binomial(ballots cast, observed result) and recounts the
    integer stations. Only whether a redrawn count is integer matters, and each station
    lands on an integer with its exact binomial probability, independently of the others:
    the number of integer stations is then a sum of independent Bernoulli indicators,
    whose distribution is computed exactly and each resample's count drawn from it (the
    same law as redrawing 95,000 x 1,000 binomial counts, without materialising them).
    Weighted counts draw each station's indicator per resample. The run is reproducible
    from ``seed``.

    Args: as :func:`integer_percentages_exact`, plus ``n_resamples``, ``seed`` and
        ``legacy_stream``: draw the binomial counts themselves from NumPy's legacy
        ``RandomState(seed)`` in Kobak's order (per station: leader, then issued), which
        with ``seed=42`` and the default settings reproduces his published table
        exactly (about 30 s on a Russian election instead of a fraction of a second).

    Source: Kobak, Shpilkin & Pshenichnikov (2016), AoAS 10(1):54-73, section 3; the
    Monte Carlo of github.com/dkobak/elections (analysis/2024/2024.ipynb).

    Known deviations: none with ``legacy_stream=True``. Otherwise the random stream is
    ours, so the null agrees with his only to Monte Carlo error (std / sqrt(n_resamples)).
    Weights are the observed counts, not the resampled ones, as in his notebooks.
    """
    if n_resamples < 1:
        raise InputError.expected(
            what="The 'n_resamples' parameter", expected="a positive integer", got=n_resamples
        )
    model = null_model(
        stations,
        tolerance=tolerance,
        min_registered=min_registered,
        turnout_numerator=turnout_numerator,
        result_denominator=result_denominator,
        inclusive=inclusive,
        max_share=max_share,
    )
    if legacy_stream:
        if not isinstance(seed, int):
            raise InputError.expected(
                what="The 'seed' parameter with legacy_stream", expected="an integer", got=seed
            )
        prep = model.combine(criterion, weight)
        null = legacy_null(
            model.counts,
            criterion,
            prep.weights,
            n_resamples=n_resamples,
            seed=seed,
            tolerance=tolerance,
            inclusive=inclusive,
        )
        return _monte_carlo(prep, criterion, weight, null)
    return _seeded(model, criterion, weight, n_resamples, seed)


def _seeded(
    model: NullModel,
    criterion: Criterion,
    weight: Weight,
    n_resamples: int,
    seed: int | np.random.SeedSequence,
) -> IntegerResult:
    prep = model.combine(criterion, weight)
    return _monte_carlo(
        prep, criterion, weight, _fast_null(prep.probability, prep.weights, n_resamples, seed)
    )


def _monte_carlo(
    prep: Prepared, criterion: Criterion, weight: Weight, null: npt.NDArray[np.float64]
) -> IntegerResult:
    """The Monte Carlo result of a null sample, carrying the exact test of the same null."""
    observed = float(prep.weights[prep.hits].sum())
    mean = float(null.mean())
    lo, hi, p999 = np.percentile(null, [0.05, 99.95, 99.9])
    p_value = float((1 + np.count_nonzero(null >= observed)) / (null.size + 1))
    return IntegerResult(
        criterion=criterion,
        weight=weight,
        method="monte_carlo",
        observed=observed,
        expected=mean,
        std=float(null.std()),  # ddof=0, as np.std in Kobak's notebooks
        excess=observed - mean,
        band=(float(lo) - mean, float(hi) - mean),
        p999_minus_mean=float(p999) - mean,
        p_value=p_value,
        null=null,
        turnout_integer=prep.turnout_integer,
        result_integer=prep.result_integer,
        probability=spread(prep.probability, prep.included),
        included=prep.included,
        exact=_exact(prep, criterion, weight),
    )
