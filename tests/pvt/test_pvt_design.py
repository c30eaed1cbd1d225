"""Sample size (the handbook's formula), allocation by voters, the reproducible draw."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from majlis.errors import InputError
from majlis.pvt import (
    allocate_strata,
    draw_sample,
    expected_margin,
    sample_size,
    seed_from_text,
    z_value,
)


def test_handbook_formula_without_and_with_finite_population() -> None:
    # n0 = z² p(1-p) / e² = 2.5758² · 0.25 / 0.005² = 66,349 voters (99 %, ½ point)
    big = sample_size(0.005, 0.99, population_voters=10**12, population_stations=10**8)
    assert big.voters_srs == 66_349
    assert big.voters == 66_349
    # the 2021 register: FPC n = n0 / (1 + (n0 - 1)/N)
    kz = sample_size(0.005, 0.99, population_voters=11_919_241, population_stations=10_061)
    n0 = z_value(0.99) ** 2 * 0.25 / 0.005**2
    assert kz.voters == math.ceil(n0 / (1 + (n0 - 1) / 11_919_241))
    assert kz.stations == math.ceil(kz.voters / (11_919_241 / 10_061))
    # 95 %, 2 points: the textbook 2,401
    assert (
        sample_size(0.02, 0.95, population_voters=10**12, population_stations=1).voters_srs == 2401
    )


def test_turnout_needs_more_stations_and_margin_reads_back() -> None:
    full = sample_size(0.005, 0.99, population_voters=11_919_241, population_stations=10_061)
    low = sample_size(
        0.005, 0.99, population_voters=11_919_241, population_stations=10_061, turnout=0.5
    )
    assert low.stations > full.stations
    back = expected_margin(
        full.stations,
        0.99,
        mean_station_voters=full.mean_station_voters,
        population_voters=11_919_241,
    )
    assert back <= 0.005


@pytest.mark.parametrize(("margin", "confidence"), [(0.0, 0.95), (0.6, 0.95), (0.01, 1.0)])
def test_bad_design_is_refused(margin: float, confidence: float) -> None:
    with pytest.raises(InputError):
        sample_size(margin, confidence, population_voters=1000, population_stations=10)


@given(
    st.lists(st.tuples(st.integers(1, 300), st.integers(1, 10**6)), min_size=1, max_size=25),
    st.integers(0, 3000),
)
def test_allocation_sums_and_bounds(strata: list[tuple[int, int]], total: int) -> None:
    size = np.array([s for s, _ in strata], dtype=np.int64)
    voters = np.array([v for _, v in strata], dtype=np.int64)
    alloc = allocate_strata([str(i) for i in range(len(strata))], size, voters, total)
    floor_ = np.minimum(size, 2)
    assert (alloc.sample >= floor_).all()
    assert (alloc.sample <= size).all()
    want = min(max(total, int(floor_.sum())), int(size.sum()))
    assert int(alloc.sample.sum()) == want


def test_allocation_is_proportional_to_voters() -> None:
    alloc = allocate_strata(
        ["a", "b", "c"], np.array([1000, 1000, 1000]), np.array([600, 300, 100]), 100
    )
    assert alloc.sample.tolist() == [60, 30, 10]


def test_draw_is_reproducible_and_stratified() -> None:
    codes = [f"{i:05d}" for i in range(500)]
    stratum = np.arange(500) % 4
    alloc = allocate_strata(["a", "b", "c", "d"], np.full(4, 125), np.full(4, 1000), 40)
    seed = seed_from_text("CEC press release 2021-01-09 No. 17")
    one = draw_sample(codes, stratum, alloc, seed)
    assert one == draw_sample(list(reversed(codes)), stratum[::-1].copy(), alloc, seed)
    assert one != draw_sample(codes, stratum, alloc, seed + 1)
    assert len(set(one)) == 40
    per = np.bincount([int(c) % 4 for c in one], minlength=4)
    assert per.tolist() == [10, 10, 10, 10]


def test_seed_from_text_is_sha256() -> None:
    # first 8 bytes of SHA-256("abc") = ba7816bf8f01cfea
    assert seed_from_text("abc") == 0xBA7816BF8F01CFEA
