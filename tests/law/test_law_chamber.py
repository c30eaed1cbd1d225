"""A parallel law's whole chamber: the list tier as allocated, the districts won beside it."""

from __future__ import annotations

from datetime import date

import pytest

from majlis.errors import InputError, RulesetError, VotesError
from majlis.law import PartyList, allocate, allocate_chamber, get_ruleset, parse_ruleset

KZ = get_ruleset("kz-majlis-2023")
LISTS = (
    PartyList("A", 600_000, district_wins=20),
    PartyList("B", 300_000, district_wins=2),
    PartyList("C", 100_000),
    PartyList("Independents", 0, district_wins=5),
)


def test_the_list_tier_ignores_the_districts() -> None:
    """Districts won change no list seat: the tier equals allocate() on the same lists."""
    chamber = allocate_chamber(KZ, LISTS)
    plain = allocate(KZ, [PartyList(p.name, p.votes) for p in LISTS])
    assert dict(chamber.list_seats) == dict(plain.seats)
    assert sum(chamber.list_seats.values()) == KZ.list_seats


def test_the_chamber_is_both_tiers() -> None:
    """Each party's seats are its list seats plus its districts; unfilled districts are named."""
    chamber = allocate_chamber(KZ, LISTS)
    for p in LISTS:
        assert chamber.seats[p.name] == chamber.list_seats[p.name] + p.district_wins
    assert chamber.vacant == KZ.district_seats - 27
    assert chamber.total == KZ.total_seats - chamber.vacant
    kinds = [e.kind for e in chamber.trace]
    assert kinds[0] == "stage"
    assert "quota" in kinds
    added = [e for e in chamber.trace if e.kind == "district_seats"]
    assert [(e.party, e.district_seats) for e in added] == [
        ("A", 20),
        ("B", 2),
        ("C", 0),
        ("Independents", 5),
    ]
    assert chamber.trace[-1].kind == "stage"  # the empty districts


def test_more_districts_than_the_tier_fail_naming_the_row() -> None:
    """The row where the districts won pass the tier is named; nothing is allocated."""
    lists = [*LISTS, PartyList("D", 10, district_wins=3)]
    with pytest.raises(VotesError, match=r"votes\.csv, row 9, field 'district_wins'"):
        allocate_chamber(KZ, lists, source="votes.csv", rows=[2, 3, 4, 5, 9])


def test_only_a_parallel_law_composes_a_chamber() -> None:
    """A law without [mixed] kind = 'parallel' is refused with what was expected."""
    with pytest.raises(InputError, match="parallel law"):
        allocate_chamber(get_ruleset("kz-majlis-2009"), LISTS)


def test_parallel_needs_a_district_tier() -> None:
    """A parallel ruleset without district seats fails naming mixed.kind."""
    text = """
id = "x-parallel"
title = "x"
jurisdiction = "XX"
body = "x"
effective_from = 2020-01-01
citation = "x"
sources = ["x"]
[seats]
total = 10
list = 10
[allocation]
method = "dhondt"
[threshold]
value = "5%"
base = "list_votes"
[mixed]
kind = "parallel"
"""
    with pytest.raises(RulesetError, match=r"mixed\.kind"):
        parse_ruleset(text, source="x.toml")
    ruleset = parse_ruleset(text.replace("total = 10", "total = 15\ndistricts = 5"), source="x")
    assert ruleset.mixed == "parallel"


def test_kyrgyzstan_2021_shares_give_the_announced_list_seats() -> None:
    """The CEC's final 2021 shares (in basis points) give the announced 15/12/9/7/6/5.

    Not a golden test: the official vote counts were not found (see the ruleset's notes);
    shares of the voters who took part stand in for them, the rest of the base as other votes.
    """
    shares = {
        "Ata-Zhurt Kyrgyzstan": 1730,
        "Ishenim": 1362,
        "Yntymak": 1099,
        "Alliance": 833,
        "Butun Kyrgyzstan": 703,
        "Yiman Nuru": 615,
    }
    ruleset = get_ruleset("kg-jogorku-kenesh", date=date(2021, 11, 28))
    lists = [PartyList(name, votes) for name, votes in shares.items()]
    other = 10_000 - sum(shares.values())
    chamber = allocate_chamber(ruleset, lists, other_votes=other, ballots_cast=10_000)
    assert list(chamber.list_seats.values()) == [15, 12, 9, 7, 6, 5]
    assert chamber.vacant == 36
