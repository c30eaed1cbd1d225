"""Station flags: exact whole percentages, the extreme corner and territory outliers."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from majlis.datasets import fetch_poland_2020, fetch_russia
from majlis.forensics import robust_z, station_flags


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), min_size=1, max_size=40))
def test_integer_flags_are_exact(pairs: list[tuple[int, int]]) -> None:
    """Flagged exactly when 100·ballots/registered is a whole number (≥ 100 voters, < 100 %)."""
    ballots = np.array([min(b, r) for b, r in pairs])
    registered = np.array([r for _, r in pairs])
    flags = station_flags(registered, ballots, ballots // 2).flags["integer_turnout"]
    expected = [
        r >= 100 and b < r and Fraction(100 * b, r).denominator == 1
        for b, r in zip(ballots, registered, strict=True)
    ]
    assert flags.tolist() == expected


def test_robust_z_ignores_small_territories() -> None:
    """Territories with fewer than 5 stations are never scored; an outlier stands out."""
    z = robust_z([0.5, 0.52, 0.48, 0.5, 0.51, 0.95, 0.4, 0.9], ["a"] * 6 + ["b"] * 2)
    assert np.isnan(z[6:]).all()
    assert z[5] > 3.5 > np.nanmax(np.abs(z[:5]))


def test_ranking_puts_most_flags_first() -> None:
    """Stations raising more flags come first; unflagged stations are left out."""
    registered = np.array([1000, 1000, 1000, 1000, 1000, 1000])
    ballots = np.array([950, 600, 613, 604, 597, 990])
    leader = np.array([950, 300, 301, 299, 302, 500])
    flags = station_flags(registered, ballots, leader, territory=["t"] * 6)
    order = flags.ranked().tolist()
    assert order[0] == 0
    assert 2 not in order
    assert flags.counts()["extreme"] == 1


@pytest.mark.slow
def test_extreme_corner_in_russia_2011_not_in_poland_2020(shared_data: Path) -> None:
    """Thousands of Russian 2011 stations sit at ≥ 90 % turnout and share; Polish 2020 ones do
    not, and Russia's whole-percent hits outnumber Poland's per station."""
    ru = fetch_russia(2011, data_home=shared_data, download_if_missing=False).frame
    pl_ = fetch_poland_2020(2, data_home=shared_data, download_if_missing=False).frame
    pl_ = pl_.drop_nulls(["registered", "ballots_issued", "ballots_cast", "leader"])
    results = {}
    for name, frame in (("ru", ru), ("pl", pl_)):
        results[name] = station_flags(
            frame["registered"].to_numpy(),
            frame["ballots_issued"].to_numpy(),
            frame["leader"].to_numpy(),
            share_denominator=frame["ballots_cast"].to_numpy(),
            territory=frame["territory"].to_numpy(),
        )
    assert results["ru"].counts()["extreme"] > 5000
    assert results["pl"].counts()["extreme"] < 50
    ru_rate = results["ru"].counts()["integer_share"] / len(ru)
    pl_rate = results["pl"].counts()["integer_share"] / len(pl_)
    assert ru_rate > 1.5 * pl_rate


def test_full_turnout_is_flagged_once() -> None:
    """100 % turnout and share is `extreme` only; 100 % turnout at a 50 % share is
    `full_turnout`, not a whole percent; 95 % turnout in the corner keeps both flags."""
    registered = np.array([500, 500, 1000])
    ballots = np.array([500, 500, 950])
    leader = np.array([500, 250, 950])
    flags = station_flags(registered, ballots, leader).flags
    assert flags["extreme"].tolist() == [True, False, True]
    assert flags["full_turnout"].tolist() == [False, True, False]
    assert flags["integer_turnout"].tolist() == [False, False, True]
    assert flags["integer_share"].tolist() == [False, True, False]
