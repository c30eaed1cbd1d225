"""Integer-percentage test: definitions, exact vs Monte Carlo, and Kobak's published table."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import stats

from majlis.errors import InputError
from majlis.forensics import (
    CRITERIA,
    WEIGHTS,
    Stations,
    integer_percentages,
    integer_percentages_exact,
    integer_percentages_table,
)
from majlis.forensics._integer_null import integer_flags, integer_probability
from majlis.forensics._poisson_binomial import poisson_binomial_draws, poisson_binomial_pmf


def test_integer_flags_nearest_count() -> None:
    """85% of 1950 is 1657.5 (1658 reads as integer, 1657 ties lower); 263/309 is nearest 85%."""
    m = np.array([1950, 1950, 1905, 309, 309, 100, 0])
    x = np.array([1658, 1656, 1619, 263, 264, 37, 0])
    assert integer_flags(x, m).tolist() == [True, False, True, True, False, True, False]


def test_integer_flags_tolerance_widens() -> None:
    """A tolerance in percentage points admits neighbours of the nearest count."""
    m = np.array([3000, 3000])
    x = np.array([2551, 2553])  # 85.033% and 85.1%
    assert integer_flags(x, m).tolist() == [False, False]
    assert integer_flags(x, m, tolerance=0.05).tolist() == [True, False]


def test_integer_flags_closed_window_edges() -> None:
    """Kobak's window is closed: 85.05% (1701 of 2000) and 0.05% count only when inclusive."""
    m = np.array([2000, 2000, 2000])
    x = np.array([1701, 1, 1702])  # 85.05%, 0.05%, 85.1%
    assert integer_flags(x, m, tolerance=0.05).tolist() == [False, False, False]
    assert integer_flags(x, m, tolerance=0.05, inclusive=True).tolist() == [True, True, False]


def test_kobak_inclusion_leaves_out_shares_above_99_percent() -> None:
    """Stations with turnout or result above 99% are left out, those at exactly 99% kept."""
    stations = Stations(
        registered=np.array([1000, 1000, 1000, 1000, 50]),
        leader=np.array([500, 896, 891, 500, 20]),
        ballots_issued=np.array([995, 900, 900, 990, 40]),
        ballots_cast=np.array([990, 900, 900, 990, 40]),
    )  # turnout 99.5%; result 99.56%; result 99%; turnout 99%; 50 voters
    kept = integer_percentages_exact(stations).included
    assert kept.tolist() == [False, False, True, True, False]
    legacy = integer_percentages_exact(stations, max_share=None, min_registered=0).included
    assert legacy.tolist() == [True, True, True, True, True]


@settings(max_examples=40, deadline=None)
@given(
    m=st.integers(min_value=1, max_value=2500),
    p=st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1 - 1e-9), st.just(1.0)),
    tolerance=st.sampled_from([None, 0.05, 0.2]),
    inclusive=st.booleans(),
)
@example(m=2, p=0.001, tolerance=None, inclusive=False)  # a lopsided tail past 7 sd: 1e-6
@example(m=40, p=0.25, tolerance=0.2, inclusive=True)
def test_integer_probability_matches_brute_force(
    m: int, p: float, tolerance: float | None, inclusive: bool
) -> None:
    """The windowed exact probability equals summing the binomial pmf over every count."""
    counts = np.arange(m + 1)
    hits = integer_flags(counts, np.full(m + 1, m), tolerance=tolerance, inclusive=inclusive)
    brute = stats.binom.pmf(counts, m, p)[hits].sum()
    fast = integer_probability(
        np.array([m]), np.array([p]), tolerance=tolerance, inclusive=inclusive
    )[0]
    assert fast == pytest.approx(brute, abs=1e-9)


def _toy(seed: int, size: int = 3000) -> Stations:
    rng = np.random.default_rng(seed)
    registered = rng.integers(150, 3000, size)
    issued = rng.binomial(registered, rng.uniform(0.3, 0.8, size))
    leader = rng.binomial(issued, rng.uniform(0.2, 0.7, size))
    return Stations(registered=registered, leader=leader, ballots_issued=issued)


