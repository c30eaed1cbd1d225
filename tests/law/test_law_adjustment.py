"""Sweden's national pool of adjustment seats, tested on the law's own properties.

The official golden (tests/golden) covers 2018, where no party was over-represented; these
tests build a 29-constituency count and check what Vallag (2005:837) 14 kap. requires.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction
from importlib.resources import files

import pytest

from majlis.errors import RulesetError, VotesError
from majlis.law import (
    Constituency,
    PartyList,
    allocate_districts,
    get_method,
    get_ruleset,
    parse_ruleset,
)

SE = get_ruleset("se-riksdag", date=date(2022, 9, 11))
SHARES = {"S": 30, "SD": 20, "M": 19, "V": 7, "C": 7, "KD": 5, "MP": 5, "L": 5}


def _count() -> tuple[list[Constituency], dict[str, list[PartyList]]]:
    """29 constituencies of 8 to 15 fixed seats (310 in all), each with its own swing."""
    seats = [8 + (k * 7) % 6 for k in range(29)]
    seats[0] += 310 - sum(seats)
    cons = [Constituency(f"C{k:02d}", seats=s) for k, s in enumerate(seats)]
    votes: dict[str, list[PartyList]] = {}
    for k, c in enumerate(cons):
        size = 20_000 * (c.seats or 1)
        rows = [
            PartyList(p, size * (share + (k * (i + 3)) % 5) // 100 + 37 * i + 11 * k)
            for i, (p, share) in enumerate(SHARES.items())
        ]
        rows.append(PartyList("Near", size * 39 // 1000))  # 3.9 %: nowhere 12 %
        rows.append(PartyList("Local", size * 18 // 100 if k == 3 else 10))  # 14 % in C03 only
        votes[c.name] = rows
    return cons, votes


def test_the_chamber_is_349_and_the_pool_39() -> None:
    """Every seat is filled; the constituencies' seats exceed their fixed seats by 39."""
    cons, votes = _count()
    result = allocate_districts(SE, cons, votes)
    assert result.tie is None
    assert sum(result.seats.values()) == 349
    over = sum(sum(result.constituencies[c.name].values()) - (c.seats or 0) for c in cons)
    assert over == 39


def _national(votes: dict[str, list[PartyList]]) -> dict[str, int]:
    return {p: sum(v.votes for rows in votes.values() for v in rows if v.name == p) for p in SHARES}


def _share(national: dict[str, int], live: list[str], pool: int) -> dict[str, int]:
    share = get_method("modified_sainte_lague").apportion(
        live, [national[p] for p in live], pool, first_divisor=Fraction(6, 5)
    )
    return dict(zip(live, share.seats, strict=True))


def test_a_surplus_fixed_seat_is_returned_and_every_party_holds_its_share() -> None:
    """From 2018 a party over its share returns the surplus: all hold the one-time share."""
    cons, votes = _count()
    result = allocate_districts(SE, cons, votes)
    share = _share(_national(votes), list(SHARES), 349 - result.seats["Local"])
    assert {p: result.seats[p] for p in SHARES} == share
    returned = [e for e in result.trace if e.kind == "seat_returned"]
    assert returned  # this count has a party over its share


def test_each_return_takes_the_lowest_number_and_gives_the_next_one() -> None:
    """Replaying the returns: each took the party's lowest comparative number (constituencies
    of three fixed seats or more) and gave the seat to the largest next number there."""
    cons, votes = _count()
    result = allocate_districts(SE, cons, votes)
    seats = {c.name: dict(result.constituencies[c.name]) for c in cons}
    for e in result.trace:
        if e.kind == "seat_placed":
            seats[e.constituency][e.party] -= 1
    returned = [e for e in result.trace if e.kind == "seat_returned"]
    for e in returned:  # back to the fixed seats before any return
        seats[e.constituency][e.party] += 1
        seats[e.constituency][e.to_party] -= 1
    size = {c.name: c.seats or 0 for c in cons}
    share = _share(_national(votes), list(SHARES), 349 - result.seats["Local"])
    held = {p: sum(seats[c][p] for c in seats) for p in SHARES}

    def number(where: str, party: str, n: int) -> Fraction:
        v = next(p.votes for p in votes[where] if p.name == party)
        return Fraction(v) / (Fraction(6, 5) if n == 0 else 2 * n + 1)

    for e in returned:
        assert size[e.constituency] >= 3
        lowest = min(
            number(c, e.party, seats[c][e.party] - 1)
            for c in seats
            if size[c] >= 3 and seats[c][e.party]
        )
        assert (
            e.key == lowest == number(e.constituency, e.party, seats[e.constituency][e.party] - 1)
        )
        under = [
            p.name
            for p in votes[e.constituency]
            if p.name in share and held[p.name] < share[p.name]
        ]
        best = max(number(e.constituency, p, seats[e.constituency][p]) for p in under)
        assert (
            e.to_key
            == best
            == number(e.constituency, e.to_party, seats[e.constituency][e.to_party])
        )
        seats[e.constituency][e.party] -= 1
        seats[e.constituency][e.to_party] += 1
        held[e.party] -= 1
        held[e.to_party] += 1


