"""Digit and distribution tests on Albania 2013 against EFToolkit's definitions."""

from __future__ import annotations

from pathlib import Path

import diptest
import numpy as np
import polars as pl
import pytest

from majlis.datasets import fetch_albania_2013
from majlis.forensics import DistributionTests, distribution_tests
from majlis.forensics._resample import Groups, resampled_sums


@pytest.fixture(scope="module")
def albania(shared_data: Path) -> dict[str, np.ndarray]:
    """Albania 2013 with the columns EFToolkit's README example uses."""
    frame = fetch_albania_2013(data_home=shared_data, download_if_missing=False).frame
    return {
        "registered": frame["registered"].to_numpy().astype(float),
        "ballots": frame["ballots_cast"].to_numpy().astype(float),
        "C035": frame["C035"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        "C050": frame["C050"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        "region": frame["region"].to_numpy(),
        "territory": frame["territory"].to_numpy(),
    }


@pytest.fixture(scope="module")
def result(albania: dict[str, np.ndarray]) -> DistributionTests:
    """The README example: turnout, C035 and C050 by prefecture (and commune)."""
    return distribution_tests(
        albania["registered"],
        albania["ballots"],
        {"C035": albania["C035"], "C050": albania["C050"]},
        region=albania["region"],
        territory=albania["territory"],
        resamples=200,
        seed=7,
    )


def _eft_turnout_row(registered: np.ndarray, ballots: np.ndarray) -> dict[str, float]:
    """EFToolkit's bootAnalT/NPAnal for turnout, station by station, on decimal strings."""
    second, last, c05, p05, pct = [], [], [], [], []
    for reg, bal in zip(registered, ballots, strict=True):
        text = str(int(bal))
        if len(text) >= 2:
            second.append(int(text[1]))
        last.append(int(text[-1]))
        c05.append(text[-1] in "05")
        with np.errstate(all="ignore"):
            share = bal / reg
        if np.isnan(share):
            continue
        share = 1.0 if share >= 1 else share
        pct.append(share)
        p05.append(str(round(share * 100))[-1] in "05")
    x = np.array(pct)
    d = x - x.mean()
    m2 = (d**2).mean()
    return {
        "second_digit_mean": float(np.mean(second)),
        "last_digit_mean": float(np.mean(last)),
        "count_05": float(np.mean(c05)),
        "percent_05": float(np.mean(p05)),
        "skew": float((d**3).mean() / m2**1.5),
        "kurtosis": float((d**4).mean() / m2**2),
    }


@pytest.mark.slow
def test_turnout_rows_follow_eftoolkit_definitions(
    albania: dict[str, np.ndarray], result: DistributionTests
) -> None:
    """Every Turnout indicator, national and per prefecture, equals the straightforward
    station-by-station EFToolkit definition."""
    units = [("national", "national", np.ones(len(albania["registered"]), dtype=bool))]
    units += [("region", r, albania["region"] == r) for r in np.unique(albania["region"])]
    for level, unit, mask in units:
        row = result.row(level=level, unit=unit, target="Turnout")
        expected = _eft_turnout_row(albania["registered"][mask], albania["ballots"][mask])
        for key, value in expected.items():
            assert getattr(row, key).value == pytest.approx(value, rel=1e-12, abs=1e-12), (
                unit,
                key,
            )
        with np.errstate(all="ignore"):
            turnout = albania["ballots"][mask] / albania["registered"][mask]
        finite = turnout[np.isfinite(turnout)]
        assert row.dip_p == pytest.approx(diptest.diptest(finite)[1])
        assert row.n == int(mask.sum())


def test_sobyanin_and_correlation_match_least_squares(
    albania: dict[str, np.ndarray], result: DistributionTests
) -> None:
    """The Sobyanin slope is the OLS slope of share on turnout minus the mean share."""
    with np.errstate(all="ignore"):
        turnout = albania["ballots"] / albania["registered"]
        share = albania["C050"] / albania["ballots"]
    ok = np.isfinite(turnout) & np.isfinite(share)
    slope = np.polyfit(turnout[ok], share[ok], 1)[0]
    row = result.row(target="C050")
    assert row.sobyanin == pytest.approx(slope - np.nanmean(share), rel=1e-9)
    assert row.correlation == pytest.approx(np.corrcoef(turnout[ok], share[ok])[0, 1], rel=1e-9)


def test_levels_cover_every_unit(albania: dict[str, np.ndarray], result: DistributionTests) -> None:
    """There is one row per prefecture and per commune for each target."""
    assert len(result.select(level="region", target="C035")) == 12
    communes = len(np.unique(albania["territory"]))
    assert len(result.select(level="territory", target="Turnout")) == communes
    assert sum(r.n for r in result.select(level="territory", target="C050")) == 5508


def test_bands_are_seeded_and_bracket_the_estimate(
    albania: dict[str, np.ndarray], result: DistributionTests
) -> None:
    """The same seed gives the same bands, another seed other bands; bands bracket the point."""
    again = distribution_tests(
        albania["registered"], albania["ballots"], {"C050": albania["C050"]}, resamples=200, seed=7
    )
    other = distribution_tests(
        albania["registered"], albania["ballots"], {"C050": albania["C050"]}, resamples=200, seed=8
    )
    first = result.row(target="Turnout")
    assert again.row(target="Turnout").skew.low == first.skew.low
    assert other.row(target="Turnout").skew.low != first.skew.low
    for row in result.select(level="national", target="C050"):
        for est in (row.second_digit_mean, row.last_digit_mean, row.count_05, row.skew):
            assert est.low <= est.value <= est.high


def test_digit_bootstrap_has_the_spread_of_station_resampling() -> None:
    """The digit bands spread like a direct resampling of the stations."""
    rng = np.random.default_rng(3)
    ballots = rng.integers(10, 3000, size=4000).astype(float)
    registered = ballots * 2
    res = distribution_tests(registered, ballots, {}, resamples=2000, seed=1)
    est = res.row(target="Turnout").last_digit_mean
    digits = ballots % 10
    direct = np.array([rng.choice(digits, size=len(digits)).mean() for _ in range(400)])
    half_width = (est.high - est.low) / 2
    assert half_width == pytest.approx(1.96 * direct.std(), rel=0.15)


def test_clean_uniform_digits_are_not_flagged() -> None:
    """Synthetic counts with uniform last digits keep 4.5 and 20 % inside their bands."""
    rng = np.random.default_rng(11)
    registered = rng.integers(500, 2000, size=5000).astype(float)
    ballots = rng.binomial(registered.astype(int), 0.6).astype(float)
    votes = rng.binomial(ballots.astype(int), 0.45).astype(float)
    row = distribution_tests(registered, ballots, {"A": votes}, resamples=300, seed=2).row(
        target="A"
    )
    assert not row.last_digit_mean.excludes(4.5)
    assert not row.count_05.excludes(0.2)


def test_units_below_the_minimum_size_are_left_out() -> None:
    """``min_stations`` drops small territories (their stations still count nationally)."""
    rng = np.random.default_rng(1)
    registered = rng.integers(500, 1500, 60)
    ballots = rng.binomial(registered, 0.6)
    leader = rng.binomial(ballots, 0.5)
    territory = np.array(["big"] * 50 + ["small"] * 10)
    result = distribution_tests(
        registered, ballots, {"A": leader}, territory=territory, resamples=0, min_stations=20
    )
    units = {(r.level, r.unit, r.n) for r in result.rows if r.target == "A"}
    assert units == {("national", "national", 60), ("territory", "big", 50)}
    everything = distribution_tests(
        registered, ballots, {"A": leader}, territory=territory, resamples=0
    )
    assert {r.unit for r in everything.rows if r.level == "territory"} == {"big", "small"}


def test_one_draw_of_stations_serves_every_column() -> None:
    """Each resample draws every unit's stations once: its sums of all columns share it."""
    rng = np.random.default_rng(5)
    x = rng.random(300)
    groups = Groups.from_labels(np.repeat(["a", "b", "c"], [50, 100, 150]))
    values = np.column_stack([np.ones(300), x, 2 * x])
    sums = resampled_sums(values, groups, resamples=40, rng=np.random.default_rng(1))
    assert sums.shape == (40, 3, 3)
    assert (sums[:, :, 0] == [50, 100, 150]).all()
    assert np.allclose(sums[:, :, 2], 2 * sums[:, :, 1])
    assert len(np.unique(sums[:, 0, 1])) > 30  # resamples differ


def test_albania_figures_are_pinned(result: DistributionTests) -> None:
    """Albania 2013, list C050, nationally: the figures of this seed, to the last digit.

    The point values follow EFToolkit's definitions (see above); the skewness and kurtosis
    bands are those of the seeded station resampling since the moments were first banded.
    """
    row = result.row(target="C050")
    assert row.n == 5508
    assert row.second_digit_mean.value == pytest.approx(3.799043941901085, rel=1e-12)
    assert row.last_digit_mean.value == pytest.approx(4.459876543209877, rel=1e-12)
    assert row.count_05.value == pytest.approx(0.20461147421931736, rel=1e-12)
    assert row.percent_05.value == pytest.approx(0.19487831456592808, rel=1e-12)
    assert (row.skew.low, row.skew.value, row.skew.high) == pytest.approx(
        (0.46753658875474235, 0.540678167736482, 0.6113050970649851), rel=1e-9
    )
    assert (row.kurtosis.low, row.kurtosis.high) == pytest.approx(
        (3.3035741643226393, 3.7378445401749385), rel=1e-9
    )
