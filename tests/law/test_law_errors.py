"""Every input error of allocate() names the row, the field, the expectation and the value."""

from __future__ import annotations

import pytest

from majlis.errors import AllocationImpossible, NotFoundError, VotesError
from majlis.law import PartyList, allocate, get_method, get_ruleset, highest_averages

LAW = get_ruleset("kz-majlis-2009")


@pytest.mark.parametrize(
    ("lists", "message"),
    [
        (
            [PartyList("A", -1)],
            "lists, row 1, field 'votes': votes of 'A' must be a non-negative"
            " integer. Got -1 instead.",
        ),
        (
            [PartyList("A", 1), PartyList("B", 2.5)],  # type: ignore[arg-type]
            "lists, row 2, field 'votes': votes of 'B' must be a non-negative integer. Got 2.5",
        ),
        (
            [PartyList("A", 1), PartyList("A", 2)],
            "lists, row 2, field 'party': a list name must be unique. Got 'A' instead.",
        ),
        (
            [PartyList(" ", 1)],
            "lists, row 1, field 'party': a list name must be a non-empty string. Got ' ' instead.",
        ),
        ([PartyList("A", 1, alliance_size=0)], "lists, row 1, field 'alliance_size'"),
        ([PartyList("A", 1, district_wins=-2)], "lists, row 1, field 'district_wins'"),
    ],
)
def test_bad_lists(lists: list[PartyList], message: str) -> None:
    """A bad list fails naming its row and field."""
    with pytest.raises(VotesError) as info:
        allocate(LAW, lists)
    assert str(info.value).startswith(message)


def test_bad_counts() -> None:
    """Negative "against all" and other votes fail naming the count."""
    with pytest.raises(VotesError, match="the 'against all' count must be a non-negative"):
        allocate(LAW, [PartyList("A", 1)], against_all=-1)
    with pytest.raises(VotesError, match="other_votes must be a non-negative integer"):
        allocate(LAW, [PartyList("A", 1)], other_votes=-5)


def test_no_list_admitted() -> None:
    """When no list has a vote there is nothing to allocate, and the error says how many seats."""
    with pytest.raises(AllocationImpossible, match="98 seats cannot be allocated"):
        allocate(LAW, [PartyList("A", 0), PartyList("B", 0)])


def test_unknown_method_name_in_highest_averages() -> None:
    """Asking a largest-remainder method for divisors is refused by name."""
    with pytest.raises(NotFoundError, match="'hare' is not a highest-averages method"):
        highest_averages(["A"], [1], 1, divisor="hare")
    assert get_method("hare").family == "largest_remainder"


class _Row:
    """A list-like record that is not a PartyList (it never checked its own fields)."""

    def __init__(self, name: object, votes: object) -> None:
        self.name, self.votes, self.alliance_size, self.district_wins = name, votes, 1, 0
        self.registration_order, self.minority, self.surplus_partner = 0, False, None


def test_list_like_records_are_checked_field_by_field() -> None:
    """Records other than PartyList get the same seats and the same row/field messages."""
    votes = {"A": 5_148_074, "B": 792_828, "C": 659_019, "D": 383_023}
    rows = [_Row(n, v) for n, v in votes.items()]
    expected = allocate(LAW, [PartyList(n, v) for n, v in votes.items()])
    assert allocate(LAW, rows).seats == expected.seats  # type: ignore[arg-type]
    with pytest.raises(VotesError) as info:
        allocate(LAW, [*rows, _Row("E", -3)])  # type: ignore[list-item]
    assert str(info.value).startswith("lists, row 5, field 'votes': votes of 'E' must be")