def test_without_returns_an_overhang_is_kept() -> None:
    """The rule before 2018: a party over its share keeps its fixed seats, the rest re-share."""
    cons, votes = _count()
    assert SE.districts is not None
    before = replace(SE, districts=replace(SE.districts, return_surplus=False))
    result = allocate_districts(before, cons, votes)
    national = _national(votes)
    placed = [e.party for e in result.trace if e.kind == "seat_placed"]
    assert not [e for e in result.trace if e.kind == "seat_returned"]
    fixed = {p: result.seats[p] - placed.count(p) for p in SHARES}
    live, pool = list(SHARES), 349 - result.seats["Local"]
    while True:
        got = _share(national, live, pool)
        over = [p for p in live if got[p] < fixed[p]]
        if not over:
            break
        pool -= sum(fixed[p] for p in over)
        live = [p for p in live if p not in over]
    assert live != list(SHARES)  # this count has an overhang
    assert {p: got.get(p, fixed[p]) for p in SHARES} == {p: result.seats[p] for p in SHARES}


def test_returns_need_the_adjustment_pool() -> None:
    """return_surplus without adjustment seats names its key."""
    text = (files("majlis.law") / "rulesets" / "se-riksdag-2018.toml").read_text(encoding="utf-8")
    text = text.replace("adjustment_seats = 39\n", "", 1)
    with pytest.raises(RulesetError, match="return_surplus"):
        parse_ruleset(text, source="se.toml")


def test_the_12_percent_rule_gives_fixed_seats_only() -> None:
    """A party with 12 % in one constituency wins seats there and no adjustment seat."""
    cons, votes = _count()
    result = allocate_districts(SE, cons, votes)
    assert result.constituencies["C03"]["Local"] >= 1
    assert result.seats["Local"] == result.constituencies["C03"]["Local"]
    assert result.seats["Near"] == 0
    placed = [e for e in result.trace if e.kind == "seat_placed"]
    assert len(placed) == 39
    assert {e.party for e in placed} <= set(SHARES)


def test_each_adjustment_seat_goes_to_the_largest_next_quotient() -> None:
    """Replaying the trace, every placement took the party's largest quotient at that moment."""
    cons, votes = _count()
    result = allocate_districts(SE, cons, votes)
    fixed = {
        c.name: dict(result.constituencies[c.name]) for c in cons
    }  # the end state; undo the placements to get the fixed seats
    placed = [e for e in result.trace if e.kind == "seat_placed"]
    for e in placed:
        fixed[e.constituency][e.party] -= 1
    for e in placed:

        def quotient(where: str, party: str = e.party) -> Fraction:
            v = next(p.votes for p in votes[where] if p.name == party)
            n = fixed[where][party]
            return Fraction(v) / (1 if n == 0 else 2 * n + 1)

        assert e.key == quotient(e.constituency)
        assert e.key == max(quotient(c.name) for c in cons)
        fixed[e.constituency][e.party] += 1


def test_fixed_seats_must_add_up_to_310() -> None:
    """The constituency file's seats are the 310 fixed seats, not the 349."""
    cons, votes = _count()
    cons[0] = Constituency(cons[0].name, seats=(cons[0].seats or 0) + 39)
    with pytest.raises(VotesError, match="less its 39 adjustment seats"):
        allocate_districts(SE, cons, votes)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [("adjustment_seats = 349", "fewer than"), ("levelling_seats = 1", "levelling_seats")],
)
def test_a_pool_must_leave_fixed_seats_and_exclude_levelling(extra: str, expected: str) -> None:
    """A pool as large as the tier, or beside per-constituency levelling, names its key."""
    text = (files("majlis.law") / "rulesets" / "se-riksdag-2018.toml").read_text(encoding="utf-8")
    text = text.replace("adjustment_seats = 39", "adjustment_seats = 39\n" + extra, 1)
    if extra.startswith("adjustment"):
        text = text.replace("adjustment_seats = 39\n", "", 1)
    with pytest.raises(RulesetError, match=expected):
        parse_ruleset(text, source="se.toml")
