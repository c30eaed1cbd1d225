"""The coverage law (Germany since 2023): lower apportionment, second-vote cover, edges."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from majlis.errors import InputError, RulesetError, VotesError
from majlis.law import (
    DistrictWinner,
    PartyList,
    Ruleset,
    allocate,
    allocate_coverage,
    get_ruleset,
    parse_ruleset,
    render_trace,
)

DE = get_ruleset("de-bundestag-2024")


def _small(seats: int = 10) -> Ruleset:
    return replace(DE, list_seats=seats, total_seats=seats)


def _votes() -> dict[str, list[PartyList]]:
    return {
        "North": [PartyList("A", 600), PartyList("B", 300), PartyList("C", 40)],
        "South": [PartyList("A", 200), PartyList("B", 500), PartyList("C", 20)],
    }


def test_lower_apportionment_and_cover_by_share() -> None:
    """A's 5 seats: North 4, South 1; of South's two A winners the larger share is seated."""
    winners = [
        DistrictWinner("S1", "South", "A", 30, 100),  # 30 %
        DistrictWinner("S2", "South", "A", 45, 100),  # 45 %: seated first
        DistrictWinner("N1", "North", "A", 50, 100),
        DistrictWinner("N2", "North", "B", 40, 100),
    ]
    result = allocate_coverage(_small(), _votes(), winners)
    assert dict(result.seats) == {"A": 5, "B": 5, "C": 0}
    assert result.lists["North"] == {"A": 4, "B": 2, "C": 0}
    assert result.lists["South"] == {"A": 1, "B": 3, "C": 0}
    assert [w.district for w in result.unseated] == ["S1"]
    assert result.district_seats["South"]["A"] == 1
    assert result.list_seats["North"] == {"A": 3, "B": 1, "C": 0}
    text = render_trace(result.trace)
    assert "S1 (South): A 30 / 100 = 30.0000%, rank 2 for 1 seats -> not seated" in text


def test_winner_of_a_party_without_seats_is_not_seated() -> None:
    """C is under 5 % with one district: its winner gets no seat (§ 6(1): no list seats)."""
    winners = [DistrictWinner("N1", "North", "C", 60, 100)]
    result = allocate_coverage(_small(), _votes(), winners)
    assert result.seats["C"] == 0
    assert [w.district for w in result.unseated] == ["N1"]
    cover = [e for e in result.trace if e.kind == "cover"]
    assert cover[0].reason == "the party takes no part in the apportionment (no seats)"


def test_three_district_wins_admit_a_party_under_the_threshold() -> None:
    """C with three winners takes part (BVerfG 2 BvF 1/23) and seats them as far as covered."""
    winners = [DistrictWinner(f"N{k}", "North", "C", 40 + k, 100) for k in range(3)]
    result = allocate_coverage(_small(40), _votes(), winners)
    assert result.seats["C"] == 1
    assert result.lists["North"]["C"] == 1
    assert [w.district for w in result.unseated] == ["N0", "N1"]


def test_independent_winner_comes_off_the_house() -> None:
    """A winner no party nominated is seated; the parties share the seats left (§ 4(1))."""
    winners = [DistrictWinner("S1", "South", None, 50, 100)]
    result = allocate_coverage(_small(), _votes(), winners, not_counted={"B": 100})
    assert sum(result.seats.values()) == 9
    assert result.independents == 1
    assert result.total == result.house == 10
    assert not result.unseated
    stage = next(e for e in result.trace if e.kind == "stage" and "upper" in e.name)
    assert stage.seats == 9


def test_majority_clause_adds_seats() -> None:
    """A party with most counted votes but not most seats gets one more than half (§ 4(4))."""
    votes = {"L": [PartyList("A", 501), PartyList("B", 250), PartyList("C", 249)]}
    result = allocate_coverage(_small(4), votes, [])
    assert result.seats["A"] == 3
    assert result.house == 5
    assert any(e.kind == "majority_clause" for e in result.trace)


def test_equal_shares_at_the_last_seat_go_by_lot() -> None:
    """Equal first-vote shares across the cut: a lot with a seed, a Tie without one."""
    votes = {"L": [PartyList("A", 500), PartyList("B", 500)]}
    winners = [DistrictWinner(f"D{k}", "L", "A", 40, 100) for k in range(3)]
    tied = allocate_coverage(_small(4), votes, winners)
    assert tied.tie is not None
    assert tied.tie.seats == 2
    assert len(tied.unseated) == 3
    drawn = allocate_coverage(_small(4), votes, winners, seed=7)
    assert drawn.tie is None
    assert len(drawn.unseated) == 1
    assert any(e.kind == "tie_broken" for e in drawn.trace)


def test_upper_apportionment_alone_is_allocate() -> None:
    """allocate() with the national votes gives the same party seats (upper apportionment)."""
    merged = [PartyList("A", 800), PartyList("B", 800), PartyList("C", 60)]
    national = allocate(_small(), merged)
    covered = allocate_coverage(_small(), _votes(), [])
    assert dict(national.seats) == dict(covered.seats)


BAD = [
    (DistrictWinner("X", "Nowhere", "A", 5, 10), "field 'constituency'"),
    (DistrictWinner("X", "North", "A", 11, 10), "field 'votes'"),
    (DistrictWinner("X", "North", "A", 0, 10), "field 'votes'"),
    (DistrictWinner("X", "North", "A", 1, 0), "field 'valid_votes'"),
    (DistrictWinner(" ", "North", "A", 1, 2), "field 'district'"),
]


@pytest.mark.parametrize(("winner", "where"), BAD)
def test_bad_winner_names_row_and_field(winner: DistrictWinner, where: str) -> None:
    """A bad winner fails naming the source, the row and the field."""
    with pytest.raises(VotesError) as error:
        allocate_coverage(_small(), _votes(), [winner], winners_source="w.csv")
    assert f"w.csv, row 1, {where}" in str(error.value)


def test_not_counted_must_fit_the_party_votes() -> None:
    """Second votes left out of the upper apportionment cannot exceed the party's votes."""
    with pytest.raises(VotesError, match="not counted"):
        allocate_coverage(_small(), _votes(), [], not_counted={"A": 10_000})
    with pytest.raises(VotesError, match="not counted"):
        allocate_coverage(_small(), _votes(), [], not_counted={"Z": 1})


