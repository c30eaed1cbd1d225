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


def _reference(name: str, votes: list[int], seats: int) -> tuple[int, ...] | None:
    """Seat-by-seat maximum of exact quotients; None when the last seat is tied."""
    method = get_method(name)
    assert method.divisor is not None
    held = [0] * len(votes)
    for _ in range(seats):
        keys = []
        for w, k in zip(votes, held, strict=True):
            d = method.divisor(k)
            power = w * w if method.squared else w
            keys.append((1, Fraction(w)) if d == 0 else (0, Fraction(power) / d))
        keys = [key if w > 0 else (-1, Fraction(0)) for key, w in zip(keys, votes, strict=True)]
        best = max(keys)
        level = [i for i, key in enumerate(keys) if key == best]
        if len(level) > 1:
            return None
        held[level[0]] += 1
    return tuple(held)


@pytest.mark.parametrize("name", DIVISOR_METHODS)
@settings(max_examples=40, deadline=None)
@given(
    votes=st.lists(st.integers(min_value=1, max_value=60), min_size=2, max_size=6),
    seats=st.integers(min_value=1, max_value=25),
    scale=st.sampled_from([1, 10**9 + 7]),
)
def test_divisor_methods_match_exact_reference(
    name: str, votes: list[int], seats: int, scale: int
) -> None:
    """The fast heap agrees with a plain exact maximum, also for huge near-equal votes."""
    votes = [v * scale + i for i, v in enumerate(votes)] if scale > 1 else votes
    expected = _reference(name, votes, seats)
    result = get_method(name).apportion(_names(len(votes)), votes, seats)
    if expected is not None:
        assert result.tie is None
        assert result.seats == expected
