"""A quota of all the valid votes, quotients rounded to the nearest seat (Moldova 2017-2021).

Law No. 154/2017 divides all the valid votes by the 50 national seats, rounds each admitted
competitor's quotient (decimals above 5 up, below 5 down) and gives the seats left one each
to the competitors in decreasing order of their seats. The shares are the ones the CEC
published for 24 February 2019 (as reported by the press; the official vote counts were
not reachable, so this is no golden test): with them the rule gives the official 18/14/13/5,
which D'Hondt and a Hare quota of the admitted votes do not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import AllocationImpossible, RulesetError, UnsupportedRule
from majlis.law import PartyList, Ruleset, allocate, allocate_chamber, get_ruleset
from majlis.law.largest_remainder import largest_remainder
from majlis.law.trace import LeftoverSeat, QuotaComputed
from majlis.simulate.many import kernel_rules

MD = get_ruleset("md-parlament", date=date(2019, 2, 24))
#: name, share in hundredths of a percent, alliance size, single-member districts won
SHAPE_2019 = [
    ("PSRM", 3115, 1, 17),
    ("ACUM", 2684, 2, 12),
    ("PDM", 2362, 1, 17),
    ("Sor", 832, 1, 2),
    ("PCRM", 375, 1, 0),
    ("PN", 295, 1, 0),
    ("PL", 125, 1, 0),
]
OTHERS = 212  # the lists under 1%, in hundredths of a percent


def _lists() -> list[PartyList]:
    return [
        PartyList(name, share * 100, alliance_size=size, district_wins=wins)
        for name, share, size, wins in SHAPE_2019
    ]


def test_moldova_2019_shares_give_the_published_seats() -> None:
    """18/14/13/5 list seats; with the districts, 35/30/26/7 and 3 independents."""
    assert MD.id == "md-parlament-2019"
    result = allocate(MD, _lists(), other_votes=OTHERS * 100)
    assert {p: n for p, n in result.seats.items() if n} == {
        "PSRM": 18,
        "ACUM": 14,
        "PDM": 13,
        "Sor": 5,
    }
    chamber = allocate_chamber(
        MD, [*_lists(), PartyList("Independents", 0, district_wins=3)], other_votes=OTHERS * 100
    )
    assert {p: n for p, n in chamber.seats.items() if n} == {
        "PSRM": 35,
        "PDM": 30,
        "ACUM": 26,
        "Sor": 7,
        "Independents": 3,
    }
    assert chamber.total == 101


@pytest.mark.parametrize("method", ["dhondt", "hare"])
def test_other_methods_miss_the_2019_seats(method: str) -> None:
    """The rule matters: D'Hondt or a Hare quota of the admitted lists gives other seats."""
    other = replace(
        MD, method=method, quota_base="admitted", whole_seats="floor", leftover="largest_remainder"
    )
    seats = allocate(other, _lists(), other_votes=OTHERS * 100).seats
    assert (seats["PSRM"], seats["ACUM"], seats["PDM"], seats["Sor"]) != (18, 14, 13, 5)


def test_quota_measures_all_valid_votes_and_leftovers_go_largest_first() -> None:
    """The coefficient counts the excluded lists' votes; five seats go round, PSRM twice."""
    result = allocate(MD, _lists(), other_votes=OTHERS * 100)
    quota = next(e for e in result.trace if isinstance(e, QuotaComputed))
    assert (quota.total, quota.seats, quota.quota) == (1_000_000, 50, 20_000)
    leftovers = [e.party for e in result.trace if isinstance(e, LeftoverSeat)]
    assert leftovers == ["PSRM", "ACUM", "PDM", "Sor", "PSRM"]


def test_bloc_needs_eight_percent_and_party_six() -> None:
    """A bloc at 7.99% is out, a party at 6% is in."""
    lists = [
        PartyList("A", 5_000),
        PartyList("Bloc", 799, alliance_size=2),
        PartyList("Party", 600),
        PartyList("Rest", 3_601),
    ]
    seats = allocate(MD, lists).seats
    assert (seats["Bloc"], seats["Party"] > 0) == (0, True)


