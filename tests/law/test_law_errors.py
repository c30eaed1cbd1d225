"""Every input error of allocate() names the row, the field, the expectation and the value."""

from __future__ import annotations

from dataclasses import replace

import pytest

from majlis.errors import AllocationImpossible, NotFoundError, VotesError
from majlis.law import (
    Constituency,
    PartyList,
    allocate,
    allocate_districts,
    get_method,
    get_ruleset,
    highest_averages,
)

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


def test_a_list_checks_its_fields_once_when_made() -> None:
    """PartyList keeps its first bad field; a changed copy is checked again."""
    good = PartyList("A", 1)
    assert good.problem is None
    bad = replace(good, votes=-1)
    assert bad.problem is not None
    assert (bad.problem.field, bad.problem.got) == ("votes", -1)
    assert replace(bad, votes=2).problem is None
    assert PartyList("A", 1, alliance_size=0).problem.field == "alliance_size"  # type: ignore[union-attr]


def test_districted_counts_raise_the_same_list_errors() -> None:
    """allocate_districts names a bad list's row and field as allocate does."""
    law = get_ruleset("es-congreso")
    votes = {"Madrid": [PartyList("A", 10), PartyList("B", -4)]}
    with pytest.raises(VotesError) as info:
        allocate_districts(law, [Constituency("Madrid", seats=350)], votes)
    assert str(info.value).startswith("lists, row 2, field 'votes': votes of 'B' must be")
