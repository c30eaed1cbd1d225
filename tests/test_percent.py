"""The one percentage formatter of the plain-text outputs."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from majlis.percent import percent


@pytest.mark.parametrize(
    ("args", "kwargs", "written"),
    [
        ((Fraction(6325, 10000),), {}, "63.25%"),
        ((0.6325,), {}, "63.25%"),
        ((Fraction(7, 100),), {"places": None}, "7%"),
        ((Fraction(1, 200),), {"places": None}, "0.5%"),
        ((Fraction(5148074, 6983944),), {"places": 4}, "73.7130%"),
        ((3, 8), {"places": 1}, "37.5%"),
        ((792828, 6600921), {}, "12.01%"),
        ((5, 0), {}, "—"),
        ((None,), {}, "—"),
    ],
)
def test_percent_writes_each_variant(
    args: tuple[object, ...], kwargs: dict[str, int | None], written: str
) -> None:
    """Two decimals by default; the law's figures shortest; no share of nothing."""
    assert percent(*args, **kwargs) == written  # type: ignore[arg-type]


@given(st.integers(0, 10**9), st.integers(1, 10**9), st.integers(0, 6))
def test_a_count_of_a_whole_is_its_exact_share(part: int, whole: int, places: int) -> None:
    """``percent(part, whole)`` is the exact Fraction's percentage, rounded once."""
    assert percent(part, whole, places=places) == percent(Fraction(part, whole), places=places)
