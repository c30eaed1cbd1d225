"""The lean highest-averages count (seats handed out in closed form) equals the seat-by-seat one."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.law import METHODS
from majlis.law.highest_averages import highest_averages_by

DIVISOR_METHODS = sorted(n for n, m in METHODS.items() if m.family == "highest_averages")
FIRST_DIVISORS = st.sampled_from([None, Fraction(7, 5), Fraction(1, 2), Fraction(5), Fraction(0)])


@pytest.mark.parametrize("name", DIVISOR_METHODS)
@settings(max_examples=60, deadline=None)
@given(
    votes=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8),
    seats=st.integers(min_value=0, max_value=60),
    scale=st.sampled_from([1, 7, 10**6 + 3]),
    first=FIRST_DIVISORS,
)
def test_lean_count_equals_seat_by_seat(
    name: str, votes: list[int], seats: int, scale: int, first: Fraction | None
) -> None:
    """Seats and any tie agree with and without the trace, small (tie-prone) votes included."""
    method = METHODS[name]
    assert method.divisor is not None
    weights = [v * scale for v in votes]
    if seats and not any(weights):
        return
    names = [f"L{i}" for i in range(len(weights))]
    full, lean = (
        highest_averages_by(
            names,
            weights,
            seats,
            divisor=method.divisor,
            squared=method.squared,
            first_divisor=first,
            record=record,
        )
        for record in (True, False)
    )
    assert (lean.seats, lean.tie) == (full.seats, full.tie)


def test_lean_count_of_a_large_house() -> None:
    """D'Hondt's 150 seats among 20 lists come out the same without the trace."""
    weights = [(i * 7919 + 13) ** 2 % 1_000_003 + 1 for i in range(20)]
    names = [f"L{i}" for i in range(20)]
    method = METHODS["dhondt"]
    assert method.divisor is not None
    full = highest_averages_by(names, weights, 150, divisor=method.divisor, record=True)
    lean = highest_averages_by(names, weights, 150, divisor=method.divisor, record=False)
    assert lean.seats == full.seats