@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize("weight", WEIGHTS)
def test_monte_carlo_agrees_with_exact(criterion: str, weight: str) -> None:
    """The seeded Monte Carlo mean and spread agree with the exact expectation and variance."""
    stations = _toy(1)
    exact = integer_percentages_exact(stations, criterion=criterion, weight=weight)  # type: ignore[arg-type]
    mc = integer_percentages(
        stations,
        criterion=criterion,
        weight=weight,
        n_resamples=2000,
        seed=7,  # type: ignore[arg-type]
    )
    assert mc.observed == exact.observed
    assert abs(mc.expected - exact.expected) < 4 * exact.std / np.sqrt(2000)
    assert mc.std == pytest.approx(exact.std, rel=0.1)
    assert mc.null is not None
    assert mc.null.size == 2000


def test_monte_carlo_is_reproducible_from_seed() -> None:
    """The same seed gives the same null; another seed a different one."""
    stations = _toy(2)
    a = integer_percentages(stations, n_resamples=200, seed=3)
    b = integer_percentages(stations, n_resamples=200, seed=3)
    c = integer_percentages(stations, n_resamples=200, seed=4)
    assert a.null is not None
    assert b.null is not None
    assert c.null is not None
    assert np.array_equal(a.null, b.null)
    assert not np.array_equal(a.null, c.null)


@pytest.mark.parametrize("weight", ["stations", "voters"])
def test_monte_carlo_carries_the_exact_test_of_its_null(weight: str) -> None:
    """A Monte Carlo result's exact companion is what the seed-free test returns."""
    stations = _toy(5)
    mc = integer_percentages(stations, weight=weight, n_resamples=300, seed=9)  # type: ignore[arg-type]
    seed_free = integer_percentages_exact(stations, weight=weight)  # type: ignore[arg-type]
    assert mc.exact is not None
    assert seed_free.exact is None
    assert (mc.exact.expected, mc.exact.std, mc.exact.p_value) == (
        seed_free.expected,
        seed_free.std,
        seed_free.p_value,
    )


def test_unweighted_null_count_has_the_exact_law() -> None:
    """The drawn unweighted counts follow the exact Poisson-binomial law of the indicators."""
    p = np.random.default_rng(3).uniform(0.0, 0.3, 400)
    pmf = poisson_binomial_pmf(p)
    brute = np.zeros(p.size + 1)
    brute[0] = 1.0
    for q in p:
        brute[1:] = brute[1:] * (1 - q) + brute[:-1] * q
        brute[0] *= 1 - q
    assert np.abs(pmf - brute).max() < 1e-15
    draws = poisson_binomial_draws(p, 20_000, np.random.default_rng(4))
    assert draws.mean() == pytest.approx(p.sum(), abs=4 * np.sqrt((p * (1 - p)).sum() / 20_000))
    assert draws.var() == pytest.approx((p * (1 - p)).sum(), rel=0.05)


def test_no_excess_under_the_null() -> None:
    """On binomial data the exact p-values of independent elections are not small."""
    p_values = [integer_percentages_exact(_toy(seed)).p_value for seed in range(10)]
    assert min(p_values) > 0.001
    assert 0.1 < float(np.mean(p_values)) < 0.9


def test_drawn_percentages_are_detected_and_flagged() -> None:
    """Stations rewritten to integer percentages raise the excess and are flagged."""
    stations = _toy(5)
    drawn = np.arange(stations.size) < 150
    target = np.rint(
        np.rint(100 * stations.ballots_issued / stations.registered) * stations.registered / 100
    )
    issued = np.where(drawn, target, stations.ballots_issued).astype(np.int64)
    forged = Stations(
        registered=stations.registered,
        leader=np.minimum(stations.leader, issued),
        ballots_issued=issued,
    )
    result = integer_percentages_exact(forged, criterion="turnout_only", tolerance=None)
    assert result.p_value < 1e-6
    assert result.excess > 100
    assert result.turnout_integer[drawn].all()


def test_bad_parameters_are_named() -> None:
    """Unknown criteria or weights fail listing the valid ones."""
    with pytest.raises(InputError, match="turnout_or_result"):
        integer_percentages_exact(_toy(0), criterion="both")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="leader_votes"):
        integer_percentages(_toy(0), weight="ballots")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="n_resamples"):
        integer_percentages(_toy(0), n_resamples=0)
    with pytest.raises(InputError, match="tolerance"):
        integer_percentages_exact(_toy(0), tolerance=0.5)
    with pytest.raises(InputError, match="protocol line"):
        integer_percentages_exact(_toy(0), result_denominator="ballots")
    with pytest.raises(InputError, match="max_share"):
        integer_percentages_exact(_toy(0), max_share=1.5)


