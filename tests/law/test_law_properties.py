"""Hypothesis properties of the apportionment methods (Balinski & Young, *Fair Representation*)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from majlis.law import METHODS, get_method, largest_remainder

DIVISOR_METHODS = sorted(n for n, m in METHODS.items() if m.family == "highest_averages")
votes_lists = st.lists(st.integers(min_value=1, max_value=1_000_000), min_size=2, max_size=7)


def _names(n: int) -> list[str]:
    return [f"L{i}" for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(votes=votes_lists, seats=st.integers(min_value=1, max_value=120))
def test_hare_satisfies_quota(votes: list[int], seats: int) -> None:
    """Hare largest remainder gives every list its exact quota rounded down or up."""
    result = largest_remainder(_names(len(votes)), votes, seats, quota="hare")
    assume(result.tie is None)
    total = sum(votes)
    for v, s in zip(votes, result.seats, strict=True):
        exact = Fraction(v * seats, total)
        assert exact - 1 < s < exact + 1


@pytest.mark.parametrize("name", DIVISOR_METHODS)
@settings(max_examples=30, deadline=None)
@given(votes=votes_lists, seats=st.integers(min_value=1, max_value=80))
def test_house_monotone(name: str, votes: list[int], seats: int) -> None:
    """One more seat in the house never costs a list a seat (divisor methods)."""
    method = get_method(name)
    before = method.apportion(_names(len(votes)), votes, seats)
    after = method.apportion(_names(len(votes)), votes, seats + 1)
    assume(before.tie is None and after.tie is None)
    assert all(a >= b for a, b in zip(after.seats, before.seats, strict=True))


@pytest.mark.parametrize("name", DIVISOR_METHODS)
@settings(max_examples=30, deadline=None)
@given(
    votes=votes_lists,
    seats=st.integers(min_value=1, max_value=80),
    gain=st.integers(min_value=1, max_value=500_000),
    data=st.data(),
)
def test_population_monotone(
    name: str, votes: list[int], seats: int, gain: int, data: st.DataObject
) -> None:
    """A list that gains votes, all else equal, never loses a seat (divisor methods)."""
    i = data.draw(st.integers(min_value=0, max_value=len(votes) - 1))
    grown = list(votes)
    grown[i] += gain
    method = get_method(name)
    before = method.apportion(_names(len(votes)), votes, seats)
    after = method.apportion(_names(len(votes)), grown, seats)
    assume(before.tie is None and after.tie is None)
    assert after.seats[i] >= before.seats[i]
    assert all(
        a <= b for k, (a, b) in enumerate(zip(after.seats, before.seats, strict=True)) if k != i
    )


def test_alabama_paradox_exists_for_hare() -> None:
    """Hare is not house-monotone: the classic Alabama example loses a seat at 11 seats."""
    votes = [6, 6, 2]
    ten = largest_remainder(["A", "B", "C"], votes, 10, quota="hare").seats
    eleven = largest_remainder(["A", "B", "C"], votes, 11, quota="hare").seats
    assert ten == (4, 4, 2)
    assert eleven == (5, 5, 1)
