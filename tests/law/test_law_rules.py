"""Special rules: runner-up admission, seat caps, surplus agreements, leftovers, ties."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from majlis.errors import AllocationImpossible, VotesError
from majlis.law import PartyList, Ruleset, Tie, allocate, get_ruleset
from majlis.law.trace import (
    LeftoverSeat,
    RunnerUpAdmitted,
    RunnerUpCorrected,
    SeatCapApplied,
    SurplusPairFormed,
    TieBroken,
    TieLeft,
)

ONE_PASSES = [PartyList("Leader", 9_000), PartyList("Second", 450), PartyList("Third", 400)]


def test_runner_up_admitted_when_only_one_passes() -> None:
    """Under kz-majlis-2009 the second list is admitted when only the leader passes 7%."""
    result = allocate(get_ruleset("kz-majlis-2009"), ONE_PASSES)
    assert result.seats["Second"] > 0
    assert result.seats["Third"] == 0
    assert sum(result.seats.values()) == 98
    assert any(isinstance(e, RunnerUpAdmitted) and e.party == "Second" for e in result.trace)


def test_no_runner_up_rule_before_2009() -> None:
    """Under kz-majlis-2007 a lone list above 7% takes all 98 seats (as Nur Otan did in 2007)."""
    result = allocate(get_ruleset("kz-majlis-2007"), ONE_PASSES)
    assert dict(result.seats) == {"Leader": 98, "Second": 0, "Third": 0}


def test_runner_up_not_used_when_two_pass() -> None:
    """The runner-up rule does nothing when two lists pass on their own."""
    lists = [PartyList("A", 800), PartyList("B", 150), PartyList("C", 50)]
    result = allocate(get_ruleset("kz-majlis-2009"), lists)
    assert result.seats["C"] == 0
    assert not any(isinstance(e, RunnerUpAdmitted) for e in result.trace)


def test_runner_up_minimum_seats(ruleset: Callable[..., Ruleset]) -> None:
    """The min_seats variant tops the runner-up up to two seats, taken from the leader."""
    law = ruleset(seats=98, threshold="7%", tail='[runner_up]\nvariant = "min_seats"\n')
    lists = [PartyList("Leader", 9_900), PartyList("Second", 100)]
    result = allocate(law, lists)
    assert dict(result.seats) == {"Leader": 96, "Second": 2}
    corrections = [e for e in result.trace if isinstance(e, RunnerUpCorrected)]
    assert [(e.party, e.before, e.after) for e in corrections] == [
        ("Second", 1, 2),
        ("Leader", 97, 96),
    ]


def test_runner_up_coefficient(ruleset: Callable[..., Ruleset]) -> None:
    """The coefficient variant counts the runner-up's 500 votes as 350 before the count."""
    law = ruleset(
        seats=17,
        threshold="50%",
        tail='[runner_up]\nvariant = "coefficient"\ncoefficient = "0.7"\n',
    )
    result = allocate(law, [PartyList("Leader", 1_000), PartyList("Second", 1_000 // 2)])
    # weights 1000 and 350: quota 1350/17; 12.59 and 4.41 -> 13 and 4
    assert dict(result.seats) == {"Leader": 13, "Second": 4}


def test_seat_cap_redistributes(ruleset: Callable[..., Ruleset]) -> None:
    """A list over the cap keeps the cap; the excess goes to the others by the same method."""
    law = ruleset(seats=10, method="dhondt", threshold="0%", allocation="seat_cap = 6")
    result = allocate(law, [PartyList("Big", 900), PartyList("B", 70), PartyList("C", 30)])
    assert dict(result.seats) == {"Big": 6, "B": 3, "C": 1}
    cap = next(e for e in result.trace if isinstance(e, SeatCapApplied))
    assert (cap.party, cap.cap, cap.excess) == ("Big", 6, 4)


def test_seat_cap_impossible(ruleset: Callable[..., Ruleset]) -> None:
    """When every list is capped and seats remain, the error says how many."""
    law = ruleset(seats=10, method="dhondt", threshold="0%", allocation="seat_cap = 3")
    with pytest.raises(AllocationImpossible, match="4 seats cannot be filled"):
        allocate(law, [PartyList("A", 500), PartyList("B", 400)])


def test_surplus_agreement_pair(ruleset: Callable[..., Ruleset]) -> None:
    """A surplus pair is allocated jointly, then split; here the pair wins a seat it would lose."""
    law = ruleset(seats=5, method="dhondt", threshold="0%", allocation="surplus_agreements = true")
    alone = [PartyList("A", 310), PartyList("B", 125), PartyList("C", 110), PartyList("D", 460)]
    paired = [
        PartyList("A", 310),
        PartyList("B", 125, surplus_partner="C"),
        PartyList("C", 110, surplus_partner="B"),
        PartyList("D", 460),
    ]
    # alone: 460 D, 310 A, 230 D, 155 A, 153.3 D; paired: 460 D, 310 A, 235 B+C, 230 D, 155 A
    assert dict(allocate(law, alone).seats) == {"A": 2, "B": 0, "C": 0, "D": 3}
    result = allocate(law, paired)
    assert dict(result.seats) == {"A": 2, "B": 1, "C": 0, "D": 2}
    assert any(isinstance(e, SurplusPairFormed) for e in result.trace)


def test_surplus_partner_must_agree(ruleset: Callable[..., Ruleset]) -> None:
    """A list naming a partner that names someone else fails naming both."""
    law = ruleset(seats=5, method="dhondt", threshold="0%", allocation="surplus_agreements = true")
    lists = [
        PartyList("A", 100, surplus_partner="B"),
        PartyList("B", 100, surplus_partner="C"),
        PartyList("C", 100),
    ]
    with pytest.raises(VotesError, match="surplus_partner of 'A'"):
        allocate(law, lists)


def test_leftover_to_largest_lists(ruleset: Callable[..., Ruleset]) -> None:
    """With leftover = largest_lists the seats left after whole quotas go to the biggest lists."""
    law = ruleset(seats=10, threshold="0%", allocation='leftover = "largest_lists"')
    lists = [PartyList("A", 640), PartyList("B", 190), PartyList("C", 170)]
    # quota 100: whole 6, 1, 1; remainders .4 .9 .7 would give B and C; largest lists: A and B
    result = allocate(law, lists)
    assert dict(result.seats) == {"A": 7, "B": 2, "C": 1}
    assert [e.party for e in result.trace if isinstance(e, LeftoverSeat)] == ["A", "B"]


def test_tie_without_rule_is_a_value(ruleset: Callable[..., Ruleset]) -> None:
    """Equal remainders for the last seat, with no tie-break, leave a Tie and an open seat."""
    law = ruleset(seats=2, threshold="0%")
    result = allocate(law, [PartyList("A", 100), PartyList("B", 50), PartyList("C", 50)])
    assert result.tie == Tie(seats=1, contenders=("B", "C"), stage="allocation")
    assert dict(result.seats) == {"A": 1, "B": 0, "C": 0}
    assert any(isinstance(e, TieLeft) for e in result.trace)


def test_tie_broken_by_registration() -> None:
    """Kazakhstan: the list registered earlier wins equal remainders."""
    lists = [
        PartyList("A", 500, registration_order=1),
        PartyList("C", 250, registration_order=3),
        PartyList("B", 250, registration_order=2),
    ]
    law = get_ruleset("kz-majlis-2009")
    result = allocate(law, lists)
    assert result.tie is None
    assert sum(result.seats.values()) == 98
    assert result.seats["B"] == result.seats["C"] + 1
    event = next(e for e in result.trace if isinstance(e, TieBroken))
    assert event.rule == "earlier registration"
    assert event.winners == ("B",)


def test_tie_broken_by_lot_is_seeded(ruleset: Callable[..., Ruleset]) -> None:
    """A lot needs a seed, records it, and the same seed draws the same winner."""
    law = ruleset(seats=2, threshold="0%", allocation='tie_break = "lot"')
    lists = [PartyList("A", 100), PartyList("B", 50), PartyList("C", 50)]
    assert allocate(law, lists).tie is not None
    first = allocate(law, lists, seed=7)
    again = allocate(law, lists, seed=7)
    assert first.tie is None
    assert first.seats == again.seats
    event = next(e for e in first.trace if isinstance(e, TieBroken))
    assert event.seed == 7
    assert event.rule == "lot"
    winners = {tuple(allocate(law, lists, seed=s).seats.items()) for s in range(20)}
    assert len(winners) == 2


def test_tie_broken_by_votes_in_divisor_method(ruleset: Callable[..., Ruleset]) -> None:
    """Equal quotients go to the list with more votes when the law says so."""
    law = ruleset(seats=3, method="dhondt", threshold="0%", allocation='tie_break = "votes"')
    result = allocate(law, [PartyList("A", 200), PartyList("B", 100), PartyList("C", 99)])
    assert dict(result.seats) == {"A": 2, "B": 1, "C": 0}
    tied = allocate(law, [PartyList("A", 200), PartyList("B", 100), PartyList("C", 100)])
    assert tied.tie == Tie(seats=2, contenders=("A", "B", "C"), stage="allocation")
