"""Threshold rules: the inclusive boundary, bases, alliances, exemptions, qualifications."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest

from majlis.errors import VotesError
from majlis.law import PartyList, Ruleset, allocate, passes_threshold
from majlis.law.trace import ThresholdDecision


def _decisions(result_trace: tuple[object, ...]) -> dict[str, ThresholdDecision]:
    return {e.party: e for e in result_trace if isinstance(e, ThresholdDecision)}


def test_exact_boundary_is_admitted(ruleset: Callable[..., Ruleset]) -> None:
    """A list at exactly 7% of the base is admitted; one vote less is not."""
    law = ruleset(threshold="7%")
    at = allocate(law, [PartyList("Big", 930), PartyList("Edge", 70)])
    assert at.seats["Edge"] > 0
    below = allocate(law, [PartyList("Big", 931), PartyList("Edge", 69)])
    assert below.seats["Edge"] == 0
    decision = _decisions(below.trace)["Edge"]
    assert not decision.admitted
    assert decision.share == Fraction(69, 1000)


def test_passes_threshold_is_exact() -> None:
    """The integer comparison has no rounding: 3.25% of 400 is exactly 13."""
    assert passes_threshold(13, 400, Fraction(13, 400))
    assert not passes_threshold(12, 400, Fraction(13, 400))


def test_valid_votes_base_counts_against_all(ruleset: Callable[..., Ruleset]) -> None:
    """With base valid_votes, "against all" enlarges the base and can exclude a list."""
    law = ruleset(threshold="5%", base="valid_votes")
    lists = [PartyList("A", 900), PartyList("B", 100)]
    assert allocate(law, lists).seats["B"] > 0
    assert allocate(law, lists, against_all=1_001).seats["B"] == 0


def test_ballots_cast_base_needs_the_number(ruleset: Callable[..., Ruleset]) -> None:
    """A ballots-cast base without the count fails naming the missing option."""
    law = ruleset(base="ballots_cast")
    with pytest.raises(VotesError, match=r"field '--ballots-cast'.*give it"):
        allocate(law, [PartyList("A", 10)])
    assert allocate(law, [PartyList("A", 90), PartyList("B", 6)], ballots_cast=120).seats["B"] > 0
    assert allocate(law, [PartyList("A", 90), PartyList("B", 5)], ballots_cast=120).seats["B"] == 0


def test_registered_voters_base(ruleset: Callable[..., Ruleset]) -> None:
    """A registered-voters base measures lists against the whole electorate."""
    law = ruleset(base="registered_voters")
    lists = [PartyList("A", 900), PartyList("B", 100)]
    assert allocate(law, lists, registered_voters=2_000).seats["B"] > 0
    assert allocate(law, lists, registered_voters=2_001).seats["B"] == 0
    with pytest.raises(VotesError, match=r"at least the valid votes 1000\. Got 999 instead"):
        allocate(law, lists, registered_voters=999)


def test_alliance_threshold_by_size(ruleset: Callable[..., Ruleset]) -> None:
    """A two-party alliance needs 7% and a four-party one 10%, where a party needs 5%."""
    law = ruleset(threshold="5%", tail='[threshold.alliance]\n2 = "7%"\n4 = "10%"\n')
    lists = [
        PartyList("A", 820),
        PartyList("Duo", 69, alliance_size=2),
        PartyList("Solo", 60),
        PartyList("Quad", 51, alliance_size=4),
    ]
    result = allocate(law, lists)
    decisions = _decisions(result.trace)
    assert decisions["Duo"].required == Fraction(7, 100)
    assert decisions["Quad"].required == Fraction(1, 10)
    assert result.seats["Duo"] == 0
    assert result.seats["Quad"] == 0
    assert result.seats["Solo"] > 0
    assert "alliance of 2" in decisions["Duo"].reason


def test_minority_exempt(ruleset: Callable[..., Ruleset]) -> None:
    """A minority list under the threshold is admitted when the law exempts it."""
    law = ruleset(threshold="5%", method="sainte_lague", rules="minority_exempt = true")
    lists = [
        PartyList("A", 9_800),
        PartyList("Minority", 200, minority=True),
        PartyList("Small", 200),
    ]
    result = allocate(law, lists)
    assert result.seats["Small"] == 0
    assert _decisions(result.trace)["Minority"].reason == "minority list, exempt from the threshold"


def test_minority_quotient_multiplier(ruleset: Callable[..., Ruleset]) -> None:
    """A 1.35 quotient multiplier wins a minority list the seat its raw votes would lose."""
    plain = ruleset(seats=2, method="dhondt", threshold="0%")
    bonus = ruleset(
        seats=2,
        method="dhondt",
        threshold="0%",
        rules='minority_exempt = true\nminority_multiplier = "1.35"',
    )
    lists = [PartyList("A", 200), PartyList("M", 90, minority=True)]
    assert dict(allocate(plain, lists).seats) == {"A": 2, "M": 0}
    assert dict(allocate(bonus, lists).seats) == {"A": 1, "M": 1}


def test_district_qualification(ruleset: Callable[..., Ruleset]) -> None:
    """Winning three districts admits a list under the threshold; two do not."""
    law = ruleset(seats=20, threshold="5%", method="sainte_lague", rules="district_wins = 3")
    three = allocate(law, [PartyList("A", 1000), PartyList("D", 40, district_wins=3)])
    two = allocate(law, [PartyList("A", 1000), PartyList("D", 40, district_wins=2)])
    assert three.seats["D"] > 0
    assert two.seats["D"] == 0
    assert "won 3 districts" in _decisions(three.trace)["D"].reason


def test_full_quota_qualification(ruleset: Callable[..., Ruleset]) -> None:
    """With a full-quota rule a list needs votes / total >= 1 / seats; exactly one quota passes."""
    law = ruleset(seats=10, method="dhondt", threshold="0%", rules="full_quota = true")
    result = allocate(
        law, [PartyList("A", 800), PartyList("Q", 100), PartyList("U", 99)], other_votes=1
    )
    assert result.seats["Q"] == 1
    assert result.seats["U"] == 0
    assert "full quota" in _decisions(result.trace)["U"].reason


def test_other_votes_count_in_the_base(ruleset: Callable[..., Ruleset]) -> None:
    """Votes of lists given only as a total enlarge the base and win nothing."""
    law = ruleset(threshold="5%")
    lists = [PartyList("A", 900), PartyList("B", 60)]
    assert allocate(law, lists).seats["B"] > 0
    result = allocate(law, lists, other_votes=241)
    assert result.seats["B"] == 0
    assert sum(result.seats.values()) == 10
