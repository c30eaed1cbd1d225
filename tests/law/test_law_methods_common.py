"""Common tests run over every registered apportionment method."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from majlis.errors import AllocationImpossible, NotFoundError
from majlis.law import METHODS, get_method

ALL = sorted(METHODS)
#: Methods whose result depends only on vote shares (no whole-number rounding of a quota).
SCALE_FREE = [
    name
    for name, m in sorted(METHODS.items())
    if m.family == "highest_averages" or m.quota in {"hare", "hagenbach_bischoff", "imperiali"}
]
votes_lists = st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=8)


def _names(n: int) -> list[str]:
    return [f"L{i}" for i in range(n)]


@pytest.mark.parametrize("name", ALL)
@settings(max_examples=25, deadline=None)
@given(votes=votes_lists, seats=st.integers(min_value=1, max_value=60))
def test_seats_sum_to_house(name: str, votes: list[int], seats: int) -> None:
    """Without a tie every method hands out exactly the house size."""
    assume(any(votes))
    result = get_method(name).apportion(_names(len(votes)), votes, seats)
    assume(result.tie is None)
    assert sum(result.seats) == seats


@pytest.mark.parametrize("name", ALL)
@settings(max_examples=25, deadline=None)
@given(votes=votes_lists, seats=st.integers(min_value=1, max_value=60))
def test_zero_votes_zero_seats(name: str, votes: list[int], seats: int) -> None:
    """A list with no votes never receives a seat."""
    votes = [*votes, 0]
    assume(any(votes))
    result = get_method(name).apportion(_names(len(votes)), votes, seats)
    assert result.seats[-1] == 0


@pytest.mark.parametrize("name", ALL)
@settings(max_examples=25, deadline=None)
@given(votes=votes_lists, seats=st.integers(min_value=1, max_value=60), data=st.data())
def test_row_order_irrelevant(name: str, votes: list[int], seats: int, data: st.DataObject) -> None:
    """Permuting the lists permutes the seats and nothing else."""
    assume(any(votes))
    names = _names(len(votes))
    order = data.draw(st.permutations(range(len(votes))))
    first = get_method(name).apportion(names, votes, seats)
    second = get_method(name).apportion([names[i] for i in order], [votes[i] for i in order], seats)
    assume(first.tie is None)
    assert dict(zip([names[i] for i in order], second.seats, strict=True)) == dict(
        zip(names, first.seats, strict=True)
    )


@pytest.mark.parametrize("name", SCALE_FREE)
@settings(max_examples=25, deadline=None)
@given(
    votes=votes_lists,
    seats=st.integers(min_value=1, max_value=60),
    factor=st.integers(min_value=2, max_value=1000),
)
def test_scaling_invariance(name: str, votes: list[int], seats: int, factor: int) -> None:
    """Multiplying every list's votes by the same factor changes no seat."""
    assume(any(votes))
    names = _names(len(votes))
    first = get_method(name).apportion(names, votes, seats)
    second = get_method(name).apportion(names, [v * factor for v in votes], seats)
    assert first.seats == second.seats
    assert first.tie == second.tie


@pytest.mark.parametrize("name", ALL)
def test_all_zero_votes_is_impossible(name: str) -> None:
    """Seats cannot be allocated when no list has a vote, and the error says so."""
    with pytest.raises(AllocationImpossible, match="no admitted list has any votes"):
        get_method(name).apportion(["A", "B"], [0, 0], 5)


@pytest.mark.parametrize("name", ALL)
def test_zero_seats(name: str) -> None:
    """Zero seats give every list zero seats."""
    assert get_method(name).apportion(["A", "B"], [10, 5], 0).seats == (0, 0)


def test_unknown_method_lists_valid_names() -> None:
    """An unknown method name fails naming it and every valid name."""
    with pytest.raises(NotFoundError) as info:
        get_method("bogus")
    assert "'bogus'" in str(info.value)
    for name in ALL:
        assert name in str(info.value)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Worked example of the "D'Hondt method" and "Sainte-Laguë method" encyclopaedia
        # articles (100,000/80,000/30,000/20,000 votes, 8 seats), checked by hand.
        ("dhondt", (4, 3, 1, 0)),
        ("sainte_lague", (3, 3, 1, 1)),
        ("hare", (3, 3, 1, 1)),
    ],
)
def test_worked_example(name: str, expected: tuple[int, ...]) -> None:
    """Known results for 100,000/80,000/30,000/20,000 votes and 8 seats."""
    votes = [100_000, 80_000, 30_000, 20_000]
    assert get_method(name).apportion(_names(4), votes, 8).seats == expected