def _oracle(shared_data: Path) -> dict[tuple[int, str, str], tuple[float, float, float]]:
    path = shared_data / "russia-kobak" / "integer_anomaly_oracle_kobak.csv"
    with path.open() as handle:
        return {
            (int(r["year"]), r["criterion"], r["weight"]): (
                float(r["excess"]),
                float(r["mc_std"]),
                float(r["mc_p999_minus_mean"]),
            )
            for r in csv.DictReader(handle)
        }


@pytest.mark.slow
@pytest.mark.parametrize("year", [2004, 2007, 2008, 2011, 2012, 2016, 2018, 2020, 2021, 2024])
def test_kobak_table_reproduced_within_monte_carlo_noise(
    shared_data: Path, russia: Callable[..., Stations], year: int
) -> None:
    """Kobak's published excess (integer_anomaly_oracle_kobak.csv) with his definitions.

    With the defaults (his notebook's settings) the observed counts are his: replaying
    his random stream (``legacy_stream=True, seed=42``) reproduces the table to the last
    decimal (checked for every year by benchmarks/forensics_kobak_replay.py, too slow
    for the suite). Here the seed-free expectation replaces his 1,000-draw Monte Carlo
    mean, so the only gap is that mean's sampling error, mc_std / sqrt(1000): every
    cell within 3.5 of those units (largest seen 3.0, 2020 result-only); the null
    standard deviation within 6% (a 1,000-draw standard deviation has 2.2% error); and
    the significance at his 99.9% line agrees wherever the excess is not within 0.1 sd
    of that line. 2020 uses the ballots in the boxes as turnout numerator, as he does;
    2021 includes the e-voting pseudo-stations, as he does.
    """
    oracle = _oracle(shared_data)
    numerator = "ballots_cast" if year == 2020 else "ballots_issued"
    for result in integer_percentages_table(russia(year), turnout_numerator=numerator):
        cell = (result.criterion, result.weight)
        excess, std, p999 = oracle[(year, *cell)]
        assert abs(result.excess - excess) < 3.5 * std / np.sqrt(1000), cell
        assert result.std == pytest.approx(std, rel=0.06), cell
        if abs(excess - p999) > 0.1 * std:
            assert (result.excess > result.p999_minus_mean) == (excess > p999), cell


def test_legacy_stream_replays_the_station_by_station_draws() -> None:
    """legacy_stream draws, per station, 1,000 leader then 1,000 issued counts from RandomState."""
    stations = _toy(3, size=300)
    result = integer_percentages(stations, n_resamples=50, seed=42, legacy_stream=True)
    kept = result.included
    registered, issued = stations.registered[kept], stations.ballots_issued[kept]
    cast, leader = stations.line("ballots_cast")[kept], stations.leader[kept]
    state = np.random.RandomState(42)
    null = np.zeros(50)
    for n, g, r, v in zip(registered, issued, cast, leader, strict=True):
        votes = state.binomial(r, v / r, size=50)
        given = state.binomial(n, g / n, size=50)
        hit = integer_flags(votes, np.full(50, r), tolerance=0.05, inclusive=True)
        hit |= integer_flags(given, np.full(50, n), tolerance=0.05, inclusive=True)
        null += hit
    assert result.null is not None
    assert np.array_equal(result.null, null)
    with pytest.raises(InputError, match="seed"):
        integer_percentages(stations, seed=np.random.SeedSequence(1), legacy_stream=True)


@pytest.mark.slow
def test_russia_2011_monte_carlo_settings(russia: Callable[..., Stations]) -> None:
    """Russia 2011 with the paper's 1,000 resamples: excess about 1,000 stations, p < 0.001."""
    result = integer_percentages(russia(2011), n_resamples=1000, seed=2016)
    assert 800 < result.excess < 1200
    assert result.p_value == pytest.approx(1 / 1001)
    assert result.excess > result.p999_minus_mean


@pytest.mark.slow
def test_poland_2020_no_significant_excess(poland_round2: Stations) -> None:
    """Poland 2020 round 2: no criterion shows an excess at the 99.9% line."""
    for result in integer_percentages_table(poland_round2):
        assert result.excess < result.p999_minus_mean, (result.criterion, result.weight)
        assert result.p_value > 0.001