def test_not_a_coverage_law() -> None:
    """A law without [mixed] kind = 'coverage' is refused."""
    with pytest.raises(InputError, match="coverage law"):
        allocate_coverage(get_ruleset("kz-majlis-2009"), _votes(), [])


def test_lower_method_only_with_coverage() -> None:
    """[mixed] lower_method is refused unless the kind is coverage."""
    text = (
        'id = "x"\ntitle = "x"\njurisdiction = "X"\nbody = "x"\neffective_from = 2000-01-01\n'
        'citation = "x"\nsources = ["x"]\n[seats]\ntotal = 10\nlist = 10\n'
        '[allocation]\nmethod = "dhondt"\n[threshold]\nvalue = "0%"\nbase = "list_votes"\n'
        '[mixed]\nkind = "mmp"\nlower_method = "sainte_lague"\n'
    )
    with pytest.raises(RulesetError, match=r"mixed\.lower_method"):
        parse_ruleset(text, source="x.toml")
    ok = parse_ruleset(text.replace('"mmp"', '"coverage"'), source="x.toml")
    assert ok.lower_method == "sainte_lague"


@st.composite
def _elections(draw: st.DrawFn) -> tuple[dict[str, list[PartyList]], list[DistrictWinner]]:
    lands = [f"L{k}" for k in range(draw(st.integers(1, 4)))]
    parties = ["A", "B", "C"]
    votes = {land: [PartyList(p, draw(st.integers(0, 5000))) for p in parties] for land in lands}
    winners = []
    for k in range(draw(st.integers(0, 12))):
        valid = draw(st.integers(1, 1000))
        winners.append(
            DistrictWinner(
                f"D{k}",
                draw(st.sampled_from(lands)),
                draw(st.sampled_from([*parties, None])),
                draw(st.integers(1, valid)),
                valid,
            )
        )
    return votes, winners


@settings(max_examples=60, deadline=None)
@given(_elections(), st.integers(5, 40))
def test_cover_properties(
    election: tuple[dict[str, list[PartyList]], list[DistrictWinner]], seats: int
) -> None:
    """Lists sum to party seats; seated winners fit their list and outrank the unseated."""
    votes, winners = election
    assume(sum(p.votes for ls in votes.values() for p in ls) > 0)
    assume(sum(w.party is None for w in winners) < seats)
    result = allocate_coverage(_small(seats), votes, winners, seed=1)
    for party, n in result.seats.items():
        assert sum(row[party] for row in result.lists.values()) == n
    for land, row in result.list_seats.items():
        assert all(k >= 0 for k in row.values()), land
    for w in result.winners:
        if w.winner.party is None:
            assert w.seated
            continue
        if w.seated:
            continue
        rivals = [
            v
            for v in result.winners
            if v.seated
            and v.winner.party == w.winner.party
            and v.winner.constituency == w.winner.constituency
        ]
        assert all(v.winner.share >= w.winner.share for v in rivals)
    assert result.total == result.house
