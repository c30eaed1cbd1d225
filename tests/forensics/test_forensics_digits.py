"""Digit extraction and digit χ² tests against their string-based definitions."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from majlis.forensics import (
    BENFORD_SECOND_DIGIT,
    chi_square,
    last_digit,
    percent_last_digit,
    second_digit,
)

counts = st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=50)


@given(counts)
def test_second_digit_is_the_second_character(values: list[int]) -> None:
    """The vectorised second digit equals the second character of the decimal string."""
    expected = [int(str(v)[1]) if v >= 10 else 10 for v in values]
    assert second_digit(values).tolist() == expected


@given(counts)
def test_last_digit_is_the_last_character(values: list[int]) -> None:
    """The vectorised last digit equals the last character of the decimal string."""
    assert last_digit(values).tolist() == [int(str(v)[-1]) for v in values]


@given(st.lists(st.integers(0, 2000), min_size=1, max_size=30), st.integers(1, 2000))
def test_percent_last_digit_matches_rounded_string(numerators: list[int], denominator: int) -> None:
    """The last digit of the whole percentage matches Python's half-even round of the share."""
    shares = [min(n, denominator) / denominator for n in numerators]
    expected = [int(str(round(s * 100))[-1]) for s in shares]
    assert percent_last_digit(shares).tolist() == expected


def test_missing_counts_are_coded_ten() -> None:
    """Missing or negative counts get the missing code, never a digit."""
    assert last_digit([np.nan, -3, 40]).tolist() == [10, 10, 0]
    assert second_digit([np.nan, 9, 40]).tolist() == [10, 10, 0]


def test_benford_second_digit_law() -> None:
    """Benford's second-digit shares sum to one and average 4.187 (Mebane 2006, table 1)."""
    assert np.isclose(BENFORD_SECOND_DIGIT.sum(), 1.0)
    assert round(float(BENFORD_SECOND_DIGIT @ np.arange(10)), 3) == 4.187
    assert round(float(BENFORD_SECOND_DIGIT[0]), 4) == 0.1197


def test_chi_square_accepts_the_law_and_rejects_another() -> None:
    """Digits drawn from Benford pass the Benford χ², uniform digits fail it."""
    rng = np.random.default_rng(5)
    benford = rng.choice(10, size=20_000, p=BENFORD_SECOND_DIGIT)
    uniform = rng.integers(0, 10, size=20_000)
    assert chi_square(benford, BENFORD_SECOND_DIGIT).p_value > 0.001
    assert chi_square(uniform, BENFORD_SECOND_DIGIT).p_value < 1e-6
    assert chi_square(uniform, BENFORD_SECOND_DIGIT).n == 20_000