def test_exact_half_is_left_open() -> None:
    """A quotient ending in exactly one half: the law rounds only above or below it."""
    with pytest.raises(AllocationImpossible, match="exactly one half"):
        largest_remainder(["A", "B"], [25, 65], 10, quota_total=100, whole_seats="nearest")


def test_rounding_past_the_seats_is_left_open() -> None:
    """3.4, 3.3 and 3.3 quotas round to 3 each and the largest list takes the tenth seat;
    3.6, 3.6 and 2.8 would round to 11 of 10 seats."""
    assert largest_remainder(
        ["A", "B", "C"], [34, 33, 33], 10, whole_seats="nearest", leftover="largest_lists"
    ).seats == (4, 3, 3)
    with pytest.raises(AllocationImpossible, match="more than the 10 to fill"):
        largest_remainder(["A", "B", "C"], [36, 36, 28], 10, whole_seats="nearest")


def test_quota_total_below_the_weights_is_refused() -> None:
    """The quota's votes include the lists' own: a smaller total is a programming error."""
    with pytest.raises(ValueError, match="at least the sum"):
        largest_remainder(["A", "B"], [60, 40], 10, quota_total=99)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"method": "dhondt", "allocation": 'quota_base = "threshold_base"'}, "highest-averages"),
        ({"allocation": 'whole_seats = "nearest"\nseat_cap = 3'}, "seat cap"),
        ({"allocation": 'whole_seats = "ceiling"'}, "one of"),
    ],
)
def test_quota_options_refused_where_no_statute_uses_them(
    ruleset: Callable[..., Ruleset], settings: dict[str, str], message: str
) -> None:
    """The options apply to a plain national quota count; elsewhere the ruleset fails."""
    with pytest.raises(RulesetError, match=message):
        ruleset(**settings)


def test_batched_kernel_refuses_the_rule() -> None:
    """The vectorised kernel does not implement it and says so; the exact path does."""
    with pytest.raises(UnsupportedRule, match="quota_base"):
        kernel_rules(MD, _lists())


@settings(max_examples=200, deadline=None)
@given(
    votes=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=8),
    excluded=st.integers(min_value=0, max_value=50_000),
    seats=st.integers(min_value=1, max_value=60),
)
def test_rounded_quotients_then_the_largest_lists_in_turn(
    votes: list[int], excluded: int, seats: int
) -> None:
    """Each list holds its rounded quotient plus k or k + 1 seats of the rest, the largest
    lists the extra one; the law's open cases fail instead of guessing."""
    names = [f"L{i}" for i in range(len(votes))]
    total = sum(votes) + excluded
    try:
        result = largest_remainder(
            names, votes, seats, quota_total=total, whole_seats="nearest", leftover="largest_lists"
        )
    except AllocationImpossible:
        rounded = [Fraction(v * seats, total) for v in votes]
        halves = any(q.denominator == 2 for q in rounded)
        assert halves or sum(int(q + Fraction(1, 2)) for q in rounded) > seats
        return
    if result.tie is not None:
        return  # equal votes at the margin of the round: the ruleset's tie-break decides
    assert sum(result.seats) == seats
    rounded = [int(Fraction(v * seats, total) + Fraction(1, 2)) for v in votes]
    k, extra = divmod(seats - sum(rounded), len(votes))
    got = [s - r for s, r in zip(result.seats, rounded, strict=True)]
    assert all(g in (k, k + 1) for g in got)
    assert sum(g - k for g in got) == extra
    given_extra = [v for v, g in zip(votes, got, strict=True) if g == k + 1]
    others = [v for v, g in zip(votes, got, strict=True) if g == k]
    assert not given_extra or not others or min(given_extra) >= max(others)
